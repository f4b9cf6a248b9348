// Each official dataset's rows to data/eval's uniform lines, on hand-written rows shaped like the Hub's.
import { describe, expect, it } from 'vitest';
import type { EvalTaskName } from '../eval-tasks/eval-item.js';
import { convertArc, convertBlimp, convertHellaswag, convertLambada, convertPiqa, convertWinogrande, preprocessHellaswag, type RowPosition } from './convert-rows.js';

const at = (task: EvalTaskName, index: number, split = 'test', config = 'default'): RowPosition => ({ task, config, split, index });

describe('lambada_openai', () => {
  it('splits the passage at its last space: context, then the last word as the one choice', () => {
    expect(convertLambada({ text: 'She opened the door and called the dog Rex' }, at('lambada_openai', 7))).toEqual({
      id: 'lambada_openai/test/00007', context: 'She opened the door and called the dog', choices: ['Rex'], gold: 0,
    });
    // Only spaces separate words, as in lm-eval's text.split(' '): a newline stays inside the last word.
    expect(convertLambada({ text: 'He waved.\nGoodbye' }, at('lambada_openai', 0)).choices).toEqual(['waved.\nGoodbye']);
    expect(() => convertLambada({ text: 'Alone' }, at('lambada_openai', 0))).toThrow(/no last word/);
  });
});

describe('hellaswag', () => {
  it('preprocesses like lm-eval: strip, " [title]" to ". ", bracketed markers out, double spaces collapsed once', () => {
    expect(preprocessHellaswag('  How to dye your hair [title] Choose a color. [step] Pick one.  ')).toBe('How to dye your hair. Choose a color. Pick one.');
    // Stripping comes first, so a leading marker leaves a leading space; three spaces collapse to two.
    expect(preprocessHellaswag('[substeps] Blonde hair   is easy.')).toBe(' Blonde hair  is easy.');
  });

  it('builds "<activity_label>: <ctx_a> <ctx_b capitalised>" and preprocesses the endings', () => {
    const row = {
      activity_label: 'Roof shingle removal', ctx_a: 'A man is sitting on a roof.', ctx_b: 'he',
      endings: ['is using wrap to wrap a pair of skis.', 'is ripping level tiles off.', "is holding a rubik's cube.", 'starts pulling up roofing on a roof.'],
      label: '3',
    };
    expect(convertHellaswag(row, at('hellaswag', 0, 'validation'))).toEqual({
      id: 'hellaswag/validation/00000', context: 'Roof shingle removal: A man is sitting on a roof. He', choices: row.endings, gold: 3,
    });
    const wikihow = {
      activity_label: 'Personal Care and Style', ctx_a: '[header] How to dye your hair [title] Choose a color.', ctx_b: '[step] Pick something NEAR your color.',
      endings: ['[substeps] Go darker.', 'Go lighter [title] Wait.'], label: '0',
    };
    // Python's capitalize lower-cases everything after the first character, brackets included.
    expect(convertHellaswag(wikihow, at('hellaswag', 12, 'validation'))).toEqual({
      id: 'hellaswag/validation/00012', context: 'Personal Care and Style: How to dye your hair. Choose a color. pick something near your color.',
      choices: [' Go darker.', 'Go lighter. Wait.'], gold: 0,
    });
  });
});

describe('piqa', () => {
  it('uses lm-eval\'s prompt and the two solutions; an int64 label arrives as bigint', () => {
    expect(convertPiqa({ goal: 'dresser', sol1: 'replace drawer with bobby pin', sol2: 'finish, woodgrain with bobby pin', label: 1n }, at('piqa', 1, 'validation'))).toEqual({
      id: 'piqa/validation/00001', context: 'Question: dresser\nAnswer:', choices: ['replace drawer with bobby pin', 'finish, woodgrain with bobby pin'], gold: 1,
    });
  });
});

describe('arc', () => {
  const row = (labels: string[], answerKey: string) => ({
    question: 'Which gas do plants take in?', choices: { text: labels.map((label) => `answer ${label}`), label: labels }, answerKey,
  });

  it('maps the answer key to its position among the labels, letters or digits', () => {
    expect(convertArc(row(['A', 'B', 'C', 'D', 'E'], 'E'), at('arc_easy', 3))).toEqual({
      id: 'arc_easy/test/00003', context: 'Question: Which gas do plants take in?\nAnswer:', choices: ['answer A', 'answer B', 'answer C', 'answer D', 'answer E'], gold: 4,
    });
    expect(convertArc(row(['1', '2', '3', '4'], '3'), at('arc_challenge', 0)).gold).toBe(2);
    expect(convertArc(row(['1', '2', '3'], '1'), at('arc_challenge', 0)).gold).toBe(0);
  });

  it('names an answer key that is not a label', () => {
    expect(() => convertArc(row(['A', 'B'], 'C'), at('arc_easy', 0))).toThrow(/answerKey "C" is not among the labels A, B/);
  });
});

describe('winogrande', () => {
  it('fills the blank with each option and keeps the stripped rest as the continuation', () => {
    const row = { sentence: "The trophy doesn't fit into the brown suitcase because _ is too large.", option1: 'the trophy', option2: 'the suitcase', answer: '1' };
    expect(convertWinogrande(row, at('winogrande', 5, 'validation', 'winogrande_xl'))).toEqual({
      id: 'winogrande/validation/00005', context: null,
      choices: ["The trophy doesn't fit into the brown suitcase because the trophy", "The trophy doesn't fit into the brown suitcase because the suitcase"],
      continuation: 'is too large.', gold: 0,
    });
    expect(convertWinogrande({ ...row, answer: '2' }, at('winogrande', 5, 'validation')).gold).toBe(1);
    expect(() => convertWinogrande({ ...row, sentence: 'No blank here.' }, at('winogrande', 0))).toThrow(/no blank/);
  });
});

describe('blimp', () => {
  it('keeps the pair and its phenomenon fields, with the config as the phenomenon', () => {
    const row = { sentence_good: 'Mary saw herself.', sentence_bad: 'Mary saw himself.', field: 'morphology', linguistics_term: 'anaphor_agreement', UID: 'anaphor_gender_agreement', pair_id: 7 };
    expect(convertBlimp(row, at('blimp', 7, 'train', 'anaphor_gender_agreement'))).toEqual({
      id: 'blimp/anaphor_gender_agreement/7', phenomenon: 'anaphor_gender_agreement', field: 'morphology', linguistics_term: 'anaphor_agreement',
      pair_id: '7', sentence_good: 'Mary saw herself.', sentence_bad: 'Mary saw himself.',
    });
  });
});
