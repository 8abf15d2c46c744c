-- SPEC §3 "Models and their aliases": the plan's declared models and the names files give them.
CREATE TABLE model_decl (
  id TEXT PRIMARY KEY CHECK (length(id) > 0),
  key TEXT NOT NULL UNIQUE CHECK (length(key) > 0)
) STRICT;

-- An alias from the plan (batch_id NULL: it resolves names in later imports), or one an import
-- recorded (the file's own name for the model it was told with --model or the import dialog's
-- Model field; kept with its batch and removed with it).
CREATE TABLE model_alias (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL CHECK (length(key) > 0),
  alias TEXT NOT NULL CHECK (length(alias) > 0),
  model_id TEXT NOT NULL CHECK (length(model_id) > 0),
  batch_id INTEGER REFERENCES import_batch(id) ON DELETE CASCADE
) STRICT;

CREATE UNIQUE INDEX model_alias_plan_key ON model_alias(key) WHERE batch_id IS NULL;
CREATE INDEX model_alias_batch ON model_alias(batch_id);
