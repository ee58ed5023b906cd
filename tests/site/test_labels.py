"""Label placement: placed labels never overlap each other, a point or an obstacle, stay in the
allowed area, and the most important label (the latest figure) is placed first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.site import labels

WIDTH, HEIGHT, SIZE = 300.0, 190.0, 12.0


def boxes(
    anchors: list[labels.Anchor], placed: dict[int, tuple[float, float]]
) -> dict[int, labels.Box]:
    return {i: labels.label_box(anchors[i], dx, dy, SIZE) for i, (dx, dy) in placed.items()}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 1000, allow_nan=False),
            st.sampled_from(["12.5", "1,234.0*", "98.7%", "0%"]),
        ),
        min_size=1,
        max_size=24,
    )
)
def test_placed_labels_never_collide(series: list[tuple[float, str]]) -> None:
    values = [v for v, _ in series]
    domain = labels.nice_domain(values)
    anchors = [
        labels.Anchor(
            labels.point_x(i, len(series), WIDTH), labels.value_y(v, domain, HEIGHT), text
        )
        for i, (v, text) in enumerate(series)
    ]
    placed = labels.place(anchors, labels.importance(values), width=WIDTH, height=HEIGHT, size=SIZE)
    drawn = boxes(anchors, placed)
    items = list(drawn.items())
    for n, (i, box) in enumerate(items):
        assert (
            box.x0 >= -2
            and box.x1 <= WIDTH + 1.5 * SIZE
            and box.y0 >= -SIZE
            and box.y1 <= HEIGHT + 2
        )
        for j, other in items[n + 1 :]:
            assert not box.overlaps(other), (i, j)
        for k, anchor in enumerate(anchors):
            assert not box.overlaps(labels.around(anchor.x, anchor.y, 7, 7)), (i, k)
    if len(series) == 1:
        assert placed, "a lone point always has room for its label"


def test_the_latest_is_labelled_first_and_crowded_labels_are_left_out() -> None:
    values = [62.24, 62.43, 58.47, 61.3, 65.92, 72.68, 73.5, 86.9, 83.01, 85.76, 79.06, 79.4]
    domain = labels.nice_domain(values)
    order = labels.importance(values)
    assert order[:3] == [11, 7, 2]  # latest, highest, lowest

    def placed_at(width: float) -> dict[int, tuple[float, float]]:
        anchors = [
            labels.Anchor(
                labels.point_x(i, 12, width), labels.value_y(v, domain, HEIGHT), f"{v:.2f}"
            )
            for i, v in enumerate(values)
        ]
        return labels.place(anchors, order, width=width, height=HEIGHT, size=SIZE)

    wide, narrow = placed_at(WIDTH), placed_at(WIDTH / 2)
    assert {11, 7, 2} <= set(wide) and len(wide) == 12  # room for all
    assert {11, 7} <= set(narrow) and len(narrow) < 12  # crowded: some left out


def test_a_target_tick_is_an_obstacle() -> None:
    anchor = labels.Anchor(150, 100, "80.0")
    tick_above = labels.around(150, 100 - 16, 8, 3)
    placed = labels.place(
        [anchor], [0], width=WIDTH, height=HEIGHT, size=SIZE, obstacles=[tick_above]
    )
    assert placed[0][1] > 0  # below the point, not over the target above it


def test_nice_domain_holds_the_values_on_round_numbers() -> None:
    low, high = labels.nice_domain([3125.0, 12500.0, 2919.9])
    assert low <= 2919.9 and high >= 12500 and low % 500 == 0 and high % 500 == 0
    assert labels.nice_domain([5.0, 5.0]) == (4.0, 6.0) or labels.nice_domain([5.0, 5.0])[0] < 5
