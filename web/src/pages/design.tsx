/**
 * @module One design: where it came from, its proposal and review, its unit tree and code, the
 * checker's reports, its training curves and scores beside its parents, the seeds and the
 * untrained baseline, and what its LLM calls cost.
 */
import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { withQuery } from '../api/client.js';
import { useScope } from '../api/scope.js';
import type { DesignDetailResponse, DesignSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { StatusBadge } from '../components/badges.js';
import { CodeView } from '../components/code-view.js';
import { TrainingCurves } from '../components/curves.js';
import { formatCount, formatFitness, formatSeconds, formatTime, formatUsd } from '../components/format.js';
import { MarkdownText } from '../components/markdown.js';
import { BpbByScale, MetricsAtScale } from '../components/scores-table.js';
import { Empty, Loaded } from '../components/states.js';
import { UnitTree } from '../components/unit-tree.js';

type Tab = 'summary' | 'proposal' | 'units' | 'checker' | 'verifications';
const TABS: [Tab, string][] = [['summary', 'Summary'], ['proposal', 'Proposal & review'], ['units', 'Units & code'], ['checker', 'Checker reports'], ['verifications', 'Verifications']];

function Relatives({ label, designs }: { label: string; designs: DesignSummary[] }) {
  return (
    <div className="relatives"><span className="muted">{label}:</span>{' '}
      {designs.length === 0 ? <span className="muted">none</span> : designs.map((design, index) => (
        <span key={design.id}>{index > 0 && ', '}<Link href={`/designs/${design.id}`}>{design.name}</Link></span>
      ))}
    </div>
  );
}

function Summary({ detail }: { detail: DesignDetailResponse }) {
  const [scale, setScale] = useState(detail.comparison.scales[0] ?? '');
  return (
    <div className="grid-2">
      <section className="panel">
        <h2>Held-out bits per byte</h2>
        {detail.comparison.scales.length === 0 ? <Empty>Not verified yet.</Empty> : <BpbByScale comparison={detail.comparison} />}
        {detail.comparison.scales.length > 0 && (
          <>
            <h2>At scale{' '}
              <select value={scale} onChange={(event) => setScale(event.target.value)} aria-label="scale">
                {detail.comparison.scales.map((entry) => <option key={entry}>{entry}</option>)}
              </select>
            </h2>
            <MetricsAtScale comparison={detail.comparison} scale={scale} />
          </>
        )}
      </section>
      <section className="panel">
        <h2>Training curves{scale && ` at ${scale}`}</h2>
        {scale ? <TrainingCurves comparison={detail.comparison} scale={scale} /> : <Empty>No verification yet.</Empty>}
        <h2>Cost</h2>
        <p>{formatUsd(detail.cost.costUsd)} in {detail.cost.calls} LLM calls ({formatCount(detail.cost.tokensIn)} tokens in, {formatCount(detail.cost.tokensOut)} out)</p>
        {detail.cost.byRole.length > 0 && (
          <table className="data-table compact">
            <thead><tr><th>role / model</th><th className="numeric">calls</th><th className="numeric">tokens</th><th className="numeric">cost</th></tr></thead>
            <tbody>{detail.cost.byRole.map((group) => (
              <tr key={group.key}><td>{group.key}</td><td className="numeric">{group.calls}</td><td className="numeric">{formatCount(group.tokensIn + group.tokensOut)}</td><td className="numeric">{formatUsd(group.costUsd)}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function Proposal({ detail }: { detail: DesignDetailResponse }) {
  if (detail.proposals.length === 0 && detail.reviews.length === 0) return <Empty>No proposal recorded (seeds and imported designs have none).</Empty>;
  return (
    <div className="grid-2">
      <section className="panel">
        {detail.proposals.map((proposal) => (
          <article key={proposal.id}>
            <h2>Proposal v{proposal.version}{proposal.rating !== null && <span className="muted"> · rated {proposal.rating} / 5</span>}</h2>
            <MarkdownText text={proposal.text} />
          </article>
        ))}
      </section>
      <section className="panel">
        {detail.reviews.length === 0 ? <Empty>No review.</Empty> : detail.reviews.map((review) => (
          <article key={review.id}>
            <h2>Review of v{review.proposalVersion} by {review.reviewer}{review.rating !== null && <span className="muted"> · {review.rating} / 5</span>}</h2>
            <MarkdownText text={review.text} />
          </article>
        ))}
      </section>
    </div>
  );
}

function Units({ detail }: { detail: DesignDetailResponse }) {
  const design = detail.design.design;
  const [unit, setUnit] = useState(design.root);
  const selected = design.units[unit];
  return (
    <div className="units-layout">
      <section className="panel">
        <h2>Unit tree</h2>
        <UnitTree design={design} selected={unit} onSelect={setUnit} label={`unit tree of ${design.name}`} />
        <ul className="unit-list">
          {Object.keys(design.units).map((name) => (
            <li key={name}><button type="button" className={name === unit ? 'link active' : 'link'} onClick={() => setUnit(name)}>{name}</button></li>
          ))}
        </ul>
      </section>
      <section className="panel">
        <h2>{unit}{selected?.reuseFrom && <span className="muted"> · reused from {selected.reuseFrom}</span>}</h2>
        {selected ? <CodeView code={selected.code} label={`code of ${unit}`} /> : <Empty>{unit} is declared but not implemented.</Empty>}
      </section>
    </div>
  );
}

function Checker({ detail }: { detail: DesignDetailResponse }) {
  if (detail.attempts.length === 0) return <Empty>No implementation attempt recorded.</Empty>;
  return (
    <div className="attempts">
      {detail.attempts.map((attempt) => (
        <details key={attempt.id} className="panel" open={attempt.attempt === detail.attempts.at(-1)!.attempt || attempt.status !== 'accepted'}>
          <summary>Attempt {attempt.attempt}{attempt.unitName && ` · unit ${attempt.unitName}`} <StatusBadge status={attempt.status} />
            {attempt.report?.durationS !== undefined && <span className="muted"> · {formatSeconds(attempt.report.durationS)}</span>}</summary>
          {attempt.report ? (
            <ul className="checks">
              {attempt.report.checks.map((check) => (
                <li key={check.name}>
                  <StatusBadge status={check.status} /> <strong>{check.name}</strong> <span className="muted">{check.summary}</span>
                  {check.issues.length > 0 && (
                    <ul>{check.issues.map((issue, index) => (
                      <li key={index} className={`issue issue-${issue.severity}`}>
                        {issue.severity} <code>{issue.code}</code> {issue.message}
                        {issue.file && <span className="muted"> — {issue.file}{issue.line !== null && `:${issue.line}`}</span>}
                        {issue.source && <pre className="issue-source">{issue.source}</pre>}
                      </li>
                    ))}</ul>
                  )}
                </li>
              ))}
            </ul>
          ) : <Empty>No checker report.</Empty>}
        </details>
      ))}
    </div>
  );
}

function Verifications({ detail }: { detail: DesignDetailResponse }) {
  if (detail.verifications.length === 0) return <Empty>Not verified yet.</Empty>;
  return (
    <table className="data-table">
      <thead><tr><th>ladder</th><th>scale</th><th>status</th><th className="numeric">params</th><th className="numeric">steps</th><th className="numeric">tokens</th>
        <th className="numeric">wall time</th><th>device</th><th>finished</th><th>reason</th></tr></thead>
      <tbody>
        {detail.verifications.map((verification) => (
          <tr key={verification.id}>
            <td>{verification.ladder}</td><td>{verification.scale}</td><td><StatusBadge status={verification.status} /></td>
            <td className="numeric">{formatCount(verification.params)}</td>
            <td className="numeric">{verification.record.training?.steps ?? '–'}</td>
            <td className="numeric">{formatCount(verification.record.training?.tokens)}</td>
            <td className="numeric">{formatSeconds(verification.wallSeconds)}</td>
            <td>{verification.record.training?.device ?? '–'}</td>
            <td>{formatTime(verification.record.finishedAt)}</td>
            <td>{verification.record.status === 'ok' ? '' : verification.record.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DesignView({ detail }: { detail: DesignDetailResponse }) {
  const [tab, setTab] = useState<Tab>('summary');
  const { design, fitness } = detail;
  return (
    <>
      <div className="page-title">
        <h1>{design.name} <span className="muted">· {design.origin}</span></h1>
        <div className="actions">
          <Link href={withQuery('/tree', { focus: design.id })}>Show in tree</Link>
          {detail.parents[0] && <Link href={withQuery('/compare', { a: detail.parents[0].id, b: design.id })} className="button">Compare with parent</Link>}
        </div>
      </div>
      <div className="design-facts">
        <span>fitness <strong>{formatFitness(fitness?.fitness)}</strong>{fitness?.rank != null && ` · rank ${fitness.rank}`}</span>
        <span>verified at {fitness?.scales.length ? fitness.scales.join(', ') : 'no scale'}</span>
        <span>created {formatTime(design.createdAt)}</span>
        <Relatives label="parents" designs={detail.parents} />
        <Relatives label="children" designs={detail.children} />
      </div>
      {design.description && <p>{design.description}</p>}
      <div className="tabs" role="tablist">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'active' : undefined} onClick={() => setTab(id)}>{label}</button>
        ))}
      </div>
      {tab === 'summary' && <Summary detail={detail} />}
      {tab === 'proposal' && <Proposal detail={detail} />}
      {tab === 'units' && <Units detail={detail} />}
      {tab === 'checker' && <Checker detail={detail} />}
      {tab === 'verifications' && <Verifications detail={detail} />}
      <p className="footnote">Fitness: {detail.fitnessMethod}.</p>
    </>
  );
}

export default function DesignPage() {
  const { id } = useParams<{ id: string }>();
  const { choice } = useScope();
  const detail = useApi<DesignDetailResponse>(withQuery(`/api/designs/${encodeURIComponent(id)}`, { ladder: choice.ladder }), ['designs', 'verifications', 'costs']);
  return (
    <div data-page="design">
      <Loaded state={detail} what="the design">{(data) => <DesignView key={data.design.id} detail={data} />}</Loaded>
    </div>
  );
}
