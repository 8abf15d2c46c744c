-- The first schema: everything in SPEC §2. STRICT tables, CHECK and foreign-key constraints.
-- Dates are ISO text (YYYY-MM-DD), checked by date(x, '+0 days') IS x (plain date() lets 30
-- February through); instants are ISO text in UTC.

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE program (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name_ja TEXT NOT NULL CHECK (length(name_ja) > 0),
  name_en TEXT NOT NULL CHECK (length(name_en) > 0),
  implementer TEXT NOT NULL CHECK (length(implementer) > 0),
  ceiling_jpy INTEGER NOT NULL CHECK (ceiling_jpy > 0),
  first_fy INTEGER NOT NULL CHECK (first_fy BETWEEN 1990 AND 2200),
  last_fy INTEGER NOT NULL,
  guaranteed_through_fy INTEGER NOT NULL,
  criteria_template TEXT NOT NULL,
  CHECK (last_fy >= first_fy),
  CHECK (guaranteed_through_fy BETWEEN first_fy - 1 AND last_fy)
) STRICT;

CREATE TABLE baseline_model (
  name TEXT PRIMARY KEY CHECK (length(name) > 0)
) STRICT;

CREATE TABLE trajectory_point (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 1990 AND 2200),
  robots_active INTEGER NOT NULL CHECK (robots_active >= 0)
) STRICT;

CREATE TABLE officer (
  id TEXT PRIMARY KEY CHECK (length(id) > 0),
  name TEXT NOT NULL CHECK (length(name) > 0),
  role TEXT NOT NULL CHECK (role IN ('approver', 'secretariat'))
) STRICT;

CREATE TABLE fiscal_year (
  fy INTEGER PRIMARY KEY CHECK (fy BETWEEN 1990 AND 2200),
  installment_jpy INTEGER NOT NULL CHECK (installment_jpy >= 0),
  gate_date TEXT NOT NULL CHECK (date(gate_date, '+0 days') IS gate_date)
) STRICT;

CREATE TABLE criterion (
  code TEXT PRIMARY KEY CHECK (length(code) > 0),
  position INTEGER NOT NULL,
  name_ja TEXT NOT NULL,
  name_en TEXT NOT NULL,
  questions_json TEXT NOT NULL DEFAULT '[]',
  sub_items_json TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE criterion_grade (
  criterion TEXT NOT NULL REFERENCES criterion(code),
  letter TEXT NOT NULL CHECK (letter IN ('A', 'B', 'C', 'D')),
  points INTEGER NOT NULL CHECK (points BETWEEN 0 AND 100),
  wording_ja TEXT NOT NULL,
  wording_en TEXT NOT NULL,
  PRIMARY KEY (criterion, letter)
) STRICT;

CREATE TABLE industry (
  code TEXT PRIMARY KEY CHECK (length(code) > 0),
  position INTEGER NOT NULL,
  name_ja TEXT NOT NULL UNIQUE CHECK (length(name_ja) > 0),
  name_en TEXT NOT NULL UNIQUE CHECK (length(name_en) > 0)
) STRICT;

CREATE TABLE organization (
  code TEXT PRIMARY KEY CHECK (length(code) > 0),
  name TEXT NOT NULL CHECK (length(name) > 0),
  name_en TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('member', 'prospective', 'other'))
) STRICT;

CREATE TABLE reviewer (
  id TEXT PRIMARY KEY CHECK (length(id) > 0),
  name TEXT NOT NULL CHECK (length(name) > 0),
  kana TEXT NOT NULL,
  affiliation TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member'))
) STRICT;

CREATE TABLE conflict (
  reviewer_id TEXT NOT NULL REFERENCES reviewer(id),
  organization_code TEXT NOT NULL REFERENCES organization(code),
  category TEXT NOT NULL CHECK (
    category IN ('relative', 'same_organization', 'co_researcher', 'competitor', 'other')),
  declared_at TEXT NOT NULL,
  PRIMARY KEY (reviewer_id, organization_code)
) STRICT;

CREATE TABLE milestone (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  fy INTEGER NOT NULL REFERENCES fiscal_year(fy),
  area TEXT NOT NULL CHECK (area IN ('model', 'benchmark', 'fleet', 'consortium', 'management')),
  criterion TEXT NOT NULL REFERENCES criterion(code),
  weight REAL NOT NULL CHECK (weight > 0),
  due TEXT NOT NULL CHECK (date(due, '+0 days') IS due),
  title_ja TEXT NOT NULL,
  title_en TEXT NOT NULL,
  rule_kind TEXT CHECK (rule_kind IN ('benchmark', 'fleet', 'model')),
  rule_json TEXT,
  CHECK ((rule_kind IS NULL) = (rule_json IS NULL))
) STRICT;
CREATE INDEX milestone_fy ON milestone(fy);

CREATE TABLE committee_status (
  milestone_id INTEGER PRIMARY KEY REFERENCES milestone(id),
  status TEXT NOT NULL CHECK (status IN ('met', 'partially_met', 'not_met', 'no_evidence')),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL
) STRICT;

