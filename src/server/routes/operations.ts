/**
 * @module Routes to watch and steer the workers: nodes and their commands, jobs and re-queueing,
 * and asking an evolution to stop.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { JobStatusSchema, NodeCommandSchema, type Db } from '../../store/index.js';
import { IntegerIdSchema, limitSchema, parseJsonBody, parseQuery } from '../request.js';
import { commandNode, jobDetail, jobList, nodeDetail, nodeViews, requeueJob, requestEvolutionStop } from '../views/operations.js';

const NodeCommandBodySchema = z.object({ command: NodeCommandSchema }).strict();
const StopBodySchema = z.object({ reason: z.string().max(500).optional() }).strict();
const JobsQuerySchema = z.object({
  status: JobStatusSchema.optional(),
  kind: z.string().min(1).optional(),
  nodeId: z.string().min(1).optional(),
  limit: limitSchema(100, 1000),
});

export function operationRoutes(db: Db): Hono {
  return new Hono()
    .get('/nodes', async (c) => c.json({ nodes: await nodeViews(db) }))
    .get('/nodes/:id', async (c) => c.json(await nodeDetail(db, { id: c.req.param('id') })))
    .post('/nodes/:id/commands', async (c) => {
      const { command } = await parseJsonBody(c, NodeCommandBodySchema);
      return c.json({ command: await commandNode(db, { id: c.req.param('id'), command }) }, 202);
    })
    .get('/jobs', async (c) => c.json(await jobList(db, parseQuery(c, JobsQuerySchema))))
    .get('/jobs/:id', async (c) => c.json(await jobDetail(db, { id: IntegerIdSchema.parse(c.req.param('id')) })))
    .post('/jobs/:id/requeue', async (c) => c.json({ job: await requeueJob(db, { id: IntegerIdSchema.parse(c.req.param('id')) }) }, 201))
    .post('/evolutions/:name/stop', async (c) => {
      const { reason } = await parseJsonBody(c, StopBodySchema);
      return c.json({ event: await requestEvolutionStop(db, { evolution: c.req.param('name'), reason }) }, 202);
    });
}
