// Checker benchmarks: static analysis per unit in the warm pool, a full cold check of the GPT
// seed, and the checker's cost in units of one plain forward+backward of the same model.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeUnitsInPool, runCheck } from '../src/checker/index.js';
import { readDesignFolder } from '../src/core/design-folder.js';
import { closeWorkerPool, getWorkerPool } from '../src/runtime/index.js';

const library = fileURLToPath(new URL('../library/', import.meta.url));

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export async function benchChecker(): Promise<Record<string, number>> {
  // Design folders only (library/parts holds loose units for the library designer).
  const folders = (await readdir(library, { withFileTypes: true })).filter((entry) => entry.isDirectory() && existsSync(join(library, entry.name, 'design.json')));
  const designs = await Promise.all(folders.map((entry) => readDesignFolder(join(library, entry.name))));
  const units = designs.flatMap((design) => Object.values(design.units).map((unit) => ({ code: unit.code, filename: `${unit.name}.py` })));

  await getWorkerPool().call('ping'); // start the warm worker outside the measurement
  await analyzeUnitsInPool(units.slice(0, 1));
  const perUnit: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    for (const unit of units) {
      const start = performance.now();
      await analyzeUnitsInPool([unit]);
      perUnit.push(performance.now() - start);
    }
  }
  await closeWorkerPool();

  const gpt = designs.find((design) => design.name === 'gpt')!;
  const start = performance.now();
  const report = await runCheck({ design: gpt });
  const checkSeconds = (performance.now() - start) / 1000;
  const efficiency = report.checks.find((check) => check.name === 'efficiency');
  const stepSeconds = Number((efficiency?.data.design as { seconds?: number } | undefined)?.seconds ?? Number.NaN);

  const figures = {
    units: units.length,
    analysisMeanMs: perUnit.reduce((a, b) => a + b, 0) / perUnit.length,
    analysisP95Ms: percentile(perUnit, 0.95),
    gptCheckColdSeconds: checkSeconds,
    gptCheckInProcessSeconds: report.durationS ?? Number.NaN,
    gptForwardBackwardMs: stepSeconds * 1000,
    checkToStepRatio: checkSeconds / stepSeconds,
  };
  console.log('\nChecker (targets on 2 cores: analysis < 300 ms per unit warm; full check < 10 s cold)');
  console.log(`  static analysis, warm pool: ${figures.analysisMeanMs.toFixed(1)} ms mean, ${figures.analysisP95Ms.toFixed(1)} ms p95 per unit (${units.length} seed units x 5)`);
  console.log(`  full check of the GPT seed, cold process: ${checkSeconds.toFixed(2)} s (${report.passed ? 'passed' : 'FAILED'}; ${figures.gptCheckInProcessSeconds.toFixed(2)} s inside the worker)`);
  console.log(`  one forward+backward of the same model (d_model 128, 2 blocks, 2x128 tokens): ${figures.gptForwardBackwardMs.toFixed(1)} ms`);
  console.log(`  ratio checker time / one forward+backward: ${figures.checkToStepRatio.toFixed(0)}x`);
  return figures;
}
