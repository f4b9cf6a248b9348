// LLM-layer benchmarks against a local OpenAI-compatible server on 127.0.0.1 and an in-memory
// PGlite store: the per-call overhead of our layer (a cache hit end to end; a cache miss minus the
// server's own round trip, measured by a raw fetch of the same request interleaved with it), and the
// design-benchmark table of both designers, answered by the scripted team and judged by the real checker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { collectDesignBenchmark } from '../src/cli/commands/bench-design.js';
import { renderDesignBenchmark } from '../src/flows/llm/design-benchmark.js';
import { createLlmClient } from '../src/llm/index.js';
import { closeWorkerPool } from '../src/runtime/index.js';
import { migrate, openPgliteDb } from '../src/store/index.js';
import { startOpenAiCompatibleServer } from '../test/support/openai-compatible-server.js';
import { REPO_ROOT } from '../test/support/paths.js';
import { scriptedDesignTeam } from '../test/support/scripted-design-team.js';

const HITS = 300;
const MISSES = 100;
const Reply = z.object({ rating: z.number(), review: z.string() });
const REPLY_TEXT = JSON.stringify({ rating: 4, review: 'A sound proposal.' });

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function benchCallOverhead(): Promise<void> {
  const server = await startOpenAiCompatibleServer(() => ({ text: REPLY_TEXT, promptTokens: 400, completionTokens: 20 }));
  const db = await openPgliteDb();
  await migrate(db);
  const llm = createLlmClient({ db, env: {}, config: { models: { default: 'openai-compatible:bench' }, modelSettings: { 'openai-compatible:bench': { baseUrl: server.baseUrl } } } });
  const system = 'You review proposals for language-model blocks. '.repeat(40);
  const call = (question: string) => llm.call({ role: 'reviewer', system, messages: [{ role: 'user', content: question }], format: { kind: 'json', schema: Reply } });
  const raw = async (question: string) => {
    const response = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bench', messages: [{ role: 'system', content: system }, { role: 'user', content: question }], temperature: 0.3, max_tokens: 8192 }),
    });
    await response.json();
  };
  try {
    for (let warm = 0; warm < 20; warm += 1) {
      await call(`warm-up ${warm}`);
      await raw(`warm-up ${warm}`);
    }
    await call('the cached question');
    const hits: number[] = [];
    for (let index = 0; index < HITS; index += 1) {
      const started = performance.now();
      await call('the cached question');
      hits.push(performance.now() - started);
    }
    const misses: number[] = [];
    const roundTrips: number[] = [];
    for (let index = 0; index < MISSES; index += 1) {
      let started = performance.now();
      await raw(`raw question ${index}`);
      roundTrips.push(performance.now() - started);
      started = performance.now();
      await call(`fresh question ${index}`);
      misses.push(performance.now() - started);
    }
    const overhead = percentile(misses, 0.5) - percentile(roundTrips, 0.5);
    console.log(`\nLLM layer, per call (${HITS} cache hits, ${MISSES} misses interleaved with raw fetches; PGlite in memory, local server on 127.0.0.1)`);
    console.log(`  cache hit:  median ${ms(percentile(hits, 0.5))}, p95 ${ms(percentile(hits, 0.95))} (target < 5 ms)`);
    console.log(`  cache miss: median ${ms(percentile(misses, 0.5))}, p95 ${ms(percentile(misses, 0.95))}; the server's own round trip (raw fetch) median ${ms(percentile(roundTrips, 0.5))}`);
    console.log(`  overhead of a miss above the server: median ${ms(overhead)} (target < 20 ms)`);
  } finally {
    await db.close();
    await server.close();
  }
}

async function benchDesignTable(): Promise<void> {
  const server = await startOpenAiCompatibleServer(scriptedDesignTeam());
  const workspace = mkdtempSync(join(tmpdir(), 'genesys-bench-llm-'));
  try {
    for (const designer of ['llm', 'direct'] as const) {
      const result = await collectDesignBenchmark({
        proposals: join(REPO_ROOT, 'test', 'fixtures', 'llm', 'bench-proposals.jsonl'),
        designer, model: ['openai-compatible:team'], baseUrl: server.baseUrl, replay: false,
        dModel: 64, nBlock: 2, seqLen: 64, timeout: 300, workspace, json: false,
      });
      console.log(`\n${renderDesignBenchmark(result)}`);
    }
    console.log('(scripted team on the local server: this measures the machinery, not a model; run it with --model <a real model> for the paper\'s comparison)');
  } finally {
    await server.close();
    await closeWorkerPool();
    rmSync(workspace, { recursive: true, force: true });
  }
}

export async function benchLlm(): Promise<void> {
  await benchCallOverhead();
  await benchDesignTable();
}
