"""Every view usable at 80x24 (issue 13): whole names on the board, footers that fit,
the review's touches in view; and one readable date form in every table."""

from __future__ import annotations

import re
from pathlib import Path

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.contact import ContactScreen

from .conftest import contact, screen_text, write_db

SMALL = (80, 24)
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def dated(db: Path) -> NetworkingApp:
    touches = [
        {"kind": "call", "at": "2026-11-20T10:00:00+00:00", "note": "talked shop"},
        {"kind": "email", "at": "2026-11-10T10:00:00+00:00", "note": "sent the paper"},
    ]
    ada = contact(
        "Ada Lovelace",
        "follower",
        interactions=touches,
        created_at="2026-10-01T10:00:00+00:00",
        updated_at="2026-11-20T10:00:00+00:00",
        stage_history=[
            {"stage": "stranger", "at": "2026-10-01T10:00:00"},
            {"stage": "follower", "at": "2026-11-02T10:00:00"},
        ],
    )
    write_db(db, [ada])
    return NetworkingApp(ContactStore.open(db), autosave=False)


async def test_the_detail_pane_shows_readable_dates_not_iso(db: Path) -> None:
    app = dated(db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Fri 20 Nov 2026 call" in text  # the latest touches
        assert "Tue 10 Nov 2026 email" in text
        assert not ISO_DAY.search(text), text
        await pilot.press("q")


async def test_the_contact_view_shows_readable_dates_not_iso(db: Path) -> None:
    app = dated(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.pause()
        text = screen_text(app)
        assert "Tue 10 Nov 2026" in text  # the touch log
        assert "Thu 1 Oct 2026" in text  # Added, and the first stage
        assert not ISO_DAY.search(text), text
        await pilot.press("escape", "q")
