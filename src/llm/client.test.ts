// The call function with scripted models: cache, replay, re-asks, retries, timeouts, costs.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpError, queues, scriptedProvider } from '../../test/support/scripted-llm.js';
import { listEvents, listLlmCalls } from '../store/index.js';
import { createLlmClient, type LlmClient } from './client.js';
import { LlmCallError, LlmConfigError, LlmOutputError, LlmReplayMissError } from './errors.js';
import { memoryDb } from '../../test/support/memory-db.js';

const AnswerSchema = z.object({ answer: z.number() });
const json = { kind: 'json' as const, schema: AnswerSchema };
const FAST = { retryBaseDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 200 };

const db = memoryDb();

function client(script: Parameters<typeof queues>[0], options: { replay?: boolean; config?: object } = {}): { llm: LlmClient; requests: ReturnType<typeof scriptedProvider>['requests'] } {
  const { providers, requests } = scriptedProvider(queues(script));
  const llm = createLlmClient({ db, providers, replay: options.replay, random: () => 0, config: { models: { default: 'scripted:main' }, ...FAST, ...options.config } });
  return { llm, requests };
}

let unique = 0;
function ask(llm: LlmClient, question = `question ${++unique}`) {
  return llm.call({ role: 'observer', system: 'You answer with numbers.', messages: [{ role: 'user', content: question }], format: json, sessionKey: 'session-1' });
}

describe('LLM call function', () => {
  it('validates a JSON reply, records tokens and cost, and answers a repeat from the cache', async () => {
    const { llm, requests } = client({ main: [{ text: 'Sure: {"answer": 42}', tokensIn: 1000, tokensOut: 500 }] }, {
      config: { prices: { 'scripted:main': { inputPerMTok: 2, outputPerMTok: 10 } } },
    });
    const first = await ask(llm, 'what is six times seven?');
    expect(first.value).toEqual({ answer: 42 });
    expect(first.costUsd).toBeCloseTo((1000 * 2 + 500 * 10) / 1e6, 12);
    const again = await ask(llm, 'what is six times seven?');
    expect(again.value).toEqual({ answer: 42 });
    expect(again.records[0]).toMatchObject({ cached: true, costUsd: 0 });
    expect(requests).toHaveLength(1);
    const [row] = (await listLlmCalls(db)).filter((call) => call.cacheKey === first.records[0]!.cacheKey);
    expect(row).toMatchObject({ model: 'scripted:main', role: 'observer', tokensIn: 1000, tokensOut: 500 });
    expect(row!.request).toMatchObject({ sessionKey: 'session-1' });
  });

  it('re-asks a malformed reply with the validation error, then accepts the fixed one', async () => {
    const { llm, requests } = client({ main: ['{"answer": "forty-two"', '{"answer": "forty-two"}', '{"answer": 42}'] });
    const result = await ask(llm);
    expect(result.value).toEqual({ answer: 42 });
    expect(result.records.map((record) => record.reask)).toEqual([0, 1, 2]);
    expect(requests[1]!.last).toMatch(/could not be used: the JSON does not parse/);
    expect(requests[2]!.last).toMatch(/answer: .*expected number/i);
  });

  it('records a failure, and does not crash, when every reply is malformed', async () => {
    const { llm } = client({ main: ['no json here', 'still none', 'nope'] });
    const error = await ask(llm).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmOutputError);
    expect((error as LlmOutputError).message).toMatch(/gave no usable reply in 3 tries: the reply holds no JSON object/);
    const events = await listEvents(db, { kind: 'llm-call-failed' });
    expect(events.at(-1)!.data).toMatchObject({ role: 'observer', code: 'llm_output_invalid', sessionKey: 'session-1' });
  });

  it('retries a 429 (honouring Retry-After) and a 500, then succeeds', async () => {
    const { llm, requests } = client({ main: [httpError(429, { 'retry-after': '0' }), httpError(503), '{"answer": 1}'] });
    expect((await ask(llm)).value).toEqual({ answer: 1 });
    expect(requests).toHaveLength(3);
  });

  it('retries a timeout, and gives up with a clear error when the provider never answers', async () => {
    const recovered = client({ main: [{ hang: true }, '{"answer": 2}'] });
    expect((await ask(recovered.llm)).value).toEqual({ answer: 2 });
    const dead = client({ main: [{ hang: true }, { hang: true }] }, { config: { maxRetries: 1 } });
    const error = await ask(dead.llm).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ failure: 'timeout', attempts: 2 });
  });

  it('does not retry a request the provider rejects', async () => {
    const { llm, requests } = client({ main: [httpError(400)] });
    await expect(ask(llm)).rejects.toMatchObject({ failure: 'request_rejected', attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('replays from the cache only, and names the role and key on a miss', async () => {
    const live = client({ main: ['{"answer": 7}'] });
    await ask(live.llm, 'recorded question');
    const replay = client({}, { replay: true });
    expect((await ask(replay.llm, 'recorded question')).value).toEqual({ answer: 7 });
    const miss = await ask(replay.llm, 'never asked').catch((caught: unknown) => caught);
    expect(miss).toBeInstanceOf(LlmReplayMissError);
    expect((miss as LlmReplayMissError).message).toMatch(/replay: no cached reply for the observer call to scripted:main \(cache key [0-9a-f]{64}\)/);
  });

  it('refuses a role without a model, a bad spec and a missing key with actionable errors', async () => {
    const none = createLlmClient({ db, config: {} });
    expect(() => none.modelFor('coder')).toThrow(LlmConfigError);
    const badSpec = createLlmClient({ db, config: { models: { default: 'gpt-4o' } } });
    await expect(ask(badSpec)).rejects.toThrow(/not of the form provider:name/);
    const noKey = createLlmClient({ db, env: {}, config: { models: { default: 'openai:gpt-4o' } } });
    await expect(ask(noKey)).rejects.toMatchObject({ code: 'llm_config', hint: 'export OPENAI_API_KEY=…' });
    const noUrl = createLlmClient({ db, env: {}, config: { models: { default: 'openai-compatible:local' } } });
    await expect(ask(noUrl)).rejects.toThrow(/needs a base URL/);
  });
});
