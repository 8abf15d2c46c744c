-- SPEC §10, round-2 readings of `amend`: an amendment carries the amended decision's conditions
-- forward with their ids (so their statuses and notes, kept by condition id, stay theirs), and
-- leaves one behind only when told (`amend --drop-condition ID`). One row per condition of the
-- amended decision: carried (at `position` among the amendment's conditions) or dropped
-- (`position` NULL). A decision's conditions are its own rows in `condition` and the rows
-- carried here. Audited as entity `condition_carry`.
CREATE TABLE condition_carry (
  decision_id INTEGER NOT NULL REFERENCES decision(id),
  condition_id INTEGER NOT NULL REFERENCES condition(id),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  dropped INTEGER NOT NULL CHECK (dropped IN (0, 1)),
  CHECK ((dropped = 1) = (position IS NULL)),
  PRIMARY KEY (decision_id, condition_id),
  UNIQUE (decision_id, position)
) STRICT;
CREATE INDEX condition_carry_condition ON condition_carry(condition_id);

-- A signed decision's carried and dropped conditions are its conditions text: locked like it.
CREATE TRIGGER lock_condition_carry_insert BEFORE INSERT ON condition_carry
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.id = NEW.decision_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'condition of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_condition_carry_update BEFORE UPDATE ON condition_carry
WHEN EXISTS (SELECT 1 FROM decision d
             WHERE d.id IN (OLD.decision_id, NEW.decision_id) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'condition of signed FY is locked: no update'); END;

CREATE TRIGGER lock_condition_carry_delete BEFORE DELETE ON condition_carry
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.id = OLD.decision_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'condition of signed FY is locked: no delete'); END;
