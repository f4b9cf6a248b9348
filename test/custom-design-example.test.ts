// docs/custom-designs.md walks through examples/seed-design: the code it shows must be the real
// files, the folder's design.json must say what the unit files say, and the design must pass the
// checker exactly as `genesys check` runs it (default options, the GPT seed as reference).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeUnitsInPool, runCheck, type CheckReport } from '../src/checker/index.js';
import { readDesignFolder } from '../src/core/design-folder.js';
import { closeWorkerPool } from '../src/runtime/index.js';
import { REPO_ROOT } from './support/paths.js';

const DOC = 'docs/custom-designs.md';
const EXAMPLE = join(REPO_ROOT, 'examples', 'seed-design');
// A fenced block that shows a file carries this marker on the line just before its opening fence.
const FILE_MARKER = /^<!-- file: (\S+) -->$/;

interface ShownBlock {
  language: string;
  code: string;
  /** Where the marker says the code comes from, if it has one. */
  file: string | null;
  /** 1-based line of the opening fence in the doc. */
  line: number;
}

/** The fenced code blocks of a markdown text, with the file marker before each. */
function fencedBlocks(markdown: string): ShownBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShownBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((text, j) => j > i && /^```\s*$/.test(text));
    if (end < 0) throw new Error(`${DOC}:${i + 1}: unclosed code block`);
    const marker = i > 0 ? FILE_MARKER.exec(lines[i - 1]!.trim()) : null;
    blocks.push({ language: open[1]!, code: lines.slice(i + 1, end).join('\n'), file: marker ? marker[1]! : null, line: i + 1 });
    i = end;
  }
  return blocks;
}

function errors(report: CheckReport): string[] {
  return report.checks.flatMap((check) => check.issues.filter((issue) => issue.severity === 'error').map((issue) => `${check.name}: ${issue.message}`));
}

afterAll(async () => {
  await closeWorkerPool();
});

describe('docs/custom-designs.md', () => {
  const blocks = fencedBlocks(readFileSync(join(REPO_ROOT, DOC), 'utf8'));

  it('marks every python block with the file it comes from', () => {
    const python = blocks.filter((block) => block.language === 'python');
    expect(python.length).toBeGreaterThanOrEqual(5);
    for (const block of python) expect(block.file, `${DOC}:${block.line}: a python block without <!-- file: … -->`).not.toBeNull();
  });

  it('shows each marked file exactly: the whole file or a contiguous excerpt of it', () => {
    const marked = blocks.filter((block) => block.file !== null);
    expect(marked.length).toBeGreaterThanOrEqual(5);
    for (const block of marked) {
      const text = readFileSync(join(REPO_ROOT, block.file!), 'utf8');
      expect(block.code.trim().length, `${DOC}:${block.line}: empty block`).toBeGreaterThan(0);
      expect(text.includes(block.code), `${DOC}:${block.line}: the block is not a verbatim excerpt of ${block.file}`).toBe(true);
    }
  });
});

describe('examples/seed-design', () => {
  it('has a design.json that agrees with its unit files (children, arguments, docstrings)', async () => {
    const design = await readDesignFolder(EXAMPLE);
    const names = Object.keys(design.units);
    const analyses = await analyzeUnitsInPool(names.map((name) => ({ code: design.units[name]!.code, filename: `${name}.py` })));
    analyses.forEach((analysis, index) => {
      const unit = design.units[names[index]!]!;
      expect(analysis.errors, unit.name).toEqual([]);
      expect(analysis.unitName).toBe(unit.name);
      expect(analysis.declaredChildren.map((child) => child.unitname)).toEqual(unit.children);
      expect(analysis.args).toEqual(unit.args);
      expect(analysis.docstring).toBe(unit.document);
      for (const child of analysis.declaredChildren) {
        expect(design.declares[child.unitname]).toEqual({ unitname: child.unitname, requirements: child.requirements, inputs: child.inputs, outputs: child.outputs });
      }
    });
  });

  it('reuses the GPT seed\'s RMSNorm and GatedMLP unchanged', () => {
    for (const unit of ['RMSNorm', 'GatedMLP']) {
      expect(readFileSync(join(EXAMPLE, 'units', `${unit}.py`), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'library', 'gpt', 'units', `${unit}.py`), 'utf8'));
    }
  });

  it('passes the checker with the options genesys check uses', async () => {
    const report = await runCheck({ design: await readDesignFolder(EXAMPLE) });
    expect(errors(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual(['static', 'build', 'unit_tests', 'forward', 'causality', 'gradients', 'efficiency', 'training']);
  });
});
