-- Locks of a signed FY (SPEC §7, RELIABILITY R3/R13): the database itself refuses any change to a
-- signed FY's assessments, decision, conditions text, snapshot, milestones and committee statuses.
-- Plain SQL only: no JSON or application functions, so files open with trusted_schema=OFF still work.
-- An FY is signed when it has a decision with signed_at set. Responses and condition statuses stay
-- writable. `reviewer verify` compares every trigger here with sqlite_schema, text for text.

CREATE TRIGGER lock_assessment_insert BEFORE INSERT ON assessment
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy = NEW.fy AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'assessment of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_assessment_update BEFORE UPDATE ON assessment
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy IN (OLD.fy, NEW.fy) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'assessment of signed FY is locked: no update'); END;

CREATE TRIGGER lock_assessment_delete BEFORE DELETE ON assessment
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy = OLD.fy AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'assessment of signed FY is locked: no delete'); END;

CREATE TRIGGER lock_assessment_item_insert BEFORE INSERT ON assessment_item
WHEN EXISTS (SELECT 1 FROM assessment a JOIN decision d ON d.fy = a.fy
             WHERE a.id = NEW.assessment_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'assessment_item of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_assessment_item_update BEFORE UPDATE ON assessment_item
WHEN EXISTS (SELECT 1 FROM assessment a JOIN decision d ON d.fy = a.fy
             WHERE a.id IN (OLD.assessment_id, NEW.assessment_id) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'assessment_item of signed FY is locked: no update'); END;

CREATE TRIGGER lock_assessment_item_delete BEFORE DELETE ON assessment_item
WHEN EXISTS (SELECT 1 FROM assessment a JOIN decision d ON d.fy = a.fy
             WHERE a.id = OLD.assessment_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'assessment_item of signed FY is locked: no delete'); END;

CREATE TRIGGER lock_comment_insert BEFORE INSERT ON comment
WHEN EXISTS (SELECT 1 FROM assessment a JOIN decision d ON d.fy = a.fy
             WHERE a.id = NEW.assessment_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'comment of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_comment_update BEFORE UPDATE ON comment
WHEN EXISTS (SELECT 1 FROM assessment a JOIN decision d ON d.fy = a.fy
             WHERE a.id IN (OLD.assessment_id, NEW.assessment_id) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'comment of signed FY is locked: no update'); END;

CREATE TRIGGER lock_comment_delete BEFORE DELETE ON comment
WHEN EXISTS (SELECT 1 FROM assessment a JOIN decision d ON d.fy = a.fy
             WHERE a.id = OLD.assessment_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'comment of signed FY is locked: no delete'); END;

-- A new decision for a signed FY is only an unsigned amendment of that FY's signed decision.
CREATE TRIGGER lock_decision_insert BEFORE INSERT ON decision
WHEN NEW.signed_at IS NOT NULL
  OR (EXISTS (SELECT 1 FROM decision d WHERE d.fy = NEW.fy AND d.signed_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM decision d
                      WHERE d.id = NEW.amends AND d.fy = NEW.fy AND d.signed_at IS NOT NULL))
BEGIN SELECT RAISE(ABORT, 'decision of signed FY is locked: no insert except an unsigned amendment'); END;

CREATE TRIGGER lock_decision_update BEFORE UPDATE ON decision
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'decision of signed FY is locked: no update'); END;

CREATE TRIGGER lock_decision_delete BEFORE DELETE ON decision
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'decision of signed FY is locked: no delete'); END;

-- Sign-off inserts the snapshot first, then marks the decision signed: never signed without one.
CREATE TRIGGER lock_decision_sign BEFORE UPDATE OF signed_at ON decision
WHEN OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM snapshot s WHERE s.decision_id = NEW.id AND s.fy = NEW.fy)
BEGIN SELECT RAISE(ABORT, 'decision of signed FY is locked: signed only with its snapshot'); END;

CREATE TRIGGER lock_condition_insert BEFORE INSERT ON condition
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.id = NEW.decision_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'condition of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_condition_update BEFORE UPDATE ON condition
WHEN EXISTS (SELECT 1 FROM decision d
             WHERE d.id IN (OLD.decision_id, NEW.decision_id) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'condition of signed FY is locked: no update'); END;

CREATE TRIGGER lock_condition_delete BEFORE DELETE ON condition
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.id = OLD.decision_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'condition of signed FY is locked: no delete'); END;

-- A snapshot exists only for a signed decision once its transaction commits: never changed.
CREATE TRIGGER lock_snapshot_insert BEFORE INSERT ON snapshot
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.id = NEW.decision_id AND d.signed_at IS NOT NULL)
  OR NOT EXISTS (SELECT 1 FROM decision d WHERE d.id = NEW.decision_id AND d.fy = NEW.fy)
BEGIN SELECT RAISE(ABORT, 'snapshot of signed FY is locked: no insert except for the decision being signed'); END;

CREATE TRIGGER lock_snapshot_update BEFORE UPDATE ON snapshot
BEGIN SELECT RAISE(ABORT, 'snapshot of signed FY is locked: no update'); END;

CREATE TRIGGER lock_snapshot_delete BEFORE DELETE ON snapshot
BEGIN SELECT RAISE(ABORT, 'snapshot of signed FY is locked: no delete'); END;

CREATE TRIGGER lock_milestone_insert BEFORE INSERT ON milestone
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy = NEW.fy AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'milestone of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_milestone_update BEFORE UPDATE ON milestone
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy IN (OLD.fy, NEW.fy) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'milestone of signed FY is locked: no update'); END;

CREATE TRIGGER lock_milestone_delete BEFORE DELETE ON milestone
WHEN EXISTS (SELECT 1 FROM decision d WHERE d.fy = OLD.fy AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'milestone of signed FY is locked: no delete'); END;

CREATE TRIGGER lock_committee_status_insert BEFORE INSERT ON committee_status
WHEN EXISTS (SELECT 1 FROM milestone m JOIN decision d ON d.fy = m.fy
             WHERE m.id = NEW.milestone_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'committee_status of signed FY is locked: no insert'); END;

CREATE TRIGGER lock_committee_status_update BEFORE UPDATE ON committee_status
WHEN EXISTS (SELECT 1 FROM milestone m JOIN decision d ON d.fy = m.fy
             WHERE m.id IN (OLD.milestone_id, NEW.milestone_id) AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'committee_status of signed FY is locked: no update'); END;

CREATE TRIGGER lock_committee_status_delete BEFORE DELETE ON committee_status
WHEN EXISTS (SELECT 1 FROM milestone m JOIN decision d ON d.fy = m.fy
             WHERE m.id = OLD.milestone_id AND d.signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'committee_status of signed FY is locked: no delete'); END;
