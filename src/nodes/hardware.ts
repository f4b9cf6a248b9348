/**
 * @module What a node runs on: host, CPU, memory, and GPUs as nvidia-smi reports them.
 */
import { execFile } from 'node:child_process';
import { cpus, hostname, platform, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type { Hardware } from '../store/index.js';

const run = promisify(execFile);

/** Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader` lines ("NVIDIA H100, 81559 MiB"). */
export function parseNvidiaSmi(output: string): Hardware['gpus'] {
  return output.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const [name, memory] = line.split(',').map((part) => part.trim());
    const mebibytes = Number.parseFloat(memory ?? '');
    return { name: name ?? 'unknown GPU', memoryMiB: Number.isFinite(mebibytes) ? mebibytes : null };
  });
}

/** GPUs from nvidia-smi; none when it is absent or fails (a CPU machine). */
export async function detectGpus(): Promise<Hardware['gpus']> {
  try {
    const { stdout } = await run('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader'], { timeout: 10_000 });
    return parseNvidiaSmi(stdout);
  } catch {
    return [];
  }
}

export async function collectHardware(): Promise<Hardware> {
  const processors = cpus();
  return {
    hostname: hostname(),
    platform: `${platform()}-${process.arch}`,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpuCount: processors.length,
    memoryBytes: totalmem(),
    gpus: await detectGpus(),
  };
}
