/**
 * @module Static analysis of unit files in the warm worker pool (a trusted op: it never runs the code).
 */
import { getWorkerPool } from '../runtime/index.js';
import { UnitAnalysisSchema, type UnitAnalysis } from './unit-analysis.js';

/** Analyzes unit sources in the process-wide pool; results come back in input order. */
export async function analyzeUnitsInPool(units: { code: string; filename: string }[]): Promise<UnitAnalysis[]> {
  const data = await getWorkerPool().call('analyze_many', { units });
  return UnitAnalysisSchema.array().parse(data.units);
}
