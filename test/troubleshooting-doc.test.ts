// docs/troubleshooting.md lists error messages under `### \`message\`` headings. Each heading's
// literal text (split at `<placeholder>` parts) must still occur in the code under src/ or
// python/, so the doc fails here when a message is reworded or removed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths.js';

const DOC = 'docs/troubleshooting.md';
/** Fragments this short (after splitting at placeholders) are too common to prove anything. */
const MIN_FRAGMENT = 9;
/** A placeholder starts with a letter, so `<= <t>` keeps its literal `<=`. */
const PLACEHOLDER = /<[A-Za-z][^<>]*>/g;

/** The message of every `### \`…\`` (or ``### ``…`` ``) heading, with its line. */
function headingMessages(markdown: string): { message: string; line: number }[] {
  const found: { message: string; line: number }[] = [];
  markdown.split('\n').forEach((text, index) => {
    if (!text.startsWith('### ')) return;
    const match = /^### (``?)(.+?)\1\s*$/.exec(text);
    if (!match) throw new Error(`${DOC}:${index + 1}: a ### heading must be a message in backticks: ${text}`);
    found.push({ message: match[2]!.trim(), line: index + 1 });
  });
  return found;
}

/** The literal parts of a message that are long enough to check. */
function literalFragments(message: string): string[] {
  return message.split(PLACEHOLDER).map((part) => part.trim()).filter((part) => part.length >= MIN_FRAGMENT);
}

/** Source files where messages live (tests excluded: a message that only a test mentions is gone). */
function sourceTexts(): string[] {
  const texts: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__pycache__' && entry.name !== 'tests') visit(path);
      } else if (/\.(ts|py)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        texts.push(readFileSync(path, 'utf8'));
      }
    }
  };
  visit(join(REPO_ROOT, 'src'));
  visit(join(REPO_ROOT, 'python'));
  return texts;
}

describe('docs/troubleshooting.md', () => {
  const headings = headingMessages(readFileSync(join(REPO_ROOT, DOC), 'utf8'));
  const sources = sourceTexts();

  it('splits messages at placeholders and keeps the long literal parts', () => {
    expect(literalFragments('connection refused by <user>@<host>:<port>/<database>; nothing was changed'))
      .toEqual(['connection refused by', '; nothing was changed']);
    expect(literalFragments('outputs at positions <= <t> change when inputs after <t> change'))
      .toEqual(['outputs at positions <=', 'change when inputs after']);
  });

  it('has message headings', () => {
    expect(headings.length).toBeGreaterThanOrEqual(30);
  });

  it('names only messages the code still produces', () => {
    const missing: string[] = [];
    for (const { message, line } of headings) {
      const fragments = literalFragments(message);
      if (fragments.length === 0) missing.push(`${DOC}:${line}: no literal part of at least ${MIN_FRAGMENT} characters in "${message}"`);
      for (const fragment of fragments) {
        if (!sources.some((text) => text.includes(fragment))) missing.push(`${DOC}:${line}: "${fragment}" occurs nowhere under src/ or python/`);
      }
    }
    expect(missing).toEqual([]);
  });
});
