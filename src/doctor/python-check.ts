/**
 * @module The Python side: an interpreter that imports torch, its version, GPUs and threads, and
 * whether its BLAS is fast enough to train on (a reference BLAS is ten times slower than OpenBLAS).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { findPython, pythonSourceDir, runPythonJson, workerEnv } from '../runtime/index.js';
import type { DoctorCheck } from './report.js';

const ProbeSchema = z.object({
  python: z.string(),
  pythonVersion: z.string(),
  torchError: z.string().optional(),
  torch: z.string().optional(),
  blas: z.string().optional(),
  threads: z.number().int().optional(),
  cpus: z.number().int().optional(),
  cudaAvailable: z.boolean().optional(),
  cudaVersion: z.string().nullable().optional(),
  gpus: z.array(z.object({ name: z.string(), memoryGiB: z.number() })).optional(),
  cpuGflops: z.number().optional(),
  gpuBf16Tflops: z.number().optional(),
});
type Probe = z.infer<typeof ProbeSchema>;

const INSTALL_FIX = 'on Debian: apt-get install -y python3-torch libopenblas0-pthread (CPU); on a GPU machine install torch 2.x with CUDA (pip, conda or a venv) and set GENESYS_PYTHON to that interpreter';
// fp32 matmul per thread: OpenBLAS or MKL on any AVX2 core gives tens of GFLOP/s, a reference BLAS one or two.
const SLOW_GFLOPS_PER_THREAD = 4;
const PROBE_TIMEOUT_MS = 120_000;

function runProbe(python: string, bench: boolean): Promise<Probe> {
  const script = join(pythonSourceDir, 'genesys_rt', 'doctor_probe.py');
  return runPythonJson(python, [script, ...(bench ? [] : ['--no-bench'])], ProbeSchema, { env: workerEnv(), timeoutMs: PROBE_TIMEOUT_MS });
}

function torchMajorMinor(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split(/[.+]/).map(Number);
  return [major, minor];
}

/** The python, blas and gpu checks. */
export async function pythonChecks(options: { bench: boolean }): Promise<DoctorCheck[]> {
  let python: string;
  try {
    python = (await findPython({ requireTorch: true })).executable;
  } catch (error) {
    return [{ id: 'python', status: 'fail', required: true, summary: error instanceof Error ? error.message : String(error), fix: INSTALL_FIX }];
  }
  let probe: Probe;
  try {
    probe = await runProbe(python, options.bench);
  } catch (error) {
    return [{ id: 'python', status: 'fail', required: true, summary: `${python} could not run the torch probe: ${(error as Error).message}`, fix: INSTALL_FIX }];
  }
  if (probe.torchError || !probe.torch) {
    return [{ id: 'python', status: 'fail', required: true, summary: `${probe.python} cannot import torch (${probe.torchError ?? 'unknown'})`, fix: INSTALL_FIX }];
  }
  const [major, minor] = torchMajorMinor(probe.torch);
  const old = major < 1 || (major === 1 && minor < 13);
  const device = probe.gpus && probe.gpus.length > 0
    ? `CUDA ${probe.cudaVersion ?? '?'}, ${probe.gpus.length} GPU(s): ${probe.gpus.map((gpu) => `${gpu.name} ${gpu.memoryGiB} GiB`).join(', ')}`
    : 'CPU only';
  const checks: DoctorCheck[] = [{
    id: 'python',
    status: old ? 'warn' : 'ok',
    required: true,
    summary: `${probe.python} (Python ${probe.pythonVersion}), torch ${probe.torch}, ${device}, ${probe.threads} of ${probe.cpus} CPU threads`,
    fix: old ? 'torch 1.13 or newer is supported; upgrade torch' : undefined,
    details: { ...probe },
  }];
  if (probe.cpuGflops !== undefined && probe.threads) {
    const perThread = probe.cpuGflops / probe.threads;
    const slow = perThread < SLOW_GFLOPS_PER_THREAD;
    checks.push({
      id: 'blas',
      status: slow ? 'warn' : 'ok',
      required: false,
      summary: `fp32 matmul ${probe.cpuGflops} GFLOP/s on ${probe.threads} thread(s) (${perThread.toFixed(1)} per thread), BLAS ${probe.blas}`,
      fix: slow ? 'CPU training will be slow: install an optimised BLAS (Debian: apt-get install -y libopenblas0-pthread), and check that no other job holds the cores' : undefined,
      details: { gflops: probe.cpuGflops, perThread, blas: probe.blas },
    });
  }
  if (probe.gpuBf16Tflops !== undefined) {
    checks.push({ id: 'gpu', status: 'ok', required: false, summary: `bf16 matmul ${probe.gpuBf16Tflops} TFLOP/s on ${probe.gpus?.[0]?.name ?? 'GPU 0'}`, details: { tflops: probe.gpuBf16Tflops } });
  }
  return checks;
}
