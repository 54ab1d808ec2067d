"""The agenda's rules (sections, order, reasons, goals, week and DST), its screen,
the daily review, events, and the shell commands."""

from __future__ import annotations

import json
import time
from pathlib import Path

import msgspec
import pendulum
import pytest
from icalendar import Calendar
from textual.widgets import Input, OptionList, Static

from networking_tui import clock, playbook
from networking_tui.agenda import build, events_from
from networking_tui.app import NetworkingApp
from networking_tui.model import Contact, Settings
from networking_tui.screens.agenda import AgendaScreen
from networking_tui.screens.contact import ContactScreen
from networking_tui.screens.log import LogScreen
from networking_tui.screens.review import ReviewScreen
from networking_tui.screens.snooze import SnoozeScreen
from networking_tui.store import ContactStore
from networking_tui.widgets.status import ViewTab

from .conftest import contact, contacts_on_disk, plain, read_db, run_cli, write_db

SIZE = (160, 48)


def touch(kind: str, at: str, note: str = "") -> dict:
    return {"kind": kind, "at": at, "note": note}


def agenda_of(docs: list[dict], events: list[dict] | None = None, settings: Settings | None = None):
    contacts = [(d["uid"], msgspec.convert(d, Contact)) for d in docs]
    event_list = events_from({e["uid"]: e for e in events or []})
    return build(contacts, event_list, settings or Settings(), clock.now())


def people() -> list[dict]:
    return [
        contact(
            "Low Overdue",
            "follower",
            priority=3,
            next_touch="2026-11-13",
            interactions=[touch("like", "2026-11-06T10:00:00+00:00")],
        ),
        contact(
            "Top Overdue",
            "engaged",
            priority=1,
            next_touch="2026-11-21",
            interactions=[touch("email", "2026-11-16T10:00:00+00:00")],
        ),
        contact("Top Very Late", "engaged", priority=1, next_touch="2026-11-10"),
        contact("Due Today", "follower", priority=2, next_touch="2026-11-23"),
        contact("Later This Week", "follower", next_touch="2026-11-27"),
        contact("Next Month", "follower", next_touch="2026-12-10"),
        contact("Far Away", "follower", next_touch="2027-06-01"),
        contact(
            "Met Yesterday",
            "engaged",
            where_met="PyCon",
            interactions=[touch("meeting", "2026-11-22T18:00:00+00:00")],
        ),
        contact(
            "Asked Us",
            "ask",
            next_touch="2026-12-20",
            interactions=[touch("ask", "2026-11-21T10:00:00+00:00")],
        ),
        contact(
            "Fading Friend",
            "connected",
            next_touch="2026-12-30",
            interactions=[touch("email", "2026-09-01T10:00:00+00:00")],
        ),
        contact("No Date", "stranger"),
    ]


def test_sections_and_order() -> None:
    agenda = agenda_of(people())
    sections = {
        s: [i.name for i in agenda.section(s)]
        for s in ("Overdue", "Today", "This week", "Later", "Losing touch")
    }
    assert sections == {
        # priority first, then the latest first
        "Overdue": ["Top Very Late", "Top Overdue", "Low Overdue"],
        "Today": ["Due Today", "Met Yesterday"],
        "This week": ["Asked Us", "Later This Week"],  # thanks due within 3 days of the ask
        "Later": ["Next Month"],
        "Losing touch": ["Fading Friend"],
    }
    assert [i.name for i in agenda.due_now][:1] == ["Top Very Late"]


def test_reasons_in_plain_words() -> None:
    items = {i.name: i for i in agenda_of(people()).items}
    assert items["Met Yesterday"].reason == "met 1 day ago at PyCon: follow up while it is fresh"
    assert items["Asked Us"].reason.startswith("you asked 2 days ago: say thank you")
    assert (
        items["Low Overdue"].reason == "17 days since the last touch, every 7 days while follower"
    )
    assert items["Fading Friend"].reason == "no touch for 83 days, over twice the 30-day rhythm"
    assert items["Due Today"].reason.startswith("no touch logged yet")
    assert items["Top Overdue"].step == "send them something useful"
    assert items["Top Overdue"].lateness == "2d late"


