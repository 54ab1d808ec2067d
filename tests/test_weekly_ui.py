"""Invitations, the first five and the board's s and m, driven as a person drives
them (the rules themselves: test_invitations.py)."""

from __future__ import annotations

from pathlib import Path

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.compose import ComposeScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.review import ReviewScreen
from networking_tui.ui.screens.snooze import SnoozeScreen

from .conftest import contact, contacts_on_disk, plain, screen_text, unstamped, write_db
from .test_agenda import highlight, notices, open_agenda, rows, settle
from .test_agenda_rules import touch

SIZE = (120, 40)


def invited() -> dict:
    return contact(
        "Grace Hopper",
        "follower",
        uid="grace",
        interactions=[touch("invitation", "2026-11-20T10:00:00")],
        invitation_sent="2026-11-20",
        next_touch="2026-12-11",
    )


def start(db: Path, docs: list[dict]) -> NetworkingApp:
    write_db(db, docs)
    return NetworkingApp(ContactStore.open(db), autosave=False)


async def test_the_card_shows_the_invitation_and_c_accepts_it_in_one_undo_step(db: Path) -> None:
    app = start(db, [invited()])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "✉ invited 20 Nov" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "Grace Hopper accepted your invitation: now Connected." in notices(app)
        app.store.sync()
        assert contacts_on_disk(db)["grace"]["stage"] == "connected"
        assert "✉ invited" not in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        app.store.sync()
        assert contacts_on_disk(db)["grace"]["stage"] == "follower"
        await pilot.press("q")


