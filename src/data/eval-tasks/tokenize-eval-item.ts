/**
 * @module One source line of a task file to one tokenized evaluation item.
 */
import type { Tokenizer } from '../tokenizers/tokenizer.js';
import { BlimpSourceSchema, EVAL_TASK_FORMATS, MultipleChoiceSourceSchema, PartialSourceSchema, type EvalItem, type EvalTaskName } from './eval-item.js';

type EvalOption = EvalItem['options'][number];

/** The scorer's target delimiter (lm-eval's): one space between context and continuation. */
const DELIMITER = ' ';

function scoredOption(tokenizer: Tokenizer, context: string, text: string, delimiter: string): EvalOption {
  // Trailing whitespace of a context would double the delimiter; none of our task files has any.
  const trimmed = context.trimEnd();
  return {
    context: trimmed.length === 0 ? [tokenizer.eosId] : tokenizer.encode(trimmed),
    continuation: tokenizer.encode(delimiter + text),
    bytes: Buffer.byteLength(text, 'utf8'),
  };
}

function checkedGold(gold: number, options: number, id: string): number {
  if (gold >= options) throw new Error(`${id}: gold ${gold} but only ${options} choices`);
  return gold;
}

/** Tokenizes one parsed JSON line of `<task>.jsonl`; throws (zod or plain Error) on a malformed line. */
export function tokenizeEvalItem(task: EvalTaskName, line: unknown, tokenizer: Tokenizer): EvalItem {
  const format = EVAL_TASK_FORMATS[task];
  if (format === 'pair') {
    const source = BlimpSourceSchema.parse(line);
    // Whole sentences after [EOS]: no delimiter, as a document would start.
    const sentence = (text: string) => scoredOption(tokenizer, '', text, '');
    return { id: source.id, task, kind: 'pair', gold: 0, options: [sentence(source.sentence_good), sentence(source.sentence_bad)] };
  }
  if (format === 'partial') {
    const source = PartialSourceSchema.parse(line);
    const options = source.choices.map((prefix) => scoredOption(tokenizer, prefix, source.continuation, DELIMITER));
    return { id: source.id, task, kind: 'choice', gold: checkedGold(source.gold, options.length, source.id), options };
  }
  const source = MultipleChoiceSourceSchema.parse(line);
  const options = source.choices.map((choice) => scoredOption(tokenizer, source.context, choice, DELIMITER));
  return { id: source.id, task, kind: format === 'cloze' ? 'cloze' : 'choice', gold: checkedGold(source.gold, options.length, source.id), options };
}
