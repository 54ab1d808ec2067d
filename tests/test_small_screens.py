"""Every view usable at 80x24 (issue 13): whole names on the board, footers that fit,
the review's touches in view; and one readable date form in every table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.dates import readable
from networking_tui.domain.model import STAGES
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.scenes import MOMENT, demo_app
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.review import ReviewScreen
from networking_tui.ui.widgets.status import fitted_title

from .conftest import contact, screen_text, write_db

SMALL = (80, 24)
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def dated(db: Path) -> NetworkingApp:
    touches = [
        {"kind": "call", "at": "2026-11-20T10:00:00+00:00", "note": "talked shop"},
        {"kind": "email", "at": "2026-11-10T10:00:00+00:00", "note": "sent the paper"},
        {"kind": "meeting", "at": "2026-11-02T10:00:00+00:00", "note": "coffee"},
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
        # The touch log's kinds line up, whatever the length of the day before them.
        log = [line for line in text.splitlines() if "sent the paper" in line or "coffee" in line]
        assert len(log) == 2 and log[0].index("email") == log[1].index("meeting"), log
        await pilot.press("escape", "q")


# Eighteen characters each, in every stage.
LONG_NAMES = {
    "stranger": ["Maximilian Schmidt"],
    "follower": ["Bartholomew Irvine"],
    "engaged": ["Alexandra Petrovic"],
    "connected": ["Konstantin Volkova", "Gwendolyn Hartwell"],
    "ask": ["Evangeline Morales"],
}


def long_names(db: Path) -> NetworkingApp:
    docs = [contact(n, stage) for stage, names in LONG_NAMES.items() for n in names]
    assert all(len(doc["name"]) == 18 for doc in docs)
    write_db(db, docs)
    return NetworkingApp(ContactStore.open(db), autosave=False)


def board_lines(app: NetworkingApp) -> str:
    return "\n".join(screen_text(app).splitlines()[: app.board.region.bottom])


async def test_at_80x24_names_of_18_characters_show_whole_in_every_column(db: Path) -> None:
    app = long_names(db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for stage in ("stranger", "follower", "engaged", "connected", "ask"):
            await pilot.press(*["right"] * (stage != "stranger"))
            text = board_lines(app)
            # The focused column and its neighbours, their names whole.
            index = STAGES.index(stage)
            for near in STAGES[max(0, index - 1) : index + 2]:
                assert LONG_NAMES[near][0] in text, (stage, near, text)
        await pilot.press("q")


async def test_at_120x40_the_board_still_shows_all_five_columns(db: Path) -> None:
    app = long_names(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = board_lines(app)
        for title in ("Stranger", "Follower", "Engaged", "Connected", "Ask"):
            assert title in text
        await pilot.press("q")


async def test_at_80x24_a_card_drags_to_a_column_in_sight(db: Path) -> None:
    app = long_names(db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.board.stages_in_sight == ["stranger", "follower", "engaged"]
        await pilot.mouse_down("#cards-stranger", offset=(4, 0))
        await pilot.hover("#cards-engaged", offset=(4, 2))
        assert app.query_one("#column-engaged").has_class("-drop-target")
        await pilot.mouse_up("#cards-engaged", offset=(4, 2))
        await pilot.pause()
        assert app.store.contact("maximilian-schmidt").stage == "engaged"
        # The focus follows the card; its column's neighbours come into sight.
        assert app.board.stages_in_sight == ["follower", "engaged", "connected"]
        assert "Maximilian Schmidt" in board_lines(app)
        await pilot.press("q")


# Each screen with a footer, opened from the board (Escape goes back).
FOOTER_SCREENS = [
    ("g",),  # the agenda
    ("r",),  # the daily review (Escape stops it, then leaves its summary)
    ("enter",),  # a contact's view
    ("A",),  # the archive
    ("T",),  # the templates
    ("S",),  # progress
    ("slash",),  # search
    ("l",),  # a form
]


async def test_at_80x24_every_key_a_footer_lists_shows_whole(tmp_path: Path) -> None:
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=SMALL) as pilot:
            for keys in FOOTER_SCREENS:
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                await pilot.pause()
                footer = app.screen.query(Footer).last()
                bottom = screen_text(app).rstrip("\n").splitlines()[-1]
                listed = [
                    f"{key.key_display} {key.description}".strip()
                    for key in footer.query(FooterKey)
                    if key.display
                ]
                assert len(listed) >= 2, (keys, listed)
                for label in listed:
                    assert label in bottom, (keys, label, bottom)
                while app.screen is not app.screen_stack[0]:
                    await pilot.press("escape")
            await pilot.press("q")


async def test_at_80x24_the_review_shows_the_latest_touches(tmp_path: Path) -> None:
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            item = app.screen.current
            assert item is not None
            contact = app.store.contact(item.uid)
            latest = max(contact.interactions, key=lambda touch: touch.at)
            text = screen_text(app)
            assert f"Latest touches ({len(contact.interactions)})" in text, text
            assert f"{readable(latest.at)} {latest.kind}" in " ".join(text.split()), text
            await pilot.press("escape", "escape", "q")


async def test_at_80x24_the_agendas_next_steps_show_whole(tmp_path: Path) -> None:
    from networking_tui.domain import playbook

    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("g")
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = " ".join(screen_text(app).split())
            steps = [f"→ {step}" for step in playbook.SHORT_STEP.values()]
            shown = [step for step in steps if step in text]
            assert shown, text  # the first rows' steps, whole (they were cut with …)
            assert "…" not in text.split("Overdue", 1)[1], text
            await pilot.press("g", "q")


# A form's last lines, which a short terminal cut off before forms had a compact
# style there (screens/form.py): the keys it takes, and its button.
FORM_ENDS = [
    (("l",), ["Enter or Ctrl+S logs it · Escape cancels", "Log it"]),
    (("g", "n"), ["Ctrl+S saves · Escape cancels"]),
    (("a",), ["Enter saves · Escape cancels"]),
]


async def test_at_80x24_each_form_fits_with_its_keys_and_button(tmp_path: Path) -> None:
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=SMALL) as pilot:
            for keys, ends in FORM_ENDS:
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert app.screen.has_class("-short"), keys
                text = screen_text(app)
                for end in ends:
                    assert end in text, (keys, end, text)
                while app.screen is not app.screen_stack[0]:
                    await pilot.press("escape")
                    await pilot.pause()
            await pilot.press("q")


async def test_a_form_in_a_tall_terminal_keeps_its_bordered_fields(tmp_path: Path) -> None:
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("l")
            await pilot.pause()
            assert app.screen.has_class("-tall") and not app.screen.has_class("-short")
            assert app.screen.query_one("#note").outer_size.height == 3  # a bordered field
            await pilot.press("escape", "q")


def test_a_title_too_long_keeps_the_data_files_name() -> None:
    title = "networking-tui · /home/ada/notes/people/network.json"
    assert fitted_title(title, 60) == title
    assert fitted_title(title, 40) == "networking-tui · …/people/network.json"  # a folder whole
    assert fitted_title(title, 22) == "…/people/network.json"  # no room for the app's name
    demo = "Search · networking-tui · DEMO (a throw-away copy)"
    assert fitted_title(demo, 36) == "Search · networking-tui · DEMO"
    assert fitted_title(demo, 20) == "Search · networking…"


async def test_at_80x24_the_top_bar_names_the_data_file(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace")])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert f"…/{db.name}" in top or f"…/{db.parent.name}/{db.name}" in top, top
        assert "1 contact" in top
        await pilot.press("q")


async def test_a_dialog_lists_its_own_keys_not_the_views_under_it(tmp_path: Path) -> None:
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=SMALL) as pilot:
            for keys, own in [
                (("g", "s"), "esc Cancel"),
                (("f",), "^s Apply"),
                (("?",), "esc Close"),
            ]:
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                await pilot.pause()
                bottom = screen_text(app).rstrip("\n").splitlines()[-1]
                assert own in bottom, (keys, bottom)
                assert "g Board" not in bottom and "l log" not in bottom, (keys, bottom)
                while app.screen is not app.screen_stack[0]:
                    await pilot.press("escape")
                    await pilot.pause()
            await pilot.press("q")


async def test_at_80x24_the_event_form_gives_a_line_to_a_hint_only_with_one(
    tmp_path: Path,
) -> None:
    """Its lines under the fields (a problem, the date read) take no row while
    empty: at 24 rows there is none to spare."""
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("g", "n")
            await app.workers.wait_for_complete()
            await pilot.pause()
            hints = list(app.screen.query(".field-hint"))
            assert len(hints) == 5 and all(hint.outer_size.height == 0 for hint in hints)
            keys_row = app.screen.query_one(".dim").region.y
            app.screen.query_one("#event-date", Input).value = "someday"
            await pilot.press("tab")
            await pilot.pause()
            text = screen_text(app)
            assert "⚠ unknown date 'someday'" in text, text
            assert app.screen.query_one(".dim").region.y > keys_row  # the form grew for it
            await pilot.press("escape", "y", "escape", "q")


async def test_at_80x24_the_composers_first_show_draws_every_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept composer's text is wrapped anew once it is laid out (its scrollbar
    gone): every line is drawn again, none left from the earlier width."""
    from textual.widgets import TextArea

    from .test_kept_forms import kept_ready

    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    monkeypatch.setattr("networking_tui.ui.app.IDLE_BEFORE_WARM", 0)
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=SMALL) as pilot:
            await kept_ready(app, pilot)  # as in a session: the composer built ahead
            await pilot.press("slash", *"yusuf", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("m")
            await pilot.pause()
            await pilot.pause()
            area = app.screen.query_one("#body", TextArea)
            wrapped = [area.render_line(y).text.strip() for y in range(3)]  # as wrapped now
            rows = screen_text(app).splitlines()
            top = next(n for n, row in enumerate(rows) if wrapped[0] in row)
            shown = [row.strip("│█▊▎ ") for row in rows[top : top + 3]]
            assert shown == wrapped, (shown, wrapped)
            assert "favour whenever" in " ".join(shown)
            await pilot.press("escape", "q")


async def test_at_80x24_a_notice_spans_the_whole_width(db: Path) -> None:
    """No scrollbar gutter beside it: the view under it does not show through at
    the right edge."""
    from textual.widgets._toast import Toast

    write_db(db, [contact("Ada Lovelace", "engaged")])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        app.notify("Logged a comment with Ada Lovelace.")
        await pilot.pause()
        await pilot.pause()
        toast = app.screen.query_one(Toast)
        assert toast.region.x == 0 and toast.region.width == SMALL[0], toast.region
        await pilot.press("q")
