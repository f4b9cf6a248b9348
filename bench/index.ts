// `npm run bench [-- SECTION...]`: benchmarks printed side by side in one run.
// Sections: checker, trainer, verify, store, evolution, search, dashboard, llm (all by default; verify takes several minutes).
import { cpus } from 'node:os';
import { benchChecker } from './checker.js';
import { benchDashboard } from './dashboard.js';
import { benchEvolution } from './evolution.js';
import { benchLlm } from './llm.js';
import { benchSearch } from './search.js';
import { benchStore } from './store.js';
import { benchTrainer, benchVerification } from './verify.js';

const SECTIONS: Record<string, () => Promise<unknown>> = {
  checker: benchChecker,
  trainer: benchTrainer,
  verify: benchVerification,
  store: benchStore,
  evolution: benchEvolution,
  search: benchSearch,
  dashboard: benchDashboard,
  llm: benchLlm,
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !SECTIONS[name]);
if (unknown.length > 0) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
console.log(`genesys-ts benchmarks on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
for (const name of chosen.length > 0 ? chosen : Object.keys(SECTIONS)) await SECTIONS[name]!();
