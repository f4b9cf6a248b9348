/**
 * @module A zod schema as a list of documented fields (path, type, default, description), read
 * from its JSON Schema. The configuration reference and the commented config that `genesys init`
 * writes are both rendered from this list, so neither can drift from what the code accepts.
 */
import { z } from 'zod';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  advanced?: boolean;
}

export interface SchemaField {
  /** Keys from the root, e.g. ['generation', 'designs']; `<name>` stands for a key of a map. */
  path: string[];
  /** Readable type: `integer ≥ 0`, `auto | integer > 0`, `map of integer ≥ 0`, … */
  type: string;
  /** The default when the field is left out (absent: none, the field is optional). */
  default?: unknown;
  hasDefault: boolean;
  description: string;
  /** A section (object with fields of its own), listed before its fields. */
  section: boolean;
  /** Marked `.meta({ advanced: true })`: in the reference, but left out of the starter config. */
  advanced: boolean;
}

function bounds(schema: JsonSchema): string {
  const parts: string[] = [];
  // zod writes the safe-integer limits on every int; they say nothing to a reader.
  if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER) parts.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  return parts.join(' ');
}

function typeName(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeName).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'any'];
  return types.map((type) => {
    if (type === 'array') return `list of ${typeName(schema.items ?? {})}`;
    if (type === 'object' && typeof schema.additionalProperties === 'object') return `map of ${typeName(schema.additionalProperties)}`;
    if (type === 'number' || type === 'integer') return [type, bounds(schema)].filter(Boolean).join(' ');
    return type;
  }).join(' | ');
}

function walk(schema: JsonSchema, path: string[], advanced: boolean, out: SchemaField[]): void {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const childPath = [...path, key];
    const childAdvanced = advanced || child.advanced === true;
    const isSection = child.properties !== undefined && Object.keys(child.properties).length > 0;
    out.push({
      path: childPath,
      type: isSection ? 'section' : typeName(child),
      default: child.default,
      hasDefault: 'default' in child,
      description: child.description ?? '',
      section: isSection,
      advanced: childAdvanced,
    });
    if (isSection) walk(child, childPath, childAdvanced, out);
    const entry = typeof child.additionalProperties === 'object' ? child.additionalProperties : undefined;
    if (entry?.properties) walk(entry, [...childPath, '<name>'], childAdvanced, out);
  }
}

/** Every field of an object schema, depth first, in declaration order. */
export function schemaFields(schema: z.ZodType): SchemaField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const fields: SchemaField[] = [];
  walk(json, [], false, fields);
  return fields;
}

/**
 * Keys of `data` that the schema does not know, as dotted paths, so a typo in a config file is an
 * error instead of a silently ignored setting (zod objects strip unknown keys).
 */
export function unknownKeys(schema: z.ZodType, data: unknown): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const found: string[] = [];
  const visit = (node: JsonSchema, value: unknown, path: string[]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const options = node.anyOf ?? [node];
    const objectSchema = options.find((option) => option.properties !== undefined || typeof option.additionalProperties === 'object');
    if (!objectSchema) return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const known = objectSchema.properties?.[key];
      if (known) visit(known, child, [...path, key]);
      else if (typeof objectSchema.additionalProperties === 'object') visit(objectSchema.additionalProperties, child, [...path, key]);
      else found.push([...path, key].join('.'));
    }
  };
  visit(json, data, []);
  return found;
}
