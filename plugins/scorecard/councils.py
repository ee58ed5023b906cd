"""Councils: the key a council is filed under, from its name as its reports print it.

The warehouse derives the same key in ``raw.council_id_of`` (a generated column of
``raw.reports``), so a report is always filed under the council it names itself; a test holds
the two rules together.
"""

from __future__ import annotations

import re

_NOT_KEY = re.compile(r"[^a-z0-9]+")


def council_id(name: str) -> str:
    """``'Derby City Council'`` -> ``'derby-city-council'``: lower case, runs of anything but
    ASCII letters and digits joined by one ``-``, none at either end."""
    return _NOT_KEY.sub("-", name.lower()).strip("-")
