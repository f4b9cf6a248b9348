/**
 * @module Tailing a table by its serial id without losing rows. Ids are handed out when a
 * transaction inserts but become visible when it commits, so id 11 can be seen before id 10; the
 * ids skipped over are kept as gaps and asked for again until they show up or are too old (a
 * rolled-back insert leaves a gap that never fills).
 */

// A jump this large is a sequence reset or crash recovery, not transactions in flight.
const MAX_GAP = 1000;

export interface EventCursor {
  /** Rows to ask for: ids above `after`, and the open gaps. */
  next(): { after: number; gaps: number[] };
  /** Records the ids a query returned (ascending) at time `nowMs`; returns those not seen before. */
  accept(ids: number[], nowMs: number): number[];
}

export function createEventCursor(options: { after: number; gapTtlMs: number }): EventCursor {
  let after = options.after;
  const gaps = new Map<number, number>();
  return {
    next: () => ({ after, gaps: [...gaps.keys()] }),
    accept(ids, nowMs) {
      const fresh: number[] = [];
      for (const id of ids) {
        if (gaps.delete(id)) {
          fresh.push(id);
        } else if (id > after) {
          for (let missing = Math.max(after + 1, id - MAX_GAP); missing < id; missing += 1) gaps.set(missing, nowMs);
          after = id;
          fresh.push(id);
        }
      }
      for (const [id, since] of gaps) if (nowMs - since > options.gapTtlMs) gaps.delete(id);
      return fresh;
    },
  };
}
