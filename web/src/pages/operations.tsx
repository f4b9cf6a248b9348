/**
 * @module Nodes and jobs: each node's status, heartbeat, hardware and pending commands with
 * buttons to pause, resume, drain or stop it; the job queue by status, each job's attempts, and
 * re-queueing a failed one. Everything refreshes live.
 */
import { useState } from 'react';
import { apiPost, withQuery, type ApiError } from '../api/client.js';
import type { JobDetailResponse, JobsResponse, JobStatus, JobSummary, NodeCommandRow, NodesResponse, NodeView } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { StatusBadge } from '../components/badges.js';
import { formatBytes, formatTime, timeAgo } from '../components/format.js';
import { Empty, Loaded } from '../components/states.js';

type NodeCommand = NodeCommandRow['command'];

/** Which commands change anything for a node in this status (see applyCommand in the store). */
const USEFUL: Record<NodeView['status'], NodeCommand[]> = {
  active: ['pause', 'drain', 'stop'],
  paused: ['resume', 'drain', 'stop'],
  draining: ['resume', 'stop'],
  lost: ['stop'],
  stopped: [],
};

function NodeActions({ node, onDone }: { node: NodeView; onDone: (message: string) => void }) {
  const send = async (command: NodeCommand) => {
    if (command === 'stop' && !window.confirm(`Stop node ${node.id}? Its running jobs go back to the queue.`)) return;
    try {
      await apiPost(`/api/nodes/${encodeURIComponent(node.id)}/commands`, { command });
      onDone(`${command} sent to ${node.id}; it applies it at its next heartbeat`);
    } catch (error) {
      onDone(`${command} failed: ${(error as ApiError).message}`);
    }
  };
  return (
    <span className="node-actions">
      {(['pause', 'resume', 'drain', 'stop'] as const).map((command) => (
        <button key={command} type="button" className={command === 'stop' ? 'danger small' : 'small'} disabled={!USEFUL[node.status].includes(command)}
          onClick={() => void send(command)} aria-label={`${command} ${node.id}`}>{command}</button>
      ))}
    </span>
  );
}

