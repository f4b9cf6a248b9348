// Scripted language models for tests: a provider `scripted:<name>` whose replies come from a
// handler (usually a queue per model name, i.e. per role). Every request is recorded; a request
// with nothing scripted for it fails the test instead of inventing an answer.
import { APICallError } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import type { ProviderFactory } from '../../src/llm/index.js';

type CallOptions = Parameters<MockLanguageModelV3['doGenerate']>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;

export interface ScriptedRequest {
  model: string;
  system: string;
  messages: { role: string; content: string }[];
  /** The last user message, where the current instruction is. */
  last: string;
}

/** A reply: text, text with token counts, an error to throw, or `hang` (never answers; for timeouts). */
export type ScriptedReply = string | { text: string; tokensIn?: number; tokensOut?: number } | Error | { hang: true };
export type ScriptedHandler = (request: ScriptedRequest) => ScriptedReply | Promise<ScriptedReply>;

function toRequest(model: string, options: CallOptions): ScriptedRequest {
  let system = '';
  const messages: { role: string; content: string }[] = [];
  for (const message of options.prompt) {
    if (message.role === 'system') system += message.content;
    else messages.push({ role: message.role, content: message.content.map((part) => ('text' in part ? part.text : '')).join('') });
  }
  return { model, system, messages, last: [...messages].reverse().find((message) => message.role === 'user')?.content ?? '' };
}

function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal?.aborted) reject(signal.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', () => reject(signal.reason ?? new Error('aborted')), { once: true });
  });
}

/** A provider named `scripted` answering through `handler`; `requests` records every request. */
export function scriptedProvider(handler: ScriptedHandler): { providers: Record<string, ProviderFactory>; requests: ScriptedRequest[] } {
  const requests: ScriptedRequest[] = [];
  const factory: ProviderFactory = (spec) => ({
    endpoint: 'scripted',
    model: new MockLanguageModelV3({
      provider: 'scripted',
      modelId: spec.modelId,
      doGenerate: async (options): Promise<GenerateResult> => {
        const request = toRequest(spec.modelId, options);
        requests.push(request);
        const reply = await handler(request);
        if (reply instanceof Error) throw reply;
        if (typeof reply === 'object' && 'hang' in reply) return hang(options.abortSignal);
        const text = typeof reply === 'string' ? reply : reply.text;
        const tokensIn = typeof reply === 'string' ? 100 : reply.tokensIn ?? 100;
        const tokensOut = typeof reply === 'string' ? 50 : reply.tokensOut ?? 50;
        return {
          content: [{ type: 'text', text }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: { inputTokens: { total: tokensIn, noCache: tokensIn, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: tokensOut, text: tokensOut, reasoning: 0 } },
          warnings: [],
        };
      },
    }),
  });
  return { providers: { scripted: factory }, requests };
}

/** Replies taken in order from one queue per model name; an empty queue is an unexpected call. */
export function queues(script: Record<string, (ScriptedReply | ScriptedHandler)[]>): ScriptedHandler {
  return (request) => {
    const next = script[request.model]?.shift();
    if (next === undefined) throw new Error(`unexpected call to scripted:${request.model}: ${request.last.slice(0, 200)}`);
    return typeof next === 'function' ? next(request) : next;
  };
}

/** An HTTP error as the AI SDK reports it (429 with Retry-After, 500, 400, …). */
export function httpError(statusCode: number, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `HTTP ${statusCode}`,
    url: 'http://scripted/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    isRetryable: statusCode === 429 || statusCode >= 500,
  });
}
