"""File formats, pure: ranked exports (CSV, XLSX) and whole-workshop JSON snapshots."""
