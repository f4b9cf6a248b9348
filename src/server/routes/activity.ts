/**
 * @module Routes for the state of the run: evolutions, the overview, spend, events and budgets.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { listBudgets, listEvents, type Db } from '../../store/index.js';
import { IntegerIdSchema, limitSchema, parseQuery, ScopeQuerySchema } from '../request.js';
import { resolveScope } from '../scope.js';
import { costs, evolutionList, overview } from '../views/activity.js';
import { recentEvents } from '../views/events.js';

const EventsQuerySchema = z.object({
  evolution: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  /** Oldest first after this id (tailing); otherwise newest first, before `before`. */
  after: z.coerce.number().int().nonnegative().optional(),
  before: IntegerIdSchema.optional(),
  limit: limitSchema(100, 1000),
}).refine((query) => query.after === undefined || query.before === undefined, { message: 'give after or before, not both' });

export function activityRoutes(db: Db): Hono {
  return new Hono()
    .get('/evolutions', async (c) => c.json(await evolutionList(db)))
    .get('/overview', async (c) => c.json(await overview(db, await resolveScope(db, parseQuery(c, ScopeQuerySchema)))))
    .get('/costs', async (c) => c.json(await costs(db, await resolveScope(db, parseQuery(c, ScopeQuerySchema)))))
    .get('/events', async (c) => {
      const query = parseQuery(c, EventsQuerySchema);
      const events = query.after === undefined ? await recentEvents(db, query) : await listEvents(db, { ...query, after: query.after });
      return c.json({ events });
    })
    .get('/budgets', async (c) => {
      const scope = await resolveScope(db, parseQuery(c, ScopeQuerySchema));
      return c.json({ scope: scope ?? null, budgets: scope ? await listBudgets(db, { evolution: scope.evolution }) : [] });
    });
}
