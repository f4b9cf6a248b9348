// The whole suite: TypeScript (vitest) then Python (unittest), closed by the failed tests' names
// (CI logs keep only the tail) and one "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runPythonTests } from './run-python-tests.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultFile = `${root}.test-results/vitest.json`;
mkdirSync(`${root}.test-results`, { recursive: true });

const firstLine = (text) => text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? '';

function vitestFailures(result) {
  return result.testResults.flatMap((file) => {
    const name = file.name.replace(root, '');
    const tests = file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${name} > ${test.fullName}: ${firstLine(test.failureMessages.join('\n'))}`);
    return tests.length === 0 && file.status === 'failed' ? [`${name}: ${firstLine(file.message ?? 'failed')}`] : tests;
  });
}

function runVitest() {
  return new Promise((resolvePromise) => {
    const child = spawn('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${resultFile}`, ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('close', (code) => {
      try {
        const result = JSON.parse(readFileSync(resultFile, 'utf8'));
        const crashed = code !== 0 && result.numFailedTests === 0 ? 1 : 0;
        const failures = vitestFailures(result);
        if (code !== 0 && failures.length === 0) failures.push(`vitest exited with code ${code} (an error outside any test: see above)`);
        resolvePromise({
          passed: result.numPassedTests,
          failed: result.numFailedTests + crashed,
          skipped: result.numPendingTests + result.numTodoTests,
          failures,
        });
      } catch (error) {
        resolvePromise({ passed: 0, failed: 1, skipped: 0, failures: [`vitest left no results: ${error.message}`] });
      }
    });
  });
}

const typescript = await runVitest();
const python = await runPythonTests();
const failures = [...typescript.failures, ...python.failures];
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((failure) => `  ${failure}`).join('\n')}`);
console.log(`\nTypeScript: ${typescript.passed} passed, ${typescript.failed} failed, ${typescript.skipped} skipped`);
console.log(`Python: ${python.passed} passed, ${python.failed} failed, ${python.skipped} skipped`);
const passed = typescript.passed + python.passed;
const failed = typescript.failed + python.failed;
console.log(`${passed} passed, ${failed} failed, ${typescript.skipped + python.skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