def test_the_day_after_an_event_its_people_are_due_today() -> None:
    docs = [
        contact("Seen There", "follower", next_touch="2026-12-20"),
        contact(
            "Followed Up",
            "follower",
            next_touch="2026-12-20",
            interactions=[touch("message", "2026-11-23T08:00:00+00:00")],
        ),
    ]
    event = {
        "uid": "e1",
        "name": "PyCon Lille",
        "date": "2026-11-22",
        "contacts": ["seen-there", "followed-up"],
    }
    upcoming = {"uid": "e2", "name": "PyData", "date": "2026-11-28", "contacts": []}
    agenda = agenda_of(docs, [event, upcoming])
    (item,) = agenda.section("Today")
    assert (item.name, item.reason) == ("Seen There", "follow up after PyCon Lille")
    assert [e.name for e in agenda.events] == ["PyData"]


def test_a_date_chosen_after_the_trigger_beats_the_at_the_latest_rules() -> None:
    """Snoozing, editing or `fu` after a meeting, an ask or an event is the person's
    choice; a date set before (or by a script, unstamped) is still pulled in."""
    meeting = [touch("meeting", "2026-11-22T18:00:00+00:00")]
    ask = [touch("ask", "2026-11-21T10:00:00+00:00")]
    docs = [
        contact(
            "Met Snoozed",
            "engaged",
            next_touch="2026-11-27",
            interactions=meeting,
            next_touch_set_at="2026-11-23T08:30:00+00:00",
        ),
        contact(
            "Met Set Before",
            "engaged",
            next_touch="2026-11-27",
            interactions=meeting,
            next_touch_set_at="2026-11-22T08:00:00+00:00",
        ),
        contact(
            "Asked Snoozed",
            "ask",
            next_touch="2026-12-20",
            interactions=ask,
            next_touch_set_at="2026-11-22T09:00:00+00:00",
        ),
        contact("Asked Unstamped", "ask", next_touch="2026-12-20", interactions=ask),
        contact(
            "At Event Snoozed",
            "follower",
            next_touch="2026-12-02",
            next_touch_set_at="2026-11-23T08:00:00+00:00",
        ),
        contact("At Event", "follower", next_touch="2026-12-02"),
    ]
    event = {
        "uid": "e1",
        "name": "PyCon Lille",
        "date": "2026-11-21",
        "contacts": ["at-event-snoozed", "at-event"],
    }
    items = {i.name: i for i in agenda_of(docs, [event]).items}
    assert items["Met Snoozed"].section == "This week"
    assert items["Met Snoozed"].reason == "met 1 day ago: follow-up set for 2026-11-27"
    assert items["Met Set Before"].section == "Today"
    assert items["Asked Snoozed"].section == "Later"
    assert items["Asked Snoozed"].reason.startswith("you asked 2 days ago: say thank you")
    assert items["Asked Unstamped"].section == "This week"
    assert items["At Event Snoozed"].section == "Later"
    assert (items["At Event"].section, items["At Event"].reason) == (
        "Overdue",
        "follow up after PyCon Lille",
    )


def test_a_new_connected_contact_is_not_losing_touch_yet() -> None:
    new = contact("New Friend", "connected", next_touch="2026-11-24")
    new["stage_history"] = [{"stage": "connected", "at": "2026-11-20T10:00:00+00:00"}]
    old = contact("Old Friend", "connected", next_touch="2026-11-24")
    old["stage_history"] = [{"stage": "connected", "at": "2026-09-01T10:00:00+00:00"}]
    items = {i.name: i for i in agenda_of([new, old]).items}
    assert items["New Friend"].section == "This week"
    assert items["New Friend"].reason == "no touch logged yet"
    assert (items["Old Friend"].section, items["Old Friend"].reason) == (
        "Losing touch",
        "connected, but no touch logged at all",
    )


