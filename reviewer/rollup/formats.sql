-- Reading VDA 5050 state messages and Open-RMF fleet states, once, for every engine.
--
-- Each runner provides the parsed messages, one row per non-blank line (or Parquet row):
--   vda(file_no, line, m)   m: the message as a struct (NULL when the line is not JSON)
--   rmf(file_no, line, m)
-- the function ms_of_iso(text) (epoch milliseconds of an ISO 8601 time with Z or an offset,
-- else NULL), and `{explode}`, its generator of one row per array element (DuckDB `unnest`,
-- Spark `explode`), which is the only word that differs. Codes and fields are those of the
-- product's own importers (reviewer/importers/vda5050.py, open_rmf.py).

-- name: vda_checked
-- (only the fields read later are kept, not the whole message: a copy of every struct cost a
-- fifth of the DuckDB job's time)
SELECT file_no, line, m.version AS version, m.timestamp AS ts, m.operatingMode AS mode,
  m.errors AS errors, major, t_ms, manufacturer, serial, estop,
  CASE
    WHEN m IS NULL THEN 'E-JSON-SYNTAX'
    WHEN missing IS NOT NULL THEN 'E-TELEMETRY-FIELD'
    WHEN major NOT IN ('2', '3') THEN 'E-VDA-VERSION'
    WHEN manufacturer = '' OR serial = '' OR t_ms IS NULL THEN 'E-TELEMETRY-VALUE'
    WHEN estop IS NULL THEN 'E-TELEMETRY-FIELD'
  END AS code,
  CASE
    WHEN missing IS NOT NULL THEN missing
    WHEN major NOT IN ('2', '3') THEN NULL
    WHEN manufacturer = '' THEN 'manufacturer'
    WHEN serial = '' THEN 'serialNumber'
    WHEN t_ms IS NULL THEN 'timestamp'
    WHEN estop IS NULL THEN concat('safetyState.', CASE major WHEN '2' THEN 'eStop' ELSE 'activeEmergencyStop' END)
  END AS field
FROM (
  SELECT file_no, line, m,
    regexp_extract(m.version, '^([0-9]+)[.][0-9]+([.][0-9]+)?([-+][0-9A-Za-z.-]+)?$', 1) AS major,
    CASE WHEN ms_of_iso(m.timestamp) BETWEEN 0 AND 32503679999999 THEN ms_of_iso(m.timestamp) END AS t_ms,
    trim(m.manufacturer) AS manufacturer,
    trim(m.serialNumber) AS serial,
    CASE regexp_extract(m.version, '^([0-9]+)[.]', 1)
      WHEN '2' THEN m.safetyState.eStop
      WHEN '3' THEN m.safetyState.activeEmergencyStop
    END AS estop,
    coalesce(
      CASE WHEN m.headerId IS NULL THEN 'headerId' END,
      CASE WHEN m.timestamp IS NULL THEN 'timestamp' END,
      CASE WHEN m.version IS NULL THEN 'version' END,
      CASE WHEN m.manufacturer IS NULL THEN 'manufacturer' END,
      CASE WHEN m.serialNumber IS NULL THEN 'serialNumber' END,
      CASE WHEN m.operatingMode IS NULL THEN 'operatingMode' END,
      CASE WHEN m.errors IS NULL THEN 'errors' END,
      CASE WHEN m.safetyState IS NULL THEN 'safetyState' END
    ) AS missing
  FROM vda
) v

-- name: vda_problems
SELECT file_no, line, code, field,
  CASE WHEN code = 'E-VDA-VERSION' THEN version
       WHEN field = 'timestamp' THEN ts
       WHEN code = 'E-TELEMETRY-VALUE' THEN '""'
  END AS value,
  CASE WHEN field = 'timestamp' THEN 'an ISO 8601 time with Z or an offset, between 1970 and 2999'
       WHEN code = 'E-TELEMETRY-VALUE' THEN 'a non-empty string'
  END AS expected
FROM vda_checked
WHERE code IS NOT NULL

-- name: vda_samples
SELECT file_no, line, concat(manufacturer, chr(31), serial) AS robot, t_ms,
  coalesce(mode = 'AUTOMATIC', false) AS active
FROM vda_checked
WHERE code IS NULL

-- name: vda_conditions
SELECT file_no, line, robot, concat('fatal:', e.errorType) AS cond
FROM (
  SELECT file_no, line, concat(manufacturer, chr(31), serial) AS robot, {explode}(errors) AS e
  FROM vda_checked
  WHERE code IS NULL
) x
WHERE e.errorLevel = 'FATAL'
UNION ALL
SELECT file_no, line, concat(manufacturer, chr(31), serial), 'estop'
FROM vda_checked
WHERE code IS NULL AND estop <> 'NONE'

-- name: rmf_checked
SELECT file_no, line, fleet, robots,
  CASE
    WHEN m IS NULL THEN 'E-JSON-SYNTAX'
    WHEN m.type IS NOT NULL AND m.type <> 'fleet_state_update' THEN 'E-RMF-NOT-FLEET-STATE'
    WHEN fleet IS NULL THEN 'E-TELEMETRY-FIELD'
    WHEN robots IS NULL THEN 'E-TELEMETRY-FIELD'
    WHEN fleet = '' THEN 'E-TELEMETRY-VALUE'
  END AS code,
  CASE
    WHEN m IS NULL OR (m.type IS NOT NULL AND m.type <> 'fleet_state_update') THEN NULL
    WHEN fleet IS NULL THEN concat(prefix, 'name')
    WHEN robots IS NULL THEN concat(prefix, 'robots')
    WHEN fleet = '' THEN concat(prefix, 'name')
  END AS field,
  CASE WHEN m.type IS NOT NULL AND m.type <> 'fleet_state_update' THEN m.type END AS value
FROM (
  SELECT file_no, line, m,
    CASE WHEN m.type IS NULL THEN '' ELSE 'data.' END AS prefix,
    trim(CASE WHEN m.type IS NULL THEN m.name ELSE m.data.name END) AS fleet,
    CASE WHEN m.type IS NULL THEN m.robots ELSE m.data.robots END AS robots
  FROM rmf
) r

-- name: rmf_robots
SELECT file_no, line, fleet, r.key AS name, r.value.status AS status,
  r.value.unix_millis_time AS millis, r.value.issues AS issues
FROM (
  SELECT file_no, line, fleet, {explode}(map_entries(robots)) AS r
  FROM rmf_checked
  WHERE code IS NULL
) x

-- name: rmf_robot_checked
SELECT file_no, line, fleet, name, status, millis, issues,
  CASE
    WHEN trim(name) = '' THEN 'E-TELEMETRY-VALUE'
    WHEN status IS NULL OR millis IS NULL THEN 'E-TELEMETRY-FIELD'
    WHEN status NOT IN ('uninitialized', 'offline', 'shutdown', 'idle', 'charging', 'working', 'error')
      THEN 'E-TELEMETRY-VALUE'
    WHEN millis < 0 OR millis >= 32503680000000 THEN 'E-TELEMETRY-VALUE'
  END AS code,
  concat('robots.', name,
    CASE
      WHEN trim(name) = '' THEN ''
      WHEN status IS NULL THEN '.status'
      WHEN millis IS NULL THEN '.unix_millis_time'
      WHEN status NOT IN ('uninitialized', 'offline', 'shutdown', 'idle', 'charging', 'working', 'error')
        THEN '.status'
      ELSE '.unix_millis_time'
    END) AS field,
  CASE
    WHEN trim(name) = '' THEN 'a non-empty robot name'
    WHEN status NOT IN ('uninitialized', 'offline', 'shutdown', 'idle', 'charging', 'working', 'error')
      THEN 'one of uninitialized, offline, shutdown, idle, charging, working, error'
    ELSE 'an integer of milliseconds since 1970'
  END AS expected
FROM rmf_robots

-- name: rmf_problems
SELECT file_no, line, code, field, value, CAST(NULL AS STRING) AS expected
FROM rmf_checked
WHERE code IS NOT NULL
UNION ALL
SELECT file_no, line, code, field,
  CASE WHEN field LIKE '%.status' THEN status ELSE CAST(millis AS STRING) END, expected
FROM rmf_robot_checked
WHERE code IS NOT NULL

-- name: rmf_samples
SELECT file_no, line, concat(fleet, chr(31), trim(name)) AS robot, millis AS t_ms, status = 'working' AS active
FROM rmf_robot_checked
WHERE code IS NULL

-- name: rmf_conditions
SELECT file_no, line, concat(fleet, chr(31), trim(name)) AS robot, 'status:error' AS cond
FROM rmf_robot_checked
WHERE code IS NULL AND status = 'error'
UNION ALL
SELECT file_no, line, robot, concat('issue:', issue)
FROM (
  SELECT file_no, line, concat(fleet, chr(31), trim(name)) AS robot, {explode}(issues) AS issue
  FROM rmf_robot_checked
  WHERE code IS NULL AND issues IS NOT NULL
) x
