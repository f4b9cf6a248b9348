/**
 * @module What `genesys doctor` reports: one entry per check, with a fix for every problem; the
 * JSON form (`--json`) is this schema.
 */
import { z } from 'zod';

export const CheckStatusSchema = z.enum(['ok', 'warn', 'fail', 'skip']);
export type DoctorStatus = z.infer<typeof CheckStatusSchema>;

export const DoctorCheckSchema = z.object({
  id: z.string().describe('config, node, python, blas, gpu, store, llm, data, disk, artifacts, sandbox'),
  status: CheckStatusSchema,
  summary: z.string().describe('One line on what was found'),
  fix: z.string().optional().describe('What to do about a warning or failure'),
  required: z.boolean().describe('A failure of a required check makes doctor exit non-zero'),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type DoctorCheck = z.input<typeof DoctorCheckSchema>;

export const DoctorReportSchema = z.object({
  ok: z.boolean().describe('No required check failed'),
  checks: z.array(DoctorCheckSchema),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

export function doctorReport(checks: DoctorCheck[]): DoctorReport {
  return DoctorReportSchema.parse({ ok: !checks.some((check) => check.required && check.status === 'fail'), checks });
}