def test_week_figures_against_goals_and_the_week_boundary() -> None:
    docs = [
        contact(
            "A",
            "connected",
            stage_history=[
                {"stage": "engaged", "at": "2026-11-01T10:00:00+00:00"},
                {"stage": "connected", "at": "2026-11-29T20:00:00+00:00"},
            ],  # a Sunday
            interactions=[
                touch("call", "2026-11-29T20:00:00+00:00"),
                touch("email", "2026-11-23T00:30:00+00:00"),
            ],
        ),
        contact("B", "engaged"),
    ]
    settings = Settings(weekly_connect_goal=2, weekly_touch_goal=4, wip_limit=1)
    with clock.frozen("2026-11-29T21:00:00"):  # Sunday evening: the same week
        week = agenda_of(docs, settings=settings).week
    assert (week.connected, week.touches, week.engaged) == (1, 2, 1)
    assert (week.connected_goal, week.touches_goal, week.wip_limit) == (2, 4, 1)
    with clock.frozen("2026-11-30T08:00:00"):  # Monday: a new week
        week = agenda_of(docs, settings=settings).week
    assert (week.connected, week.touches) == (0, 0)


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    previous = pendulum.local_timezone()
    pendulum.set_local_timezone(pendulum.timezone("Europe/Paris"))
    yield
    pendulum.set_local_timezone(previous)
    monkeypatch.undo()
    time.tzset()


def test_days_are_calendar_days_across_the_daylight_saving_change(paris: None) -> None:
    # Paris leaves summer time in the night of 24 to 25 October 2026.
    docs = [
        contact(
            "Ada",
            "engaged",
            next_touch="2026-10-26",
            interactions=[touch("email", "2026-10-24T23:30:00+02:00")],
        )
    ]
    with clock.frozen("2026-10-26T00:15:00"):
        assert clock.now().isoformat() == "2026-10-26T00:15:00+01:00"
        (item,) = agenda_of(docs).items
    assert item.section == "Today"
    assert item.reason.startswith("2 days since the last touch") is False  # under cadence
    assert item.reason == "last touch 2 days ago; every 5 days while engaged"
    with clock.frozen("2026-10-31T12:00:00"):
        (item,) = agenda_of(docs).items
    assert item.reason == "7 days since the last touch, every 5 days while engaged"
    assert item.days_late == 5


# --- the screen ----------------------------------------------------------------


def start(db: Path, docs: list[dict] | None = None, **tables: dict) -> NetworkingApp:
    write_db(db, people() if docs is None else docs, **tables)
    return NetworkingApp(ContactStore.open(db), autosave=False)


async def open_agenda(pilot) -> AgendaScreen:
    await pilot.press("g")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, AgendaScreen)
    return pilot.app.screen


def rows(screen: AgendaScreen) -> list[str]:
    listing = screen.query_one("#agenda-list", OptionList)
    return [
        plain(listing.get_option_at_index(i).prompt).strip() for i in range(listing.option_count)
    ]


def current(screen: AgendaScreen) -> str:
    listing = screen.query_one("#agenda-list", OptionList)
    return plain(listing.get_option_at_index(listing.highlighted).prompt)


async def test_agenda_sections_rows_and_week_line(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        lines = rows(screen)
        assert lines[0] == "Overdue (3)"
        assert lines[1].startswith("!1 Top Very Late")
        assert "13d late" in lines[1]
        assert "Losing touch (1)" in lines
        assert "Upcoming events" not in lines
        week = plain(screen.query_one("#week", Static))
        assert "0/3 newly connected" in week and "3/5 engaged" in week
        assert current(screen).startswith("!1 Top Very Late")  # the first row, not a heading
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen) and app.screen.uid == "top-very-late"
        await pilot.press("escape", "g")
        assert not isinstance(app.screen, AgendaScreen)


async def test_tabs_and_the_command_palette_reach_the_agenda(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        agenda_tab = next(t for t in app.query(ViewTab) if t.view == "agenda")
        await pilot.click(agenda_tab)
        assert isinstance(app.screen, AgendaScreen)
        board_tab = next(t for t in app.screen.query(ViewTab) if t.view == "board")
        await pilot.click(board_tab)
        assert not isinstance(app.screen, AgendaScreen)
        await pilot.press("ctrl+p", *"agenda")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)


