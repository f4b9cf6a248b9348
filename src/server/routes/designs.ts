/**
 * @module Routes about designs: the tree, the leaderboard, one design, its lineage, two designs
 * compared, and verifications.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { getVerification, type Db } from '../../store/index.js';
import { NotFoundError } from '../http-errors.js';
import { limitSchema, parseQuery, ScopeQuerySchema } from '../request.js';
import { resolveScope } from '../scope.js';
import { verificationList } from '../views/activity.js';
import { compareDesigns } from '../views/compare.js';
import { designDetail, designLineage, designTree } from '../views/designs.js';
import { scaleLeaderboard } from '../views/leaderboard.js';

const LadderQuerySchema = z.object({ ladder: z.string().min(1).optional() });
const LeaderboardQuerySchema = ScopeQuerySchema.extend({ scale: z.string().min(1).optional() });
const CompareQuerySchema = LadderQuerySchema.extend({ a: z.string().min(1), b: z.string().min(1) });
const VerificationsQuerySchema = ScopeQuerySchema.extend({
  designId: z.string().min(1).optional(),
  scale: z.string().min(1).optional(),
  status: z.string().min(1).optional(),
  limit: limitSchema(200, 5000),
});

export function designRoutes(db: Db): Hono {
  return new Hono()
    .get('/tree', async (c) => c.json(await designTree(db, await resolveScope(db, parseQuery(c, ScopeQuerySchema)))))
    .get('/designs', async (c) => {
      const tree = await designTree(db, await resolveScope(db, parseQuery(c, ScopeQuerySchema)));
      return c.json({
        scope: tree.scope,
        designs: tree.nodes.map(({ id, name, origin, createdAt, fitness, rank, status }) => ({ id, name, origin, createdAt, fitness, rank, status })),
      });
    })
    .get('/leaderboard', async (c) => {
      const query = parseQuery(c, LeaderboardQuerySchema);
      return c.json(await scaleLeaderboard(db, await resolveScope(db, query), query.scale));
    })
    .get('/designs/:id', async (c) => c.json(await designDetail(db, { id: c.req.param('id'), ...parseQuery(c, LadderQuerySchema) })))
    .get('/designs/:id/lineage', async (c) => c.json(await designLineage(db, { id: c.req.param('id'), ...parseQuery(c, LadderQuerySchema) })))
    .get('/compare', async (c) => c.json(await compareDesigns(db, parseQuery(c, CompareQuerySchema))))
    .get('/verifications', async (c) => {
      const query = parseQuery(c, VerificationsQuerySchema);
      const scope = query.evolution || query.ladder ? await resolveScope(db, query) : undefined;
      return c.json({ verifications: await verificationList(db, { ...query, scope }) });
    })
    .get('/verifications/:id', async (c) => {
      const { rows } = await db.query('SELECT design_id, ladder, scale FROM verifications WHERE id = $1', [c.req.param('id')]);
      const key = rows[0];
      const verification = key && await getVerification(db, { designId: String(key.design_id), ladder: String(key.ladder), scale: String(key.scale) });
      if (!verification) throw new NotFoundError(`no verification with id ${c.req.param('id')}`);
      return c.json({ verification });
    });
}
