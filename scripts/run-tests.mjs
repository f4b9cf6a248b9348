// The whole suite: TypeScript (vitest) then Python (unittest), closed by one "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runPythonTests } from './run-python-tests.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultFile = `${root}.test-results/vitest.json`;
mkdirSync(`${root}.test-results`, { recursive: true });

function runVitest() {
  return new Promise((resolvePromise) => {
    const child = spawn('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${resultFile}`], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('close', (code) => {
      try {
        const result = JSON.parse(readFileSync(resultFile, 'utf8'));
        const crashed = code !== 0 && result.numFailedTests === 0 ? 1 : 0;
        resolvePromise({
          passed: result.numPassedTests,
          failed: result.numFailedTests + crashed,
          skipped: result.numPendingTests + result.numTodoTests,
        });
      } catch {
        resolvePromise({ passed: 0, failed: 1, skipped: 0 });
      }
    });
  });
}

const typescript = await runVitest();
const python = await runPythonTests();
console.log(`\nTypeScript: ${typescript.passed} passed, ${typescript.failed} failed, ${typescript.skipped} skipped`);
console.log(`Python: ${python.passed} passed, ${python.failed} failed, ${python.skipped} skipped`);
const passed = typescript.passed + python.passed;
const failed = typescript.failed + python.failed;
console.log(`${passed} passed, ${failed} failed, ${typescript.skipped + python.skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
