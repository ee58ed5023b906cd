"""The scorecard as pictures: a static site built from the marts, read as the BI reader role.

``build_site()`` writes an overview of the latest quarter, a page per measure and a page per
directorate under ``<docs>/site`` (:mod:`scorecard.site.build`). Charts are Vega-Lite (Altair)
drawn to SVG at build time (:mod:`scorecard.site.charts`), so the pages carry no script and
open offline from disk; every value from a report is escaped by the templates.
"""

from scorecard.site.build import SiteResult, build_site, site_dir
from scorecard.site.data import EmptyMarts

__all__ = ["EmptyMarts", "SiteResult", "build_site", "site_dir"]
