/**
 * @module Terms for the BM25 indexes: words and identifiers split into parts (`RotaryEmbedding`,
 * `rotary_embedding` → rotary, embedding), lower-cased, stop words dropped, Porter-stemmed so that
 * "compressive" finds "compression". Papers, units and design texts all use these two functions,
 * at index time and at query time, so a query meets the index in the same vocabulary.
 */
import { stemmer } from 'stemmer';

// Function words of English queries and abstracts; they carry no topic.
const ENGLISH_STOP_WORDS = new Set(`a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either few for from further had has have having he her here
hers herself him himself his how however i if in into is it its itself just me more most my myself no nor not of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they
this those through thus to too under until up upon us very via was we were what when where which while who whom why will with within
without would you your yours yourself yourselves`.split(/\s+/));

// Words every unit file has (Python keywords, the GAU contract's names), so they rank nothing.
const CODE_STOP_WORDS = new Set(`self def class return import from as if else elif for while in is not and or none true false pass
with lambda yield try except finally raise assert del global nonlocal super init forward kwargs args kwarg all factory device dtype
x y z int float str bool dict list tuple optional torch nn f py gau gaubase unit`.split(/\s+/));

const WORD = /[\p{L}\p{N}_]+/gu;

/** Splits one identifier into its parts: camelCase, PascalCase, snake_case, digits (`Conv1dMLP` → Conv, 1d, MLP; `SSMs` stays whole). */
export function identifierParts(identifier: string): string[] {
  return identifier
    .split('_')
    .flatMap((piece) => piece.match(/\p{Lu}{2,}s(?!\p{Ll})|\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{N}+\p{Ll}{0,2}(?!\p{Ll})|\p{N}+|\p{Ll}+/gu) ?? [])
    .filter((part) => part.length > 0);
}

// A word worth splitting: a case change, an underscore, or letters next to digits.
const COMPOUND = /[a-z][A-Z]|[A-Z]{2}[a-z]|_|[A-Za-z]\d|\d[A-Za-z]/;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Raw tokens of a text or a piece of code: every word, plus the parts of compound identifiers
 * (the whole identifier is kept too, so an exact class name still ranks first).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  // Accents folded (Nyström = Nystrom), so a query typed without them still matches.
  const folded = NON_ASCII.test(text) ? text.normalize('NFKD').replace(/\p{M}/gu, '') : text;
  for (const word of folded.match(WORD) ?? []) {
    tokens.push(word);
    if (COMPOUND.test(word)) {
      const parts = identifierParts(word);
      if (parts.length > 1) tokens.push(...parts);
    }
  }
  return tokens;
}

// Stemming dominates indexing time and the same few thousand words recur: remember each result.
const MEMO_LIMIT = 500_000;
const memo = { text: new Map<string, string | null>(), code: new Map<string, string | null>() };

function normalise(token: string, inCode: boolean): string | null {
  const term = token.toLowerCase().replace(/^_+|_+$/g, '');
  if (term.length < 2 && !/\p{N}/u.test(term)) return null;
  if (ENGLISH_STOP_WORDS.has(term)) return null;
  if (inCode && CODE_STOP_WORDS.has(term)) return null;
  return /^[a-z]+$/.test(term) ? stemmer(term) : term;
}

/**
 * Normalises one token into an index term, or null when it should not be indexed: lower case,
 * stop words out (code stop words only in the `code` field), then the Porter stem.
 */
export function processTerm(token: string, field?: string): string | null {
  const inCode = field === 'code';
  const cache = inCode ? memo.code : memo.text;
  let term = cache.get(token);
  if (term === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    term = normalise(token, inCode);
    cache.set(token, term);
  }
  return term;
}

/** The index terms of a text, in order (a term may repeat). */
export function textTerms(text: string, field?: string): string[] {
  return tokenize(text).flatMap((token) => processTerm(token, field) ?? []);
}
