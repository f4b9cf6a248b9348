/**
 * @module The `design` job: one new design for an evolution, made by a designer from parents the
 * loop chose (design nodes, or the in-process design worker of `genesys evolve`). The outcome is
 * the job's result; the loop stores accepted designs when the generation ends, in index order,
 * so concurrent design jobs never race for names or duplicates.
 */
import { z } from 'zod';
import { analyzeUnitsInPool, CheckOptionsSchema, runCheck, type CheckReport } from '../checker/index.js';
import { DesignSchema, type Design } from '../core/design.js';
import { DesignModeSchema, DesignOutcomeSchema, type DesignOutcome, type ParentInfo } from '../flows/designer.js';
import { canonicalHash } from '../flows/library/canonical-hash.js';
import { createDesigner } from '../flows/registry.js';
import type { JobHandler } from '../nodes/index.js';
import { getEvolution, listDesigns } from '../store/index.js';

export const DESIGN_JOB = 'design';

export const DesignJobPayloadSchema = z.object({
  evolution: z.string(),
  generation: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  name: z.string(),
  mode: DesignModeSchema,
  parents: z.array(z.object({ id: z.string(), fitness: z.number().nullable(), metrics: z.record(z.string(), z.number()) })),
  seed: z.number().int(),
  designer: z.string(),
  check: z.object({ mode: z.enum(['sandbox', 'static']), options: CheckOptionsSchema.default({}) }),
});
export type DesignJobPayload = z.infer<typeof DesignJobPayloadSchema>;

/** The design session of a job: the key of a designer's checkpoints and of its LLM calls. */
export function designSessionKey(payload: Pick<DesignJobPayload, 'evolution' | 'generation' | 'index'>): string {
  return `${payload.evolution}:${payload.generation}:${payload.index}`;
}

/** Static analysis only: a failed report when any unit has an error finding. */
async function staticCheck(design: Design): Promise<CheckReport> {
  const analyses = await analyzeUnitsInPool(Object.values(design.units).map((unit) => ({ code: unit.code, filename: `${unit.name}.py` })));
  const issues = analyses.flatMap((analysis) => analysis.errors.map((error) => ({
    severity: 'error' as const, code: error.code, message: error.message, unit: analysis.unitName, file: null, line: error.line ?? null, source: null, traceback: [],
  })));
  return {
    design: design.name, passed: issues.length === 0, options: { mode: 'static' }, environment: {}, units: {}, parameters: null,
    checks: [{ name: 'static', status: issues.length === 0 ? 'pass' : 'fail', summary: `${issues.length} error(s)`, issues, data: {} }],
  };
}

export const designJobHandler: JobHandler<DesignJobPayload, DesignOutcome> = {
  roles: ['design'],
  payload: DesignJobPayloadSchema,
  async run(payload, context) {
    const evolution = await getEvolution(context.db, { name: payload.evolution });
    if (!evolution) throw new Error(`evolution ${payload.evolution} is not in the store`);
    // The population as it was when the generation was planned: the same request on a retry.
    const designs = (await listDesigns(context.db, { evolution: payload.evolution }))
      .filter((row) => row.generation === null || row.generation < payload.generation);
    const byId = new Map(designs.map((row) => [row.id, row]));
    const parents: ParentInfo[] = payload.parents.map((parent) => {
      const row = byId.get(parent.id);
      if (!row) throw new Error(`parent ${parent.id} of ${payload.name} is not in evolution ${payload.evolution}`);
      return { id: row.id, design: DesignSchema.parse(row.design), description: row.description, fitness: parent.fitness, metrics: parent.metrics };
    });
    const designer = await createDesigner(payload.designer, {
      db: context.db, evolution: payload.evolution, llm: (evolution.config.llm ?? {}) as Record<string, unknown>,
    });
    const outcome = await designer.design({
      evolution: payload.evolution,
      mode: payload.mode,
      parents,
      library: designs.filter((row) => row.origin === 'seed').map((row) => DesignSchema.parse(row.design)),
      population: designs.map((row) => ({ name: row.name, canonicalHash: canonicalHash(row.design), description: row.description })),
      name: payload.name,
      seed: payload.seed,
      sessionKey: designSessionKey(payload),
      db: context.db,
      check: (design) => (payload.check.mode === 'static'
        ? staticCheck(design)
        : runCheck({ design, options: payload.check.options, signal: context.signal })),
      signal: context.signal,
      log: context.log,
    });
    return DesignOutcomeSchema.parse(outcome);
  },
};
