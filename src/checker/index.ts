/**
 * @module The checker: static analysis (warm pool) and functional checks (fresh sandbox per design).
 *
 * @example
 * const [design] = await designsFromPaths(['library/gpt'], analyzeUnitsInPool);
 * const report = await runCheck({ design });
 * process.stderr.write(renderCheckReport(report));
 */

/** Analyze unit files without running them, in the warm worker pool. */
export { analyzeUnitsInPool } from './analyze-units.js';
/** Designs from CLI paths: design folders, design JSON, or loose unit files forming one design. */
export { designsFromPaths, designFromUnitFiles, type AnalyzeUnits } from './design-from-files.js';
/** Run the functional checker on a design in a sandbox; failures of the sandbox become failed reports. */
export { runCheck, DEFAULT_CHECK_LIMITS, type RunCheckOptions } from './run-check.js';
/** The report as text with unit file:line references. */
export { renderCheckReport } from './render-report.js';
/** Schemas and types of reports, options and unit analyses. */
export { CheckReportSchema, CheckOptionsSchema, type CheckReport, type CheckOptions, type CheckIssue, type CheckResult } from './report.js';
export { UnitAnalysisSchema, type UnitAnalysis } from './unit-analysis.js';
