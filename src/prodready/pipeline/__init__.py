"""The top of a scan: configuration, orchestration (collect, link, run the families), selection,
suppressions, baseline and diff, producing the `ScanResult` that reports and codemods take."""
