-- Robots active per month and industry for the report's fleet chart.
-- Current rows only, as of :cutoff (an ISO instant: batches imported later, and supersessions
-- made later, are ignored so a signed FY's chart never moves). A report row and a telemetry
-- rollup for one key are never summed: the report row counts (SPEC §4).
-- :public = 1 leaves out confidential rows that FY :fy has not disclosed (the row, or its batch).
WITH visible AS (
  SELECT f.evidence_id, f.period, f.industry, f.operator_key, f.source, f.robots_active,
         e.confidential, e.batch_id
  FROM fleet_observation f
  JOIN evidence e ON e.id = f.evidence_id
  JOIN import_batch b ON b.id = e.batch_id
  WHERE b.imported_at <= :cutoff
    AND (f.superseded_by IS NULL OR NOT EXISTS (
      SELECT 1 FROM evidence e2 JOIN import_batch b2 ON b2.id = e2.batch_id
      WHERE e2.id = f.superseded_by AND b2.imported_at <= :cutoff))
),
counted AS (
  SELECT v.* FROM visible v
  WHERE v.source = 'report'
     OR NOT EXISTS (SELECT 1 FROM visible r WHERE r.source = 'report' AND r.period = v.period
                    AND r.industry = v.industry AND r.operator_key = v.operator_key)
)
SELECT period, industry, sum(robots_active)
FROM counted
WHERE :public = 0 OR confidential = 0
   -- uncorrelated IN lists: SQLite builds each once per query, not once per row
   OR batch_id IN (SELECT batch_id FROM disclosure WHERE fy = :fy AND batch_id IS NOT NULL)
   OR evidence_id IN (SELECT evidence_id FROM disclosure WHERE fy = :fy AND evidence_id IS NOT NULL)
GROUP BY period, industry
ORDER BY period, industry;
