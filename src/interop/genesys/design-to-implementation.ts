/**
 * @module One of our designs as the original's `implementation.json` object. Unit files in
 * the canonical layout import produces (code, then tests, then generated declarations) are cut
 * back into code + `gautests`; any other file is exported verbatim with its tests also listed
 * in `gautests`, the layout of the original's core seeds. Either way a re-import gives the same file.
 */
import type { Design, UnitDecl } from '../../core/design.js';
import { readExportMetadata } from './export-metadata.js';
import type { ImplementationFileInput } from './original-formats.js';
import { composeUnitFile, splitUnitFile } from './unit-file.js';

type TreeUnitInput = ImplementationFileInput['implementation']['units'][string];

export function designToImplementation(design: Design): ImplementationFileInput {
  const metadata = readExportMetadata(design.metadata);
  const units: Record<string, TreeUnitInput> = {};
  for (const [name, unit] of Object.entries(design.units)) {
    const extras = metadata.unitExtras?.[name];
    const split = splitUnitFile(unit.code);
    const declarations = unit.children.map((child) => declarationOf(design, child));
    const canonical = composeUnitFile(split.code, Object.values(split.tests), declarations) === unit.code;
    units[name] = {
      spec: JSON.stringify({ unitname: name, document: unit.document, inputs: unit.inputs, outputs: unit.outputs }),
      code: canonical ? split.code : unit.code,
      args: unit.args,
      children: unit.children,
      gautests: split.tests,
      desc: unit.description,
      review: extras?.review ?? null,
      rating: unit.rating,
      suggestions: extras?.suggestions ?? null,
      design_traces: null,
      requirements: extras?.requirements ?? null,
      reuse_from: unit.reuseFrom,
    };
  }
  return {
    status: metadata.status ?? 'implemented',
    implementation: {
      name: metadata.title ?? design.name,
      root: design.root,
      units,
      declares: Object.fromEntries(Object.entries(design.declares).map(([name, declaration]) => [name, JSON.stringify(declaration)])),
      proposal: metadata.proposal?.text ?? null,
      review: metadata.review ?? null,
      rating: metadata.rating ?? null,
      suggestions: metadata.suggestions ?? null,
    },
    history: [],
  };
}

/** The child's declaration; a design written by hand may leave one out, so fall back to the plain interface. */
export function declarationOf(design: Design, child: string): UnitDecl {
  return design.declares[child] ?? { unitname: child, requirements: '', inputs: ['X'], outputs: ['Y'] };
}