async def test_snooze_from_the_agenda(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("down", "enter")  # 3 days
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "!1 Top Very Late" not in " ".join(rows(app.screen)[:4])
        await pilot.press("s")
        app.screen.query_one("#when", Input).value = "next tue"
        await pilot.press("tab", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("g", "q")
    on_disk = contacts_on_disk(db)
    assert on_disk["top-very-late"]["next_touch"] == "2026-11-26"
    assert on_disk["top-overdue"]["next_touch"] == "2026-12-01"


async def test_snoozing_a_fresh_meeting_moves_it_out_of_today(tmp_path: Path) -> None:
    met = contact(
        "Met Yesterday",
        "engaged",
        where_met="PyCon",
        next_touch="2026-11-23",
        interactions=[touch("meeting", "2026-11-22T18:00:00+00:00")],
    )
    app = start(tmp_path / "contacts.json", [met])
    db = tmp_path / "contacts.json"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert rows(screen)[0] == "Today (1)"
        await pilot.press("s", "down", "down", "enter")  # a week
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(screen)[0] == "Later (1)"
        assert "follow-up set for 2026-11-30" in rows(screen)[1]
        await pilot.press("s")
        app.screen.query_one("#when", Input).value = "yesterday"
        await pilot.pause()
        hint = plain(app.screen.query_one("#when-hint", Static))
        assert "in the past: pick today or later" in hint
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, SnoozeScreen)  # refused; still asking
        await pilot.press("escape")
        await pilot.press("g", "q")
    assert contacts_on_disk(db)["met-yesterday"]["next_touch"] == "2026-11-30"


async def test_log_and_advance_from_the_agenda(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("l")
        assert isinstance(app.screen, LogScreen)
        await pilot.press(*"sent a paper", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current(app.screen).startswith("!1 Top Overdue")
        await pilot.press("greater_than_sign")
        await app.workers.wait_for_complete()
        await pilot.press("g", "q")
    on_disk = contacts_on_disk(db)
    assert on_disk["top-very-late"]["next_touch"] == "2026-11-28"  # engaged: every 5 days
    assert on_disk["top-overdue"]["stage"] == "connected"


async def test_a_full_review_saves_each_action_and_sums_up(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert [i.name for i in screen.items] == [
            "Top Very Late",
            "Top Overdue",
            "Low Overdue",
            "Due Today",
            "Met Yesterday",
        ]
        assert "1 of 5" in plain(screen.query_one("#review-header", Static))
        await pilot.press("l", "enter")  # 1: log
        await pilot.press("s", "enter")  # 2: snooze a day
        await pilot.press("greater_than_sign")  # 3: advance (stays on them)
        header = plain(screen.query_one("#review-header", Static))
        assert f"Next step: {playbook.NEXT_STEP['engaged']}" in header  # the new stage's
        await pilot.press("enter")  # the whole contact, and back
        assert isinstance(app.screen, ContactScreen) and app.screen.uid == "low-overdue"
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("space")
        await pilot.press("l")
        app.screen.query_one("#kind").value = "thank-you"
        await pilot.press("enter")  # 4: log a thank-you
        await pilot.press("n")  # 5: skip the last one
        summary = plain(screen.query_one("#review-contact", Static))
        assert "Review done." in summary
        assert "Reviewed        5 of 5" in summary
        assert "Touches logged  2" in summary
        assert "Stages advanced 1" in summary
        assert "Snoozed         1" in summary
        assert "Left for later  0" in summary
        footer_keys = {key for key, b in app.active_bindings.items() if b.binding.show}
        assert not footer_keys & {"l", "s", "space"}  # nobody left to act on
        await pilot.press("escape", "q")
    on_disk = contacts_on_disk(db)
    assert len(on_disk["top-very-late"]["interactions"]) == 1
    assert on_disk["top-overdue"]["next_touch"] == "2026-11-24"
    assert on_disk["low-overdue"]["stage"] == "engaged"
    assert on_disk["due-today"]["interactions"][-1]["kind"] == "thank-you"


async def test_stopping_the_review_half_way_keeps_the_work(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "l", "enter", "escape")
        summary = plain(app.screen.query_one("#review-contact", Static))
        assert "Review stopped" in summary and "Left for later  4" in summary
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)
        app.saver.stop()
        assert len(contacts_on_disk(db)["top-very-late"]["interactions"]) == 1


async def test_the_agenda_shows_what_the_review_did(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert any(line.startswith("!1 Top Very Late") for line in rows(screen))
        await pilot.press("r", "l", "enter", "escape", "escape")  # log on the first, stop
        assert app.screen is screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        late = next(line for line in rows(screen) if "Top Very Late" in line)
        assert "late" not in late  # logged today: no longer overdue
        assert rows(screen)[0] == "Overdue (2)"


async def test_a_review_with_nothing_due_says_so_and_shows_the_next(db: Path) -> None:
    app = start(db, [contact("Soon", "follower", next_touch="2026-11-25")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        text = plain(app.screen.query_one("#review-contact", Static))
        assert "Nobody is due today or overdue." in text
        assert "Next due: Soon (Follower) on 2026-11-25." in text
        before = db.read_bytes()
        # the board's card keys do not reach the contact hidden behind the review
        await pilot.press("l", "e", "m", "x", "enter")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        screen = await open_agenda(pilot)
        await pilot.press("x", "e")
        assert app.screen is screen
        await pilot.press("g", "q")  # quitting saves whatever changed
    assert db.read_bytes() == before


async def test_adding_an_event_from_the_agenda(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("n")
        screen = app.screen
        screen.query_one("#event-name", Input).value = "PyData Paris"
        screen.query_one("#event-date", Input).value = "next fri"
        screen.query_one("#event-place", Input).value = "Paris"
        screen.query_one("#event-people", Input).value = "due today, later this"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = rows(app.screen)
        assert "Upcoming events" in lines
        assert any(
            "2026-12-04 PyData Paris · Paris · expected: Due Today, Later This Week" in line
            for line in lines
        )
        await pilot.press("g", "q")
    (event,) = read_db(db)["events"].values()
    assert event["contacts"] == ["due-today", "later-this-week"]


async def test_goals_can_be_set(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("G")
        app.screen.query_one("#weekly_touch_goal", Input).value = "20"
        app.screen.query_one("#wip_limit", Input).value = "0"
        await pilot.press("ctrl+s")
        assert "at least 1" in plain(app.screen.query_one("#wip_limit-error", Static))
        app.screen.query_one("#wip_limit", Input).value = "3"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        week = plain(app.screen.query_one("#week", Static))
        assert "0/20 touches" in week and "3/3 engaged" in week
        await pilot.press("g")
        header = plain(app.query_one("#column-engaged .column-header")).strip()
        assert header == "Engaged 3/3"
        await pilot.press("q")
    assert read_db(db)["settings"]["1"]["weekly_touch_goal"] == 20


# --- the shell -------------------------------------------------------------------


def test_agenda_from_the_shell_as_text_and_json(db: Path) -> None:
    write_db(db, people())
    text = run_cli("agenda", db=db)
    assert text.returncode == 0
    assert text.stdout.startswith("Agenda for Monday 23 November 2026\n")
    assert "Overdue (3)\n  !1 Top Very Late [Engaged] 13d late:" in text.stdout
    assert "Next Month" in text.stdout
    short = run_cli("agenda", "--days", "7", db=db)
    assert "Next Month" not in short.stdout
    data = json.loads(run_cli("agenda", "--json", db=db).stdout)
    assert data["date"] == "2026-11-23"
    assert data["items"][0]["name"] == "Top Very Late"
    assert data["week"]["wip_limit"] == 5


def test_agenda_from_the_shell_on_a_broken_file(db: Path) -> None:
    db.write_text("[]")
    result = run_cli("agenda", db=db)
    assert result.returncode == 2 and str(db) in result.stderr
    assert "Traceback" not in result.stderr


def test_export_ics(db: Path, tmp_path: Path) -> None:
    event = {"1": {"uid": "e1", "name": "PyData Paris", "date": "2026-12-04", "place": "Paris"}}
    write_db(db, people(), events=event)
    target = tmp_path / "touches.ics"
    result = run_cli("export", "ics", str(target), db=db)
    assert result.returncode == 0, result.stderr
    cal = Calendar.from_ical(target.read_bytes())
    entries = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert entries["Reach out to Met Yesterday"].decoded("dtstart").isoformat() == "2026-11-23"
    assert entries["PyData Paris"].decoded("dtstart").isoformat() == "2026-12-04"
    assert str(entries["PyData Paris"]["location"]) == "Paris"
    assert "Reach out to Far Away" in entries  # within a year
