"""Transcription of the real report for 31-Mar-2018 (Q4 2017/18), fetched Monday 4 June 2018 12:07:08.

The data is in `real_2018_03_31.json` beside this module, transcribed from the pdftotext dump of
the published report (11 pages): all 21 measures in report order with their directorate, code,
title, statuses, targets and actuals as printed, unit, direction of travel and the three
commentary columns.

Transcription rules (the same rules the extractor applies, see docs/ARCHITECTURE.md):
- Letter-spacing undone from the wording ("T he  ta rge t o f 1 ,000" -> "The target of 1,000").
- Paragraphs (separated by a vertical gap, a blank line in the dump) are joined by "\\n\\n".
- Inside a paragraph, wrapped lines and hard line breaks are joined by one space, except a line
  that starts with a "-" bullet, which starts a new line ("\\n-..."). The bullet is kept exactly
  as printed: "- The Council ..." and "-Based on ..." both occur.
- Curly quotes: where the dump shows the mis-mapped characters ($ = left single quote, ! = right
  single quote/apostrophe, " = left double quote, # = right double quote) the data holds the
  curly character (U+2018, U+2019, U+201C, U+201D); where the dump shows a straight ASCII quote
  it stays straight. The truth straightens both (see `samples.model.straighten`).
- The "%" printed where the source has a dash in two places ("... judged as 'good' or
  'outstanding' % Residential Children's Homes", "not ready to let % these") is kept as printed:
  it is in the text layer, no extractor can know better.
- Which column a paragraph belongs to was read from the order and width of the dump's lines
  (context and actions lines hold about 55 characters, intervention lines about 35).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from samples.model import Measure, Report

_DATA = json.loads(Path(__file__).with_suffix(".json").read_text(encoding="utf-8"))

PERIOD_END = date.fromisoformat(_DATA["period_end"])
TIME_FETCHED = datetime.fromisoformat(_DATA["time_fetched"])
PAGE_COUNT: int = _DATA["page_count"]

CP = "Communities & Place"
OG = "Organisation & Governance"
PS = "People Services"
P100K = "per 100,000 population"
P10K = "per 10,000 population"
PCT = "%"

MEASURES: tuple[Measure, ...] = tuple(Measure(**row) for row in _DATA["measures"])
REPORT = Report(period_end=PERIOD_END, time_fetched=TIME_FETCHED, measures=MEASURES)
