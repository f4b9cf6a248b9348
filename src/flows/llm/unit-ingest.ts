/**
 * @module From the coder's files to a candidate design: each file is analysed statically (never
 * run), the reply's own root is found (the unit no other file of the reply declares), and the
 * units are merged into the tree under the rules of the task — a replacement renames the selected
 * unit in its parents' code (by AST), a child keeps its declared name, a root starts the tree.
 * Problems come back as sentences for the coder instead of a design.
 */
import type { AnalyzeUnits, UnitAnalysis } from '../../checker/index.js';
import { DESIGN_FORMAT, type Design, type Unit, type UnitDecl } from '../../core/design.js';
import type { coder } from '../../agents/index.js';
import { collectGarbage, parentsOf, reachable } from '../library/tree.js';

export type RenameInCode = (entries: { code: string; renames: [string, string][] }[]) => Promise<string[]>;

export interface IngestInput {
  tree: Design | null;
  files: string[];
  task: coder.CoderTask;
  designName: string;
  analyze: AnalyzeUnits;
  renameInCode: RenameInCode;
}

export type IngestResult =
  | { ok: true; design: Design; written: string[]; root: string; warnings: string[] }
  | { ok: false; problems: string[] };

function provisionalFilename(code: string, index: number): string {
  const match = /^class\s+([A-Za-z_]\w*)\s*\(/m.exec(code);
  return match ? `${match[1]}.py` : `file${index + 1}.py`;
}

function findings(analysis: UnitAnalysis, filename: string, kind: 'errors' | 'warnings'): string[] {
  return analysis[kind].map((finding) => `${filename}${finding.line ? `:${finding.line}` : ''}: ${finding.message} [${finding.code}]`);
}

function unitFrom(analysis: UnitAnalysis, code: string, name: string, declaration: UnitDecl | undefined): Unit {
  const docstring = analysis.docstring ?? '';
  return {
    name,
    code,
    children: analysis.declaredChildren.map((child) => child.unitname),
    args: analysis.args,
    document: docstring,
    inputs: declaration?.inputs ?? ['X'],
    outputs: declaration?.outputs ?? ['Y'],
    reuseFrom: null,
    rating: null,
    description: declaration?.requirements || docstring.trim().split('\n')[0] || '',
  };
}

/** Units reachable from the root that are declared but have no implementation, breadth-first. */
export function pendingUnits(design: Design): string[] {
  const pending: string[] = [];
  for (const name of reachable(design)) {
    for (const child of design.units[name]!.children) if (!design.units[child] && !pending.includes(child)) pending.push(child);
  }
  return pending;
}

export async function ingestUnits(input: IngestInput): Promise<IngestResult> {
  const sources = input.files.map((code, index) => ({ code, filename: provisionalFilename(code, index) }));
  const analyses = await input.analyze(sources);
  const problems: string[] = [];
  const warnings: string[] = [];
  const named = new Map<string, { analysis: UnitAnalysis; code: string }>();
  analyses.forEach((analysis, index) => {
    const { filename, code } = sources[index]!;
    problems.push(...findings(analysis, filename, 'errors'));
    warnings.push(...findings(analysis, filename, 'warnings'));
    if (!analysis.unitName) return;
    if (named.has(analysis.unitName)) problems.push(`two files define the unit ${analysis.unitName}; write each unit once`);
    named.set(analysis.unitName, { analysis, code });
  });
  if (problems.length > 0) return { ok: false, problems };

  const tree = input.tree;
  const task = input.task;
  const replacing = task.kind === 'replace' ? task.unit : null;
  for (const name of named.keys()) {
    if (tree?.units[name] && name !== replacing) {
      problems.push(`the unit ${name} already exists in the design: to reuse it, declare it as a child and do not write its file; to change it, give your unit another name`);
    }
  }
  const declaredInReply = new Set([...named.values()].flatMap(({ analysis }) => analysis.declaredChildren.map((child) => child.unitname)));
  const roots = [...named.keys()].filter((name) => !declaredInReply.has(name));
  if (roots.length !== 1) {
    problems.push(roots.length === 0
      ? 'every unit in the reply is declared as a child of another one: the unit you were asked for must not be declared by the others'
      : `the reply has several top units (${roots.join(', ')}): write the unit you were asked for and only the children it declares`);
  }
  const root = roots[0];
  if (root && task.kind === 'child' && root !== task.unit) {
    problems.push(`the unit must be named ${task.unit} (its parent builds it under that name), not ${root}`);
  }
  if (problems.length > 0 || !root) return { ok: false, problems };

  let design: Design = tree ?? { format: DESIGN_FORMAT, name: input.designName, root, units: {}, declares: {}, args: {}, parents: [], metadata: {} };
  if (replacing && root !== replacing) design = await renameUnit(design, replacing, root, input.renameInCode);
  const units = { ...design.units };
  const declares = { ...design.declares };
  // Declarations first, so a unit written beside its parent takes its interface from the parent's declaration.
  for (const { analysis } of named.values()) {
    for (const { unitname, requirements, inputs, outputs } of analysis.declaredChildren) {
      if (!units[unitname] || named.has(unitname)) declares[unitname] = { unitname, requirements, inputs, outputs };
    }
  }
  for (const [name, { analysis, code }] of named) units[name] = unitFrom(analysis, code, name, declares[name]);
  const merged = collectGarbage({ ...design, units, declares, root: task.kind === 'root' ? root : design.root });
  return { ok: true, design: merged, written: [...named.keys()], root, warnings };
}

/** The design with `from` called `to`: in its parents' code and children, its declaration, and the root. */
async function renameUnit(design: Design, from: string, to: string, renameInCode: RenameInCode): Promise<Design> {
  const parents = parentsOf(design, from);
  const codes = await renameInCode(parents.map((name) => ({ code: design.units[name]!.code, renames: [[from, to]] })));
  const units = { ...design.units };
  parents.forEach((name, index) => {
    const unit = units[name]!;
    units[name] = { ...unit, code: codes[index]!, children: unit.children.map((child) => (child === from ? to : child)) };
  });
  delete units[from];
  const declares = { ...design.declares };
  if (declares[from]) {
    declares[to] = { ...declares[from]!, unitname: to };
    delete declares[from];
  }
  return { ...design, units, declares, root: design.root === from ? to : design.root };
}
