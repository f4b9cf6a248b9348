/**
 * @module An original GAU tree becomes one of our designs: one unit file per unit (code +
 * tests + `CHILDREN_DECLARATIONS`), declarations completed for every child, original extras
 * kept under `metadata.genesys`.
 */
import { DesignSchema, type Design, type UnitDecl } from '../../core/design.js';
import type { GenesysTree } from './genesys-tree.js';
import type { OriginalUnit } from './original-formats.js';
import { classNames, composeUnitFile } from './unit-file.js';

export interface TreeConversion {
  design: Design;
  warnings: string[];
}

/** Original per-unit fields our `Unit` has no place for; export writes them back. */
export interface UnitExtras {
  requirements: string | null;
  review: string | null;
  suggestions: string | null;
}

/**
 * Converts a tree. Design `args` stay empty on purpose: the original flattened every unit's
 * args into one last-write-wins config, while our units run with their own defaults.
 */
export function treeToDesign(tree: GenesysTree): TreeConversion {
  const warnings = [...tree.warnings];
  const declares = completeDeclarations(tree);
  const units: Design['units'] = {};
  const unitExtras: Record<string, UnitExtras> = {};
  for (const [name, unit] of Object.entries(tree.units)) {
    const defined = classNames(unit.code);
    if (!defined.includes(name)) warnings.push(`unit ${name}: its code defines no class ${name} (classes: ${defined.join(', ') || 'none'})`);
    const childDeclarations = unit.children.map((child) => declares[child] as UnitDecl);
    units[name] = {
      name,
      code: composeUnitFile(unit.code, Object.values(unit.gautests), childDeclarations),
      children: unit.children,
      args: unit.args,
      document: unit.spec.document,
      inputs: unit.spec.inputs,
      outputs: unit.spec.outputs,
      reuseFrom: unit.reuse_from,
      rating: unit.rating,
      description: unit.desc ?? '',
    };
    unitExtras[name] = { requirements: unit.requirements, review: unit.review, suggestions: unit.suggestions };
  }
  if (!(tree.root in units)) warnings.push(`root ${tree.root} has no implementation`);
  const design = DesignSchema.parse({
    name: tree.name,
    root: tree.root,
    units,
    declares,
    args: {},
    parents: tree.parents,
    metadata: { origin: 'genesys', genesys: { ...tree.metadata, status: tree.status, unitExtras } },
  });
  return { design, warnings };
}

/**
 * The tree's declarations plus one for every child that has none (the original often leaves
 * inherited children undeclared): built from the child's own spec when it is implemented.
 */
function completeDeclarations(tree: GenesysTree): Record<string, UnitDecl> {
  const declares: Record<string, UnitDecl> = { ...tree.declares };
  for (const unit of Object.values(tree.units)) {
    for (const child of unit.children) {
      if (declares[child]) continue;
      const spec = (tree.units[child] as OriginalUnit | undefined)?.spec;
      declares[child] = {
        unitname: child,
        requirements: tree.units[child]?.requirements ?? '',
        inputs: spec?.inputs ?? ['X'],
        outputs: spec?.outputs ?? ['Y'],
      };
    }
  }
  return declares;
}