function Nodes({ nodes }: { nodes: NodeView[] }) {
  const [message, setMessage] = useState('');
  if (nodes.length === 0) return <Empty>No node registered. Start one on each machine with <code>genesys node --role verify</code> (or design, or all).</Empty>;
  return (
    <>
      {message && <div className="notice" role="status">{message}</div>}
      <div className="table-wrap">
        <table className="data-table" aria-label="nodes">
          <thead><tr><th>node</th><th>role</th><th>status</th><th>pending</th><th>heartbeat</th><th>jobs</th><th>host</th><th>hardware</th><th>commands</th></tr></thead>
          <tbody>
            {nodes.map((node) => (
              <tr key={node.id} data-node={node.id} data-status={node.status}>
                <td><strong>{node.id}</strong></td>
                <td>{node.role}</td>
                <td><StatusBadge status={node.status} /></td>
                <td className="pending-commands">{node.pendingCommands.length > 0 ? node.pendingCommands.map((command) => command.command).join(', ')
                  : node.lastCommand ? <span className="muted">last: {node.lastCommand.command}</span> : '–'}</td>
                <td title={formatTime(node.lastHeartbeat)}>{timeAgo(node.lastHeartbeat)}</td>
                <td>{node.currentJobs.join(', ') || '–'}</td>
                <td>{node.hostname}{node.pid !== null && <span className="muted"> pid {node.pid}</span>}</td>
                <td>{node.hardware.cpuCount} CPU · {formatBytes(node.hardware.memoryBytes)}{node.hardware.gpus.length > 0 && ` · ${node.hardware.gpus.map((gpu) => gpu.name).join(', ')}`}</td>
                <td><NodeActions node={node} onDone={setMessage} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function payloadSummary(payload: unknown): string {
  if (!payload || typeof payload !== 'object') return '';
  return Object.entries(payload as Record<string, unknown>).filter(([, value]) => typeof value !== 'object')
    .map(([key, value]) => `${key}=${String(value)}`).join(' ').slice(0, 90);
}

function JobAttempts({ id }: { id: number }) {
  const detail = useApi<JobDetailResponse>(`/api/jobs/${id}`, ['jobs']);
  return (
    <Loaded state={detail} what="attempts">
      {(data) => data.attempts.length === 0 ? <Empty>Not claimed yet.</Empty> : (
        <table className="data-table compact">
          <thead><tr><th>attempt</th><th>node</th><th>started</th><th>ended</th><th>outcome</th><th>reason</th></tr></thead>
          <tbody>{data.attempts.map((attempt, index) => (
            <tr key={index}><td>{attempt.attempt}</td><td>{attempt.nodeId}</td><td>{formatTime(attempt.startedAt)}</td><td>{formatTime(attempt.endedAt)}</td>
              <td>{attempt.outcome ? <StatusBadge status={attempt.outcome} /> : 'running'}</td><td>{attempt.reason ?? ''}</td></tr>
          ))}</tbody>
        </table>
      )}
    </Loaded>
  );
}

const STATUSES: ('' | JobStatus)[] = ['', 'queued', 'running', 'failed', 'succeeded', 'cancelled'];

function Jobs() {
  const [status, setStatus] = useState<'' | JobStatus>('');
  const [open, setOpen] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const jobs = useApi<JobsResponse>(withQuery('/api/jobs', { status, limit: 200 }), ['jobs']);
  const requeue = async (job: JobSummary) => {
    try {
      const { job: next } = await apiPost<{ job: JobSummary }>(`/api/jobs/${job.id}/requeue`);
      setMessage(`job ${job.id} re-queued as job ${next.id}`);
      jobs.reload();
    } catch (error) {
      setMessage(`re-queue failed: ${(error as ApiError).message}`);
    }
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label="job status">
        {STATUSES.map((entry) => (
          <button key={entry || 'all'} type="button" role="tab" aria-selected={status === entry} className={status === entry ? 'active' : undefined} onClick={() => setStatus(entry)}>
            {entry || 'all'}{entry && jobs.data ? ` (${jobs.data.counts[entry]})` : ''}
          </button>
        ))}
      </div>
      {message && <div className="notice" role="status">{message}</div>}
      <Loaded state={jobs} what="jobs">
        {(data) => data.jobs.length === 0 ? <Empty>No {status || ''} jobs.</Empty> : (
          <div className="table-wrap">
            <table className="data-table" aria-label="jobs">
              <thead><tr><th>job</th><th>kind</th><th>status</th><th>attempts</th><th>node</th><th>payload</th><th>last error</th><th>updated</th><th /></tr></thead>
              <tbody>
                {data.jobs.flatMap((job) => [
                  <tr key={job.id} data-job={job.id}>
                    <td><button type="button" className="link" onClick={() => setOpen(open === job.id ? null : job.id)} aria-expanded={open === job.id}>{job.id}</button></td>
                    <td>{job.kind}</td><td><StatusBadge status={job.status} /></td><td>{job.attempts} / {job.maxAttempts}</td>
                    <td>{job.nodeId ?? '–'}</td><td className="muted">{payloadSummary(job.payload)}</td>
                    <td className="error-text">{job.lastError ?? ''}</td><td>{timeAgo(job.updatedAt)}</td>
                    <td>{(job.status === 'failed' || job.status === 'cancelled') && <button type="button" className="small" onClick={() => void requeue(job)}>Re-queue</button>}</td>
                  </tr>,
                  ...(open === job.id ? [<tr key={`${job.id}-attempts`} className="detail-row"><td colSpan={9}><JobAttempts id={job.id} /></td></tr>] : []),
                ])}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </>
  );
}

export default function OperationsPage() {
  const nodes = useApi<NodesResponse>('/api/nodes', ['nodes']);
  return (
    <div data-page="nodes">
      <div className="page-title"><h1>Nodes</h1></div>
      <Loaded state={nodes} what="nodes">{(data) => <Nodes nodes={data.nodes} />}</Loaded>
      <div className="page-title"><h1>Jobs</h1></div>
      <Jobs />
    </div>
  );
}
