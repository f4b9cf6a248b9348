/**
 * @module Overview: what the run is doing now (jobs, nodes, spend, budgets), the best design of
 * each scale, and the event log, live; and the button that asks the evolution to stop.
 */
import { useState } from 'react';
import { Link } from 'wouter';
import { apiPost, type ApiError } from '../api/client.js';
import { useScope } from '../api/scope.js';
import type { CostsResponse, OverviewResponse } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { StatusBadge } from '../components/badges.js';
import { EventFeed } from '../components/event-feed.js';
import { formatCount, formatFitness, formatNumber, formatScore, formatUsd, timeAgo } from '../components/format.js';
import { Empty, Loaded } from '../components/states.js';
import { useLive } from '../live/live.js';

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return <div className="stat"><div className="stat-value">{value}</div><div className="stat-label">{label}</div>{detail && <div className="stat-detail">{detail}</div>}</div>;
}

function StopEvolution({ evolution }: { evolution: string }) {
  const [state, setState] = useState<'idle' | 'sent' | string>('idle');
  const stop = async () => {
    if (!window.confirm(`Ask evolution ${evolution} to stop after its current step?`)) return;
    try {
      await apiPost(`/api/evolutions/${encodeURIComponent(evolution)}/stop`, { reason: 'requested from the dashboard' });
      setState('sent');
    } catch (error) {
      setState((error as ApiError).message);
    }
  };
  return (
    <span className="stop-evolution">
      <button type="button" className="danger" onClick={stop} disabled={state === 'sent'}>Stop evolution</button>
      {state === 'sent' && <span className="muted"> stop requested; the loop stops after its current step</span>}
      {state !== 'idle' && state !== 'sent' && <span className="error-text"> {state}</span>}
    </span>
  );
}

function OverviewBody({ data, costs }: { data: OverviewResponse; costs: CostsResponse | undefined }) {
  const live = useLive();
  const activeNodes = data.nodes.filter((node) => node.status === 'active').length;
  return (
    <>
      <div className="page-title">
        <h1>{data.scope ? <>Evolution <em>{data.scope.evolution}</em> <span className="muted">· ladder {data.scope.ladder}</span></> : 'No evolution yet'}</h1>
        {data.scope && <StopEvolution evolution={data.scope.evolution} />}
      </div>
      <div className="stats">
        <Stat label="designs" value={formatNumber(data.counts.designs)} detail={`${data.counts.verifiedDesigns} verified`} />
        <Stat label="verifications" value={formatNumber(data.counts.verifications)} detail={`${data.counts.failedVerifications} failed`} />
        <Stat label="jobs running" value={String(data.jobs.running)} detail={`${data.jobs.queued} queued · ${data.jobs.failed} failed`} />
        <Stat label="nodes active" value={`${activeNodes} / ${data.nodes.length}`} />
        <Stat label="LLM spend" value={formatUsd(data.spend.costUsd)} detail={`${data.spend.calls} calls · ${formatCount(data.spend.tokensIn + data.spend.tokensOut)} tokens`} />
      </div>
      <div className="grid-2">
        <section className="panel">
          <h2>Best designs per scale</h2>
          {data.best.length === 0 ? <Empty>Nothing verified yet.</Empty> : (
            <table className="data-table compact">
              <thead><tr><th>scale</th><th>design</th><th className="numeric">held-out bpb</th><th className="numeric">fitness</th></tr></thead>
              <tbody>
                {data.best.flatMap((scale) => scale.entries.map((entry, index) => (
                  <tr key={`${scale.scale}-${entry.designId}`}>
                    <td>{index === 0 ? scale.scale : ''}</td>
                    <td><Link href={`/designs/${entry.designId}`}>{entry.name}</Link></td>
                    <td className="numeric">{formatScore(entry.heldOutBpb, 4)}</td>
                    <td className="numeric">{formatFitness(entry.fitness)}</td>
                  </tr>
                )))}
              </tbody>
            </table>
          )}
          <p className="footnote">Fitness: {data.fitnessMethod}.</p>
        </section>
        <section className="panel">
          <h2>Recent events</h2>
          <EventFeed loaded={data.events} live={live.events} evolution={data.scope?.evolution} limit={12} />
        </section>
        <section className="panel">
          <h2>Running jobs</h2>
          {data.runningJobs.length === 0 ? <Empty>No job is running.</Empty> : (
            <table className="data-table compact">
              <thead><tr><th>job</th><th>kind</th><th>node</th><th>started</th><th>attempt</th></tr></thead>
              <tbody>
                {data.runningJobs.map((job) => (
                  <tr key={job.id}><td>{job.id}</td><td>{job.kind}</td><td>{job.nodeId}</td><td>{timeAgo(job.startedAt)}</td><td>{job.attempts} / {job.maxAttempts}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Nodes</h2>
          {data.nodes.length === 0 ? <Empty>No node registered. Start one with <code>genesys node</code>.</Empty> : (
            <table className="data-table compact">
              <thead><tr><th>node</th><th>role</th><th>status</th><th>heartbeat</th><th>jobs</th></tr></thead>
              <tbody>
                {data.nodes.map((node) => (
                  <tr key={node.id}><td>{node.id}</td><td>{node.role}</td><td><StatusBadge status={node.status} /></td>
                    <td>{timeAgo(node.lastHeartbeat)}</td><td>{node.currentJobs.join(', ') || '–'}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel">
          <h2>Verification budgets</h2>
          {data.budgets.length === 0 ? <Empty>No budget set.</Empty> : data.budgets.map((budget) => (
            <div key={budget.scale} className="budget">
              <span className="budget-scale">{budget.scale}</span>
              <span className="bar"><span style={{ width: `${budget.total === 0 ? 0 : (100 * budget.used) / budget.total}%` }} /></span>
              <span className="muted">{budget.used} / {budget.total}</span>
            </div>
          ))}
          <h2>Spend by model</h2>
          {!costs || costs.byModel.length === 0 ? <Empty>No LLM calls recorded.</Empty> : (
            <table className="data-table compact">
              <thead><tr><th>model</th><th className="numeric">calls</th><th className="numeric">tokens</th><th className="numeric">cost</th></tr></thead>
              <tbody>
                {costs.byModel.map((group) => (
                  <tr key={group.key}><td>{group.key}</td><td className="numeric">{group.calls}</td>
                    <td className="numeric">{formatCount(group.tokensIn + group.tokensOut)}</td><td className="numeric">{formatUsd(group.costUsd)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}

export default function OverviewPage() {
  const { scoped } = useScope();
  const overview = useApi<OverviewResponse>(scoped('/api/overview'), ['jobs', 'nodes', 'designs', 'verifications', 'costs', 'budgets']);
  const costs = useApi<CostsResponse>(scoped('/api/costs'), ['costs']);
  return (
    <div data-page="overview">
      <Loaded state={overview} what="the overview">{(data) => <OverviewBody data={data} costs={costs.data} />}</Loaded>
    </div>
  );
}
