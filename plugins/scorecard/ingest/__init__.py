"""Ingest: where each quarter's report is published (``sources.yml``), fetching it under the
hostile-input rules, and landing it by content in the landing area."""
