/**
 * @module The designer contract: what the evolution loop asks of a designer (the offline library
 * designer, the LLM design flow, the direct-prompting baseline) and what it gets back.
 *
 * A designer turns parents into one new checked design. It runs the checker itself (the LLM flow
 * checks unit by unit), so an accepted design has passed; the loop only stores it.
 */
import { z } from 'zod';
import type { CheckReport } from '../checker/index.js';
import { DesignSchema, type Design } from '../core/design.js';
import type { Db } from '../store/index.js';

export const DesignModeSchema = z.enum(['mutation', 'crossover', 'scratch']);
export type DesignMode = z.infer<typeof DesignModeSchema>;

/** A parent as the designer sees it: the design, its fitness and per-scale metrics. */
export interface ParentInfo {
  id: string;
  design: Design;
  description: string;
  /** Massey rating (higher is better); null before it has a verification. */
  fitness: number | null;
  /** `<scale>/<metric>` → value, e.g. `micro-1/held_out_bpb`. */
  metrics: Record<string, number>;
}

/** A design already in the population (to avoid duplicates). */
export interface PopulationEntry {
  name: string;
  canonicalHash: string;
  description: string;
}

export interface DesignRequest {
  evolution: string;
  mode: DesignMode;
  /** One parent for mutation, two for crossover, none for scratch. */
  parents: ParentInfo[];
  /** The seed designs: units to reuse, and starting points. */
  library: Design[];
  population: PopulationEntry[];
  /** The new design's name (unique in the evolution). */
  name: string;
  /** Seeds every random choice: the same request gives the same design. */
  seed: number;
  /** Stable across retries of the same design job: the key of checkpoints, so a crashed session resumes. */
  sessionKey: string;
  /** The store, for designers that keep checkpoints, proposals and LLM calls. */
  db: Db;
  /** The functional checker in a sandbox (never throws; a crash is a failed report). */
  check(design: Design): Promise<CheckReport>;
  signal?: AbortSignal;
  log?(message: string): void;
}

export const ProposalRecordSchema = z.object({
  title: z.string(),
  text: z.string(),
  rating: z.number().nullable().default(null),
  versions: z.array(z.object({ text: z.string(), rating: z.number().nullable() })).default([]),
  reviews: z.array(z.object({ reviewer: z.string(), text: z.string(), rating: z.number().nullable(), version: z.number().int() })).default([]),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ProposalRecord = z.infer<typeof ProposalRecordSchema>;

export const ImplementationAttemptSchema = z.object({
  unit: z.string().nullable(),
  status: z.enum(['accepted', 'rejected', 'error']),
  report: z.unknown().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ImplementationAttempt = z.infer<typeof ImplementationAttemptSchema>;

/** What a design job returns (stored in the job row, so it is parsed again when the loop reads it). */
export const DesignOutcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('accepted'),
    design: DesignSchema,
    /** What changed from the parents, readable like a proposal's abstract. */
    description: z.string(),
    attempts: z.array(ImplementationAttemptSchema).default([]),
    proposal: ProposalRecordSchema.nullable().default(null),
    costUsd: z.number().default(0),
  }),
  z.object({
    status: z.literal('rejected'),
    reason: z.string(),
    attempts: z.array(ImplementationAttemptSchema).default([]),
    proposal: ProposalRecordSchema.nullable().default(null),
    costUsd: z.number().default(0),
  }),
]);
export type DesignOutcome = z.infer<typeof DesignOutcomeSchema>;

export interface Designer {
  /** `library`, `llm`, `direct`, … (the `--designer` name). */
  readonly name: string;
  design(request: DesignRequest): Promise<DesignOutcome>;
}
