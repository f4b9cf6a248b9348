/**
 * @module Building our unit file from the original's pieces (code, `gautests`, declarations)
 * and splitting it back. Our file holds all three; the original keeps tests apart and, for
 * generated units, drops `CHILDREN_DECLARATIONS` in favour of the tree's `declares`.
 */
import type { UnitDecl } from '../../core/design.js';
import { pythonString } from './python-literal.js';

const BLOCK_SEPARATOR = '\n\n\n';
const DECLARATIONS_LINE = /^CHILDREN_DECLARATIONS\s*=/m;

/** Top-level class names in a unit file, in order. */
export function classNames(code: string): string[] {
  return [...code.matchAll(/^class\s+([A-Za-z_]\w*)/gm)].map((match) => match[1] as string);
}

export function hasChildrenDeclarations(code: string): boolean {
  return DECLARATIONS_LINE.test(code);
}

/** `CHILDREN_DECLARATIONS = [UnitDecl(...), ...]` as Python source. */
export function childrenDeclarationsSource(declarations: UnitDecl[]): string {
  if (declarations.length === 0) return 'CHILDREN_DECLARATIONS = []';
  const items = declarations.map(
    (declaration) =>
      `    UnitDecl(unitname=${pythonString(declaration.unitname)}, requirements=${pythonString(declaration.requirements)},\n` +
      `        inputs=[${declaration.inputs.map(pythonString).join(', ')}], outputs=[${declaration.outputs.map(pythonString).join(', ')}]),`,
  );
  return `CHILDREN_DECLARATIONS = [\n${items.join('\n')}\n]`;
}

/**
 * Our unit file: the code, then the tests unless the code already has some, then the
 * declarations unless the code already has them. Code that needs nothing is returned unchanged.
 */
export function composeUnitFile(code: string, tests: string[], declarations: UnitDecl[]): string {
  const parts: string[] = [];
  if (tests.length > 0 && !code.includes('@gau_test')) parts.push(...tests.map((test) => test.trim()));
  if (!hasChildrenDeclarations(code)) parts.push(childrenDeclarationsSource(declarations));
  if (parts.length === 0) return code;
  return `${[code.trimEnd(), ...parts].join(BLOCK_SEPARATOR)}\n`;
}

/** A unit file cut into its code, its `@gau_test` functions (by function name) and its declarations block. */
export interface SplitUnitFile {
  code: string;
  tests: Record<string, string>;
}

/**
 * Cuts a unit file at top-level statements: `@gau_test` functions go to `tests`, the
 * `CHILDREN_DECLARATIONS` assignment is dropped, everything else stays in `code`.
 */
export function splitUnitFile(file: string): SplitUnitFile {
  const code: string[] = [];
  const tests: Record<string, string> = {};
  for (const block of topLevelBlocks(file)) {
    const testName = /^@gau_test\b[\s\S]*?^def\s+([A-Za-z_]\w*)/m.exec(block)?.[1];
    if (testName) tests[testName] = block.trim();
    else if (!DECLARATIONS_LINE.test(block.split('\n', 1)[0] ?? '')) code.push(block);
  }
  return { code: `${code.join('').trimEnd()}\n`, tests };
}

/**
 * Splits source into top-level statements (with their trailing blank lines). A line starts a
 * statement when it is at column 0 outside brackets and triple-quoted strings, and does not
 * follow a decorator.
 */
function topLevelBlocks(source: string): string[] {
  const blocks: string[] = [];
  let current = '';
  let depth = 0;
  let openString: string | null = null;
  let afterDecorator = false;
  for (const line of source.split(/(?<=\n)/)) {
    const startsStatement = openString === null && depth === 0 && /^[^\s#]/.test(line);
    if (startsStatement && !afterDecorator && current.trim() !== '') {
      blocks.push(current);
      current = '';
    }
    if (startsStatement) afterDecorator = line.startsWith('@');
    current += line;
    ({ depth, openString } = scanLine(line, depth, openString));
  }
  if (current !== '') blocks.push(current);
  return blocks;
}

/** Tracks bracket depth and open triple-quoted strings across a line (single-line strings and comments skipped). */
function scanLine(line: string, depth: number, openString: string | null): { depth: number; openString: string | null } {
  let index = 0;
  while (index < line.length) {
    if (openString !== null) {
      const end = line.indexOf(openString, index);
      if (end < 0) return { depth, openString };
      index = end + 3;
      openString = null;
      continue;
    }
    const char = line[index] as string;
    if (char === '#') break;
    if (line.startsWith('"""', index) || line.startsWith("'''", index)) {
      openString = line.slice(index, index + 3);
      index += 3;
      continue;
    }
    if (char === '"' || char === "'") {
      const close = /^(['"])(?:\\.|(?!\1)[^\\\n])*\1?/.exec(line.slice(index));
      index += close?.[0].length ?? 1;
      continue;
    }
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
    index += 1;
  }
  return { depth, openString };
}
