/** @module Limits of one sandboxed op, with their defaults. */
import { z } from 'zod';

export const SandboxLimitsSchema = z.object({
  timeoutMs: z.number().int().positive().default(600_000).describe('Wall-clock limit from spawn to answer (ms)'),
  memoryMb: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(4096)
    .describe('Resident memory of the whole process group (MB); null for no limit'),
  cpuSeconds: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(null)
    .describe('CPU time of the worker process, threads summed (s); null leaves only the wall-clock limit'),
  allowNetwork: z.boolean().default(false),
  gpu: z
    .boolean()
    .optional()
    .describe('The op uses CUDA: skip RLIMIT_AS, since CUDA reserves far more address space than it uses'),
});
export type SandboxLimits = z.infer<typeof SandboxLimitsSchema>;
export type SandboxLimitsInput = z.input<typeof SandboxLimitsSchema>;
