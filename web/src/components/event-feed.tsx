/** @module The event log as a list, newest first: loaded events plus those pushed live since. */
import { Link } from 'wouter';
import type { EventRow } from '../api/types.js';
import { formatTime } from './format.js';

function describe(event: EventRow): string {
  const data = Object.entries(event.data).filter(([, value]) => value !== null && typeof value !== 'object');
  return data.map(([key, value]) => `${key}: ${String(value)}`).join(', ');
}

/** `loaded` from a request, `live` from the stream; ids dedupe the overlap. */
export function EventFeed({ loaded, live, evolution, limit = 30 }: { loaded: EventRow[]; live: EventRow[]; evolution?: string | null; limit?: number }) {
  const seen = new Set<number>();
  const events = [...live.filter((event) => !evolution || !event.evolution || event.evolution === evolution), ...loaded]
    .filter((event) => (seen.has(event.id) ? false : (seen.add(event.id), true)))
    .sort((a, b) => b.id - a.id)
    .slice(0, limit);
  if (events.length === 0) return <div className="state state-empty">No events yet.</div>;
  return (
    <ol className="event-feed" aria-label="recent events">
      {events.map((event) => (
        <li key={event.id} data-event-kind={event.kind}>
          <time>{formatTime(event.createdAt)}</time>
          <span className="event-kind">{event.kind}</span>
          {event.designId && <Link href={`/designs/${event.designId}`}>design</Link>}
          {event.nodeId && <span className="muted">node {event.nodeId}</span>}
          {event.jobId !== null && <span className="muted">job {event.jobId}</span>}
          <span className="muted">{describe(event)}</span>
        </li>
      ))}
    </ol>
  );
}
