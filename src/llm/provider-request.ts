/**
 * @module One provider request with the call policy around it: the endpoint's concurrency and
 * rate limits, a timeout, and retries with backoff on transient failures. Streaming and
 * non-streaming replies come back the same way.
 */
import { generateText, streamText, type LanguageModel } from 'ai';
import { sleep, type EndpointLimiter } from './endpoint-limiter.js';
import { LlmCallError } from './errors.js';
import { backoffMs, classifyFailure } from './transient.js';

export interface ProviderReply {
  text: string;
  finishReason: string;
  tokensIn: number;
  tokensOut: number;
  reasoningTokens: number;
  latencyMs: number;
}

export interface ProviderRequestOptions {
  role: string;
  spec: string;
  model: LanguageModel;
  limiter: EndpointLimiter;
  stream: boolean;
  system: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  temperature: number;
  maxOutputTokens: number;
  seed?: number;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  signal?: AbortSignal;
  random?: () => number;
}

async function once(options: ProviderRequestOptions, abortSignal: AbortSignal): Promise<Omit<ProviderReply, 'latencyMs'>> {
  const common = {
    model: options.model,
    system: options.system,
    messages: options.messages,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    seed: options.seed,
    // Retries are ours (they know Retry-After and our limits); the SDK's would multiply them.
    maxRetries: 0,
    abortSignal,
  };
  if (!options.stream) {
    const result = await generateText(common);
    return {
      text: result.text,
      finishReason: result.finishReason,
      tokensIn: result.usage.inputTokens ?? 0,
      tokensOut: result.usage.outputTokens ?? 0,
      reasoningTokens: result.usage.outputTokenDetails?.reasoningTokens ?? 0,
    };
  }
  let streamError: unknown;
  const result = streamText({ ...common, onError: ({ error }) => { streamError = error; } });
  const text = await Promise.resolve(result.text).catch((error: unknown) => {
    throw streamError ?? error;
  });
  if (streamError !== undefined) throw streamError;
  const usage = await result.usage;
  return {
    text,
    finishReason: await result.finishReason,
    tokensIn: usage.inputTokens ?? 0,
    tokensOut: usage.outputTokens ?? 0,
    reasoningTokens: usage.outputTokenDetails?.reasoningTokens ?? 0,
  };
}

/** Sends the request; throws LlmCallError when it fails for good (retries spent, or not retryable). */
export async function requestWithRetries(options: ProviderRequestOptions): Promise<ProviderReply> {
  for (let attempt = 0; ; attempt += 1) {
    const timeout = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      timeout.abort(new Error(`timeout after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout.signal, options.signal]) : timeout.signal;
    const started = performance.now();
    try {
      const reply = await options.limiter.run(() => once(options, signal), options.signal);
      return { ...reply, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      const info = classifyFailure(error, { timedOut, aborted: options.signal?.aborted === true });
      if (!info.transient || attempt >= options.maxRetries) {
        throw new LlmCallError({ failure: info.failure, role: options.role, model: options.spec, attempts: attempt + 1, detail: info.detail, cause: error });
      }
      const delay = backoffMs({ retry: attempt, baseMs: options.retryBaseDelayMs, maxMs: options.retryMaxDelayMs, retryAfterMs: info.retryAfterMs, random: options.random });
      await sleep(delay, options.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}
