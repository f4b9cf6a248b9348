// `npm run bench`: every benchmark, figures printed side by side in one run.
import { cpus } from 'node:os';
import { benchChecker } from './checker.js';

console.log(`genesys-ts benchmarks on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
await benchChecker();
