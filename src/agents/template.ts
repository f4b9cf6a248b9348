/**
 * @module Prompt templates: `{{NAME}}` slots filled from a record. A slot left unfilled or a value
 * without a slot is a programming error, caught the first time the prompt is built.
 */

/** Fills every `{{NAME}}` in `template`; throws when a slot has no value or a value has no slot. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const used = new Set<string>();
  const text = template.replace(/\{\{([A-Z_]+)\}\}/g, (_slot, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt template slot {{${name}}} has no value`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`prompt values without a slot: ${unused.join(', ')}`);
  return text;
}
