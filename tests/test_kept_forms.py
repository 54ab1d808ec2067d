"""Forms and the contact view are built once and shown again (ui/kept.py): shown
for another person they hold that person's fields and nothing left from before."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.color import Color
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static, TextArea

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.capture import QuickAddScreen
from networking_tui.ui.screens.compose import ComposeScreen
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.edit import EditScreen
from networking_tui.ui.screens.form import DISCARD
from networking_tui.ui.screens.log import LogScreen
from networking_tui.ui.widgets.status import SaveStatus

from .conftest import (
    contact,
    contacts_on_disk,
    frames_of,
    plain,
    press_together,
    screen_text,
    write_db,
)

SIZE = (120, 40)
KEPT = ["EditScreen", "ContactScreen", "LogScreen", "ComposeScreen", "QuickAddScreen"]
TOUCH = {"kind": "message", "at": "2026-11-20T10:00:00", "note": "about the engine"}


def make_app(db: Path) -> NetworkingApp:
    """Ada, with every field filled in (focused first), and Grace, with few."""
    ada = contact(
        "Ada Lovelace",
        "follower",
        company="Analytical Engines",
        role="Countess",
        tags=["maths", "poetry"],
        handles={"email": "ada@example.com", "x": "@ada"},
        next_touch="2026-12-01",
        priority=1,
        objective="a hand-written aim",
        notes="Met at the Babbage salon.\nLikes poetry.",
        introduced_by={"uid": "grace-hopper", "may_mention": True},
        interactions=[TOUCH],
    )
    grace = contact("Grace Hopper", "engaged")
    write_db(db, [ada, grace])
    return NetworkingApp(ContactStore.open(db), autosave=False)


async def test_the_edit_form_for_another_contact_shows_none_of_the_first(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")  # Grace's form, new
        screen = app.screen
        assert isinstance(screen, EditScreen)
        fresh = screen_text(app)
        await pilot.press("escape", "left", "e")  # Ada's, in the same form
        assert app.screen is screen
        assert screen.query_one("#company", Input).value == "Analytical Engines"
        assert screen.query_one("#objective", Select).value == "a hand-written aim"
        screen.query_one("#email", Input).value = "not-an-address"  # an error under it
        await pilot.press("tab", *"x")  # and a change to the notes, scrolled down
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)  # the discard question still asks
        await pilot.press("y", "right", "e")  # Grace again
        assert app.screen is screen
        assert screen.query_one("#name", Input).value == "Grace Hopper"
        assert screen.query_one("#company", Input).value == ""
        assert screen.query_one("#notes", TextArea).text == ""
        assert screen.query_one("#objective", Select).value is Select.NULL
        assert not screen.query_one("#email", Input).has_class("-invalid")
        assert screen.focused is screen.query_one("#name", Input)
        assert screen_text(app) == fresh  # no error, hint or scroll left from Ada's
        await pilot.press("escape")  # nothing changed: no question
        assert app.screen is app.screen_stack[0]
        await pilot.press("e", *"x", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert DISCARD in plain(app.screen.query_one(".dialog-title"))
        await pilot.press("n", "ctrl+s", "q")
    # Typed at the end of the name, as in a new form: nothing selected, nothing wiped.
    assert contacts_on_disk(db)["grace-hopper"]["name"] == "Grace Hopperx"
    assert contacts_on_disk(db)["ada-lovelace"]["company"] == "Analytical Engines"


async def test_a_kept_edit_form_saves_the_contact_it_shows(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "escape", "right", "e")
        app.screen.query_one("#company", Input).value = "Navy"
        await pilot.press("ctrl+s", "left", "e")
        assert app.screen.query_one("#company", Input).value == "Analytical Engines"
        await pilot.press("escape", "q")
    on_disk = contacts_on_disk(db)
    assert on_disk["grace-hopper"]["company"] == "Navy"
    assert on_disk["ada-lovelace"]["company"] == "Analytical Engines"


async def test_the_log_form_for_another_contact_starts_afresh(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "l")
        screen = app.screen
        assert isinstance(screen, LogScreen)
        fresh = screen_text(app)
        await pilot.press("escape", "left", "l")
        assert app.screen is screen
        screen.query_one("#when", Input).value = "someday"  # an error under it
        await pilot.press(*"met for tea", "escape", "y")
        await pilot.press("right", "l")
        assert app.screen is screen
        assert screen_text(app) == fresh
        await pilot.press(*"a call", "enter", "q")
    touches = contacts_on_disk(db)["grace-hopper"]["interactions"]
    assert [t["note"] for t in touches] == ["a call"]


async def test_correcting_a_touch_after_logging_one_shows_the_touch(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "l", "escape")  # the log form, kept
        await pilot.press("tab", "e")  # the touch in Ada's log, corrected
        screen = app.screen
        assert isinstance(screen, LogScreen)
        assert screen.query_one("#note", Input).value == "about the engine"
        assert screen.query_one("#when", Input).value == "2026-11-20"
        assert "Edit a touch with Ada Lovelace" in screen_text(app)
        assert str(screen.query_one("#save", Button).label) == "Save"
        assert "Enter or Ctrl+S saves it" in screen_text(app)
        await pilot.press("escape", "escape", "l")
        assert app.screen is screen
        assert screen.query_one("#note", Input).value == ""
        assert str(screen.query_one("#save", Button).label) == "Log it"
        assert "Enter or Ctrl+S logs it" in screen_text(app)
        await pilot.press("escape", "escape", "q")


async def test_the_composer_for_another_contact_starts_afresh(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "m")
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        fresh = screen_text(app)
        grace_text = screen.query_one("#body", TextArea).text
        await pilot.press("escape", "left", "m")
        assert app.screen is screen
        assert "Ada" in screen.query_one("#body", TextArea).text
        await pilot.press(*"words of my own", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y", "right", "m")
        assert app.screen is screen
        assert screen.query_one("#body", TextArea).text == grace_text
        assert screen_text(app) == fresh
        await pilot.press("escape", "q")


async def test_a_contacts_view_shows_the_next_contact_from_the_top(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "enter")
        assert isinstance(app.screen, ContactScreen)
        screen = app.screen
        fresh = screen_text(app)
        await pilot.press("escape", "left", "enter")
        assert app.screen is screen and screen.uid == "ada-lovelace"
        assert "about the engine" in screen_text(app)
        await pilot.press("tab", "tab", "escape", "right", "enter")
        assert app.screen is screen and screen.uid == "grace-hopper"
        assert screen_text(app) == fresh
        assert app.board.current_uid == "grace-hopper"
        await pilot.press("escape")
        assert app.board.current_uid == "grace-hopper"
        await pilot.press("q")


async def test_a_contacts_view_shown_again_is_drawn_at_once_at_that_contacts_height(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Ada's view: every field filled in
        assert isinstance(app.screen, ContactScreen)
        screen = app.screen
        body = screen.query_one("#contact-body", Static)
        tall = body.region.height
        await pilot.press("escape", "right")
        # The body's height and text in each frame.
        drawn = frames_of(app, monkeypatch, screen, lambda: (body.region.height, plain(body)))
        await pilot.press("enter")  # Grace's, few fields, in the same view
        assert app.screen is screen and screen.uid == "grace-hopper"
        assert body.region.height < tall
        # Its first frame already Grace's, laid out at her height (not Ada's first).
        assert drawn[0] == (body.region.height, plain(body))
        assert "Grace Hopper" in drawn[0][1]
        await pilot.press("escape", "q")


async def test_a_form_shows_the_board_under_it_as_the_board_is_now(db: Path) -> None:
    """The board dimmed behind a form is tinted once per look (ui/backdrop.py): a
    form opened again over a board that changed meanwhile shows the change."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        for keys in [(), ("shift+right",), ("shift+left", "right")]:
            await pilot.press(*keys)
            board = screen_text(app).splitlines()
            await pilot.press("l")
            assert isinstance(app.screen, LogScreen)
            dialog = app.screen.query_one(".dialog").region
            over = screen_text(app).splitlines()
            last = len(board) - 1  # the form's own keys, in place of the board's
            outside = [y for y in range(last) if not dialog.y <= y < dialog.bottom]
            assert [over[y] for y in outside] == [board[y] for y in outside]
            await pilot.press("escape")
        assert app.board.current_uid == "grace-hopper"
        await pilot.press("q")


