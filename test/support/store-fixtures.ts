// Rows for store tests and benchmarks: designs from the tiny fixture, verification records.
import { DesignSchema, type Design } from '../../src/core/design.js';
import type { VerificationRecord } from '../../src/verify/index.js';

/** A small valid design whose code differs by `name` (so hashes differ). */
export function storeDesign(name: string, parents: string[] = []): Design {
  return DesignSchema.parse({
    name,
    root: 'Block',
    parents,
    units: {
      Block: { name: 'Block', code: `# ${name}\nclass Block: pass\n`, children: ['Mixer'] },
      Mixer: { name: 'Mixer', code: 'class Mixer: pass\n' },
    },
    metadata: { note: `design ${name}` },
  });
}

type FailedStatus = 'invalid' | 'diverged' | 'failed' | 'timeout' | 'killed';

function commonFields(design: string, scale: string, ladder = 'cpu-micro') {
  return {
    format: 'genesys-ts/verification@1' as const,
    design,
    designHash: 'hash',
    ladder,
    scale,
    dataset: { dir: 'data', tokenizer: 'byte' },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    wallSeconds: 60,
    sizing: { dModel: 64, nBlock: 2, params: 1_000_000, targetParams: 1_000_000, withinTolerance: true },
    training: { status: 'completed' as const, steps: 10, tokens: 1000, finalLoss: 2.5, tokensPerSecond: 100, wallSeconds: 50, curve: [[1, 3], [10, 2.5]] as [number, number][] },
  };
}

/** A finished verification record with the given held-out bits per byte. */
export function okRecord(options: { design: string; scale: string; bitsPerByte: number; ladder?: string }): VerificationRecord {
  return {
    ...commonFields(options.design, options.scale, options.ladder),
    status: 'ok',
    evaluation: { results: { blimp: { acc: 0.6 } }, heldOut: { loss: options.bitsPerByte * 0.69, bitsPerByte: options.bitsPerByte, tokens: 1000 } },
  };
}

/** A verification that ended without a score (diverged, timeout, …), with its reason. */
export function failedRecord(options: { design: string; scale: string; status: FailedStatus; reason: string }): VerificationRecord {
  return { ...commonFields(options.design, options.scale), status: options.status, reason: options.reason };
}
