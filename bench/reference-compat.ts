// `npm run compat`: imports every design of the original system (../shared/reference/genesys)
// and runs the checker on each; prints pass rates by original status and failures by reason.
import { rm } from 'node:fs/promises';
import { HAS_REFERENCE } from '../test/support/paths.js';
import { checkReference, importReference } from '../test/support/reference-compat.js';

if (!HAS_REFERENCE) {
  console.error('compat: ../shared/reference/genesys is not here; nothing to check');
  process.exit(0);
}
const { folder, statuses } = await importReference();
const names = [...statuses.keys()].sort();
console.log(`imported ${names.length} designs; checking each in a sandbox`);
const rows = await checkReference(folder, statuses, names, (row) => {
  process.stderr.write(`  ${row.passed ? 'pass' : 'FAIL'} ${row.design} (${row.status}, ${row.seconds.toFixed(1)} s)${row.reason ? ` ${row.reason} ${row.unit ?? ''}` : ''}\n`);
});
await rm(folder, { recursive: true, force: true });
const byStatus = new Map<string, { passed: number; total: number }>();
for (const row of rows) {
  const entry = byStatus.get(row.status) ?? { passed: 0, total: 0 };
  entry.total += 1;
  entry.passed += row.passed ? 1 : 0;
  byStatus.set(row.status, entry);
}
console.log('\npass rate by original status');
for (const [status, { passed, total }] of byStatus) console.log(`  ${status}: ${passed}/${total} (${((100 * passed) / total).toFixed(1)}%)`);
console.log('\nfailures by reason');
const failures = rows.filter((row) => !row.passed);
for (const reason of new Set(failures.map((row) => row.reason))) {
  const group = failures.filter((row) => row.reason === reason);
  console.log(`  ${reason} (${group.length}): ${group.map((row) => `${row.design}${row.unit ? ` [${row.unit}]` : ''}`).join(', ')}`);
}
console.log(`\n${rows.filter((row) => row.passed).length} passed, ${failures.length} failed of ${rows.length}`);
