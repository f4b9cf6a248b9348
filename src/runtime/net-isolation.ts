/**
 * @module Kernel-level network isolation for sandboxed workers, when the host allows it.
 *
 * A fresh network namespace has only a downed loopback, so even C code and spawned programs cannot reach
 * a socket. With `--map-root-user` the worker also enters a new user namespace, which keeps it from
 * joining the host's namespace again even when the orchestrator runs as root. Where neither works
 * (no util-linux, user namespaces disabled) the worker's audit hook remains the guard.
 */
import { execFile } from 'node:child_process';

const CANDIDATES: string[][] = [
  ['unshare', '--net', '--map-root-user'],
  // Root without user namespaces still gets a network namespace.
  ['unshare', '--net'],
];

let probed: Promise<string[]> | undefined;

/** The command prefix that runs a program without network, or [] when none works here. Probed once. */
export function netIsolationPrefix(): Promise<string[]> {
  probed ??= firstWorking();
  return probed;
}

async function firstWorking(): Promise<string[]> {
  for (const prefix of CANDIDATES) {
    const [command, ...args] = prefix as [string, ...string[]];
    const works = await new Promise<boolean>((resolve) => {
      execFile(command, [...args, 'true'], { timeout: 10_000 }, (error) => resolve(!error));
    });
    if (works) return prefix;
  }
  return [];
}
