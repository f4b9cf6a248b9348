/**
 * @module The `check` job: the functional checker on one design, run by design nodes (or the
 * in-process worker of `genesys check`).
 */
import { z } from 'zod';
import { CheckOptionsSchema, CheckReportSchema, runCheck, type CheckReport } from '../checker/index.js';
import { DesignSchema } from '../core/design.js';
import type { JobHandler } from '../nodes/index.js';

export const CHECK_JOB = 'check';

export const CheckJobPayloadSchema = z.object({
  design: DesignSchema,
  options: CheckOptionsSchema.default({}),
  limits: z.object({ timeoutMs: z.number().int().positive(), memoryMb: z.number().int().positive() }).partial().default({}),
});
export type CheckJobPayload = z.infer<typeof CheckJobPayloadSchema>;

export const checkJobHandler: JobHandler<CheckJobPayload, CheckReport> = {
  roles: ['design'],
  payload: CheckJobPayloadSchema,
  run: async ({ design, options, limits }, context) => CheckReportSchema.parse(await runCheck({ design, options, limits, signal: context.signal })),
};
