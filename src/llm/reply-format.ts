/**
 * @module Reply formats: how a model's text becomes a typed value. `json` takes one JSON object
 * (bare, fenced, or the outermost braces) and validates it with a zod schema; `python-files`
 * takes the fenced Python blocks, which suits code better than JSON strings with escapes.
 * A failure is a one-paragraph problem statement that is shown to the model when re-asking.
 */
import { z } from 'zod';

export type ReplyFormat<T> =
  | { kind: 'json'; schema: z.ZodType<T> }
  | { kind: 'python-files'; schema: z.ZodType<T> };

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** What the model is told about the format; part of the prompt (and so of the cache key). */
export function formatInstructions(format: ReplyFormat<unknown>): string {
  if (format.kind === 'json') {
    const schema = JSON.stringify(z.toJSONSchema(format.schema, { io: 'input', unrepresentable: 'any' }));
    return `Reply with exactly one JSON object and nothing else. It must validate against this JSON Schema:\n${schema}`;
  }
  return 'Put each Python file in its own fenced block that starts with ```python and ends with ```. ' +
    'Text outside the blocks is kept as your notes.';
}

function describeZodError(error: z.ZodError): string {
  return error.issues.slice(0, 8)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(the object)'}: ${issue.message}`)
    .join('; ');
}

function jsonCandidates(text: string): string[] {
  const candidates = [text.trim()];
  for (const match of text.matchAll(/```(?:json)?\s*\n([\s\S]*?)```/g)) candidates.push(match[1]!.trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  return candidates;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  let problem = 'the reply holds no JSON object';
  for (const candidate of jsonCandidates(text)) {
    if (!candidate.startsWith('{')) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (error) {
      problem = `the JSON does not parse (${(error as Error).message})`;
    }
  }
  return { ok: false, problem };
}

/** The fenced Python blocks of a reply, and the prose around them. */
export function extractPythonFiles(text: string): { files: string[]; notes: string } {
  const files: string[] = [];
  const notes = text.replace(/```(?:python|py)[^\n]*\n([\s\S]*?)```/g, (_whole, body: string) => {
    files.push(body.replace(/\s+$/, '\n'));
    return '';
  });
  return { files, notes: notes.trim() };
}

/** Decodes and validates a reply. */
export function decodeReply<T>(format: ReplyFormat<T>, text: string): DecodeResult<T> {
  const raw = format.kind === 'json' ? parseJson(text) : { ok: true as const, value: extractPythonFiles(text) };
  if (!raw.ok) return raw;
  const parsed = format.schema.safeParse(raw.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: describeZodError(parsed.error) };
}
