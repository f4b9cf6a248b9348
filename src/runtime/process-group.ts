/**
 * @module Process groups of workers: kill them whole, measure their memory, and never leave one behind.
 *
 * Workers are spawned `detached`, so each leads its own group (pgid = pid) and whatever it forks
 * stays in that group unless it calls setsid() itself.
 */
import { readdirSync, readFileSync } from 'node:fs';

const live = new Set<number>();
let exitHookInstalled = false;

/** SIGKILL the whole group; a group that is already gone is fine. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Remember a live group so it is killed if the orchestrator exits first; `untrackGroup` when done. */
export function trackGroup(pgid: number): void {
  live.add(pgid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => live.forEach(killGroup));
  }
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid);
}

/** Resident memory of every process in the group, summed (MB); 0 when /proc is unavailable. */
export function groupRssMb(pgid: number): number {
  let kilobytes = 0;
  for (const pid of groupPids(pgid)) {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readOrEmpty(`/proc/${pid}/status`));
    if (match?.[1]) kilobytes += Number(match[1]);
  }
  return kilobytes / 1024;
}

function groupPids(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    // Fields after the command name (which may hold spaces and parentheses): state, ppid, pgrp, ...
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process exited between listing and reading
  }
}
