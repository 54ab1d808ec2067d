"""A column scrolls by whole cards: its top card always shows from its name line.

Each check reads the screen: the first line of every column under its header
must be a card's first line (a priority mark, then a name of that column).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.scrollbar import ScrollTo

from networking_tui.domain import clock
from networking_tui.domain.model import STAGES
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.scenes import MOMENT, demo_app
from networking_tui.ui.widgets.card_list import CardList

from .conftest import screen_text

MARKS = "●◐○"
SIZES = [(120, 40), (100, 30), (80, 24)]


def column_lines(app: NetworkingApp, stage: str, screen: list[str] | None = None) -> list[str]:
    """The lines the column's card list shows, as on screen (`screen`: the screen's
    lines if already read, as rendering it costs more than the check)."""
    region = app.query_one(f"#cards-{stage}", CardList).region
    lines = (screen or screen_text(app).splitlines())[region.y : region.bottom]
    return [line[region.x : region.right].rstrip(" ▁▂▃▄▅▆▇█") for line in lines]


def names(app: NetworkingApp, stage: str) -> list[str]:
    cards = app.query_one(f"#cards-{stage}", CardList)
    return [app.store.cards[uid].name for uid in cards.uids]


def is_name_line(line: str, stage_names: list[str]) -> bool:
    """` ● Ada Lovelace` (or cut short: ` ● Ada Lov…`) for a card of this column."""
    text = line.strip()
    if len(text) < 3 or text[0] not in MARKS:
        return False
    name = text[2:]
    return any(n == name or (name.endswith("…") and n.startswith(name[:-1])) for n in stage_names)


def assert_cards_whole_at_the_top(app: NetworkingApp, when: str) -> None:
    screen = screen_text(app).splitlines()
    for stage in STAGES:
        stage_names = names(app, stage)
        if not stage_names or not app.query_one(f"#column-{stage}").display:
            continue  # a narrow board shows the focused column and its neighbours
        top = column_lines(app, stage, screen)[0]
        assert is_name_line(top, stage_names), f"{stage} after {when}: top line {top!r}"


@pytest.fixture
def frozen_demo(tmp_path: Path):
    with clock.frozen(MOMENT):
        yield lambda: demo_app(tmp_path)


@pytest.mark.parametrize("size", SIZES)
async def test_every_key_leaves_whole_cards_at_the_top(frozen_demo, size) -> None:
    app = frozen_demo()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert_cards_whole_at_the_top(app, "start")
        for stage in STAGES:
            app.board.activate(stage)
            for keys in (
                ("end",),
                ("home", *"jjjjjj"),
                ("pagedown",),
                ("pagedown",),
                ("pageup",),
                ("k",),
                ("end", "k", "k"),
            ):
                await pilot.press(*keys)
                assert_cards_whole_at_the_top(app, f"{' '.join(keys)} in {stage}")


@pytest.mark.parametrize("size", SIZES)
async def test_the_last_card_shows_whole_after_end(frozen_demo, size) -> None:
    app = frozen_demo()
    async with app.run_test(size=size) as pilot:
        await pilot.press("end")
        lines = column_lines(app, "stranger")
        last = names(app, "stranger")[-1]
        at = next(n for n, line in enumerate(lines) if is_name_line(line, [last]))
        assert lines[at + 1].strip() and lines[at + 2].strip()  # context and due date
        assert_cards_whole_at_the_top(app, "end")


async def test_the_mouse_wheel_scrolls_a_card_at_a_time(frozen_demo) -> None:
    app = frozen_demo()
    async with app.run_test(size=(100, 30)) as pilot:
        cards = app.query_one("#cards-stranger", CardList)
        tops = [column_lines(app, "stranger")[0]]
        for event in [events.MouseScrollDown] * 3 + [events.MouseScrollUp] * 2:
            await pilot._post_mouse_events([event], cards, offset=(3, 3))
            assert_cards_whole_at_the_top(app, event.__name__)
            tops.append(column_lines(app, "stranger")[0])
        stranger = names(app, "stranger")
        expected = [stranger[n] for n in (0, 1, 2, 3, 2, 1)]
        for top, name in zip(tops, expected, strict=True):
            assert is_name_line(top, [name]), (top, name)


async def test_resizes_keep_whole_cards_at_the_top(frozen_demo) -> None:
    app = frozen_demo()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end", "right", "j", "j", "j")
        for size in [(100, 30), (80, 24), (120, 33), (90, 27), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert_cards_whole_at_the_top(app, f"a resize to {size}")


async def test_adds_and_stage_moves_keep_whole_cards_at_the_top(frozen_demo) -> None:
    app = frozen_demo()
    async with app.run_test(size=(100, 30)) as pilot:
        for stage in STAGES:  # every column scrolled part way down
            app.board.activate(stage)
            await pilot.press("end", "k")
        app.board.activate("stranger")
        for name in ("Zoe Quinn", "Aaron Abbott", "Maria Silva"):
            await pilot.press("a", *name, "enter")
            await pilot.pause()
            assert_cards_whole_at_the_top(app, f"adding {name}")
        for keys in (">", ">", "<", "end", ">", "ctrl+z", "x"):
            await pilot.press(keys)
            await pilot.pause()
            assert_cards_whole_at_the_top(app, f"pressing {keys}")


async def test_a_scrollbar_drag_stops_on_whole_cards(frozen_demo) -> None:
    app = frozen_demo()
    async with app.run_test(size=(100, 30)) as pilot:
        cards = app.query_one("#cards-stranger", CardList)
        for y in (1, 2, 3, 5, 6, 7, 9, 30, 0):  # where a thumb dragged by a cell lands
            cards.post_message(ScrollTo(y=y, animate=False))
            await pilot.pause()
            assert_cards_whole_at_the_top(app, f"a scrollbar drag to line {y}")
        assert cards.scroll_offset.y == 0


def whole_cards(app: NetworkingApp, stage: str) -> int:
    """Cards of the column shown from the name to the due date."""
    lines = column_lines(app, stage)
    stage_names = names(app, stage)
    return sum(
        1
        for n, line in enumerate(lines)
        if is_name_line(line, stage_names) and n + 2 < len(lines) and lines[n + 2].strip()
    )


@pytest.mark.parametrize(("size", "cards"), [((80, 24), 3), ((100, 30), 4), ((120, 40), 6)])
async def test_short_terminals_give_the_board_room_for_whole_cards(
    frozen_demo, size: tuple[int, int], cards: int
) -> None:
    """The pane below the board takes a share of the height, and no more than it can
    fill, and still shows the stage history and the latest touches."""
    app = frozen_demo()
    async with app.run_test(size=size) as pilot:
        await pilot.press("right", "right")  # Mei Chen: three stages, four touches
        await pilot.pause()
        assert whole_cards(app, "engaged") >= cards
        lines = screen_text(app).splitlines()
        start = next(n for n, line in enumerate(lines) if line.startswith(" Mei Chen "))
        pane = lines[start:-1]  # above the footer
    text = "\n".join(pane)
    assert "Engaged · priority 1 (highest) · next touch Wed 18 Nov 2026 (5d" in text
    assert "Latest touches (4)" in text
    assert "Fri 13 Nov 2026 email" in text  # the latest touch
    if size[0] >= 100:  # narrower, the stage history gives its room to the touches
        assert "Stage history" in text
        assert "Engaged Mon 12 Oct 2026" in " ".join(text.split())  # the current stage
    assert sum(not line.strip() for line in pane) <= 1  # no rows to spare
