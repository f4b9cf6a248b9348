/**
 * @module Two designs side by side: which units are the same, changed, added or removed (on both
 * unit trees), the code diff of a unit, and their scores at every scale.
 */
import { useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { withQuery } from '../api/client.js';
import { useScope } from '../api/scope.js';
import type { CompareResponse, UnitChange } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { StatusBadge } from '../components/badges.js';
import { CodeDiff } from '../components/code-diff.js';
import { TrainingCurves } from '../components/curves.js';
import { formatFitness } from '../components/format.js';
import { BpbByScale, MetricsAtScale } from '../components/scores-table.js';
import { Empty, Loaded } from '../components/states.js';
import { UnitTree } from '../components/unit-tree.js';

interface DesignOption { id: string; name: string; rank: number | null }

function Picker({ label, value, options, onChange }: { label: string; value: string; options: DesignOption[]; onChange: (id: string) => void }) {
  return (
    <label>{label}{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)} aria-label={`design ${label}`}>
        <option value="">choose a design…</option>
        {options.map((option) => <option key={option.id} value={option.id}>{option.name}{option.rank !== null ? ` (#${option.rank})` : ''}</option>)}
      </select>
    </label>
  );
}

function Comparison({ data }: { data: CompareResponse }) {
  const firstChanged = data.units.find((unit) => unit.change !== 'same')?.name ?? data.units[0]?.name ?? '';
  const [unit, setUnit] = useState(firstChanged);
  const [scale, setScale] = useState(data.comparison.scales[0] ?? '');
  const changesA = useMemo(() => Object.fromEntries(data.units.filter((entry) => entry.change !== 'added').map((entry) => [entry.name, entry.change])) as Record<string, UnitChange>, [data]);
  const changesB = useMemo(() => Object.fromEntries(data.units.filter((entry) => entry.change !== 'removed').map((entry) => [entry.name, entry.change])) as Record<string, UnitChange>, [data]);
  const selected = data.units.find((entry) => entry.name === unit);
  const counts = ['same', 'changed', 'added', 'removed'].map((change) => `${data.units.filter((entry) => entry.change === change).length} ${change}`).join(' · ');
  return (
    <>
      <div className="compare-heads">
        {[data.a, data.b].map((side, index) => (
          <div key={index} className="panel compare-head">
            <strong>{index === 0 ? 'A' : 'B'}: <Link href={`/designs/${side.summary.id}`}>{side.summary.name}</Link></strong>
            <span className="muted"> {side.summary.origin} · fitness {formatFitness(side.summary.fitness)}{side.summary.rank !== null && ` · rank ${side.summary.rank}`}</span>
          </div>
        ))}
      </div>
      <section className="panel">
        <h2>Units <span className="muted">({counts})</span></h2>
        <div className="compare-trees">
          <UnitTree design={data.a.design} changes={changesA} selected={unit} onSelect={setUnit} label={`units of ${data.a.summary.name}`} />
          <UnitTree design={data.b.design} changes={changesB} selected={unit} onSelect={setUnit} label={`units of ${data.b.summary.name}`} />
        </div>
        <div className="unit-changes">
          {data.units.map((entry) => (
            <button key={entry.name} type="button" className={entry.name === unit ? 'link active' : 'link'} onClick={() => setUnit(entry.name)}>
              {entry.name} <StatusBadge status={entry.change} />
            </button>
          ))}
        </div>
        {selected && (
          <>
            <h2>{selected.name}: code {selected.change === 'added' ? 'only in B' : selected.change === 'removed' ? 'only in A' : 'A → B'}</h2>
            <CodeDiff before={selected.a?.code ?? ''} after={selected.b?.code ?? ''} />
          </>
        )}
      </section>
      <section className="panel">
        <h2>Scores</h2>
        {data.comparison.scales.length === 0 ? <Empty>Neither design is verified.</Empty> : (
          <>
            <BpbByScale comparison={data.comparison} />
            <h2>At scale{' '}
              <select value={scale} onChange={(event) => setScale(event.target.value)} aria-label="scale">
                {data.comparison.scales.map((entry) => <option key={entry}>{entry}</option>)}
              </select>
            </h2>
            <div className="grid-2">
              <MetricsAtScale comparison={data.comparison} scale={scale} />
              <TrainingCurves comparison={data.comparison} scale={scale} />
            </div>
          </>
        )}
      </section>
    </>
  );
}

export default function ComparePage() {
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const [a, b] = [params.get('a') ?? '', params.get('b') ?? ''];
  const { scoped, choice } = useScope();
  const designs = useApi<{ designs: DesignOption[] }>(scoped('/api/designs'), ['designs']);
  const comparison = useApi<CompareResponse>(a && b ? withQuery('/api/compare', { a, b, ladder: choice.ladder }) : null, ['designs', 'verifications']);
  const options = [...(designs.data?.designs ?? [])].sort((x, y) => x.name.localeCompare(y.name));
  const pick = (side: 'a' | 'b', id: string) => navigate(withQuery('/compare', { a, b, [side]: id }));
  return (
    <div data-page="compare">
      <div className="page-title">
        <h1>Compare designs</h1>
        <div className="toolbar">
          <Picker label="A" value={a} options={options} onChange={(id) => pick('a', id)} />
          <Picker label="B" value={b} options={options} onChange={(id) => pick('b', id)} />
        </div>
      </div>
      {a && b
        ? <Loaded state={comparison} what="the comparison">{(data) => <Comparison key={`${a}-${b}`} data={data} />}</Loaded>
        : <Empty>Choose two designs above, or pick two on the leaderboard, or open a design and compare it with its parent.</Empty>}
    </div>
  );
}