-- Evidence ------------------------------------------------------------------------------

CREATE TABLE import_batch (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  format TEXT NOT NULL,
  importer_version TEXT NOT NULL,
  options_json TEXT NOT NULL,
  encoding TEXT,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  record_count INTEGER NOT NULL DEFAULT 0 CHECK (record_count >= 0),
  UNIQUE (sha256, options_json)
) STRICT;
CREATE INDEX import_batch_sha ON import_batch(sha256);

-- Every evidence record, whatever its kind: the id space of evidence links, and provenance.
-- Fleet observations live in this table too (their columns are NULL for other kinds): a
-- national fleet report has millions of rows, and one insert per row instead of two keeps the
-- import within its budget (PERFORMANCE.md). `fleet_observation` below is the view readers use.
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (
    kind IN ('model_release', 'benchmark_result', 'fleet_observation', 'document', 'manual')),
  batch_id INTEGER REFERENCES import_batch(id),
  effective_date TEXT NOT NULL CHECK (date(effective_date, '+0 days') IS effective_date),
  date_assumed INTEGER NOT NULL DEFAULT 0 CHECK (date_assumed IN (0, 1)),
  line INTEGER CHECK (line IS NULL OR line >= 1),
  place TEXT NOT NULL DEFAULT '',
  self_reported INTEGER NOT NULL DEFAULT 1 CHECK (self_reported IN (0, 1)),
  confidential INTEGER NOT NULL DEFAULT 1 CHECK (confidential IN (0, 1)),
  raw_json TEXT,
  -- fleet observations (kind = 'fleet_observation')
  source TEXT CHECK (source IN ('report', 'telemetry')),
  period TEXT CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  industry TEXT REFERENCES industry(code),
  operator TEXT CHECK (length(operator) > 0),
  operator_key TEXT,
  robots_deployed INTEGER CHECK (robots_deployed >= 0),
  robots_active INTEGER CHECK (robots_active >= 0 AND robots_active <= robots_deployed),
  operating_hours REAL CHECK (operating_hours >= 0),
  interventions INTEGER CHECK (interventions >= 0),
  incidents INTEGER CHECK (incidents >= 0),
  first_message INTEGER,
  last_message INTEGER,
  message_count INTEGER,
  superseded_by INTEGER REFERENCES evidence(id) DEFERRABLE INITIALLY DEFERRED,
  CHECK (batch_id IS NOT NULL OR kind IN ('document', 'manual')),
  CHECK (kind = 'fleet_observation' OR period IS NULL)
) STRICT;
-- One current row per month x industry x operator and source kind; rules read by period.
CREATE UNIQUE INDEX fleet_current_key ON evidence(period, industry, operator_key, source)
  WHERE period IS NOT NULL AND superseded_by IS NULL;

CREATE VIEW fleet_observation AS
  SELECT id AS evidence_id, source, period, industry, operator, operator_key, robots_deployed,
    robots_active, operating_hours, interventions, incidents, first_message, last_message,
    message_count, superseded_by
  FROM evidence WHERE kind = 'fleet_observation';

-- Lets a caller that writes an evidence row first add its fleet columns through the view.
CREATE TRIGGER fleet_observation_insert INSTEAD OF INSERT ON fleet_observation
BEGIN
  UPDATE evidence SET source = NEW.source, period = NEW.period, industry = NEW.industry,
    operator = NEW.operator, operator_key = NEW.operator_key, robots_deployed = NEW.robots_deployed,
    robots_active = NEW.robots_active, operating_hours = NEW.operating_hours,
    interventions = coalesce(NEW.interventions, 0), incidents = coalesce(NEW.incidents, 0),
    first_message = NEW.first_message, last_message = NEW.last_message,
    message_count = NEW.message_count, superseded_by = NEW.superseded_by
  WHERE id = NEW.evidence_id AND kind = 'fleet_observation';
  SELECT RAISE(ABORT, 'fleet_observation: no fleet evidence row with that id') WHERE changes() = 0;
END;

CREATE TABLE model_release (
  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  name_key TEXT NOT NULL,
  license TEXT,
  base_model_json TEXT NOT NULL DEFAULT '[]',
  pipeline_tag TEXT,
  languages_json TEXT NOT NULL DEFAULT '[]',
  datasets_json TEXT NOT NULL DEFAULT '[]',
  tags_json TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX model_release_key ON model_release(name_key);

CREATE TABLE benchmark_result (
  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  model_key TEXT NOT NULL,
  names_json TEXT NOT NULL,
  metric TEXT,
  filter TEXT,
  task TEXT,
  value REAL NOT NULL,
  stderr REAL,
  n INTEGER CHECK (n IS NULL OR n >= 0),
  higher_is_better INTEGER CHECK (higher_is_better IN (0, 1)),
  source TEXT
) STRICT;
CREATE INDEX benchmark_result_model ON benchmark_result(model_key);

CREATE TABLE document (
  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
  milestone_id INTEGER NOT NULL REFERENCES milestone(id),
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size BETWEEN 0 AND 209715200),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
) STRICT;
CREATE INDEX document_milestone ON document(milestone_id);

