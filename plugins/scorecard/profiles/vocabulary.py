"""The one status and direction vocabulary: what every active layout profile can produce.

The active profiles are the project's (``profiles/*.yml``) and any a sources file names from
another folder. Their canonical statuses (in order, with the colour each is shown in) and
directions of travel, merged, are what the validation suite accepts (``scorecard.validate``
reads them here), and what the dbt project's accepted values and the site's status colours
must be (``tests/dbt/test_vocabulary.py`` holds them equal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scorecard.profiles.files import DEFAULT_PROFILE, load_profile, profile_names
from scorecard.profiles.model import Profile, ProfileError


@dataclass(frozen=True)
class Vocabulary:
    """Canonical statuses (with colours and meaning) and directions, in the profiles' order."""

    statuses: tuple[str, ...]
    colours: dict[str, str]
    on_target: dict[str, bool | None]
    directions: tuple[str, ...]


def active_profiles(names: Sequence[str] = (), dirs: Sequence[Path] = ()) -> list[Profile]:
    """The default profile, the project's others, and ``names`` (from ``dirs`` or the project)."""
    wanted = dict.fromkeys([DEFAULT_PROFILE, *profile_names(), *names])
    return [load_profile(name, dirs) for name in wanted]


def vocabulary(profiles: Sequence[Profile] | None = None) -> Vocabulary:
    """The merged vocabulary of ``profiles`` (the active ones by default); a status two
    profiles show in different colours is a ProfileError."""
    chosen = active_profiles() if profiles is None else list(profiles)
    colours: dict[str, str] = {}
    meaning: dict[str, bool | None] = {}
    directions: dict[str, None] = {}
    for profile in chosen:
        for status in profile.statuses:
            known = colours.setdefault(status.name, status.colour)
            if known != status.colour or meaning.setdefault(status.name, status.on_target) != (
                status.on_target
            ):
                raise ProfileError(
                    f"{profile.file}: status {status.name!r} is declared with another colour or "
                    "meaning than in another active profile; a status means one thing everywhere"
                )
        directions.update(dict.fromkeys(profile.directions))
    return Vocabulary(tuple(colours), colours, meaning, tuple(directions))
