/**
 * @module What an evolution is doing now, for the live display of `genesys evolve` and for
 * `genesys status`: generation, population, budgets, the best design per scale, running jobs, ETA.
 */
import { approximateParams, getLadder, getScale } from '../config/index.js';
import { listJobs, type Db, type JobRow } from '../store/index.js';
import type { Ranking } from './fitness.js';
import type { PopulationSnapshot } from './population.js';

export interface ScaleStatus {
  scale: string;
  total: number;
  used: number;
  verified: number;
  /** Lowest held-out bits per byte at this scale, and whose. */
  best: { name: string; bpb: number } | null;
  /** Mean wall time of a verification at this scale (seconds), when one has finished. */
  meanSeconds: number | null;
}

export interface RunningJob {
  id: number;
  kind: string;
  label: string;
  nodeId: string | null;
}

export interface EvolutionStatus {
  evolution: string;
  generation: number;
  designs: number;
  seeds: number;
  scales: ScaleStatus[];
  top: { name: string; fitness: number; confidence: number; quadrant: string | null }[];
  running: RunningJob[];
  queued: number;
  /** Seconds until the budgets are spent at the measured pace (one verify worker; unmeasured scales scaled by compute); null before any measurement. */
  etaSeconds: number | null;
}

function jobLabel(job: JobRow, names: Map<string, string>): string {
  const payload = job.payload as Record<string, unknown>;
  if (job.kind === 'verify') return `${names.get(String(payload.designId)) ?? String(payload.designId)} @ ${String(payload.scale)}`;
  if (job.kind === 'design') return `${String(payload.name)} (${String(payload.mode)})`;
  return job.kind;
}

export async function evolutionStatus(db: Db, snapshot: PopulationSnapshot, ranking: Ranking, generation: number): Promise<EvolutionStatus> {
  const names = new Map(snapshot.designs.map((row) => [row.id, row.name]));
  const scales = snapshot.budgets.map((budget): ScaleStatus => {
    const rows = snapshot.verifications.filter((row) => row.scale === budget.scale && row.status === 'ok' && row.heldOutBpb !== null);
    const best = rows.reduce<ScaleStatus['best']>((current, row) => (!current || row.heldOutBpb! < current.bpb ? { name: names.get(row.designId) ?? row.designId, bpb: row.heldOutBpb! } : current), null);
    const timed = snapshot.verifications.filter((row) => row.scale === budget.scale && row.wallSeconds !== null && row.wallSeconds > 0);
    const meanSeconds = timed.length > 0 ? timed.reduce((sum, row) => sum + row.wallSeconds!, 0) / timed.length : null;
    return { scale: budget.scale, total: budget.total, used: budget.used, verified: rows.length, best, meanSeconds };
  });
  const ids = new Set(snapshot.designs.map((row) => row.id));
  const belongs = (job: JobRow) => {
    const payload = job.payload as Record<string, unknown>;
    return payload.evolution === snapshot.evolution || ids.has(String(payload.designId));
  };
  const running = (await listJobs(db, { status: 'running' })).filter(belongs);
  const queued = (await listJobs(db, { status: 'queued' })).filter(belongs).length;
  // Scales not measured yet are estimated from a measured one by their compute (parameters × tokens).
  const ladder = getLadder(snapshot.config.ladder);
  const compute = (name: string) => {
    const scale = getScale(ladder, name);
    const params = approximateParams(ladder, scale);
    return params * (scale.tokens ?? params * scale.tokenMultiplier);
  };
  const measured = scales.find((scale) => scale.meanSeconds !== null);
  let etaSeconds: number | null = measured ? 0 : null;
  for (const scale of scales) {
    const left = scale.total - scale.used + running.filter((job) => job.kind === 'verify' && (job.payload as { scale?: string }).scale === scale.scale).length;
    if (left <= 0 || !measured) continue;
    etaSeconds! += left * (scale.meanSeconds ?? measured.meanSeconds! * (compute(scale.scale) / compute(measured.scale)));
  }
  return {
    evolution: snapshot.evolution,
    generation,
    designs: snapshot.designs.length,
    seeds: snapshot.designs.filter((row) => row.origin === 'seed').length,
    scales,
    top: ranking.designs.filter((design) => design.fitness !== null).slice(0, 5)
      .map((design) => ({ name: design.name, fitness: design.fitness!, confidence: design.confidence, quadrant: design.quadrant })),
    running: running.map((job) => ({ id: Number(job.id), kind: job.kind, label: jobLabel(job, names), nodeId: job.nodeId })),
    queued,
    etaSeconds,
  };
}
