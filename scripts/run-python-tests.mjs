// Runs the Python runtime's unittest suite with the torch-capable interpreter; prints unittest's own summary.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findTorchPython } from './find-python.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Resolves to {passed, failed, skipped, failures}; unittest output is streamed through. */
export function runPythonTests() {
  const python = findTorchPython();
  if (!python) {
    console.error('no Python with torch found: run scripts/setup.sh or set GENESYS_PYTHON');
    return Promise.resolve({ passed: 0, failed: 1, skipped: 0, failures: ['no Python with torch found'] });
  }
  return new Promise((resolvePromise) => {
    const child = spawn(python, ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'], {
      cwd: `${root}python`,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let tail = '';
    let pending = '';
    const failures = [];
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop();
      for (const line of lines) if (/^(FAIL|ERROR|UNEXPECTED SUCCESS): /.test(line)) failures.push(line);
    });
    child.on('close', (code) => {
      const ran = Number(/Ran (\d+) tests?/.exec(tail)?.[1] ?? 0);
      const count = (key) => Number(new RegExp(`${key}=(\\d+)`).exec(tail)?.[1] ?? 0);
      const failed = count('failures') + count('errors') + count('unexpected successes');
      const skipped = count('skipped');
      const crashed = code !== 0 && failed === 0 ? 1 : 0;
      if (crashed) failures.push(`unittest exited with code ${code}`);
      resolvePromise({ passed: ran - failed - skipped, failed: failed + crashed, skipped, failures });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runPythonTests();
  process.exitCode = result.failed > 0 ? 1 : 0;
}
