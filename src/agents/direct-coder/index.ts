/**
 * @module The direct-prompting baseline's coder: one prompt, the whole block's unit files.
 */
import type { LlmMessage } from '../../llm/index.js';
import { GAU_FILE_FORMAT, GAU_OVERVIEW } from '../gau-guide.js';
import { fillTemplate } from '../template.js';
import { DIRECT_RETRY, DIRECT_SYSTEM, DIRECT_TASK } from './prompts.js';

export { CoderReplySchema as DirectReplySchema } from '../coder/schema.js';

export function directSystem(): string {
  return fillTemplate(DIRECT_SYSTEM, { GAU_OVERVIEW, GAU_FILE_FORMAT });
}

/** `material` is the proposal to implement, or the parents and the task when there is none. */
export function directTaskMessage(material: string): LlmMessage {
  return { role: 'user', content: fillTemplate(DIRECT_TASK, { MATERIAL: material.trim() }) };
}

export function directRetryMessage(feedback: string): LlmMessage {
  return { role: 'user', content: fillTemplate(DIRECT_RETRY, { FEEDBACK: feedback.trim() }) };
}
