/**
 * @module The one call function of the LLM layer. A call names its role, prompt and reply format;
 * the client picks the role's model, answers from the content-addressed cache in the store when it
 * can (only from it in replay mode), otherwise asks the provider under the call policy, records
 * tokens, cost and latency, and re-asks a bounded number of times when the reply does not validate.
 *
 * @example
 * const llm = createLlmClient({ db, config: { models: { default: 'openai:gpt-4o' } } });
 * const { value } = await llm.call({ role: 'reviewer', system, messages, format: { kind: 'json', schema: ReviewSchema } });
 */
import { z } from 'zod';
import { appendEvent, findLlmCall, recordLlmCall, type Db } from '../store/index.js';
import { cacheKey } from './cache-key.js';
import { LlmConfigSchema, modelForRole, type LlmConfig, type LlmConfigInput } from './config.js';
import { createEndpointLimiter, type EndpointLimiter } from './endpoint-limiter.js';
import { LlmCallError, LlmConfigError, LlmOutputError, LlmReplayMissError } from './errors.js';
import { parseModelSpec } from './model-spec.js';
import { costUsd, priceOf } from './prices.js';
import { requestWithRetries, type ProviderReply } from './provider-request.js';
import { resolveModel, type ProviderFactory, type ResolvedModel } from './providers.js';
import { decodeReply, formatInstructions, type ReplyFormat } from './reply-format.js';

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** One provider request or cache hit, as the caller's ledger sees it. */
export interface LlmCallRecord {
  role: string;
  model: string;
  cacheKey: string;
  cached: boolean;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  /** 0 for the first ask, n for the n-th re-ask after an invalid reply. */
  reask: number;
}

export interface LlmCallOptions<T> {
  role: string;
  /** A model spec for this call; by default the role's model from the config. */
  model?: string;
  system: string;
  messages: LlmMessage[];
  format: ReplyFormat<T>;
  seed?: number;
  temperature?: number;
  maxOutputTokens?: number;
  /** Where the call belongs, for the ledger. */
  evolution?: string;
  designId?: string;
  sessionKey?: string;
  signal?: AbortSignal;
  /** Runs before each provider request (never before a cache hit); throw to stop, e.g. at a budget. */
  beforeRequest?: () => void | Promise<void>;
  /** Sees every request and cache hit, including those of a call that ends in an error. */
  onCall?: (record: LlmCallRecord) => void;
}

export interface LlmCallResult<T> {
  value: T;
  text: string;
  records: LlmCallRecord[];
  costUsd: number;
}

export interface LlmClient {
  readonly replay: boolean;
  readonly config: LlmConfig;
  /** The model spec of a role; throws LlmConfigError when none is configured. */
  modelFor(role: string): string;
  call<T>(options: LlmCallOptions<T>): Promise<LlmCallResult<T>>;
}

export interface CreateLlmClientOptions {
  db: Db;
  config?: LlmConfigInput;
  /** Answer only from the cache; a miss is LlmReplayMissError. */
  replay?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Extra providers by name (a scripted model in tests, a gateway). */
  providers?: Record<string, ProviderFactory>;
  /** Jitter source of the backoff (tests make it constant). */
  random?: () => number;
}

const CachedResponseSchema = z.object({ text: z.string() });

