/**
 * @module Rows of the official evaluation datasets to the uniform task lines of data/eval
 * (data/eval/README.md), following lm-evaluation-harness's task definitions.
 */
import { z } from 'zod';
import { BlimpSourceSchema, type MultipleChoiceSourceSchema, type PartialSourceSchema, type EvalTaskName } from '../eval-tasks/eval-item.js';

/** Where a row sits in its dataset: `index` counts rows across the split's files, from 0. */
export interface RowPosition {
  task: EvalTaskName;
  config: string;
  split: string;
  index: number;
}

export type MultipleChoiceLine = z.infer<typeof MultipleChoiceSourceSchema>;
export type PartialLine = z.infer<typeof PartialSourceSchema>;
/** The bundled blimp.jsonl line: the pair plus its phenomenon fields. */
export const BlimpLineSchema = BlimpSourceSchema.extend({
  phenomenon: z.string(),
  field: z.string(),
  linguistics_term: z.string(),
  pair_id: z.string(),
});
export type BlimpLine = z.infer<typeof BlimpLineSchema>;
export type TaskLine = MultipleChoiceLine | PartialLine | BlimpLine;

/** Parquet integers arrive as number (int32) or bigint (int64); class labels may be digit strings. */
const IntegerSchema = z.union([z.number().int(), z.bigint(), z.string().regex(/^\d+$/)]).transform(Number);

const LambadaRowSchema = z.object({ text: z.string() });
const HellaswagRowSchema = z.object({ activity_label: z.string(), ctx_a: z.string(), ctx_b: z.string(), endings: z.array(z.string()).min(1), label: IntegerSchema });
const PiqaRowSchema = z.object({ goal: z.string(), sol1: z.string(), sol2: z.string(), label: IntegerSchema });
const ArcRowSchema = z.object({ question: z.string(), choices: z.object({ text: z.array(z.string()).min(1), label: z.array(z.string()) }), answerKey: z.string() });
const WinograndeRowSchema = z.object({ sentence: z.string(), option1: z.string(), option2: z.string(), answer: z.enum(['1', '2']) });
const BlimpRowSchema = z.object({ sentence_good: z.string(), sentence_bad: z.string(), field: z.string(), linguistics_term: z.string(), pair_id: IntegerSchema });

/** `<task>/<split>/<row index>`, zero-padded like the bundled files so the same item has the same id in both. */
function itemId({ task, split, index }: RowPosition): string {
  return `${task}/${split}/${String(index).padStart(5, '0')}`;
}

/** lm-eval's prompt for piqa and arc. */
function questionPrompt(question: string): string {
  return `Question: ${question}\nAnswer:`;
}

/** lm-eval's HellaSwag `preprocess`: WikiHow's bracketed markers out, ` [title]` to a sentence end, double spaces collapsed once. */
export function preprocessHellaswag(text: string): string {
  return text.trim().replaceAll(' [title]', '. ').replace(/\[.*?\]/g, '').replaceAll('  ', ' ');
}

/** Python's `str.capitalize`: first character upper case, the rest lower case. */
function capitalize(text: string): string {
  const [first = '', ...rest] = text;
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** Context = the passage up to its last space, the one choice = the word after it (lm-eval splits on single spaces). */
export function convertLambada(row: unknown, position: RowPosition): MultipleChoiceLine {
  const { text } = LambadaRowSchema.parse(row);
  const cut = text.lastIndexOf(' ');
  if (cut <= 0 || cut === text.length - 1) throw new Error(`no last word after a space in "${text.slice(-60)}"`);
  return { id: itemId(position), context: text.slice(0, cut), choices: [text.slice(cut + 1)], gold: 0 };
}

export function convertHellaswag(row: unknown, position: RowPosition): MultipleChoiceLine {
  const source = HellaswagRowSchema.parse(row);
  const context = preprocessHellaswag(`${source.activity_label}: ${source.ctx_a} ${capitalize(source.ctx_b)}`);
  return { id: itemId(position), context, choices: source.endings.map(preprocessHellaswag), gold: source.label };
}

export function convertPiqa(row: unknown, position: RowPosition): MultipleChoiceLine {
  const source = PiqaRowSchema.parse(row);
  return { id: itemId(position), context: questionPrompt(source.goal), choices: [source.sol1, source.sol2], gold: source.label };
}

/** The gold index is the answer key's position among the choice labels, whether those are "A".."E" or "1".."4". */
export function convertArc(row: unknown, position: RowPosition): MultipleChoiceLine {
  const source = ArcRowSchema.parse(row);
  const gold = source.choices.label.indexOf(source.answerKey);
  if (gold < 0) throw new Error(`answerKey "${source.answerKey}" is not among the labels ${source.choices.label.join(', ')}`);
  return { id: itemId(position), context: questionPrompt(source.question), choices: source.choices.text, gold };
}

/** Partial scoring: each option fills the blank of the prefix; the text after the blank is the shared continuation. */
export function convertWinogrande(row: unknown, position: RowPosition): PartialLine {
  const source = WinograndeRowSchema.parse(row);
  const blank = source.sentence.indexOf('_');
  if (blank < 0) throw new Error(`no blank "_" in "${source.sentence}"`);
  const prefix = source.sentence.slice(0, blank);
  return {
    id: itemId(position),
    context: null,
    choices: [prefix + source.option1, prefix + source.option2],
    continuation: source.sentence.slice(blank + 1).trim(),
    gold: Number(source.answer) - 1,
  };
}

/** One config per phenomenon; ids are `blimp/<phenomenon>/<pair_id>` like the bundled file. */
export function convertBlimp(row: unknown, { config }: RowPosition): BlimpLine {
  const source = BlimpRowSchema.parse(row);
  const pairId = String(source.pair_id);
  return {
    id: `blimp/${config}/${pairId}`,
    phenomenon: config,
    field: source.field,
    linguistics_term: source.linguistics_term,
    pair_id: pairId,
    sentence_good: source.sentence_good,
    sentence_bad: source.sentence_bad,
  };
}

/** The converter of each task; each throws (zod or plain Error) on a row it cannot convert. */
export const ROW_CONVERTERS: Record<EvalTaskName, (row: unknown, position: RowPosition) => TaskLine> = {
  arc_easy: convertArc,
  arc_challenge: convertArc,
  hellaswag: convertHellaswag,
  piqa: convertPiqa,
  lambada_openai: convertLambada,
  winogrande: convertWinogrande,
  blimp: convertBlimp,
};
