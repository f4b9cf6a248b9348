/**
 * @module The schema's migrations, in order. Kept as TypeScript strings so they ship inside
 * dist/ with no copy step; each file is the SQL of one version.
 */
import { sql as initial } from './0001-initial.js';
import { sql as evolution } from './0002-evolution.js';
import { sql as papers } from './0003-papers.js';
import { sql as designSessions } from './0004-design-sessions.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'evolution', sql: evolution },
  { version: 3, name: 'papers', sql: papers },
  { version: 4, name: 'design-sessions', sql: designSessions },
];
