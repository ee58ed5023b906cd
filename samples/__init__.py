"""Deterministic sample "Improvement Report - Council Scorecard" PDFs and their truth files.

`samples.real_2018_03_31` transcribes the one real report we have, `samples.corpus` builds the
other quarters, `samples.render` draws a report with reportlab and `samples.generate` writes the
PDFs and truth JSON files into `samples/reports/`.
"""
