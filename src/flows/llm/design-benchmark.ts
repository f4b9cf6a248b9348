/**
 * @module The design benchmark: a designer (the full LLM flow or the direct baseline) implements
 * each benchmark proposal, checked by the real checker; per proposal the outcome, attempts, tokens,
 * cost and time, and over all of them the valid-design rate (the paper: 92% full flow, 6% direct).
 * Session keys are stable per (designer, models, proposal), so `--replay` finds the recorded calls.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CheckReport } from '../../checker/index.js';
import type { Design } from '../../core/design.js';
import type { RoleModels } from '../../llm/index.js';
import { canonicalJson } from '../../llm/index.js';
import type { Db } from '../../store/index.js';
import { createDirectDesigner } from '../direct-designer.js';
import type { DesignRequest } from '../designer.js';
import { createLlmDesigner } from '../llm-designer.js';
import type { BenchProposal } from './bench-proposals.js';
import type { LlmDesignerOptions } from './designer-options.js';
import { deleteSession } from './session-checkpoints.js';

export const BenchDesignRowSchema = z.object({
  id: z.string(),
  mode: z.enum(['mutation', 'crossover', 'scratch']),
  valid: z.boolean(),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  units: z.number().int(),
  calls: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
  seconds: z.number(),
  note: z.string().nullable(),
});
export type BenchDesignRow = z.infer<typeof BenchDesignRowSchema>;

export const BenchDesignResultSchema = z.object({
  designer: z.enum(['llm', 'direct']),
  models: z.record(z.string(), z.string()),
  replay: z.boolean(),
  proposals: z.number().int(),
  validRate: z.number(),
  meanAttempts: z.number(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
  meanSeconds: z.number(),
  rows: z.array(BenchDesignRowSchema),
});
export type BenchDesignResult = z.infer<typeof BenchDesignResultSchema>;

export interface RunDesignBenchmarkOptions {
  db: Db;
  proposals: BenchProposal[];
  designer: 'llm' | 'direct';
  /** Designer options (models, LLM settings, replay, providers for tests). */
  designerOptions: Omit<LlmDesignerOptions, 'db'>;
  check(design: Design): Promise<CheckReport>;
  log?(message: string): void;
}

const BENCH_EVOLUTION = 'bench-design';

/** Tokens and cost of the calls recorded for a session (the first time they were made). */
async function sessionUsage(db: Db, sessionKey: string): Promise<{ calls: number; tokensIn: number; tokensOut: number; costUsd: number }> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS calls, coalesce(sum(tokens_in), 0)::float8 AS "tokensIn", coalesce(sum(tokens_out), 0)::float8 AS "tokensOut",
       coalesce(sum(cost_usd), 0)::float8 AS "costUsd" FROM llm_calls WHERE request->>'sessionKey' = $1`,
    [sessionKey],
  );
  return z.object({ calls: z.number(), tokensIn: z.number(), tokensOut: z.number(), costUsd: z.number() }).parse(rows[0]);
}

function modelsOf(models: string | RoleModels): Record<string, string> {
  if (typeof models === 'string') return { default: models };
  return Object.fromEntries(Object.entries(models).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export async function runDesignBenchmark(options: RunDesignBenchmarkOptions): Promise<BenchDesignResult> {
  const models = modelsOf(options.designerOptions.models);
  const designer = options.designer === 'llm'
    ? createLlmDesigner({ ...options.designerOptions, db: options.db })
    : createDirectDesigner({ ...options.designerOptions, db: options.db });
  const modelsKey = createHash('sha256').update(canonicalJson(models)).digest('hex').slice(0, 12);
  const rows: BenchDesignRow[] = [];
  for (const [index, item] of options.proposals.entries()) {
    const sessionKey = `${BENCH_EVOLUTION}:${options.designer}:${modelsKey}:${item.id}`;
    await deleteSession(options.db, sessionKey);
    const request: DesignRequest = {
      evolution: BENCH_EVOLUTION,
      mode: item.mode,
      parents: item.parents.map((design) => ({ id: design.name, design, description: String(design.metadata.summary ?? ''), fitness: null, metrics: {} })),
      library: [],
      population: [],
      name: item.id,
      seed: index,
      sessionKey,
      db: options.db,
      check: options.check,
      log: options.log,
    };
    const started = performance.now();
    const outcome = await designer.implement(request, { proposal: item.proposal, record: item.record });
    const seconds = (performance.now() - started) / 1000;
    const usage = await sessionUsage(options.db, sessionKey);
    const row: BenchDesignRow = {
      id: item.id,
      mode: item.mode,
      valid: outcome.status === 'accepted',
      reason: outcome.status === 'rejected' ? outcome.reason : null,
      attempts: outcome.attempts.length,
      units: outcome.status === 'accepted' ? Object.keys(outcome.design.units).length : 0,
      ...usage,
      seconds,
      note: item.note,
    };
    rows.push(row);
    options.log?.(`${item.id}: ${row.valid ? 'valid' : `invalid (${row.reason})`} in ${row.attempts} attempt(s), ${seconds.toFixed(1)} s`);
  }
  const count = rows.length || 1;
  return {
    designer: options.designer,
    models,
    replay: options.designerOptions.replay === true,
    proposals: rows.length,
    validRate: rows.filter((row) => row.valid).length / count,
    meanAttempts: rows.reduce((total, row) => total + row.attempts, 0) / count,
    tokensIn: rows.reduce((total, row) => total + row.tokensIn, 0),
    tokensOut: rows.reduce((total, row) => total + row.tokensOut, 0),
    costUsd: rows.reduce((total, row) => total + row.costUsd, 0),
    meanSeconds: rows.reduce((total, row) => total + row.seconds, 0) / count,
    rows,
  };
}

/** The result as a text table (one line per proposal, then the totals). */
export function renderDesignBenchmark(result: BenchDesignResult): string {
  const header = ['proposal', 'mode', 'valid', 'attempts', 'units', 'tokens in', 'tokens out', 'cost $', 'time s', 'reason'];
  const body = result.rows.map((row) => [
    row.id, row.mode, row.valid ? 'yes' : 'no', String(row.attempts), String(row.units), String(row.tokensIn), String(row.tokensOut),
    row.costUsd.toFixed(4), row.seconds.toFixed(1), (row.reason ?? row.note ?? '').slice(0, 70),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const models = Object.entries(result.models).map(([role, spec]) => `${role}=${spec}`).join(', ');
  return [
    `design benchmark: designer ${result.designer}, models ${models}${result.replay ? ' (replay)' : ''}`,
    line(header),
    ...body.map(line),
    `valid ${(result.validRate * 100).toFixed(0)}% of ${result.proposals}; mean attempts ${result.meanAttempts.toFixed(2)}; ` +
      `tokens ${result.tokensIn} in / ${result.tokensOut} out; cost $${result.costUsd.toFixed(4)}; mean time ${result.meanSeconds.toFixed(1)} s per design`,
  ].join('\n');
}
