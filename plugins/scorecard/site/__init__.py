"""The scorecard as pictures and words: a static site built from the marts, read as the BI
reader role, and the short scorecard of ``scorecard report``.

``scorecard.site.build.build_site()`` writes an overview of every quarter (the latest also as
the front page), a page per measure and per directorate, and the CSV of every table, under
``<docs>/site``. Charts are Vega-Lite (Altair) drawn to SVG at build time
(:mod:`scorecard.site.charts`, labels placed by :mod:`scorecard.site.labels`), so the pages
carry no script and open offline from disk; every value from a report is escaped by the
templates. Status colours, patterns and shapes come from :mod:`scorecard.site.palette`; movers
and changes in words from :mod:`scorecard.site.comparisons`, shared with
:mod:`scorecard.site.summary`; the sample-data and exception-report wording from
:mod:`scorecard.site.notices`. :mod:`scorecard.site.publish` adds the dbt docs and the docs home
after every transform.

(Nothing is imported here: the end-of-run summary imports only what it needs, without Altair.)
"""
