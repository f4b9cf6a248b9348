/**
 * @module Errors of the LLM layer, one class per failure kind. Flows branch on the class or `code`:
 * a budget or an unusable reply ends an attempt or a design cleanly; a config error is the user's to fix.
 */
import { GenesysError, type GenesysErrorOptions } from '../core/errors.js';

/** A model spec, provider setting or key that cannot be used (fix the config or the environment). */
export class LlmConfigError extends GenesysError {
  constructor(message: string, options: GenesysErrorOptions = {}) {
    super('llm_config', message, options);
  }
}

/** Replay mode was asked for a call that is not in the cache. */
export class LlmReplayMissError extends GenesysError {
  readonly role: string;
  readonly cacheKey: string;

  constructor(role: string, cacheKey: string, model: string) {
    super('llm_replay_miss', `replay: no cached reply for the ${role} call to ${model} (cache key ${cacheKey})`, {
      hint: 'run once without --replay (with the provider reachable) to record the calls, or replay against the workspace that recorded them',
    });
    this.role = role;
    this.cacheKey = cacheKey;
  }
}

export type LlmCallFailure = 'timeout' | 'rate_limited' | 'server_error' | 'connection' | 'request_rejected' | 'aborted';

/** The provider could not answer: retries are spent, or the error is not one worth retrying. */
export class LlmCallError extends GenesysError {
  readonly failure: LlmCallFailure;
  readonly role: string;
  readonly attempts: number;

  constructor(options: { failure: LlmCallFailure; role: string; model: string; attempts: number; detail: string; cause?: unknown }) {
    super('llm_call_failed', `the ${options.role} call to ${options.model} failed (${options.failure}) after ${options.attempts} attempt(s): ${options.detail}`, {
      cause: options.cause,
      hint: options.failure === 'request_rejected' ? 'check the model name, the key and the provider settings' : undefined,
    });
    this.failure = options.failure;
    this.role = options.role;
    this.attempts = options.attempts;
  }
}

/** The model's replies did not fit the expected format, even after re-asking with the validation error. */
export class LlmOutputError extends GenesysError {
  readonly role: string;
  readonly replies: number;
  readonly lastText: string;

  constructor(options: { role: string; model: string; replies: number; problem: string; lastText: string }) {
    super('llm_output_invalid', `the ${options.role} (${options.model}) gave no usable reply in ${options.replies} tries: ${options.problem}`);
    this.role = options.role;
    this.replies = options.replies;
    this.lastText = options.lastText;
  }
}

/** A cost budget (per design or global, USD) is spent; the work stops before the next call. */
export class LlmBudgetError extends GenesysError {
  readonly spentUsd: number;
  readonly limitUsd: number;

  constructor(scope: 'design' | 'global', spentUsd: number, limitUsd: number) {
    super('llm_budget', `cost budget reached: ${scope} spend $${spentUsd.toFixed(4)} of $${limitUsd.toFixed(4)}`);
    this.spentUsd = spentUsd;
    this.limitUsd = limitUsd;
  }
}
