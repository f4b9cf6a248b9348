/**
 * @module Migration 2: what the evolution loop needs beyond the initial schema: the untrained
 * baseline of each scale (the fitness filter compares every design with it, on any node), and the
 * generation a design was made in (the loop's resume point and the lineage plots' x axis).
 */
export const sql = /* sql */ `
CREATE TABLE baselines (
  ladder      text NOT NULL,
  scale       text NOT NULL,
  record      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ladder, scale)
);

ALTER TABLE designs ADD COLUMN generation int;
CREATE INDEX designs_by_generation ON designs (evolution, generation);
`;
