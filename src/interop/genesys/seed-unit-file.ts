/**
 * @module A unit file for an original seed folder (`units/src/<unit>.py`): the original's
 * loader reads the module constants `SPEC`, `ARGS`, `CHILDREN` and `DESC`, so they are
 * appended when the file lacks them.
 */
import type { Unit } from '../../core/design.js';
import { toPython } from './python-literal.js';

export function seedUnitFile(unit: Unit): string {
  if (/^SPEC\s*=/m.test(unit.code)) return unit.code;
  const spec = { unitname: unit.name, inputs: unit.inputs, outputs: unit.outputs, document: unit.document };
  const constants = [
    `SPEC = ${toPython(spec)}`,
    `ARGS = ${toPython(unit.args)}`,
    `CHILDREN = ${toPython(unit.children)}`,
    `DESC = ${toPython(unit.description)}`,
  ];
  return `${unit.code.trimEnd()}\n\n\n${constants.join('\n')}\n`;
}
