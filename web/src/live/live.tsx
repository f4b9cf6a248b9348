/**
 * @module Live updates: one EventSource on `/api/stream` for the whole app. It counts a version per
 * topic (pages refetch what they show when one of theirs moves) and keeps the events pushed since
 * the page loaded, newest first, for the event feeds.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { streamUrl } from '../api/client.js';
import type { EventRow, LiveMessage, LiveTopic } from '../api/types.js';

const TOPICS: LiveTopic[] = ['events', 'jobs', 'nodes', 'designs', 'verifications', 'costs', 'budgets'];
const KEPT_EVENTS = 200;

interface LiveState {
  connected: boolean;
  versions: Record<LiveTopic, number>;
  /** Events pushed since the stream opened, newest first. */
  events: EventRow[];
}

const LiveContext = createContext<LiveState | null>(null);

const zero = Object.fromEntries(TOPICS.map((topic) => [topic, 0])) as Record<LiveTopic, number>;

function bump(versions: Record<LiveTopic, number>, topics: LiveTopic[]): Record<LiveTopic, number> {
  const next = { ...versions };
  for (const topic of topics) next[topic] += 1;
  return next;
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveState>({ connected: false, versions: zero, events: [] });
  useEffect(() => {
    const source = new EventSource(streamUrl());
    const on = <Type extends LiveMessage['type']>(type: Type, handle: (message: Extract<LiveMessage, { type: Type }>) => void) => {
      source.addEventListener(type, (event) => handle({ type, ...JSON.parse((event as MessageEvent<string>).data) } as Extract<LiveMessage, { type: Type }>));
    };
    // Reconnected: whatever changed while the stream was down is refetched. The first connection
    // opens as the pages load their data, so refetching then would only repeat those requests.
    let connections = 0;
    on('hello', () => {
      connections += 1;
      setState((current) => ({ ...current, connected: true, versions: connections > 1 ? bump(current.versions, TOPICS) : current.versions }));
    });
    on('events', (message) => setState((current) => ({
      ...current,
      versions: bump(current.versions, ['events']),
      events: [...[...message.events].reverse(), ...current.events].slice(0, KEPT_EVENTS),
    })));
    on('jobs', () => setState((current) => ({ ...current, versions: bump(current.versions, ['jobs']) })));
    on('nodes', () => setState((current) => ({ ...current, versions: bump(current.versions, ['nodes']) })));
    on('changed', (message) => setState((current) => ({ ...current, versions: bump(current.versions, message.topics) })));
    source.onerror = () => setState((current) => ({ ...current, connected: false }));
    return () => source.close();
  }, []);
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive outside LiveProvider');
  return value;
}

/** One number that changes whenever any of `topics` does. */
export function useTopicsVersion(topics: LiveTopic[]): number {
  const { versions } = useLive();
  return useMemo(() => topics.reduce((sum, topic) => sum + versions[topic], 0), [topics, versions]);
}
