// The `openai-compatible:` provider over real HTTP, against a local server on 127.0.0.1:
// non-streaming and streaming replies, usage and cost, a 429 with Retry-After, a 500, a timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLlmClient, LlmCallError } from '../src/llm/index.js';
import { listLlmCalls, migrate, openPgliteDb, type Db } from '../src/store/index.js';
import { startOpenAiCompatibleServer, type ChatReply, type OpenAiCompatibleServer } from './support/openai-compatible-server.js';

const Schema = z.object({ verdict: z.string(), score: z.number() });

let db: Db;
let server: OpenAiCompatibleServer;
const replies: ChatReply[] = [];

beforeAll(async () => {
  db = await openPgliteDb();
  await migrate(db);
  server = await startOpenAiCompatibleServer(() => replies.shift() ?? { status: 500, error: 'nothing scripted' });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

function client(options: { stream?: boolean; timeoutMs?: number; maxRetries?: number } = {}) {
  return createLlmClient({
    db,
    env: { GENESYS_LLM_API_KEY: 'local-key' },
    random: () => 0,
    config: {
      models: { default: 'openai-compatible:tiny-local' },
      modelSettings: { 'openai-compatible:tiny-local': { baseUrl: server.baseUrl, stream: options.stream, price: { inputPerMTok: 1, outputPerMTok: 2 } } },
      timeoutMs: options.timeoutMs ?? 5000,
      maxRetries: options.maxRetries ?? 2,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2000,
    },
  });
}

let question = 0;
function ask(llm: ReturnType<typeof client>) {
  return llm.call({ role: 'reviewer', system: 'Judge.', messages: [{ role: 'user', content: `case ${++question}` }], format: { kind: 'json', schema: Schema } });
}

describe('openai-compatible provider over HTTP', () => {
  it('gets a JSON reply without streaming, with the key, the model and the usage', async () => {
    replies.push({ text: '{"verdict": "good", "score": 4}', promptTokens: 1200, completionTokens: 300 });
    const result = await ask(client());
    expect(result.value).toEqual({ verdict: 'good', score: 4 });
    expect(result.records[0]).toMatchObject({ tokensIn: 1200, tokensOut: 300, cached: false });
    expect(result.costUsd).toBeCloseTo((1200 * 1 + 300 * 2) / 1e6, 12);
    const request = server.requests.at(-1)!;
    expect(request).toMatchObject({ model: 'tiny-local', stream: false });
    expect(request.messages[0]).toMatchObject({ role: 'system', content: expect.stringMatching(/^Judge\.\n\nReply with exactly one JSON object/) });
    const row = (await listLlmCalls(db)).find((call) => call.cacheKey === result.records[0]!.cacheKey);
    expect(row).toMatchObject({ model: 'openai-compatible:tiny-local', tokensIn: 1200, tokensOut: 300 });
  });

  it('assembles a streamed reply with its usage', async () => {
    replies.push({ text: '{"verdict": "streamed", "score": 5}', promptTokens: 10, completionTokens: 20 });
    const result = await ask(client({ stream: true }));
    expect(result.value).toEqual({ verdict: 'streamed', score: 5 });
    expect(server.requests.at(-1)!.stream).toBe(true);
    expect(result.records[0]).toMatchObject({ tokensIn: 10, tokensOut: 20 });
  });

  it('retries a 429 after its Retry-After and a 500, then succeeds', async () => {
    const before = server.requests.length;
    replies.push({ status: 429, headers: { 'retry-after': '1' } }, { status: 500 }, { text: '{"verdict": "ok", "score": 3}' });
    expect((await ask(client())).value).toEqual({ verdict: 'ok', score: 3 });
    expect(server.requests.length - before).toBe(3);
  });

  it('retries a request that times out, and reports a timeout when every try does', async () => {
    replies.push({ text: '{"verdict": "late", "score": 1}', delayMs: 1500 }, { text: '{"verdict": "on time", "score": 2}' });
    expect((await ask(client({ timeoutMs: 400 }))).value).toEqual({ verdict: 'on time', score: 2 });
    replies.push({ text: '{}', delayMs: 1500 }, { text: '{}', delayMs: 1500 });
    const error = await ask(client({ timeoutMs: 300, maxRetries: 1 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ failure: 'timeout', attempts: 2 });
  });
});
