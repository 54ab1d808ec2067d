"""A day of real use (issue 13): keys after quitting, the save thread's failures,
forms that ask before losing what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea
from textual.widgets._toast import Toast

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.agenda import AgendaScreen
from networking_tui.ui.screens.capture import QuickAddScreen
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.edit import EditScreen
from networking_tui.ui.screens.form import DISCARD, FormScreen
from networking_tui.ui.widgets.status import SaveStatus

from .conftest import contact, contacts_on_disk, plain, press_together, screen_text, write_db
from .test_agenda import notices

SIZE = (120, 40)


def make_app(db: Path) -> NetworkingApp:
    write_db(db, [contact("Ada Lovelace", "follower"), contact("Grace Hopper", "engaged")])
    return NetworkingApp(ContactStore.open(db), autosave=False)


@pytest.mark.parametrize("after", [["a"], ["e"], [">", ">"], ["x"]])
async def test_keys_after_q_are_ignored_and_the_app_exits_cleanly(
    db: Path, after: list[str]
) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, "q", *after)
        await pilot.pause()
    assert app.return_code in (0, None)
    assert app.store.contact("ada-lovelace").stage == "follower"
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "follower"
    assert not contacts_on_disk(db)["ada-lovelace"]["archived"]


async def test_an_unplanned_save_error_at_quit_is_a_question_not_a_crash(db: Path) -> None:
    app = make_app(db)

    def broken() -> None:
        raise KeyError("uid-gone")

    with pytest.MonkeyPatch.context() as patch:  # undone alone, not the isolation
        patch.setattr(app.store, "_sync_locked", broken)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("shift+right", "q")
            assert isinstance(app.screen, ConfirmScreen)
            assert "uid-gone" in screen_text(app)
            await pilot.press("n")  # stay: the app keeps working
            assert app.is_running
            assert "not saved" in plain(app.query_one(SaveStatus))
            patch.undo()
            await pilot.press("q")
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "engaged"


async def test_enter_refuses_a_mistyped_fu_date_in_quick_add(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Alan Turing met at a meetup fu tomorow", "enter")
        assert isinstance(app.screen, QuickAddScreen)  # refused, the line kept
        assert "'tomorow' is not a date: try tomorrow" in plain(app.screen.query_one("#preview"))
        await pilot.press("escape", "q")
    assert sorted(contacts_on_disk(db)) == ["ada-lovelace", "grace-hopper"]


async def test_escape_in_a_form_with_changes_asks_before_discarding(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "escape")  # no change: closes at once
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("e", "end", "x", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert DISCARD in screen_text(app)
        await pilot.press("n")  # keep editing: the change is still there
        assert isinstance(app.screen, EditScreen)
        assert app.screen.query_one("#name", Input).value == "Ada Lovelacex"
        await pilot.press("escape", "y")
        assert app.screen is app.screen_stack[0]
        await pilot.press("q")
    assert contacts_on_disk(db)["ada-lovelace"]["name"] == "Ada Lovelace"


async def test_quitting_with_a_half_typed_quick_add_asks_first(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Alan Tur", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit and lose what you typed?" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, QuickAddScreen) and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert not app.is_running


async def test_a_paste_of_several_lines_adds_one_person_per_line_in_one_step(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        pasted = "Alan Turing #maths\n\nKatherine Johnson met at NASA\r\nMary Jackson !1\n"
        app.screen.query_one("#line").post_message(events.Paste(pasted))
        await pilot.pause()
        preview = plain(app.screen.query_one("#preview"))
        assert "1. → Alan Turing" in preview
        assert "2. → Katherine Johnson · Engaged" in preview
        assert "3. → Mary Jackson · Stranger · priority 1" in preview
        assert "Enter adds all 3 in one step" in preview
        await pilot.press("enter")
        assert app.screen is app.screen_stack[0]
        names = {c.name for c in app.store.cards.values()}
        assert {"Alan Turing", "Katherine Johnson", "Mary Jackson"} <= names
        await pilot.press("ctrl+z")  # one step: all three go
        assert {c.name for c in app.store.cards.values()} == {"Ada Lovelace", "Grace Hopper"}
        await pilot.press("ctrl+z")  # nothing before it
        await pilot.press("q")


async def test_a_pasted_line_that_does_not_parse_holds_back_enter(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.screen.query_one("#line").post_message(events.Paste("Alan Turing\nMary fu tomorow"))
        await pilot.pause()
        assert "2. ⚠ 'tomorow' is not a date" in plain(app.screen.query_one("#preview"))
        await pilot.press("enter")
        assert isinstance(app.screen, QuickAddScreen)  # nothing added, nothing dropped
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)  # the pasted lines would be lost
        await pilot.press("y", "q")
    assert len(contacts_on_disk(db)) == 2


async def test_ctrl_n_brings_a_pasted_line_into_the_field_to_fix_or_leave_out(db: Path) -> None:
    from textual.widgets import Input

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        pasted = "Alan Kay #smalltalk\nBob fu tomorow\nCarol Shaw !1\nDan fu someday"
        app.screen.query_one("#line").post_message(events.Paste(pasted))
        await pilot.pause()
        preview = plain(app.screen.query_one("#preview"))
        assert "1. ▸ → Alan Kay" in preview and "Ctrl+N brings the next line" in preview
        await pilot.press("ctrl+n")  # line 2 in the field: fixed
        line = app.screen.query_one("#line", Input)
        assert line.value == "Bob fu tomorow"
        await pilot.press("backspace", "backspace", *"row")
        await pilot.press("ctrl+n", "ctrl+n")  # line 4: emptied, left out
        assert line.value == "Dan fu someday"
        await pilot.press("ctrl+u")
        await pilot.pause()
        preview = plain(app.screen.query_one("#preview"))
        assert "2. → Bob" in preview and "4. (empty: left out)" in preview
        assert "Enter adds all 3 in one step" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        await pilot.press("q")
    added = {d["name"]: d for d in contacts_on_disk(db).values()}
    assert {"Alan Kay", "Bob", "Carol Shaw"} <= set(added) and "Dan" not in added
    assert added["Bob"]["next_touch"] == "2026-11-24"


async def test_a_paste_left_with_one_line_adds_it_as_a_single_line_would(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.screen.query_one("#line").post_message(events.Paste("Alan Turing\nMary fu tomorow"))
        await pilot.pause()
        await pilot.press("ctrl+n", "ctrl+u")  # Mary left out: Alan alone
        await pilot.pause()
        assert "Enter adds the one line left" in plain(app.screen.query_one("#preview"))
        await pilot.press("enter")
        await pilot.pause()
        assert any(n.startswith("Added Alan Turing") for n in notices(app)), notices(app)
        await pilot.press("q")
    assert "Alan Turing" in {d["name"] for d in contacts_on_disk(db).values()}


async def test_the_agenda_and_the_board_can_be_shown_from_a_contacts_view(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("g")  # leaves the contact's view for the agenda
        assert isinstance(app.screen, AgendaScreen) and len(app.screen_stack) == 2
        await pilot.press("escape", "enter")
        await app.run_action("show_view('board')")  # as the command palette runs it
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        await pilot.press("e")  # in a form, g is a letter and the palette leaves it open
        await app.run_action("show_view('agenda')")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        await pilot.press("escape", "q")


async def test_the_300_character_warning_is_for_invitations_only(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")  # Ada, never met: the value-first note, not an invitation
        body = app.screen.query_one("#body", TextArea)
        body.text = "x" * 301
        await pilot.pause()
        count = app.screen.query_one("#count")
        assert plain(count).strip() == "301 characters"
        assert not count.has_class("-warning")
        await pilot.press("ctrl+y", "q")


async def test_the_footer_shows_the_forms_keys_not_the_views_underneath(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "l")  # the log form, over a contact's view
        await pilot.pause()
        bottom = screen_text(app).rstrip().splitlines()[-1]
        assert "Log it" in bottom and "Cancel" in bottom
        assert "Edit" not in bottom and "Back" not in bottom
        await pilot.press("escape", "escape", "q")


async def test_the_focused_card_is_where_it_was_after_a_restart(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")  # Grace, in Engaged
        assert app.board.current_uid == "grace-hopper"
        await pilot.press("q")
    again = NetworkingApp(ContactStore.open(db), autosave=False)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.board.current_uid == "grace-hopper"
        assert again.board.active_stage == "engaged"
        await pilot.press("q")


async def test_at_80x24_notices_cover_no_card(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("x", "ctrl+z", "x")  # three notices
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1
        board = app.board.region
        assert all(toast.region.y >= board.bottom for toast in toasts)
        await pilot.press("q")


async def test_keys_typed_while_the_edit_form_opens_reach_it_in_order(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, "e", "tab", "tab", "tab", *"Acme Corp")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        assert app.screen.query_one("#company", Input).value == "Acme Corp"
        await pilot.press("ctrl+s", "q")
    assert contacts_on_disk(db)["ada-lovelace"]["company"] == "Acme Corp"


async def test_a_line_typed_while_quick_add_opens_is_kept_whole(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, "a", *"Alan Turing #maths", "enter")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        await pilot.press("q")
    assert "Alan Turing" in {d["name"] for d in contacts_on_disk(db).values()}


async def test_escape_typed_while_a_form_opens_closes_it(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, "l", "escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        await pilot.press("q")


async def test_a_form_key_typed_after_a_move_opens_on_the_card_moved_to(db: Path) -> None:
    """`Down e` in one chunk: the edit form is for the card Down went to (the form
    key ran before the board had seen the Down, and edited the card above)."""
    write_db(
        db,
        [contact("Ada Lovelace", "follower"), contact("Alan Turing", "follower")],
    )
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.board.current_uid
        await press_together(pilot, "down", "e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        assert app.board.current_uid != first
        name = app.screen.query_one("#name", Input).value
        uid = app.board.current_uid
        assert uid is not None
        assert name == app.store.cards[uid].name
        await pilot.press("escape", "q")
