"""The board's frames after a key draw only the changed lines (ui/compositor.py):
what they write must be what a whole-screen render shows there, every cell of
every changed span, so that what the user sees is what it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.strip import Strip

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.compositor import ChangedLinesCompositor

from .conftest import contact, write_db


def cells(strip: Strip) -> list[tuple[str, Any]]:
    return [(char, segment.style) for segment in strip for char in segment.text]


def check(update: Any, full: list[Strip]) -> int:
    """Every cell of the update's spans written, and as the full render has it."""
    checked = 0
    for y, x1, x2 in update.spans:
        covered: set[int] = set()
        line = update.chops[y]
        for end, (x, strip) in zip(update.chop_ends[y], line.items(), strict=True):
            if strip is None or x >= x2 or end <= x1:
                continue
            start, stop = max(x, x1), min(end, x2)
            written = cells(strip.crop(start - x, stop - x))
            assert written == cells(full[y].crop(start, stop)), (y, start, stop)
            covered.update(range(start, stop))
        assert covered == set(range(x1, x2)), (y, x1, x2)
        checked += 1
    return checked


@pytest.mark.parametrize("size", [(120, 40), (160, 48), (80, 24)])
async def test_a_focus_moves_frames_are_the_screen_as_drawn_whole(
    db: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_db(
        db,
        [contact(f"Person {n}", "stranger", context=f"met at {n}") for n in range(12)]
        + [contact(f"Friend {n}", "follower") for n in range(3)],
    )
    app = NetworkingApp(ContactStore.open(db))
    frames: list[int] = []
    partial = ChangedLinesCompositor.render_partial_update

    def checked(self: ChangedLinesCompositor) -> Any:
        update = partial(self)
        if update is not None:
            frames.append(check(update, self.render_strips()))
        return update

    monkeypatch.setattr(ChangedLinesCompositor, "render_partial_update", checked)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        frames.clear()
        for key in ["down", "down", "j", "up", "k", "right", "down", "left", "end", "home"]:
            await pilot.press(key)
            await pilot.pause()
    assert len(frames) >= 10 and all(frames)
