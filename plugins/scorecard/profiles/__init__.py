"""Layout profiles: how to read one publisher's or one template's scorecard PDF.

The declarations live in YAML files (``profiles/<name>.yml`` at the repository root, see
``profiles/derby.yml``); :func:`load_profile` reads one with everything it ``extends``, and
:mod:`.vocabulary` gives the statuses and directions every active profile can produce (what
the validation suite, the marts and the site accept). Importing this package is cheap.
"""

from __future__ import annotations

from scorecard.profiles.files import (
    DEFAULT_PROFILE,
    PROFILES_DIR,
    find,
    load_profile,
    profile_names,
    read_file,
)
from scorecard.profiles.model import Profile, ProfileError, Status, StatusCell, normalise

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES_DIR",
    "Profile",
    "ProfileError",
    "Status",
    "StatusCell",
    "find",
    "load_profile",
    "normalise",
    "profile_names",
    "read_file",
]
