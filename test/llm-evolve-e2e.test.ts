// `genesys evolve --designer llm --model openai-compatible:…` end to end over real HTTP: a local
// OpenAI-compatible server (one model answering in one response, the coder's streaming) plays the
// design team; the real checker judges the units; the synthetic verifier stands in for training.
// The run must leave a checked, verified LLM design with its proposal, review, attempts and calls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDesigns, listImplementationAttempts, listLlmCalls, listProposals, listReviews, listVerifications, openStore } from '../src/store/index.js';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from './support/openai-compatible-server.js';
import { scriptedDesignTeam } from './support/scripted-design-team.js';
import { runCliAsync } from './support/cli.js';

let server: OpenAiCompatibleServer;
const workspace = mkdtempSync(join(tmpdir(), 'genesys-llm-evolve-'));

beforeAll(async () => {
  server = await startOpenAiCompatibleServer(scriptedDesignTeam());
});
afterAll(async () => {
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { status, stdout, stderr } = await runCliAsync(args, { env });
  return { code: status, output: stdout + stderr };
}

describe('genesys evolve with the LLM designer', () => {
  it('designs, checks and verifies a design through an OpenAI-compatible server', async () => {
    const config = join(workspace, 'evolve.yaml');
    writeFileSync(config, JSON.stringify({
      seeds: ['gpt'],
      budget: { 'micro-1': 2, 'micro-2': 0, 'micro-3': 0 },
      limits: { maxDesigns: 1 },
      check: { mode: 'sandbox', options: { d_model: 32, n_block: 1, seq_len: 32, reference: null } },
      verify: { mode: 'synthetic' },
      llm: {
        models: { coder: 'openai-compatible:team-streaming' },
        modelSettings: { 'openai-compatible:team-streaming': { stream: true } },
        retryBaseDelayMs: 10,
      },
    }));
    const { code, output } = await run(
      ['evolve', '--workspace', workspace, '--config', config, '--designer', 'llm', '--model', 'openai-compatible:team'],
      { GENESYS_LLM_BASE_URL: server.baseUrl },
    );
    expect(code, output).toBe(0);

    const store = await openStore({ workspace, create: false });
    try {
      const designs = await listDesigns(store.db, { evolution: 'default' });
      const made = designs.filter((row) => row.origin !== 'seed');
      expect(made).toHaveLength(1);
      const design = made[0]!;
      expect(design.origin).toBe('mutation');
      expect(design.design.metadata.designer).toBe('llm');
      expect(Object.keys(design.design.units)).toContain('BiasedRMSNorm');
      const attempts = await listImplementationAttempts(store.db, { designId: design.id });
      expect(attempts.map((attempt) => attempt.status)).toEqual(['accepted']);
      expect(attempts[0]!.report?.passed).toBe(true);
      expect((await listProposals(store.db, { designId: design.id })).length).toBeGreaterThanOrEqual(1);
      expect((await listReviews(store.db, { designId: design.id }))[0]!.rating).toBe(4);
      const verifications = await listVerifications(store.db, { evolution: 'default' });
      expect(verifications.some((row) => row.designId === design.id && row.scale === 'micro-1' && row.status === 'ok')).toBe(true);
      const calls = await listLlmCalls(store.db, { evolution: 'default' });
      expect(new Set(calls.map((call) => call.role))).toEqual(new Set(['proposer', 'reviewer', 'planner', 'coder', 'observer']));
      expect(calls.every((call) => call.tokensIn > 0)).toBe(true);
      // the loop links the session's calls to the design it stored, so costs show per design
      expect(calls.every((call) => call.designId === design.id)).toBe(true);
    } finally {
      await store.close();
    }
    expect(server.requests.some((request) => request.stream)).toBe(true);
    expect(server.requests.some((request) => !request.stream)).toBe(true);
  });
});
