"""Words and lines from glyphs, by geometry and drawing order (not by the PDF's space glyphs).

A producer draws text in runs: a run is a stretch of glyphs drawn one after the other that
advances along one baseline (a super- or subscript drawn in the same stretch, smaller and
slightly off the baseline, stays in its run: ``31st``). Words are cut inside runs only, at
space glyphs or gaps wider than the page's word gap. Because two runs never merge into one
word, text that overflows its cell into the next column stays whole instead of interleaving
glyph by glyph with that column's text. Runs on one baseline form a line, left to right.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from scorecard.extract.glyphs import Box, Glyph, GlyphCensus, same_place

# Default word gap (fraction of the font size) when a page shows no letter-spacing pattern:
# below a space's width (~0.25 em), above kerning.
WORD_GAP_EM = 0.2
# A gap wider than this (in em) separates two segments of one baseline (e.g. footer fields).
SEGMENT_GAP_EM = 1.5
# Glyphs whose baselines differ by less than this (points) are on the same line.
BASELINE_TOLERANCE = 0.6
# A glyph drawn right after another continues its run if it starts no further back than this
# (em): kerning may overlap glyphs a little, a jump back is another run.
OVERLAP_EM = 0.35
# A smaller glyph this close (em) after the previous one and off the baseline by less than
# SCRIPT_RISE_EM is a super- or subscript of the run.
SCRIPT_GAP_EM = 0.3
SCRIPT_RISE_EM = 0.6


@dataclass(slots=True)
class Word(Box):
    """A word grouped from glyphs."""

    glyphs: int = 0  # drawn glyphs it is made of (for the page's accounting)
    parts: list[Glyph] = field(default_factory=list, repr=False)  # in drawing order
    followed_at: float | None = None  # x0 of the next word drawn in the same run, if any

    @property
    def xc(self) -> float:
        """Horizontal centre."""
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Line:
    """Words sharing one baseline (the whole page width, or one cell once split by column)."""

    words: list[Word]
    top: float
    bottom: float
    baseline: float
    size: float

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        """Left edge of the first word."""
        return self.words[0].x0

    @property
    def glyphs(self) -> int:
        """Drawn glyphs on this line."""
        return sum(w.glyphs for w in self.words)

    def segments(self) -> list[str]:
        """Runs of words separated by wide gaps (footer fields printed on one baseline)."""
        return [" ".join(w.text for w in run) for run in self.segment_words()]

    def segment_words(self) -> list[list[Word]]:
        """The words of each wide-gap segment."""
        runs: list[list[Word]] = [[self.words[0]]]
        for prev, word in itertools.pairwise(self.words):
            if word.x0 - prev.x1 > SEGMENT_GAP_EM * max(word.size, prev.size):
                runs.append([])
            runs[-1].append(word)
        return runs


def group_words(glyphs: Sequence[Glyph], census: GlyphCensus | None = None) -> list[Line]:
    """Group a page's upright glyphs (in drawing order) into lines of words, top down; runs
    drawn twice at (almost) the same place (faux bold) are folded, counted in ``census``."""
    runs = _fold_doubled_runs(_runs(glyphs), census)
    threshold = _page_threshold(runs)
    by_baseline: dict[float, list[list[Glyph]]] = {}
    for run in runs:
        by_baseline.setdefault(round(run[0].baseline, 1), []).append(run)
    lines: list[Line] = []
    for baseline, members in _merge_close_baselines(by_baseline):
        words = [w for run in members for w in _linked(_words_of(run, baseline, threshold))]
        if words:
            words.sort(key=lambda w: w.x0)
            lines.append(line_of(words))
    return lines


def _runs(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Split glyphs in drawing order into runs along one baseline each."""
    runs: list[list[Glyph]] = []
    run: list[Glyph] = []
    for glyph in glyphs:
        if run and _continues(run, glyph):
            run.append(glyph)
        else:
            run = [glyph]
            runs.append(run)
    return runs


def _page_threshold(runs: list[list[Glyph]]) -> float:
    """The page's word gap: from the letter-spaced runs, unless most of its text marks words
    with space glyphs (then the runs without a space are single words, whose wider gaps, such
    as letter spacing applied to an invisible soft hyphen, are no word gaps)."""
    texts = [run for run in runs if sum(1 for glyph in run if glyph.count) >= 2]
    spaced = sum(1 for run in texts if not all(glyph.count for glyph in run))
    if texts and spaced > len(texts) / 2:
        return WORD_GAP_EM
    return word_gap_threshold(_gaps_in_em(run) for run in texts)


def _fold_doubled_runs(runs: list[list[Glyph]], census: GlyphCensus | None) -> list[list[Glyph]]:
    """Fold text drawn a second time at (almost) the same place (faux bold) into its first
    copy, adding the glyph counts; a copy may run on into other text, which is kept."""
    kept: list[list[Glyph]] = []
    by_line: dict[int, list[int]] = {}
    for run in runs:
        pending = run
        while pending:
            found = _copy_of(kept, by_line.get(round(pending[0].baseline), []), pending)
            if found is None:
                by_line.setdefault(round(pending[0].baseline), []).append(len(kept))
                kept.append(pending)
                break
            index, start, length = found
            first = kept[index]
            kept[index] = [
                *first[:start],
                *(
                    replace(a, count=a.count + b.count)
                    for a, b in zip(first[start : start + length], pending[:length], strict=True)
                ),
                *first[start + length :],
            ]
            if census is not None:
                census.doubled += sum(g.count for g in pending[:length])
            pending = pending[length:]
    return kept


