-- SPEC §4 "Telemetry rollups", once, for every engine (reviewer.rollup.rules reads this file).
--
-- Each runner provides, before these statements run:
--   raw_samples(file_no, line, robot, t_ms, active)   one row per robot per message
--   raw_conditions(file_no, line, robot, cond)       the fault conditions shown in that message
--   registry(robot, operator, industry, op_key)      the robot registry (empty with --operator)
--   flag_group(operator, industry, op_key)           one row: --operator/--industry, or NULLs
-- and three scalar functions with the same meaning on every engine:
--   period_jst(ms)      the Japan-time month 'YYYY-MM' holding an instant (epoch milliseconds)
--   next_month_jst(ms)  the epoch milliseconds at which the next Japan-time month starts
--   msg_pos(file_no, line)  file_no * 10^12 + line: a message's place, ordered as file order
-- Only standard SQL follows (window functions, joins, aggregates), so DuckDB and Spark SQL read
-- it alike. Operating time is summed as integer milliseconds; the runner divides once at the end.

-- name: ordered
-- Each robot's messages in file order (input order, then line), with its previous message.
SELECT
  a.file_no, a.line, a.robot, a.t_ms, a.active, a.operator, a.industry, a.op_key,
  lag(a.t_ms) OVER w AS prev_t,
  lag(a.active) OVER w AS prev_active,
  lag(a.file_no) OVER w AS prev_file,
  lag(a.line) OVER w AS prev_line
FROM (
  SELECT
    s.file_no, s.line, s.robot, s.t_ms, s.active,
    coalesce(r.operator, f.operator) AS operator,
    coalesce(r.industry, f.industry) AS industry,
    coalesce(r.op_key, f.op_key) AS op_key
  FROM raw_samples s
  CROSS JOIN flag_group f
  LEFT JOIN registry r ON r.robot = s.robot
) a
WHERE a.operator IS NOT NULL
WINDOW w AS (PARTITION BY a.robot ORDER BY a.file_no, a.line)

-- name: unregistered
-- A robot the registry lacks, at its first message (only when a registry is used).
SELECT file_no, line, robot
FROM (
  SELECT s.file_no, s.line, s.robot,
    row_number() OVER (PARTITION BY s.robot ORDER BY s.file_no, s.line) AS nth
  FROM raw_samples s
  CROSS JOIN flag_group f
  LEFT JOIN registry r ON r.robot = s.robot
  WHERE f.operator IS NULL AND r.robot IS NULL
) u
WHERE nth = 1

-- name: out_of_order
-- A message older than its robot's previous message (in file order) is refused at its line.
SELECT file_no, line, robot, t_ms, prev_t, prev_file, prev_line
FROM ordered
WHERE t_ms < prev_t

-- name: rollup
-- One row per Japan-time month x industry x operator (operators compared folded: op_key).
WITH
conds AS (
  SELECT DISTINCT file_no, line, robot, cond FROM raw_conditions
),
onsets AS (
  -- a condition absent from the robot's previous message is one intervention
  SELECT o.file_no, o.line, o.robot, count(*) AS n
  FROM ordered o
  JOIN conds c ON c.robot = o.robot AND c.file_no = o.file_no AND c.line = o.line
  LEFT JOIN conds p
    ON p.robot = o.robot AND p.file_no = o.prev_file AND p.line = o.prev_line AND p.cond = c.cond
  WHERE p.cond IS NULL
  GROUP BY o.file_no, o.line, o.robot
),
intervals AS (
  -- an interval belongs to the state it starts in, capped at 60 s, cut at the month boundary
  SELECT industry, op_key, operator, file_no, line,
    prev_t AS start_ms,
    least(t_ms, prev_t + 60000) AS end_ms,
    next_month_jst(prev_t) AS boundary
  FROM ordered
  WHERE prev_active
),
facts AS (
  SELECT period_jst(o.t_ms) AS period, o.industry, o.op_key, o.operator, o.robot, o.active,
    CAST(0 AS BIGINT) AS ms, coalesce(x.n, 0) AS onsets, msg_pos(o.file_no, o.line) AS pos, 1 AS is_message
  FROM ordered o
  LEFT JOIN onsets x ON x.robot = o.robot AND x.file_no = o.file_no AND x.line = o.line
  UNION ALL
  SELECT period_jst(start_ms), industry, op_key, operator, CAST(NULL AS STRING), CAST(NULL AS BOOLEAN),
    least(end_ms, boundary) - start_ms, 0, CAST(NULL AS BIGINT), 0
  FROM intervals
  UNION ALL
  -- the part after midnight of the 1st; a month reached only so still points at the closing message
  SELECT period_jst(boundary), industry, op_key, operator, CAST(NULL AS STRING), CAST(NULL AS BOOLEAN),
    end_ms - boundary, 0, msg_pos(file_no, line), 0
  FROM intervals
  WHERE end_ms > boundary
)
SELECT
  period,
  industry,
  -- the operator as spelt by the robot seen first in file order (the importers' rule)
  substr(min(concat(lpad(CAST(coalesce(pos, 999999999999999999) AS STRING), 19, '0'), operator)), 20) AS operator,
  count(DISTINCT CASE WHEN is_message = 1 THEN robot END) AS robots_deployed,
  count(DISTINCT CASE WHEN active THEN robot END) AS robots_active,
  CAST(sum(ms) AS BIGINT) AS operating_ms,
  CAST(sum(onsets) AS BIGINT) AS interventions,
  min(pos) AS first_pos,
  max(pos) AS last_pos,
  count(DISTINCT CASE WHEN is_message = 1 THEN pos END) AS message_count
FROM facts
GROUP BY period, industry, op_key
ORDER BY period, industry, op_key

-- name: messages_per_file
SELECT file_no, count(*) AS messages FROM raw_messages GROUP BY file_no
