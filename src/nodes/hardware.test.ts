import { describe, expect, it } from 'vitest';
import { collectHardware, parseNvidiaSmi } from './hardware.js';

describe('node hardware', () => {
  it('parses nvidia-smi csv lines', () => {
    expect(parseNvidiaSmi('NVIDIA H100 80GB HBM3, 81559 MiB\nNVIDIA L40, 46068 MiB\n')).toEqual([
      { name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
      { name: 'NVIDIA L40', memoryMiB: 46068 },
    ]);
    expect(parseNvidiaSmi('')).toEqual([]);
  });

  it('describes this machine', async () => {
    const hardware = await collectHardware();
    expect(hardware.cpuCount).toBeGreaterThan(0);
    expect(hardware.memoryBytes).toBeGreaterThan(0);
    expect(Array.isArray(hardware.gpus)).toBe(true);
  });
});
