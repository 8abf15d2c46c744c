-- A redaction's basis (SPEC §8 "Disclosure"): the SHA-256 of the comment text the secretariat's
-- public text was written for. When the comment's text changes afterwards the basis no longer
-- matches: the redaction is out of date and the public edition prints neither text. NULL with a
-- public text: set before this migration in an FY signed before it (locked, so still current).
-- The comment lock triggers of m002 cover this column as they cover every other.
ALTER TABLE comment ADD COLUMN public_basis TEXT;
