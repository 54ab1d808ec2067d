"""Text a person typed is shown as typed, on every screen: never read as markup.

Names, places, notes and template names reach Textual and Rich widgets that read
`[...]` as styling unless told otherwise; a name like `Ana [/] Lima` used to crash
the app. Control characters (an escape sequence pasted into a shell `add`) must
never reach the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.archive import ArchiveScreen
from networking_tui.ui.screens.choice import ChoiceScreen
from networking_tui.ui.screens.compose import ComposeScreen
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.edit import EditScreen
from networking_tui.ui.screens.event import EventScreen
from networking_tui.ui.screens.log import LogScreen

from .conftest import contact, contacts_on_disk, run_cli, write_db

SIZE = (200, 60)
NAME = "Ana [/] [b]Lima[/b]"
PLACE = "C[/]Con [@click=app.quit]here[/]"
NOTE = "[/i] said [red]hi"
CONNECTOR = "Bo [/b] Dee"
TEMPLATE = "My [link] note [/]"


def hostile_file(db: Path) -> None:
    touch = {"kind": "comment", "at": "2026-11-20T10:00:00", "note": NOTE}
    write_db(
        db,
        [
            contact(
                NAME,
                "stranger",
                uid="ana",
                priority=1,
                next_touch="2026-11-22",
                where_met=PLACE,
                common_ground="[/]",
                notes="[bold]notes[/]\n[/]",
                company="[red]Acme",
                role="[/]",
                objective="advice",
                tags=["[x]"],
                nickname="[/]",
                interactions=[touch],
            ),
            contact(
                CONNECTOR,
                "connected",
                uid="bo",
                knows=[{"uid": "ana", "may_mention": True}],
                interactions=[touch],
            ),
        ],
        templates={"1": {"uid": "mine", "name": TEMPLATE, "body": "[b]Hi {first_name} [/]"}},
        events={"1": {"uid": "e1", "name": "Py[/]Con", "date": "2026-11-26", "contacts": ["ana"]}},
    )


def screen_text(app: NetworkingApp) -> str:
    """What the terminal shows right now, as plain text."""
    strips = app.screen._compositor.render_strips()  # once: it renders the whole screen
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def close_one(pilot: Any) -> None:
    """Escape, and yes to "Discard your changes?" if a form with text asks it."""
    await pilot.press("escape")
    if isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("y")


async def test_every_screen_shows_bracketed_text_as_typed(db: Path) -> None:
    hostile_file(db)
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert NAME in shown  # the card and the detail pane
        assert "C[/]Con" in shown

        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        shown = screen_text(app)
        assert NAME in shown and "[/i] said [red]hi" in shown and "[red]Acme" in shown
        assert CONNECTOR in shown  # the warm path

        for key, screen in (("e", EditScreen), ("l", LogScreen), ("m", ComposeScreen)):
            await pilot.press(key)
            assert isinstance(app.screen, screen), key
            assert NAME in screen_text(app), key
            await pilot.press("escape")
        await pilot.press("i")  # which connector: a chooser, or the message at once
        await pilot.pause()
        assert CONNECTOR in screen_text(app)
        await pilot.press("escape")
        for _ in range(10):
            if isinstance(app.screen, ContactScreen):
                break
            await close_one(pilot)
        await pilot.press("escape")

        await pilot.press("T")
        await pilot.pause()
        assert TEMPLATE in screen_text(app)
        await pilot.press("escape")

        await pilot.press("g")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert NAME in shown and "Py[/]Con" in shown
        await pilot.press("r")
        await pilot.pause()
        assert NAME in screen_text(app)
        await pilot.press("escape")
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("end", "enter")  # the event's form names who is expected
        assert isinstance(app.screen, EventScreen)
        assert "Py[/]Con" in screen_text(app) and f"→ {NAME}" in screen_text(app)
        await pilot.press("escape")

        await pilot.press("a", *NAME)
        await pilot.pause()
        assert NAME in screen_text(app)  # the live preview
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)  # "may already be here"
        assert NAME in screen_text(app)
        await pilot.press("escape")
        for _ in range(10):
            if len(app.screen_stack) == 1:
                break
            await close_one(pilot)
        assert len(app.screen_stack) == 1

        await pilot.press("L", *"ana: call")
        await pilot.pause()
        assert NAME in screen_text(app)
        await close_one(pilot)
        assert len(app.screen_stack) == 1

        await pilot.press("shift+right", "shift+right", "shift+right", "shift+right")
        assert isinstance(app.screen, ConfirmScreen)  # too early to ask
        assert NAME in screen_text(app)
        await pilot.press("n")

        await pilot.press("x")  # archive: the notice names her
        await pilot.pause()
        await pilot.press("A")
        assert isinstance(app.screen, ArchiveScreen)
        assert NAME in screen_text(app)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert NAME in screen_text(app)
        await pilot.press("n", "escape", "ctrl+z")
        assert app.is_running
    assert contacts_on_disk(db)["ana"]["name"] == NAME


def test_control_characters_never_reach_the_file_or_the_screen(db: Path) -> None:
    write_db(db, [])
    result = run_cli("add", "Ctrl\x07Bell \x1b[2J Person\u200b met at Py\x1bCon ; a\x01note", db=db)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    (saved,) = contacts_on_disk(db).values()
    assert saved["name"] == "CtrlBell [2J Person"
    assert saved["where_met"] == "PyCon"
    assert saved["interactions"][0]["note"] == "anote"


def test_a_name_of_invisible_characters_is_refused(db: Path) -> None:
    write_db(db, [])
    before = db.read_bytes()
    result = run_cli("add", "\u200b\x1b ", db=db)
    assert result.returncode == 2
    assert "name" in result.stderr
    assert db.read_bytes() == before


async def test_control_characters_in_a_hand_written_file_are_not_sent_to_the_terminal(
    db: Path,
) -> None:
    write_db(db, [contact("Evil\x1b[2J\x07 Name", "stranger", uid="evil", notes="a\x1b]0;x\x07")])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "Evil" in shown and "Name" in shown
        await pilot.press("enter")
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown


def test_cleaning_keeps_line_breaks_only_where_text_has_lines(db: Path) -> None:
    """Notes (the contact's, and each touch's) keep their lines; one-line fields do not."""
    touch = {"kind": "call", "at": "2026-11-20T10:00:00", "note": "first\nsecond\x07"}
    write_db(
        db, [contact("Ada\nLovelace", "follower", uid="ada", notes="a\nb", interactions=[touch])]
    )
    store = ContactStore.open(db)
    store.update("ada", lambda d: {**d, "priority": 1}, "a change")
    store.sync()
    saved = contacts_on_disk(db)["ada"]
    assert saved["name"] == "Ada Lovelace"
    assert saved["notes"] == "a\nb"
    assert saved["interactions"][0]["note"] == "first\nsecond"