async def test_a_contacts_view_shown_again_tells_the_save_state_of_now(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        before = plain(screen.query_one(SaveStatus))
        await pilot.press("escape", "shift+right")  # Ada moves on: not saved yet
        on_board = plain(app.screen.query_one(SaveStatus))
        assert on_board != before
        await pilot.press("enter")
        assert app.screen is screen
        assert plain(screen.query_one(SaveStatus)) == on_board
        await pilot.press("escape", "q")


async def test_a_contacts_view_shown_again_fits_a_terminal_resized_meanwhile(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert screen.has_class("-wide")
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await pilot.press("enter")
        assert app.screen is screen
        assert screen.has_class("-narrow") and not screen.has_class("-wide")
        assert screen.size == (80, 24)
        await pilot.press("escape", "q")


async def test_forms_built_ahead_take_the_keys_typed_as_they_open(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        built = {name: app.get_screen(f"kept-{name}") for name in KEPT}
        assert all(screen.is_mounted for screen in built.values())  # before any key
        await pilot.press("right")  # Grace: the forms were built for Ada
        await press_together(pilot, "e", "tab", "tab", "tab", *"Navy")
        assert app.screen is built["EditScreen"]
        assert app.screen.query_one("#name", Input).value == "Grace Hopper"
        assert app.screen.query_one("#company", Input).value == "Navy"
        await pilot.press("ctrl+s", "l")
        assert app.screen is built["LogScreen"]
        assert "Log a touch with Grace Hopper" in screen_text(app)
        await pilot.press("escape", "m")
        assert app.screen is built["ComposeScreen"]
        assert "Message to Grace Hopper" in screen_text(app)
        await pilot.press("escape", "enter")
        assert app.screen is built["ContactScreen"]
        assert "Grace Hopper" in screen_text(app) and "Navy" in screen_text(app)
        await pilot.press("escape", "q")
    assert contacts_on_disk(db)["grace-hopper"]["company"] == "Navy"


async def test_forms_laid_out_ahead_open_on_the_card_at_hand(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each kept form is laid out ahead once the board is left alone (its first
    show otherwise cost 0.2-0.4 s of CPU); opened on another card it shows that
    card's values, drawn anew."""
    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    monkeypatch.setattr("networking_tui.ui.app.IDLE_BEFORE_WARM", 0)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        names = [f"kept-{name}" for name in KEPT]
        for _ in range(200):  # frames, not seconds: each step waits for the last
            if all(app.is_screen_installed(name) for name in names) and all(
                getattr(app.get_screen(name), "_styled_for", None) is not None for name in names
            ):
                break
            await pilot.pause()
        else:
            raise AssertionError("the kept forms were never laid out ahead")
        built = {name: app.get_screen(f"kept-{name}") for name in KEPT}
        await pilot.press("right", "e")  # Grace: they were laid out for Ada
        assert app.screen is built["EditScreen"]
        assert "Edit Grace Hopper" in screen_text(app) and "Ada" not in screen_text(app)
        assert app.screen.query_one("#name", Input).value == "Grace Hopper"
        await pilot.press("escape", "l")
        assert app.screen is built["LogScreen"]
        assert "Log a touch with Grace Hopper" in screen_text(app)
        await pilot.press("escape", "m")
        assert "Message to Grace Hopper" in screen_text(app)
        await pilot.press("escape", "q")


async def kept_ready(app: NetworkingApp, pilot: Pilot[None]) -> None:
    """Until the kept screens are built and laid out ahead (each step a frame)."""
    for _ in range(400):  # frames, not seconds: each step waits for the last
        if app.kept_ready:
            return
        await pilot.pause()
    raise AssertionError("the kept screens were never laid out ahead")


async def test_a_sessions_first_form_is_laid_out_as_a_later_one_is(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Laid out ahead in the app's width class, its footer mounted and built: a
    session's first `e` neither restyles the form nor lays it out more than a
    later `e` does (it was two restyles and eight layouts, 0.4-0.5 s of CPU, in a
    real terminal at 1,000 contacts)."""
    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    monkeypatch.setattr("networking_tui.ui.app.IDLE_BEFORE_WARM", 0)
    app = make_app(db)
    work: list[str] = []
    layout, restyle = Screen._refresh_layout, Screen.update_node_styles

    def laid_out(screen: Screen[Any], *args: Any, **kwargs: Any) -> None:
        if screen.is_current:
            work.append(f"layout {type(screen).__name__}")
        layout(screen, *args, **kwargs)

    def restyled(screen: Screen[Any], *args: Any, **kwargs: Any) -> None:
        work.append(f"restyle {type(screen).__name__}")
        restyle(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", laid_out)
    monkeypatch.setattr(Screen, "update_node_styles", restyled)
    async with app.run_test(size=SIZE) as pilot:
        await kept_ready(app, pilot)
        form = app.get_screen("kept-EditScreen")
        assert form.has_class("-narrow")  # the width class a show would give it
        work.clear()
        await pilot.press("right", "e")  # Grace: it was laid out for Ada
        await pilot.pause()
        assert app.screen is form and "Edit Grace Hopper" in screen_text(app)
        assert "Save" in screen_text(app).splitlines()[-1]  # the form's own keys
        first = [step for step in work if "EditScreen" in step]
        await pilot.press("escape")
        await pilot.pause()
        work.clear()
        await pilot.press("left", "e")
        await pilot.pause()
        assert "Edit Ada Lovelace" in screen_text(app)
        later = [step for step in work if "EditScreen" in step]
        assert not [step for step in first if step.startswith("restyle")]
        assert len(first) <= max(len(later), 1) + 1, (first, later)
        await pilot.press("escape", "q")


async def test_the_kept_screens_are_left_out_of_the_collectors_full_passes(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They live as long as the app: walked by every full garbage collection, they
    cost 0.1 s of whatever key came then, every few seconds of use."""
    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    monkeypatch.setattr("networking_tui.ui.app.IDLE_BEFORE_WARM", 0)
    app = make_app(db)
    before = gc.get_threshold()
    async with app.run_test(size=SIZE) as pilot:
        await kept_ready(app, pilot)
        # Young passes every 10,000 objects allocated, not 700: Textual's rendered
        # lines die young rather than fill the oldest generation.
        assert gc.get_threshold()[0] == 10_000
        form = app.get_screen("kept-EditScreen")
        walked = gc.get_objects()  # what a full pass walks: frozen objects are not in it
        assert gc.is_tracked(form) and not any(o is form for o in walked)
        del walked
        await pilot.press("e")  # and the frozen form still works
        await pilot.pause()
        assert app.screen is form and "Edit Ada Lovelace" in screen_text(app)
        await pilot.press("escape", "q")
    assert gc.get_threshold() == before  # given back: the process goes on


async def test_a_kept_form_and_view_take_a_theme_chosen_while_they_were_away(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        form = app.screen
        dark = form.query_one(".dialog").styles.background
        await pilot.press("escape", "enter")
        view = app.screen
        dark_view = view.query_one(".top-bar").styles.background
        await pilot.press("escape", "e", "escape", "enter", "escape")  # shown as they were
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("e")
        assert app.screen is form
        light = form.query_one(".dialog").styles.background
        assert light != dark
        assert light == Color.parse(app.theme_variables["surface"])
        await pilot.press("escape", "enter")
        assert app.screen is view
        light_view = view.query_one(".top-bar").styles.background
        assert light_view != dark_view
        assert light_view == Color.parse(app.theme_variables["panel"])
        await pilot.press("escape", "q")


async def test_a_kept_quick_add_starts_empty_each_time(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, QuickAddScreen)
        preview = dialog.query_one("#preview", Static)
        await pilot.press(*"Lin Xu #robots", "enter")
        assert app.board.current_uid is not None
        assert app.store.cards[app.board.current_uid].name == "Lin Xu"
        await pilot.press("a")
        assert app.screen is dialog  # the same dialog, shown again
        assert dialog.query_one("#line", Input).value == ""
        assert not plain(preview).strip()  # no preview left from Lin Xu
        await pilot.press(*"Grace !9")  # a line the preview marks as wrong
        assert "!9 is not a priority" in plain(preview)
        await pilot.press("escape", "y")  # discard it
        # Several lines pasted, then dropped: none of them comes back either.
        await pilot.press("a")
        dialog.query_one("#line").post_message(events.Paste("Alan Turing\nMary Shelley"))
        await pilot.pause()
        assert "Enter adds all 2" in plain(preview)
        await pilot.press("escape", "y", "a")
        assert app.screen is dialog
        assert dialog.query_one("#line", Input).value == ""
        assert not plain(preview).strip() and not preview.has_class("-error")
        await pilot.press("escape")  # nothing typed: closes without a question
        assert app.screen is app.screen_stack[0]
        await pilot.press("q")
    names = {doc["name"] for doc in contacts_on_disk(db).values()}
    assert "Lin Xu" in names and not names & {"Grace", "Alan Turing", "Mary Shelley"}


async def test_keys_typed_as_a_kept_quick_add_opens_reach_it_in_order(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NetworkingApp, "WARM_SCREENS", True)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        built = app.get_screen("kept-QuickAddScreen")
        assert built.is_mounted  # built ahead, before any key
        for name in ("Lin Xu", "Mary Shelley"):  # the first and a second showing
            await press_together(pilot, "a", *f"{name} #robots", "enter")
            assert app.screen is app.screen_stack[0]  # Enter saved it and closed it
            assert app.store.cards[app.board.current_uid or ""].name == name
            assert name in plain(app.detail)
        await pilot.press("q")
    tagged = [d["name"] for d in contacts_on_disk(db).values() if "robots" in d.get("tags", [])]
    assert sorted(tagged) == ["Lin Xu", "Mary Shelley"]


async def test_work_put_off_for_later_does_nothing_once_the_app_is_taken_down(
    db: Path,
) -> None:
    """A timer of the work done ahead may fire after the app's last screen went (the
    screenshot command's scenes, one app after another): it must not fail there."""
    app = make_app(db)
    async with app.run_test() as pilot:
        await pilot.pause()
    assert not app._screen_stacks.get(app._current_mode)  # taken down
    app.WARM_SCREENS = True
    app._warm_views(1)
    app._warm_screens()
    app._fill_agenda_ahead(now=True)
    app._fill_contact_ahead()
