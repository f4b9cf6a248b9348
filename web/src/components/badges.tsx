/** @module Small coloured labels for statuses (nodes, jobs, verifications, unit changes). */

const TONE: Record<string, string> = {
  active: 'good', running: 'good', succeeded: 'good', ok: 'good', verified: 'good', accepted: 'good', pass: 'good', same: 'muted',
  paused: 'warn', draining: 'warn', queued: 'info', warn: 'warn', changed: 'warn', unverified: 'muted', added: 'info', skip: 'muted',
  stopped: 'muted', cancelled: 'muted', lost: 'bad', failed: 'bad', fail: 'bad', rejected: 'bad', error: 'bad', removed: 'bad',
  diverged: 'bad', timeout: 'bad', killed: 'bad', invalid: 'bad',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONE[status] ?? 'muted'}`}>{status}</span>;
}
