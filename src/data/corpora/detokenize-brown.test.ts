// Brown form C to natural text: tags dropped, quotes and punctuation attached, paragraphs kept.
import { describe, expect, it } from 'vitest';
import { brownCorpus } from './brown-corpus.js';
import { brownWord, detokenizeBrown, joinWords } from './detokenize-brown.js';

describe('detokenizeBrown', () => {
  it('drops tags, including tags with - $ + * and words that contain a slash', () => {
    expect(['The/at', "Atlanta's/np$", 'term-end/nn', "don't/do*", "he'll/pps+md", 'and/or/cc', '//in', 'Jury/nn-tl'].map(brownWord))
      .toEqual(['The', "Atlanta's", 'term-end', "don't", "he'll", 'and/or', '/', 'Jury']);
  });

  it('writes `` and \'\' as double quotes and attaches punctuation, brackets and clitics', () => {
    const tagged = "\tHe/pps said/vbd ,/, ``/`` it/pps is/bez (/( very/ql )/) good/jj ''/'' ;/. John/np 's/pos dog/nn did/dod n't/* bark/vb ?/.";
    expect(detokenizeBrown(tagged)).toBe('He said, "it is (very) good"; John\'s dog didn\'t bark?');
  });

  it('alternates lone single quotes between opening and closing', () => {
    expect(joinWords(['a', "'", 'pro', "'", 'letter', '.'])).toBe("a 'pro' letter.");
  });

  it('prints one period after an abbreviation that ends a sentence', () => {
    expect(detokenizeBrown('\tIvan/np Allen/np Jr./np ./.')).toBe('Ivan Allen Jr.');
  });

  it('keeps paragraphs (tab-indented lines, lines after blank lines, headlines) separated by blank lines', () => {
    const tagged = [
      '',
      '\tFirst/od sentence/nn ./.',
      'Second/od sentence/nn ./.',
      '',
      '',
      'Merger/nn-hl proposed/vbn-hl',
      'However/wrb ,/, it/pps ended/vbd ./.',
      '\tNew/jj paragraph/nn ./.',
    ].join('\n');
    expect(detokenizeBrown(tagged)).toBe('First sentence. Second sentence.\n\nMerger proposed\n\nHowever, it ended.\n\nNew paragraph.');
  });
});

describe('brownCorpus', () => {
  it('yields the 500 sample files as documents', async () => {
    const documents = [];
    for await (const document of brownCorpus().documents()) documents.push(document);
    expect(documents).toHaveLength(500);
    expect(documents[0]?.id).toBe('brown/ca01');
    expect(documents[0]?.text.startsWith('The Fulton County Grand Jury said Friday an investigation of Atlanta\'s recent primary election produced "no evidence"')).toBe(true);
    expect(documents.filter((document) => /\w\/(?:at|nn|vbd|np|jj)\b/.test(document.text)).map((document) => document.id)).toEqual([]);
    const bytes = documents.reduce((total, document) => total + Buffer.byteLength(document.text), 0);
    expect(bytes).toBeGreaterThan(5_500_000);
    expect(bytes).toBeLessThan(6_500_000);
  });
});