async def test_c_without_an_invitation_says_so_and_changes_nothing(db: Path) -> None:
    app = start(db, [contact("Ada Lovelace", "engaged", uid="ada", next_touch="2026-11-30")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert any("No invitation to Ada Lovelace is waiting" in n for n in notices(app))
        assert app.store.version == 0 or contacts_on_disk(db)["ada"]["stage"] == "engaged"
        await pilot.press("q")


async def test_the_contact_view_shows_the_invitation_with_its_date(db: Path) -> None:
    app = start(db, [invited()])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        body = plain(app.screen.query_one("#contact-body"))
        assert "Invitation" in body and "sent Fri 20 Nov 2026, waiting (c: they accepted)" in body
        await pilot.press("c")
        await pilot.pause()
        body = plain(app.screen.query_one("#contact-body"))
        assert "Connected" in body and "waiting" not in body
        await pilot.press("escape", "q")


async def test_s_and_m_act_on_the_boards_focused_card(db: Path) -> None:
    app = start(db, [contact("Ada Lovelace", "engaged", uid="ada", next_touch="2026-11-30")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("down", "enter")  # in 3 days
        await pilot.pause()
        app.store.sync()
        assert contacts_on_disk(db)["ada"]["next_touch"] == "2026-11-26"
        await pilot.press("m")
        assert isinstance(app.screen, ComposeScreen)
        await pilot.press("escape", "q")


async def test_a_date_typed_on_the_snooze_list_goes_to_its_date_field(db: Path) -> None:
    app = start(db, [contact("Ada Lovelace", "engaged", uid="ada", next_touch="2026-11-30")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("2", "w")  # the list has the focus: no Tab first
        await pilot.pause()
        assert "→ Mon 7 Dec 2026" in screen_text(app)
        assert "days from today" not in screen_text(app)  # near: the date says it
        await pilot.press("ctrl+u", *"20 nov")  # three days ago: next year's
        await pilot.pause()
        assert "→ Sat 20 Nov 2027 · 362 days from today" in screen_text(app)
        await pilot.press("ctrl+u", *"2w")
        await pilot.press("enter")
        await pilot.pause()
        app.store.sync()
        assert contacts_on_disk(db)["ada"]["next_touch"] == "2026-12-07"
        await pilot.press("q")


async def test_the_agenda_sections_and_the_invitation_goal(db: Path) -> None:
    docs = [
        invited(),
        contact(
            "Zoe Met",
            "engaged",
            uid="zoe",
            where_met="PyCon",
            interactions=[touch("meeting", "2026-11-21T18:00:00")],
            next_touch="2026-11-30",
        ),
        contact("Stan Stranger", "stranger", uid="stan", priority=1),
        contact("Una Undated", "connected", uid="una"),
    ]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        shown = rows(screen)
        assert "No plan (1)" in shown and "Invite this week (1)" in shown
        assert "Start here (1)" in shown
        invite = shown[shown.index("Invite this week (1)") + 1]
        assert "Zoe Met" in invite and "invite them to connect" in invite
        assert "0/3 invitations sent" in plain(screen.query_one("#week"))
        await pilot.press("q")


async def test_the_review_goes_on_to_those_losing_touch_after_the_due_ones(db: Path) -> None:
    docs = [
        contact("Due Today", "engaged", uid="due", next_touch="2026-11-23"),
        contact(
            "Fading Friend",
            "connected",
            uid="fade",
            interactions=[touch("call", "2026-08-01T10:00:00")],
            next_touch="2026-12-20",
        ),
    ]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        header = plain(app.screen.query_one("#review-header"))
        assert header.startswith("1 of 2") and "Today" in header
        await pilot.press("space")
        header = plain(app.screen.query_one("#review-header"))
        assert "2 of 2 · Losing touch" in header
        await pilot.press("escape", "escape", "q")


async def test_logging_an_ask_too_early_asks_first(db: Path) -> None:
    from textual.widgets import Input, Select

    from networking_tui.ui.screens.confirm import ConfirmScreen
    from networking_tui.ui.screens.log import LogScreen

    app = start(db, [contact("Ada Lovelace", "engaged", uid="ada", next_touch="2026-11-30")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LogScreen)
        await pilot.pause()
        assert "^s Log it" in screen_text(app).rstrip().splitlines()[-1]
        app.screen.query_one("#kind", Select).value = "ask"
        await pilot.press(*"advice on compilers")
        app.screen.query_one("#when", Input).focus()
        await pilot.press(*"20 nov")
        for answer, logged in (("n", 0), ("y", 1)):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen), screen_text(app)
            assert "no touch logged yet" in plain(app.screen.query_one(".dialog-reason"))
            assert "Back to the form (n)" in screen_text(app)
            await pilot.press(answer)
            await pilot.pause()
            app.store.sync()
            assert len(contacts_on_disk(db)["ada"]["interactions"]) == logged
            if answer == "n":  # back to the form as typed, nothing lost
                assert isinstance(app.screen, LogScreen)
                assert app.screen.query_one("#kind", Select).value == "ask"
                assert app.screen.query_one("#note", Input).value == "advice on compilers"
                assert app.screen.query_one("#when", Input).value == "20 nov"
                assert "Fri 20 Nov 2026, 09:00" in screen_text(app)  # how it reads, still
                await pilot.press("x")  # typed at the end of the field, nothing wiped
                assert app.screen.query_one("#note", Input).value == "advice on compilersx"
                await pilot.press("backspace")
        touch = contacts_on_disk(db)["ada"]["interactions"][0]
        assert (touch["kind"], touch["note"]) == ("ask", "advice on compilers")
        assert touch["at"].startswith("2026-11-20")
        await pilot.press("q")


async def test_an_early_ask_in_the_log_line_declined_goes_back_to_the_line(db: Path) -> None:
    from textual.widgets import Input

    from networking_tui.ui.screens.capture import LogLineScreen
    from networking_tui.ui.screens.confirm import ConfirmScreen

    app = start(db, [contact("Ada Lovelace", "engaged", uid="ada", next_touch="2026-11-30")])
    async with app.run_test(size=SIZE) as pilot:
        line = "Ada: ask for advice on compilers"
        await pilot.press("L", *line, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Back to the line (n)" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LogLineScreen)
        assert app.screen.query_one("#line", Input).value == line
        await pilot.press("s", "backspace")  # the cursor at the end, nothing selected
        assert app.screen.query_one("#line", Input).value == line
        app.store.sync()
        assert contacts_on_disk(db)["ada"].get("interactions", []) == []
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        app.store.sync()
        assert [t["kind"] for t in contacts_on_disk(db)["ada"]["interactions"]] == ["ask"]
        await pilot.press("q")


def test_the_shell_refuses_an_early_ask_unless_allowed(db: Path) -> None:
    from .conftest import run_cli

    write_db(db, [contact("Ada Lovelace", "engaged", uid="ada")])
    refused = run_cli("log", "ada: ask for advice", db=db)
    assert refused.returncode == 2 and "too early" in refused.stderr
    assert contacts_on_disk(db)["ada"]["interactions"] == []
    done = run_cli("log", "--allow-early-ask", "ada: ask for advice", db=db)
    assert done.returncode == 0, done.stderr
    assert [t["kind"] for t in contacts_on_disk(db)["ada"]["interactions"]] == ["ask"]


LONG = "we talked about compilers for a long while, " * 6 + "and the end of the note"


async def test_the_touch_log_shows_edits_and_deletes_a_touch(db: Path) -> None:
    from textual.widgets import Input, Select

    from networking_tui.ui.screens.confirm import ConfirmScreen
    from networking_tui.ui.screens.log import LogScreen
    from networking_tui.ui.screens.touch import TouchScreen

    docs = [
        contact(
            "Zoe Met",
            "engaged",
            uid="zoe",
            interactions=[
                touch("meeting", "2026-11-21T18:00:00", LONG),
                touch("like", "2026-11-10T10:00:00"),
            ],
            next_touch="2026-11-22",
        )
    ]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        log = app.screen.query_one("#touch-log")
        log.focus()
        await pilot.press("enter")  # the newest: the meeting, in full
        assert isinstance(app.screen, TouchScreen)
        assert "and the end of the note" in plain(app.screen.query_one("#touch-note Static"))
        await pilot.press("e")  # from there, edit it
        assert isinstance(app.screen, LogScreen)
        await pilot.pause()
        footer = screen_text(app).rstrip().splitlines()[-1]
        assert "Save" in footer and "Log it" not in footer, footer
        app.screen.query_one("#kind", Select).value = "call"
        app.screen.query_one("#note", Input).value = "a call, in fact"
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.store.sync()
        zoe = contacts_on_disk(db)["zoe"]
        assert unstamped(zoe["interactions"][0]) == {
            "kind": "call",
            "at": "2026-11-21T18:00:00+00:00",  # its date and time of day kept
            "note": "a call, in fact",
        }
        await pilot.press("down", "delete")  # the like
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        app.store.sync()
        assert [t["kind"] for t in contacts_on_disk(db)["zoe"]["interactions"]] == ["call"]
        assert "Interaction log, newest first (1)" in plain(app.screen.query_one("#contact-body"))
        await pilot.press("ctrl+z")
        await pilot.pause()
        app.store.sync()
        assert len(contacts_on_disk(db)["zoe"]["interactions"]) == 2
        await pilot.press("escape", "q")


async def test_the_event_form_offers_to_add_a_new_name_and_marks_them_met(db: Path) -> None:
    from textual.widgets import Input

    from networking_tui.ui.screens.confirm import ConfirmScreen
    from networking_tui.ui.screens.event import EventScreen

    app = start(db, [contact("Ada Lovelace", "follower", uid="ada", next_touch="2026-11-30")])
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EventScreen)
        form.query_one("#event-name", Input).value = "Paris Python Meetup"
        form.query_one("#event-date", Input).value = "yesterday"
        people = form.query_one("#event-people", Input)
        people.value = "Ada Lovelace, Jean Dupont"
        await pilot.pause()
        assert "no contact named 'Jean Dupont': Enter here adds them" in plain(
            form.query_one("#event-people-error")
        )
        people.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.store.sync()
        on_disk = {d["name"]: d for d in contacts_on_disk(db).values()}
        for name in ("Ada Lovelace", "Jean Dupont"):
            assert on_disk[name]["stage"] == "engaged"
            assert on_disk[name]["interactions"][-1]["at"].startswith("2026-11-22")
        await pilot.press("q")


async def test_quick_add_met_at_a_recent_event_links_to_it(db: Path) -> None:
    from textual.widgets import Input

    event = {"uid": "ev", "name": "Paris Python Meetup", "date": "2026-11-20", "contacts": []}
    write_db(db, [], events={"1": event})
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.screen.query_one(Input).value = "Jean Dupont met at Paris Python Meetup"
        await pilot.pause()
        preview = plain(app.screen.query_one("#preview"))
        # The preview says what Enter saves: the event's follow-up, and the link.
        assert "next touch Mon 23 Nov 2026 · met at Paris Python Meetup on Fri 20 Nov" in preview
        await pilot.press("enter")
        await pilot.pause()
        said = "next touch Mon 23 Nov 2026; met at Paris Python Meetup on Fri 20 Nov, linked to it"
        assert any(said in n for n in notices(app)), notices(app)
        app.store.sync()
        from .conftest import read_db

        assert len(next(iter(read_db(db)["events"].values()))["contacts"]) == 1
        await pilot.press("q")


async def test_after_an_event_the_review_visits_the_people_met_there_first(db: Path) -> None:
    docs = [
        contact("Due Person", "engaged", uid="due", priority=1, next_touch="2026-11-23"),
        contact(
            "Met There",
            "engaged",
            uid="met",
            priority=3,
            next_touch="2026-11-21",
            next_touch_event={"event": "ev", "due": "2026-11-21", "before": None},
        ),
    ]
    event = {"uid": "ev", "name": "Meetup", "date": "2026-11-20", "contacts": ["met"]}
    write_db(db, docs, events={"1": event})
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        assert "Met There" in plain(app.screen.query_one("#review-contact"))
        assert "follow up after Meetup" in plain(app.screen.query_one("#review-header"))
        await pilot.press("escape", "escape", "q")


async def test_two_touches_logged_in_the_same_second_show_the_later_first(db: Path) -> None:
    from textual.widgets import OptionList

    same = "2026-11-20T10:00:00"
    docs = [
        contact(
            "Zoe Met",
            "engaged",
            uid="zoe",
            interactions=[touch("call", same, "logged first"), touch("dm", same, "logged second")],
        )
    ]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = screen_text(app)
        assert pane.index("logged second") < pane.index("logged first"), pane
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        log = app.screen.query_one("#touch-log", OptionList)
        shown = [str(log.get_option_at_index(i).prompt) for i in range(log.option_count)]
        assert "logged second" in shown[0] and "logged first" in shown[1], shown
        await pilot.press("escape", "q")


async def test_a_touch_brought_back_by_undo_is_in_sight_in_the_contacts_log(
    tmp_path: Path,
) -> None:
    """At 80x24 the log is at the foot of a scrolled view: the row a deletion took
    away and an undo brought back is shown, not left below the edge."""
    from networking_tui.domain import clock
    from networking_tui.ui.scenes import MOMENT, demo_app
    from networking_tui.ui.screens.confirm import ConfirmScreen

    with clock.frozen(MOMENT):
        app = demo_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("right", "right", "enter")  # Mei Chen: four touches
            await pilot.pause()
            assert isinstance(app.screen, ContactScreen)
            await pilot.press("tab", "end")
            await pilot.pause()
            assert "followed on LinkedIn" in screen_text(app)
            await pilot.press("delete")
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await pilot.pause()
            assert "followed on LinkedIn" not in screen_text(app)
            await pilot.press("ctrl+z")
            await pilot.pause()
            await pilot.pause()
            assert "followed on LinkedIn" in screen_text(app), screen_text(app)
            await pilot.press("escape", "q")


async def test_a_touch_moved_to_another_day_keeps_its_time_of_day(db: Path) -> None:
    from textual.widgets import Input, OptionList

    from networking_tui.ui.screens.log import LogScreen

    docs = [
        contact(
            "Zoe Met",
            "engaged",
            uid="zoe",
            interactions=[touch("meeting", "2026-11-20T18:30:00", "dinner")],
        )
    ]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        for day, saved in (
            ("yesterday", "2026-11-22T18:30:00+00:00"),  # its evening, kept
            ("today", "2026-11-23T09:00:00+00:00"),  # 18:30 today is ahead: now
        ):
            await pilot.press("enter")
            await pilot.pause()
            app.screen.query_one("#touch-log", OptionList).focus()
            await pilot.press("e")
            assert isinstance(app.screen, LogScreen)
            app.screen.query_one("#when", Input).value = day
            await pilot.press("ctrl+s")
            await pilot.pause()
            app.store.sync()
            assert contacts_on_disk(db)["zoe"]["interactions"][0]["at"] == saved
            await pilot.press("escape")
        await pilot.press("q")


async def test_a_name_with_a_comma_is_one_person_in_the_event_form(db: Path) -> None:
    """The People field splits on commas: a name holding one is quoted there, as
    the form writes it, and the event reopens and saves as it was."""
    from textual.widgets import Input

    from networking_tui.ui.screens.event import EventScreen

    docs = [
        contact("Grace Hopper, Navy CTO", "engaged", uid="grace"),
        contact("Grace Kelly", "engaged", uid="kelly"),
        contact("Mei Chen", "engaged", uid="mei"),
    ]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EventScreen)
        form.query_one("#event-name", Input).value = "Paris Py"
        form.query_one("#event-date", Input).value = "in 3 days"
        people = form.query_one("#event-people", Input)
        people.value = "Mei Chen, Grace"
        people.focus()
        await pilot.press("enter")  # which Grace?
        await pilot.pause()
        await pilot.press(*"navy", "enter")
        await pilot.pause()
        assert app.screen is form, screen_text(app)
        assert people.value == 'Mei Chen, "Grace Hopper, Navy CTO"'
        assert not form.query_one("#event-people-error").has_class("-error")
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.store.sync()
        from .conftest import read_db

        (event,) = read_db(db)["events"].values()
        assert sorted(event["contacts"]) == ["grace", "mei"]
        await highlight(pilot, screen, "Thu 26 Nov")  # Paris Py, ahead
        await pilot.press("enter")  # opened again: the same two, nothing to fix
        reopened = app.screen
        assert isinstance(reopened, EventScreen)
        assert reopened.query_one("#event-people", Input).value == (
            'Mei Chen, "Grace Hopper, Navy CTO"'
        )
        assert "⚠" not in plain(reopened.query_one("#event-people-error"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("q")
