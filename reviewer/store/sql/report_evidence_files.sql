-- Every source file (import batch) imported as of :cutoff, with what its records say about
-- dates, self-reporting and confidentiality, for the report's evidence appendix.
SELECT b.id, b.file_name, b.sha256, b.format, b.importer_version, b.imported_at, b.record_count,
       min(e.effective_date), max(e.effective_date),
       coalesce(max(e.date_assumed), 0), coalesce(max(e.self_reported), 0),
       coalesce(max(e.confidential), 0), b.rollup_manifest
FROM import_batch b
LEFT JOIN evidence e ON e.batch_id = b.id
WHERE b.imported_at <= :cutoff
GROUP BY b.id
ORDER BY b.imported_at, b.id;
