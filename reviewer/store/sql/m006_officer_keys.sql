-- Officer keys (SPEC §7): registered certificates and each sign-off's signature over its decision
-- hash. Private keys never enter the database. Both tables only grow: a certificate is never
-- edited or removed (old signatures still name it), and a sign-off's signature is written once,
-- in the transaction that signs, and never changed. `reviewer verify` compares these triggers
-- with sqlite_schema like every other lock.

CREATE TABLE officer_certificate (
  fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
  officer_id TEXT NOT NULL REFERENCES officer(id),
  subject TEXT NOT NULL,
  not_before TEXT NOT NULL,
  not_after TEXT NOT NULL,
  pem TEXT NOT NULL CHECK (length(pem) > 0),
  origin TEXT NOT NULL CHECK (origin IN ('made', 'registered')),
  registered_by TEXT NOT NULL,
  registered_at TEXT NOT NULL
) STRICT;
CREATE INDEX officer_certificate_officer ON officer_certificate(officer_id);

CREATE TABLE decision_signature (
  decision_id INTEGER PRIMARY KEY REFERENCES decision(id),
  fingerprint TEXT NOT NULL REFERENCES officer_certificate(fingerprint),
  algorithm TEXT NOT NULL CHECK (algorithm = 'rsa-pkcs1v15-sha256'),
  signature TEXT NOT NULL CHECK (length(signature) > 0),
  signed_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER lock_officer_certificate_update BEFORE UPDATE ON officer_certificate
BEGIN SELECT RAISE(ABORT, 'officer_certificate is append-only: no update'); END;

CREATE TRIGGER lock_officer_certificate_delete BEFORE DELETE ON officer_certificate
BEGIN SELECT RAISE(ABORT, 'officer_certificate is append-only: no delete'); END;

-- Written by the sign-off itself: the decision is signed at the signature's own time.
CREATE TRIGGER lock_decision_signature_insert BEFORE INSERT ON decision_signature
WHEN NOT EXISTS (SELECT 1 FROM decision d
                 WHERE d.id = NEW.decision_id AND d.signed_at IS NOT NULL AND d.signed_at = NEW.signed_at)
BEGIN SELECT RAISE(ABORT, 'decision_signature is locked: only with its sign-off'); END;

CREATE TRIGGER lock_decision_signature_update BEFORE UPDATE ON decision_signature
BEGIN SELECT RAISE(ABORT, 'decision_signature is locked: no update'); END;

CREATE TRIGGER lock_decision_signature_delete BEFORE DELETE ON decision_signature
BEGIN SELECT RAISE(ABORT, 'decision_signature is locked: no delete'); END;
