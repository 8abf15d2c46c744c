-- Reviewer packages this database exported (SPEC §11): merge accepts only these. `base_json` holds
-- the exported assessment's values per target, so merge can tell "changed here" from "changed in
-- the package"; merge moves it forward for the fields it settles.

CREATE TABLE package_export (
  export_id TEXT PRIMARY KEY CHECK (length(export_id) = 32),
  reviewer_id TEXT NOT NULL REFERENCES reviewer(id),
  fy INTEGER NOT NULL REFERENCES fiscal_year(fy),
  file_name TEXT NOT NULL,
  exported_by TEXT NOT NULL,
  exported_at TEXT NOT NULL,
  base_json TEXT NOT NULL,
  merged_at TEXT
) STRICT;
