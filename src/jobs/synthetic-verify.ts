/**
 * @module A synthetic verifier: a deterministic stand-in for training, so the loop and the search
 * strategies can be tested and benchmarked in seconds. Each distinct unit (by code) and each
 * hyper-parameter setting has a hidden effect on bits per byte, drawn from a hash; larger scales
 * lower every design's loss; a small per-run noise term makes promotions matter. It knows nothing
 * about what the units compute — it tests the machinery, not the science.
 *
 * It lives with the verify job (not the evolution) because the job's payload chooses it: any node
 * that claims a verify job of a synthetic evolution must run the stand-in, not train.
 */
import { createHash } from 'node:crypto';
import type { Ladder } from '../config/index.js';
import { getScale } from '../config/index.js';
import type { Design } from '../core/design.js';
import { reachable } from '../flows/library/tree.js';
import { designHash, type BaselineRecord, type VerificationRecord } from '../verify/index.js';

function unit(...parts: string[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0) / 4294967296;
}

/** Held-out bits per byte of a design at the scale with this index. */
export function syntheticBpb(design: Design, scaleIndex: number): number {
  const units = reachable(design).map((name) => unit('unit', design.units[name]!.code) - 0.5);
  const args = Object.entries(design.args).map(([name, value]) => unit('arg', name, JSON.stringify(value)) - 0.5);
  const quality = (units.reduce((sum, value) => sum + value, 0) / Math.max(1, units.length)) * 0.6 + args.reduce((sum, value) => sum + value, 0) * 0.1;
  const noise = (unit('noise', designHash(design), String(scaleIndex)) - 0.5) * 0.04;
  return 3.6 - 0.35 * scaleIndex + quality + noise;
}

const SYNTHETIC_DATASET = { dir: 'synthetic', tokenizer: 'byte' };

function syntheticRecord(design: Design, ladder: string, scale: string, scaleIndex: number): VerificationRecord {
  const now = new Date().toISOString();
  const bpb = syntheticBpb(design, scaleIndex);
  return {
    format: 'genesys-ts/verification@1', status: 'ok', design: design.name, designHash: designHash(design), ladder, scale,
    dataset: SYNTHETIC_DATASET, startedAt: now, finishedAt: now, wallSeconds: 0,
    sizing: { dModel: 64, nBlock: 2, params: 100_000 * (scaleIndex + 1), targetParams: 100_000 * (scaleIndex + 1), withinTolerance: true },
    training: { status: 'completed', steps: 0, tokens: 0, finalLoss: bpb * Math.LN2, tokensPerSecond: null, wallSeconds: 0, curve: [] },
    evaluation: { results: {}, heldOut: { loss: bpb * Math.LN2, bitsPerByte: bpb, tokens: 0 } },
  };
}

function syntheticBaseline(ladder: string, scale: string, scaleIndex: number): BaselineRecord {
  return {
    format: 'genesys-ts/baseline@1', ladder, scale, dataset: SYNTHETIC_DATASET,
    sizing: { dModel: 64, nBlock: 2, params: 100_000 * (scaleIndex + 1), targetParams: 100_000 * (scaleIndex + 1), withinTolerance: true },
    evaluation: { results: {}, heldOut: { loss: 8 * Math.LN2, bitsPerByte: 8, tokens: 0 } },
    createdAt: new Date().toISOString(),
  };
}

/** The synthetic record and baseline of a design at a scale, after pretending to work for `delayMs`. */
export async function syntheticVerification(options: { design: Design; ladder: Ladder; scale: string; delayMs: number; signal: AbortSignal }): Promise<{ record: VerificationRecord; baseline: BaselineRecord }> {
  const { design, ladder, scale, delayMs, signal } = options;
  const scaleIndex = ladder.scales.indexOf(getScale(ladder, scale));
  if (delayMs > 0) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, delayMs);
      signal.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
    });
  }
  return { record: syntheticRecord(design, ladder.name, scale, scaleIndex), baseline: syntheticBaseline(ladder.name, scale, scaleIndex) };
}
