"""The scorecard as pictures: a static site built from the marts, read as the BI reader role.

``scorecard.site.build.build_site()`` writes an overview of the latest quarter, a page per
measure and a page per directorate under ``<docs>/site``. Charts are Vega-Lite (Altair) drawn
to SVG at build time (:mod:`scorecard.site.charts`), so the pages carry no script and open
offline from disk; every value from a report is escaped by the templates.
:mod:`scorecard.site.publish` adds the dbt docs and the docs home after every transform.

(Nothing is imported here: the end-of-run summary asks :mod:`scorecard.site.publish` where
things are without loading Altair.)
"""
