// `genesys bench design` against the local OpenAI-compatible server and the real checker: the
// valid-design rate, attempts (a leaky unit fixed from the checker's report), tokens and cost, then
// the same run replayed from the cache with the server gone; and the original's 100 proposals read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDesignBenchmark } from '../src/cli/commands/bench-design.js';
import { parseModelFlags } from '../src/cli/model-flags.js';
import { readBenchProposals } from '../src/flows/llm/bench-proposals.js';
import { renderDesignBenchmark } from '../src/flows/llm/design-benchmark.js';
import { closeWorkerPool } from '../src/runtime/index.js';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from './support/openai-compatible-server.js';
import { HAS_REFERENCE, REFERENCE, REPO_ROOT } from './support/paths.js';
import { scriptedDesignTeam } from './support/scripted-design-team.js';

const PROPOSALS = join(REPO_ROOT, 'test', 'fixtures', 'llm', 'bench-proposals.jsonl');
let server: OpenAiCompatibleServer;
const workspace = mkdtempSync(join(tmpdir(), 'genesys-bench-design-'));

beforeAll(async () => {
  server = await startOpenAiCompatibleServer(scriptedDesignTeam());
});
afterAll(async () => {
  await server.close();
  await closeWorkerPool();
  rmSync(workspace, { recursive: true, force: true });
});

const flags = (overrides: Record<string, unknown> = {}) => ({
  proposals: PROPOSALS, designer: 'llm' as const, model: ['openai-compatible:team'], baseUrl: server.baseUrl, replay: false, limit: 2,
  dModel: 32, nBlock: 1, seqLen: 32, timeout: 120, workspace, json: true, ...overrides,
});

describe('genesys bench design', () => {
  it('reports valid designs, attempts, tokens and time, and replays them without the server', async () => {
    const live = await collectDesignBenchmark(flags());
    expect(live.rows.map((row) => [row.id, row.valid, row.attempts])).toEqual([['gpt-biased-norm', true, 1], ['gpt-biased-norm-leaky', true, 2]]);
    expect(live.validRate).toBe(1);
    expect(live.meanAttempts).toBe(1.5);
    expect(live.tokensIn).toBeGreaterThan(1000);
    expect(live.rows.every((row) => row.calls >= 3 && row.seconds > 0)).toBe(true);
    expect(renderDesignBenchmark(live)).toMatch(/valid 100% of 2; mean attempts 1\.50/);

    const replayed = await collectDesignBenchmark(flags({ replay: true, baseUrl: 'http://127.0.0.1:9/v1' }));
    expect(replayed.rows.map((row) => [row.id, row.valid, row.attempts, row.tokensIn])).toEqual(live.rows.map((row) => [row.id, row.valid, row.attempts, row.tokensIn]));
  });

  it('reads --model as one spec for every role or role=spec', () => {
    expect(parseModelFlags(['ollama:qwen2.5', 'coder=openai:gpt-4o'])).toEqual({ default: 'ollama:qwen2.5', coder: 'openai:gpt-4o' });
    expect(() => parseModelFlags(['writer=openai:gpt-4o'])).toThrow(/unknown role writer/);
  });

  it.skipIf(!HAS_REFERENCE)('reads the original 100 benchmark proposals with their parents (skipped without ../shared/reference)', async () => {
    const proposals = await readBenchProposals(join(REFERENCE, 'proposals.jsonl'));
    expect(proposals).toHaveLength(100);
    const withParents = proposals.filter((proposal) => proposal.note === null);
    expect(withParents.length).toBeGreaterThanOrEqual(60);
    for (const proposal of withParents.filter((entry) => entry.mode === 'mutation')) {
      expect(proposal.parents[0]!.units[proposal.proposal.selection!]).toBeDefined();
    }
    expect(proposals.filter((proposal) => proposal.note !== null).every((proposal) => proposal.mode === 'scratch')).toBe(true);
  });
});