export function createLlmClient(options: CreateLlmClientOptions): LlmClient {
  const config = LlmConfigSchema.parse(options.config ?? {});
  const env = options.env ?? process.env;
  const replay = options.replay === true;
  const models = new Map<string, ResolvedModel>();
  const limiters = new Map<string, EndpointLimiter>();

  const modelFor = (role: string): string => {
    const spec = modelForRole(config.models, role);
    if (!spec) throw new LlmConfigError(`no model for the ${role} role`, { hint: 'pass --model provider:name, or set llm.models.default or llm.models.<role> in the config' });
    return spec;
  };

  const resolved = (spec: string): ResolvedModel => {
    let model = models.get(spec);
    if (!model) {
      model = resolveModel({ spec: parseModelSpec(spec), settings: config.modelSettings[spec] ?? {}, env, extra: options.providers });
      models.set(spec, model);
    }
    return model;
  };

  const limiterFor = (endpoint: string): EndpointLimiter => {
    let limiter = limiters.get(endpoint);
    if (!limiter) {
      limiter = createEndpointLimiter({ concurrency: config.concurrency, requestsPerMinute: config.requestsPerMinute });
      limiters.set(endpoint, limiter);
    }
    return limiter;
  };

  async function ask<T>(call: LlmCallOptions<T>, spec: string, request: Record<string, unknown>, key: string): Promise<{ text: string; record: Omit<LlmCallRecord, 'reask'> }> {
    const started = performance.now();
    const cached = await findLlmCall(options.db, { cacheKey: key });
    if (cached) {
      const { text } = CachedResponseSchema.parse(cached.response);
      const latencyMs = performance.now() - started;
      return { text, record: { role: call.role, model: spec, cacheKey: key, cached: true, tokensIn: 0, tokensOut: 0, costUsd: 0, latencyMs } };
    }
    if (replay) throw new LlmReplayMissError(call.role, key, spec);
    await call.beforeRequest?.();
    const settings = config.modelSettings[spec] ?? {};
    const { model, endpoint } = resolved(spec);
    const reply: ProviderReply = await requestWithRetries({
      role: call.role,
      spec,
      model,
      limiter: limiterFor(endpoint),
      stream: settings.stream ?? false,
      system: request.system as string,
      messages: request.messages as LlmMessage[],
      temperature: request.temperature as number,
      maxOutputTokens: request.maxOutputTokens as number,
      seed: call.seed,
      timeoutMs: settings.timeoutMs ?? config.timeoutMs,
      maxRetries: config.maxRetries,
      retryBaseDelayMs: config.retryBaseDelayMs,
      retryMaxDelayMs: config.retryMaxDelayMs,
      signal: call.signal,
      random: options.random,
    });
    const price = priceOf(spec, settings.price ? { ...config.prices, [spec]: settings.price } : config.prices);
    const cost = costUsd(price, reply.tokensIn, reply.tokensOut);
    await recordLlmCall(options.db, {
      cacheKey: key,
      evolution: call.evolution ?? null,
      designId: call.designId ?? null,
      model: spec,
      role: call.role,
      tokensIn: reply.tokensIn,
      tokensOut: reply.tokensOut,
      costUsd: cost,
      latencyMs: reply.latencyMs,
      request: { ...request, sessionKey: call.sessionKey ?? null },
      response: { text: reply.text, finishReason: reply.finishReason, reasoningTokens: reply.reasoningTokens },
    });
    return { text: reply.text, record: { role: call.role, model: spec, cacheKey: key, cached: false, tokensIn: reply.tokensIn, tokensOut: reply.tokensOut, costUsd: cost, latencyMs: reply.latencyMs } };
  }

  async function call<T>(call: LlmCallOptions<T>): Promise<LlmCallResult<T>> {
    const spec = call.model ?? modelFor(call.role);
    const settings = config.modelSettings[spec] ?? {};
    const system = `${call.system.trimEnd()}\n\n${formatInstructions(call.format)}`;
    const messages = [...call.messages];
    const records: LlmCallRecord[] = [];
    let problem = '';
    let text = '';
    try {
      for (let reask = 0; reask <= config.maxReasks; reask += 1) {
        const request = {
          model: spec,
          system,
          messages: [...messages],
          temperature: call.temperature ?? settings.temperature ?? config.temperature,
          maxOutputTokens: call.maxOutputTokens ?? settings.maxOutputTokens ?? config.maxOutputTokens,
          seed: call.seed,
          format: call.format.kind,
        };
        const answer = await ask(call, spec, request, cacheKey(request));
        const record = { ...answer.record, reask };
        records.push(record);
        call.onCall?.(record);
        text = answer.text;
        const decoded = decodeReply(call.format, text);
        if (decoded.ok) return { value: decoded.value, text, records, costUsd: sum(records) };
        problem = decoded.problem;
        messages.push({ role: 'assistant', content: text });
        messages.push({ role: 'user', content: `Your reply could not be used: ${problem}\nReply again, following the required format exactly.` });
      }
    } catch (error) {
      if (error instanceof LlmCallError) await recordFailure(call, spec, error.code, error.message);
      throw error;
    }
    const failure = new LlmOutputError({ role: call.role, model: spec, replies: records.length, problem, lastText: text });
    await recordFailure(call, spec, failure.code, failure.message);
    throw failure;
  }

  async function recordFailure(call: LlmCallOptions<unknown>, spec: string, code: string, message: string): Promise<void> {
    await appendEvent(options.db, {
      kind: 'llm-call-failed',
      evolution: call.evolution,
      designId: call.designId,
      data: { role: call.role, model: spec, code, message, sessionKey: call.sessionKey ?? null },
    });
  }

  return { replay, config, modelFor, call };
}

function sum(records: LlmCallRecord[]): number {
  return records.reduce((total, record) => total + record.costUsd, 0);
}
