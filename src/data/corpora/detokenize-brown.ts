/**
 * @module Brown Corpus form C (tagged `word/tag` tokens) back to natural text.
 *
 * Layout of a file: one sentence per line; a line indented with a tab starts a paragraph, as does
 * a line after blank lines; headlines (every tag ends in `-hl`) stand alone.
 */

/** Tokens written without a space before them. */
const ATTACH_LEFT = new Set([',', '.', ';', ':', '!', '?', ')', ']']);
/** Tokens written without a space after them. */
const ATTACH_RIGHT = new Set(['(', '[']);
/** Clitics split off by PTB-style tokenizers; they belong to the word before. */
const CLITIC = /^(?:'s|'re|'ve|'ll|'d|'m|n't)$/i;

/** `word/tag` -> word; a word may itself contain `/` (`and/or/cc`), the tag is after the last one. */
export function brownWord(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(0, slash) : token;
}

function brownTag(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(slash + 1) : '';
}

/** Joins words with the spacing of edited English: punctuation, brackets, quotes and clitics attached. */
export function joinWords(words: readonly string[]): string {
  let text = '';
  let glueNext = true; // nothing before the first word, and nothing after an opening bracket or quote
  let singleQuoteOpen = false; // a lone ' opens and closes in turn
  let previous = '';
  for (const word of words) {
    let piece = word;
    let attachLeft = ATTACH_LEFT.has(word) || CLITIC.test(word);
    let attachRight = ATTACH_RIGHT.has(word);
    if (word === '``') {
      piece = '"';
      attachRight = true;
    } else if (word === "''") {
      piece = '"';
      attachLeft = true;
    } else if (word === "'") {
      attachLeft = singleQuoteOpen;
      attachRight = !singleQuoteOpen;
      singleQuoteOpen = !singleQuoteOpen;
    }
    // Brown ends a sentence after an abbreviation with a second period ("Jr. ."); print one.
    if (word === '.' && previous.endsWith('.')) continue;
    text += glueNext || attachLeft ? piece : ` ${piece}`;
    glueNext = attachRight;
    previous = word;
  }
  return text;
}

/** Detokenizes one Brown file into paragraphs separated by blank lines. */
export function detokenizeBrown(tagged: string): string {
  const paragraphs: string[][] = [];
  let current: string[] | null = null;
  let afterBreak = true;
  for (const line of tagged.split('\n')) {
    const tokens = line.trim().split(/\s+/).filter((token) => token.length > 0);
    if (tokens.length === 0) {
      afterBreak = true;
      continue;
    }
    const headline = tokens.every((token) => brownTag(token).endsWith('-hl'));
    if (current === null || afterBreak || headline || line.startsWith('\t')) {
      current = [];
      paragraphs.push(current);
    }
    current.push(...tokens.map(brownWord));
    afterBreak = headline; // the sentence after a headline starts its own paragraph
  }
  return paragraphs.map(joinWords).join('\n\n');
}
