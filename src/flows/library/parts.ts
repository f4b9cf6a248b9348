/**
 * @module The parts library (`library/parts`): units the library designer adds to designs —
 * alternatives for a role (a LayerNorm for a norm slot) and optional wrappers around a unit
 * (an output gate, a short convolution in front). Read once per process.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { analyzeUnitsInPool } from '../../checker/index.js';
import type { Unit } from '../../core/design.js';
import { packageRoot } from '../../runtime/index.js';

const PartsFileSchema = z.object({
  parts: z.array(z.discriminatedUnion('kind', [
    z.object({ unit: z.string(), kind: z.literal('alternative'), role: z.enum(['norm', 'mixer', 'mlp']) }),
    z.object({ unit: z.string(), kind: z.literal('wrapper'), wraps: z.array(z.enum(['mixer', 'mlp'])), placeholder: z.string() }),
  ])),
});

export type PartSpec = z.infer<typeof PartsFileSchema>['parts'][number];
export type Part = PartSpec & { code: Unit };

let cached: Promise<Part[]> | undefined;

/** The parts with their unit (code, args, docstring) analysed. */
export function loadParts(folder = join(packageRoot, 'library', 'parts')): Promise<Part[]> {
  cached ??= (async () => {
    const specs = PartsFileSchema.parse(JSON.parse(await readFile(join(folder, 'parts.json'), 'utf8'))).parts;
    const sources = await Promise.all(specs.map(async (spec) => ({ code: await readFile(join(folder, `${spec.unit}.py`), 'utf8'), filename: `${spec.unit}.py` })));
    const analyses = await analyzeUnitsInPool(sources);
    return specs.map((spec, index): Part => {
      const analysis = analyses[index]!;
      if (!analysis.ok) throw new Error(`library/parts/${spec.unit}.py does not analyse: ${analysis.errors.map((error) => error.message).join('; ')}`);
      return {
        ...spec,
        code: {
          name: spec.unit, code: sources[index]!.code, children: analysis.declaredChildren.map((child) => child.unitname),
          args: analysis.args, document: analysis.docstring ?? '', inputs: ['X'], outputs: ['Y'], reuseFrom: `parts.${spec.unit}`, rating: null, description: '',
        },
      };
    });
  })();
  return cached;
}
