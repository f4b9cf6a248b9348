// Verification benchmarks: our trainer against a minimal PyTorch loop on the same model and
// batch (target >= 0.95 on CPU), and the wall time of one cpu-micro verification per scale
// (targets on 2 cores: <= 90 s for the smallest, <= 5 min for the largest).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLadder } from '../src/config/index.js';
import { readDesignFolder } from '../src/core/design-folder.js';
import { runSandboxed } from '../src/runtime/index.js';
import { ensureDataset, verifyDesign } from '../src/verify/index.js';
import { REPO_ROOT } from '../test/support/paths.js';

export async function benchTrainer(): Promise<void> {
  const outcome = await runSandboxed({ op: 'bench_train', args: { dModel: 128, nBlock: 2, seqLen: 128, batchSize: 8, steps: 40, repeats: 3 }, limits: { timeoutMs: 600_000, memoryMb: 8192 } });
  console.log('\nTrainer (GPT seed, d_model 128, 2 blocks, 8 x 128 tokens per step; target ratio >= 0.95)');
  if (outcome.status !== 'ok') {
    console.log(`  failed: ${outcome.status}`);
    return;
  }
  const { ours, plain, ratio } = outcome.data as { ours: number; plain: number; ratio: number };
  console.log(`  train(): ${Math.round(ours).toLocaleString('en-US')} tokens/s; plain loop: ${Math.round(plain).toLocaleString('en-US')} tokens/s; ratio ${ratio.toFixed(3)}`);
}

export async function benchVerification(): Promise<void> {
  const ladder = getLadder('cpu-micro');
  const workspace = await mkdtemp(join(tmpdir(), 'genesys-bench-verify-'));
  try {
    const gpt = await readDesignFolder(join(REPO_ROOT, 'library', 'gpt'));
    const dataset = await ensureDataset({ ladder, workspace });
    console.log('\nVerification wall time, GPT seed on cpu-micro (targets: <= 90 s smallest, <= 300 s largest)');
    for (const scale of ladder.scales) {
      const started = performance.now();
      const record = await verifyDesign({ design: gpt, reference: gpt, ladder, scale, dataset, workspace });
      const seconds = (performance.now() - started) / 1000;
      const bpb = record.status === 'ok' ? record.evaluation.heldOut.bitsPerByte.toFixed(3) : record.status;
      console.log(`  ${scale.name}: ${seconds.toFixed(0)} s (${record.sizing?.params.toLocaleString('en-US')} parameters, ${record.training?.tokens.toLocaleString('en-US')} tokens, ${Math.round(record.training?.tokensPerSecond ?? 0).toLocaleString('en-US')} tokens/s, held-out ${bpb} bits/byte)`);
    }
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