CREATE TABLE manual_evidence (
  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
  milestone_id INTEGER NOT NULL REFERENCES milestone(id),
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  source_description TEXT NOT NULL CHECK (length(source_description) > 0),
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL
) STRICT;

-- Assessments ---------------------------------------------------------------------------

CREATE TABLE assessment (
  id INTEGER PRIMARY KEY,
  reviewer_id TEXT NOT NULL REFERENCES reviewer(id),
  fy INTEGER NOT NULL REFERENCES fiscal_year(fy),
  UNIQUE (reviewer_id, fy)
) STRICT;

-- One rated target of an assessment: a criterion, a milestone, or 'overall'.
CREATE TABLE assessment_item (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessment(id),
  target TEXT NOT NULL CHECK (length(target) > 0),
  rating TEXT CHECK (rating IN ('A', 'B', 'C', 'D', 'met', 'partially_met', 'not_met')),
  sub_marks_json TEXT NOT NULL DEFAULT '{}',
  carried_over INTEGER NOT NULL DEFAULT 0 CHECK (carried_over IN (0, 1)),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (assessment_id, target)
) STRICT;

CREATE TABLE comment (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessment(id),
  target TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('overall', 'positive', 'issues', 'recommendations')),
  text TEXT NOT NULL,
  confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
  UNIQUE (assessment_id, target, kind)
) STRICT;

CREATE TABLE response (
  id INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comment(id),
  text TEXT NOT NULL CHECK (length(text) > 0),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE consensus (
  fy INTEGER PRIMARY KEY REFERENCES fiscal_year(fy),
  state TEXT NOT NULL CHECK (state IN ('hidden', 'open')),
  opened_by TEXT,
  opened_at TEXT
) STRICT;

-- Decisions ------------------------------------------------------------------------------

CREATE TABLE decision (
  id INTEGER PRIMARY KEY,
  fy INTEGER NOT NULL REFERENCES fiscal_year(fy),
  outcome TEXT NOT NULL CHECK (outcome IN ('continue', 'continue_with_conditions', 'accelerate',
    'scale_back', 'restructure', 'stop', 'stop_with_refund')),
  funding_jpy INTEGER NOT NULL CHECK (funding_jpy >= 0),
  rationale TEXT NOT NULL CHECK (length(rationale) > 0),
  override_reason TEXT,
  amends INTEGER REFERENCES decision(id),
  amend_reason TEXT,
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  signed_by TEXT REFERENCES officer(id),
  signed_at TEXT,
  signed_os_user TEXT,
  signed_host TEXT,
  sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
  CHECK ((signed_by IS NULL) = (signed_at IS NULL)),
  CHECK ((amends IS NULL) = (amend_reason IS NULL))
) STRICT;
CREATE INDEX decision_fy ON decision(fy);
-- at most one unsigned decision per FY
CREATE UNIQUE INDEX decision_unsigned ON decision(fy) WHERE signed_at IS NULL;

CREATE TABLE condition (
  id INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES decision(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL CHECK (length(text) > 0),
  due TEXT NOT NULL CHECK (date(due, '+0 days') IS due),
  UNIQUE (decision_id, position)
) STRICT;

CREATE TABLE condition_status (
  id INTEGER PRIMARY KEY,
  condition_id INTEGER NOT NULL REFERENCES condition(id),
  status TEXT NOT NULL CHECK (status IN ('open', 'met', 'partially_met', 'not_met')),
  note TEXT NOT NULL DEFAULT '',
  evidence_refs_json TEXT NOT NULL DEFAULT '[]',
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL
) STRICT;

CREATE TABLE snapshot (
  decision_id INTEGER PRIMARY KEY REFERENCES decision(id),
  fy INTEGER NOT NULL REFERENCES fiscal_year(fy),
  content_json TEXT NOT NULL,
  chain_head TEXT NOT NULL,
  chain_count INTEGER NOT NULL CHECK (chain_count >= 0),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE issued_report (
  id INTEGER PRIMARY KEY,
  fy INTEGER NOT NULL REFERENCES fiscal_year(fy),
  lang TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
  edition TEXT NOT NULL CHECK (edition IN ('internal', 'public')),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  file_name TEXT NOT NULL,
  signed INTEGER NOT NULL CHECK (signed IN (0, 1)),
  decision_sha256 TEXT,
  chain_head TEXT NOT NULL,
  chain_count INTEGER NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at TEXT NOT NULL
) STRICT;
CREATE INDEX issued_report_sha ON issued_report(sha256);

CREATE TABLE backup (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
  chain_head TEXT NOT NULL,
  chain_count INTEGER NOT NULL
) STRICT;

-- Audit log ------------------------------------------------------------------------------

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  old_json TEXT,
  new_json TEXT,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX audit_op ON audit_log(op_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