def _copy_of(
    kept: list[list[Glyph]], candidates: list[int], run: list[Glyph]
) -> tuple[int, int, int] | None:
    """(run index, start, length) of an earlier run that ``run`` starts by copying, glyph for
    glyph at the same places: all of ``run``, or at least three glyphs up to that run's end."""
    for index in candidates:
        earlier = kept[index]
        for start, glyph in enumerate(earlier):
            if not same_place(glyph, run[0]):
                continue
            length = 0
            while (
                start + length < len(earlier)
                and length < len(run)
                and same_place(earlier[start + length], run[length])
            ):
                length += 1
            if length == len(run) or (length >= 3 and start + length == len(earlier)):
                return index, start, length
    return None


def _continues(run: list[Glyph], glyph: Glyph) -> bool:
    """Whether ``glyph``, drawn right after the run's last glyph, belongs to the run."""
    first, last = run[0], run[-1]
    size = max(first.size, 1.0)
    if glyph.x0 < last.x1 - OVERLAP_EM * size:
        return False
    rise = abs(glyph.baseline - first.baseline)
    if rise < BASELINE_TOLERANCE:
        return True
    script = glyph.size < 0.9 * first.size or last.size < 0.9 * first.size
    return script and rise < SCRIPT_RISE_EM * size and glyph.x0 - last.x1 < SCRIPT_GAP_EM * size


def _merge_close_baselines(
    by_baseline: dict[float, list[list[Glyph]]], tolerance: float = BASELINE_TOLERANCE
) -> list[tuple[float, list[list[Glyph]]]]:
    """Baseline groups from the top of the page down, groups closer than ``tolerance`` merged
    (glyphs of one line placed with a little jitter stay on one line)."""
    merged: list[tuple[float, list[list[Glyph]]]] = []
    for key in sorted(by_baseline, reverse=True):  # PDF y grows upwards
        if merged and merged[-1][0] - key < tolerance:
            merged[-1][1].extend(by_baseline[key])
        else:
            merged.append((key, list(by_baseline[key])))
    return merged


def _gaps_in_em(run: Sequence[Glyph]) -> list[float]:
    """Gaps between consecutive visible glyphs of one run, in ems of the font size."""
    return [
        (glyph.x0 - prev.x1) / glyph.size
        for prev, glyph in itertools.pairwise(run)
        if prev.count and glyph.count and glyph.size > 0
    ]


def word_gap_threshold(gap_lists: Iterable[list[float]]) -> float:
    """The gap (in em) that separates words on this page.

    Letter-spaced text has two families of gaps: letter gaps (up to ~0.2 em) and word gaps
    (~0.5 em); the threshold is the middle of the widest empty stretch between 0.1 and 0.7 em
    of the sorted gaps. Without such a stretch (plain text with space glyphs) it is
    ``WORD_GAP_EM``.
    """
    gaps = sorted(g for gaps in gap_lists for g in gaps if 0.02 < g < 1.0)
    best_width, threshold = 0.0, WORD_GAP_EM
    for low, high in itertools.pairwise([0.02, *gaps]):
        middle = (low + high) / 2
        if high - low > best_width and 0.1 <= middle <= 0.7:
            best_width, threshold = high - low, middle
    return threshold if best_width >= 0.08 else WORD_GAP_EM


def _linked(words: list[Word]) -> list[Word]:
    """Record on each word of one run where the run's next word starts."""
    for word, following in itertools.pairwise(words):
        word.followed_at = following.x0
    return words


def _words_of(run: Sequence[Glyph], baseline: float, threshold: float) -> list[Word]:
    """Split one run into words at space glyphs and wide gaps."""
    words: list[Word] = []
    word: Word | None = None
    for glyph in run:
        if not glyph.count:
            word = None
            continue
        if word is not None and glyph.x0 - word.x1 > threshold * max(word.size, glyph.size):
            word = None
        if word is None:
            word = Word(glyph.text, glyph.x0, glyph.x1, glyph.top, glyph.bottom, glyph.size,
                        baseline, glyph.count, [glyph])  # fmt: skip
            words.append(word)
            continue
        word.text += glyph.text
        word.x1 = max(word.x1, glyph.x1)
        word.top = min(word.top, glyph.top)
        word.bottom = max(word.bottom, glyph.bottom)
        word.size = max(word.size, glyph.size)
        word.glyphs += glyph.count
        word.parts.append(glyph)
    return words


def word_of(parts: Sequence[Glyph], baseline: float) -> Word:
    """A word made of these glyphs."""
    return Word(
        "".join(g.text for g in parts),
        parts[0].x0,
        max(g.x1 for g in parts),
        min(g.top for g in parts),
        max(g.bottom for g in parts),
        max(g.size for g in parts),
        baseline,
        sum(g.count for g in parts),
        list(parts),
    )


def line_of(words: list[Word]) -> Line:
    """A Line from words already sorted left to right."""
    return Line(
        words,
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        baseline=words[0].baseline,
        size=max(w.size for w in words),
    )
