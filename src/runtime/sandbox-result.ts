/**
 * @module The outcome of a sandboxed op: a discriminated union on `status`, never a thrown error.
 *
 * `error` means the op answered with an error event (including `out_of_memory` when RLIMIT_AS turned an
 * allocation into MemoryError); `killed` means the supervisor stopped it; `crashed` means it died unasked.
 */
import { z } from 'zod';
import { WorkerErrorCodeSchema } from './protocol.js';

const common = {
  durationMs: z.number().describe('From spawn to exit (ms)'),
  stderrTail: z.string().describe('Last characters the worker wrote to stderr (its prints included)'),
  lastProgress: z.record(z.string(), z.unknown()).nullable().describe('The last progress data: where a failed op got to'),
};

export const SandboxResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), data: z.record(z.string(), z.unknown()), ...common }),
  z.object({
    status: z.literal('error'),
    error: z.object({
      code: z.union([WorkerErrorCodeSchema, z.literal('protocol_error')]),
      message: z.string(),
      traceback: z.string().optional(),
    }),
    ...common,
  }),
  z.object({ status: z.literal('timeout'), timeoutMs: z.number(), ...common }),
  z.object({
    status: z.literal('killed'),
    reason: z.enum(['memory', 'cpu', 'aborted']).describe('memory: RSS watchdog; cpu: RLIMIT_CPU; aborted: caller signal'),
    peakRssMb: z.number().describe('Largest group RSS the watchdog saw (MB)'),
    ...common,
  }),
  z.object({
    status: z.literal('crashed'),
    exitCode: z.number().nullable(),
    signal: z.string().nullable(),
    ...common,
  }),
]);
export type SandboxResult = z.infer<typeof SandboxResultSchema>;
export type SandboxStatus = SandboxResult['status'];
