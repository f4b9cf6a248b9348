// Index terms: identifiers split into parts, stop words dropped, stems shared by word forms, accents folded.
import { describe, expect, it } from 'vitest';
import { identifierParts, processTerm, textTerms, tokenize } from './tokenize.js';

describe('identifierParts', () => {
  it('splits camelCase, PascalCase, snake_case and digits', () => {
    expect(identifierParts('RotaryPositionalEmbeddings')).toEqual(['Rotary', 'Positional', 'Embeddings']);
    expect(identifierParts('rotary_embedding')).toEqual(['rotary', 'embedding']);
    expect(identifierParts('Conv1dMLP')).toEqual(['Conv', '1d', 'MLP']);
    expect(identifierParts('HTTPServer')).toEqual(['HTTP', 'Server']);
    expect(identifierParts('RWKV6Attention')).toEqual(['RWKV', '6', 'Attention']);
  });

  it('keeps plural acronyms whole', () => {
    expect(identifierParts('SSMs')).toEqual(['SSMs']);
  });
});

describe('terms', () => {
  it('keeps a compound identifier and adds its parts', () => {
    expect(tokenize('use RMSNorm here')).toEqual(['use', 'RMSNorm', 'RMS', 'Norm', 'here']);
  });

  it('drops English stop words everywhere and Python keywords only in code', () => {
    expect(processTerm('the')).toBeNull();
    expect(processTerm('self')).toBe('self');
    expect(processTerm('self', 'code')).toBeNull();
  });

  it('maps word forms to one stem', () => {
    expect(new Set(textTerms('compression compressive compressed'))).toEqual(new Set(['compress']));
  });

  it('folds accents so a query typed without them matches', () => {
    expect(textTerms('Nyström')).toEqual(textTerms('Nystrom'));
  });
});
