"""The status palette stays apart for colour-blind readers, and status is never colour alone.

Every pair of status colours is simulated under protanopia, deuteranopia and tritanopia and
compared in CIEDE2000 (the simulation is :mod:`cvdkit`); the old palette is the negative
control (its Red and Green, Blue and Annual Collection collapsed under deuteranopia). The
browser test checks the colours the pages actually draw the same way.
"""

from __future__ import annotations

import pytest
from cvdkit import VISIONS, closest_pair, contrast, parse

from scorecard.site.palette import COLOURS, PATTERNS, SHAPES, STATUSES, TEXT_ON, stylesheet

APART = 12.0
"""The least CIEDE2000 distance between two statuses, with any vision (10 is obvious)."""
OLD = dict(
    zip(
        STATUSES,
        ("#c62828", "#e08e0b", "#2e7d32", "#1565c0", "#8a8a8a", "#7e57c2", "#bdbdbd"),
        strict=True,
    )
)


@pytest.mark.parametrize("vision", VISIONS)
def test_every_status_colour_stays_apart(vision: str) -> None:
    distance, one, other = closest_pair({s: parse(c) for s, c in COLOURS.items()}, vision)
    assert distance >= APART, f"{one} and {other} look alike with {vision} ({distance:.1f})"


def test_the_check_catches_the_palette_it_replaced() -> None:
    distance, one, other = closest_pair({s: parse(c) for s, c in OLD.items()}, "deuteranopia")
    assert distance < 6 and {one, other} == {"Annual Collection", "Blue"}
    red_green = closest_pair({s: parse(OLD[s]) for s in ("Red", "Green")}, "deuteranopia")
    assert red_green[0] < APART


def test_text_on_every_status_is_legible() -> None:
    for status in STATUSES:
        ratio = contrast(parse(COLOURS[status]), parse(TEXT_ON[status]))
        assert ratio >= 4.5, f"{status}: {ratio:.2f}"


def test_status_is_never_colour_alone() -> None:
    assert len(set(SHAPES.values())) == len(STATUSES)
    patterned = [PATTERNS[s] for s in STATUSES if PATTERNS[s] != "none"]
    assert len(set(patterned)) == len(patterned) >= 5
    css = stylesheet()
    for status in STATUSES:
        assert COLOURS[status] in css
    assert css.count(".segment.status-") == len(STATUSES)
