/**
 * @module `genesys doctor`: checks the machine, the store, the LLM providers, the data and the disk,
 * and says how to fix each problem.
 */
export { runDoctor, type DoctorOptions } from './run-doctor.js';
export { DoctorReportSchema, DoctorCheckSchema, type DoctorReport, type DoctorStatus } from './report.js';
