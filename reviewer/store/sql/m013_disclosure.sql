-- Disclosure (SPEC §8): what the secretariat chose to print in an FY's public edition, and each
-- comment's public text. A row discloses one import batch (every record of it) or one evidence
-- record (a document is an evidence record) for one FY's public edition; evidence that is not
-- confidential needs none. Rows are added and removed only before that FY is signed: the
-- triggers below refuse any change once it is, and the seal holds them (`verify` names a
-- difference as V-SEAL). `reviewer verify` compares these triggers with sqlite_schema too.

CREATE TABLE disclosure (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fy INTEGER NOT NULL REFERENCES fiscal_year(fy),
  batch_id INTEGER REFERENCES import_batch(id),
  evidence_id INTEGER REFERENCES evidence(id),
  disclosed_by TEXT NOT NULL,
  disclosed_at TEXT NOT NULL,
  CHECK ((batch_id IS NULL) <> (evidence_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX disclosure_fy_batch ON disclosure(fy, batch_id) WHERE batch_id IS NOT NULL;
CREATE UNIQUE INDEX disclosure_fy_evidence ON disclosure(fy, evidence_id) WHERE evidence_id IS NOT NULL;
CREATE INDEX disclosure_batch ON disclosure(batch_id);
CREATE INDEX disclosure_evidence ON disclosure(evidence_id);

-- NULL: the public edition prints the comment as written.
ALTER TABLE comment ADD COLUMN public_text TEXT;

CREATE TRIGGER lock_disclosure_insert BEFORE INSERT ON disclosure
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy = NEW.fy AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'disclosure of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_disclosure_update BEFORE UPDATE ON disclosure
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy IN (OLD.fy, NEW.fy) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'disclosure of signed FY is locked: no update'); END;

CREATE TRIGGER lock_disclosure_delete BEFORE DELETE ON disclosure
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy = OLD.fy AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'disclosure of signed FY is locked: no delete'); END;
