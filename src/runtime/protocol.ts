/**
 * @module The worker protocol, version 1: newline-delimited JSON over the worker's stdin/stdout.
 *
 * The Python side is `python/genesys_rt/worker.py`. A breaking change adds a version beside this one.
 */
import { z } from 'zod';
import { ProtocolError } from './errors.js';

export const PROTOCOL_VERSION = 1;

/** Plain JSON data an op takes or returns (Python turns NaN/Infinity into null). */
const JsonObjectSchema = z.record(z.string(), z.unknown());

export const RequestSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1),
  op: z.string().min(1),
  args: JsonObjectSchema,
});
export type Request = z.infer<typeof RequestSchema>;

export const WorkerErrorCodeSchema = z.enum(['bad_request', 'unknown_op', 'op_failed', 'out_of_memory']);
export type WorkerErrorCode = z.infer<typeof WorkerErrorCodeSchema>;

export const WorkerErrorSchema = z.object({
  code: WorkerErrorCodeSchema,
  message: z.string(),
  traceback: z.string().optional(),
});
export type WorkerError = z.infer<typeof WorkerErrorSchema>;

export const ProgressEventSchema = z.object({ id: z.string(), event: z.literal('progress'), data: JsonObjectSchema });
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/** Output of the op; the TS side also wraps the worker's stderr in this shape. */
export const LogEventSchema = z.object({
  id: z.string(),
  event: z.literal('log'),
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

export const ResultEventSchema = z.object({ id: z.string(), event: z.literal('result'), data: JsonObjectSchema });
export type ResultEvent = z.infer<typeof ResultEventSchema>;

/** `id` is null when the request line was too broken to carry one. */
export const ErrorEventSchema = z.object({ id: z.string().nullable(), event: z.literal('error'), error: WorkerErrorSchema });
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;

/** First line of every worker; `sandbox` reports the confinement applied (null when not sandboxed). */
export const ReadyEventSchema = z.object({
  event: z.literal('ready'),
  v: z.number().int(),
  python: z.string(),
  pid: z.number().int(),
  sandbox: JsonObjectSchema.nullable().optional(),
});
export type ReadyEvent = z.infer<typeof ReadyEventSchema>;

export const WorkerMessageSchema = z.discriminatedUnion('event', [
  ReadyEventSchema,
  ProgressEventSchema,
  LogEventSchema,
  ResultEventSchema,
  ErrorEventSchema,
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

/** The `--sandbox JSON` argument; mirrored by `SandboxSpec` in `python/genesys_rt/sandbox.py`. */
export const SandboxSpecSchema = z.object({
  memoryMb: z.number().int().positive().nullable(),
  cpuSeconds: z.number().int().positive().nullable(),
  allowNetwork: z.boolean(),
  workdir: z.string(),
  gpu: z.boolean(),
});
export type SandboxSpec = z.infer<typeof SandboxSpecSchema>;

/** One request line, newline included. */
export function encodeRequest(request: Request): string {
  return `${JSON.stringify(RequestSchema.parse(request))}\n`;
}

/** Parse and validate one line the worker wrote; throws `ProtocolError` for anything else. */
export function parseWorkerLine(line: string): WorkerMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new ProtocolError(`worker wrote a line that is not JSON: ${line.slice(0, 200)}`, error);
  }
  const parsed = WorkerMessageSchema.safeParse(value);
  if (!parsed.success) {
    throw new ProtocolError(`worker wrote an invalid message: ${line.slice(0, 200)}`, parsed.error);
  }
  if (parsed.data.event === 'ready' && parsed.data.v !== PROTOCOL_VERSION) {
    throw new ProtocolError(`worker speaks protocol v${parsed.data.v}, expected v${PROTOCOL_VERSION}`);
  }
  return parsed.data;
}
