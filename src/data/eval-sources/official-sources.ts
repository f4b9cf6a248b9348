/**
 * @module Where the full official evaluation sets live on the Hugging Face Hub: the one table to
 * edit when a dataset moves (the datasets lm-evaluation-harness reads, same configs and splits).
 */
import { z } from 'zod';
import type { EvalTaskName } from '../eval-tasks/eval-item.js';

export const OfficialSourceSchema = z.object({
  dataset: z.string().describe('Hub dataset id, OWNER/NAME'),
  config: z.string().nullable().describe('config of the parquet export; null: the export\'s only or `default` config'),
  allConfigs: z.boolean().describe('read every config (BLiMP: one config per phenomenon) instead of `config`'),
  split: z.string(),
});
export type OfficialSource = z.infer<typeof OfficialSourceSchema>;

/** Task -> dataset, config, split. */
export const OFFICIAL_EVAL_SOURCES = {
  arc_easy: { dataset: 'allenai/ai2_arc', config: 'ARC-Easy', allConfigs: false, split: 'test' },
  arc_challenge: { dataset: 'allenai/ai2_arc', config: 'ARC-Challenge', allConfigs: false, split: 'test' },
  // The parquet export of these former script datasets names its config `default` (was `plain_text`).
  hellaswag: { dataset: 'Rowan/hellaswag', config: null, allConfigs: false, split: 'validation' },
  piqa: { dataset: 'ybisk/piqa', config: null, allConfigs: false, split: 'validation' },
  lambada_openai: { dataset: 'EleutherAI/lambada_openai', config: 'default', allConfigs: false, split: 'test' },
  winogrande: { dataset: 'allenai/winogrande', config: 'winogrande_xl', allConfigs: false, split: 'validation' },
  blimp: { dataset: 'nyu-mll/blimp', config: null, allConfigs: true, split: 'train' },
} as const satisfies Record<EvalTaskName, OfficialSource>;
