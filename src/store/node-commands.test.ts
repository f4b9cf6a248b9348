import { describe, expect, it } from 'vitest';
import { applyCommand } from './node-commands.js';

describe('node command transitions', () => {
  it('moves between active, paused and draining; stop is final', () => {
    expect(applyCommand('active', 'pause')).toBe('paused');
    expect(applyCommand('paused', 'resume')).toBe('active');
    expect(applyCommand('paused', 'drain')).toBe('draining');
    expect(applyCommand('draining', 'resume')).toBe('active');
    expect(applyCommand('draining', 'pause')).toBe('draining');
    expect(applyCommand('active', 'stop')).toBe('stopped');
    expect(applyCommand('stopped', 'resume')).toBe('stopped');
  });
});
