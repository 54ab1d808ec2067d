"""The agenda screen, the daily review, events, and the shell's agenda and export,
driven as a person drives them. The rules themselves: test_agenda_rules.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static, TextArea

from networking_tui import cli
from networking_tui.data.store import ContactStore
from networking_tui.domain import clock, playbook
from networking_tui.domain.rules import due_label
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.agenda import AgendaScreen
from networking_tui.ui.screens.choice import ChoiceScreen
from networking_tui.ui.screens.compose import ComposeScreen
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.edit import EditScreen
from networking_tui.ui.screens.event import EventScreen
from networking_tui.ui.screens.log import LogScreen
from networking_tui.ui.screens.review import ReviewScreen
from networking_tui.ui.screens.snooze import SnoozeScreen
from networking_tui.ui.widgets.status import ViewTab

from .conftest import contact, contacts_on_disk, plain, read_db, run_cli, write_db
from .test_agenda_rules import people, touch

SIZE = (160, 48)
MEETUP = {"1": {"uid": "e1", "name": "Meetup", "date": "2026-11-22", "contacts": []}}


def start(db: Path, docs: list[dict] | None = None, **tables: dict) -> NetworkingApp:
    write_db(db, people() if docs is None else docs, **tables)
    return NetworkingApp(ContactStore.open(db), autosave=False)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_agenda(pilot) -> AgendaScreen:
    await pilot.press("g")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AgendaScreen)
    return pilot.app.screen


def listing(screen: AgendaScreen) -> OptionList:
    return screen.query_one("#agenda-list", OptionList)


def rows(screen: AgendaScreen) -> list[str]:
    options = listing(screen)
    return [
        plain(options.get_option_at_index(i).prompt).strip() for i in range(options.option_count)
    ]


def current(screen: AgendaScreen) -> str:
    options = listing(screen)
    highlighted = options.highlighted
    assert highlighted is not None
    return plain(options.get_option_at_index(highlighted).prompt)


def on_screen(widget: Widget) -> str:
    """What a widget shows right now, line by line, as a person sees it (without
    its border)."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    lines = (strip.text.strip("▊▎▔▁ ") for strip in widget.render_lines(region))
    return "\n".join(line for line in lines if line)


def notices(app: NetworkingApp) -> list[str]:
    return [n.message for n in app._notifications]


async def highlight(pilot, screen: AgendaScreen, starting: str) -> None:
    """Move down until the highlighted row starts with `starting`."""
    await pilot.press("home")
    for _ in range(listing(screen).option_count):
        if current(screen).strip().startswith(starting):
            return
        await pilot.press("down")
    raise AssertionError(f"no row starts with {starting!r}")


# --- the agenda screen ---------------------------------------------------------------


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


@pytest.mark.parametrize("width", [100, 120])
async def test_rows_are_readable_at_100_columns(db: Path, width: int) -> None:
    app = start(db)
    async with app.run_test(size=(width, 48)) as pilot:
        screen = await open_agenda(pilot)
        shown = on_screen(listing(screen))
    lines = shown.splitlines()
    first = next(i for i, line in enumerate(lines) if "Top Overdue" in line)
    # Who, the stage, how late and what to do; then the whole reason, none cut.
    assert "!1 Top Overdue" in lines[first] and "Engaged" in lines[first]
    assert "2d late" in lines[first] and "→ send them something useful" in lines[first]
    why = "every 5 days while engaged: last touch 7 days ago, so 2 days late"
    assert lines[first + 1] == why
    assert "…" not in shown


async def test_the_first_heading_stays_in_sight(db: Path) -> None:
    docs = people() + [
        contact(f"Extra {n:02d}", "follower", next_touch="2026-11-20") for n in range(20)
    ]
    app = start(db, docs)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_agenda(pilot)
        options = listing(screen)
        assert options.scroll_y == 0
        await pilot.press("end")
        assert options.scroll_y > 0
        await pilot.press("home")
        assert options.scroll_y == 0 and on_screen(options).startswith("Overdue (")
        for _ in range(14):
            await pilot.press("down")
        assert options.scroll_y > 0
        await pilot.press("r", "l", "enter", "escape", "escape")  # log on the first, stop
        await settle(pilot)
        assert app.screen is screen
        assert options.scroll_y == 0 and on_screen(options).startswith("Overdue (")
        assert current(screen).startswith("!1 Top Overdue")  # Top Very Late was logged
        await pilot.press("end", "r", "n", "escape", "escape")  # a review that changes nothing
        await settle(pilot)
        assert options.scroll_y == 0 and current(screen).startswith("!1 Top Overdue")


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


@pytest.mark.parametrize(("words", "screen_type"), [("new event", EventScreen), ("goals", None)])
async def test_the_command_palette_has_new_event_and_goals(
    db: Path, words: str, screen_type: type | None
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *words)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        if screen_type is not None:
            assert isinstance(app.screen, screen_type)
        else:
            assert app.screen.query_one("#wip_limit", Input).value == "5"


async def test_snooze_from_the_agenda(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("down", "enter")  # 3 days
        await settle(pilot)
        assert "!1 Top Very Late" not in " ".join(rows(screen)[:4])
        snoozed = next(line for line in rows(screen) if "Top Very Late" in line)
        assert "the follow-up you set today" in snoozed and "in 3d" in snoozed
        await pilot.press("s")
        app.screen.query_one("#when", Input).value = "next tue"
        await pilot.press("tab", "enter")
        await settle(pilot)
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
        interactions=[touch("meeting", "2026-11-22T18:00:00")],
    )
    db = tmp_path / "contacts.json"
    app = start(db, [met])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert rows(screen)[0] == "Today (1)"
        assert "met 1 day ago at PyCon: follow up while it is fresh" in rows(screen)[1]
        await pilot.press("s", "down", "down", "enter")  # a week
        await settle(pilot)
        assert rows(screen)[1] == "Later (1)"  # after the "nothing due" hint
        assert "the follow-up you set today for 30 Nov; last touch 1 day ago" in rows(screen)[2]
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
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert current(app.screen).startswith("!1 Top Overdue")
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert "Top Overdue is now Connected." in notices(app)  # no board shows it here
        await pilot.press("g", "q")
    on_disk = contacts_on_disk(db)
    assert on_disk["top-very-late"]["next_touch"] == "2026-11-28"  # engaged: every 5 days
    assert on_disk["top-overdue"]["stage"] == "connected"


async def test_a_message_from_the_agenda_is_logged(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("m")
        assert isinstance(app.screen, ComposeScreen)
        app.screen.query_one("#body", TextArea).text = "Hi, here is the paper I mentioned."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        line = next(line for line in rows(screen) if "Top Very Late" in line)
        assert "in 5d" in line
        await pilot.press("g", "q")
    touches = contacts_on_disk(db)["top-very-late"]["interactions"]
    assert (touches[-1]["kind"], touches[-1]["note"]) == (
        "message",
        "Hi, here is the paper I mentioned.",
    )


async def test_advancing_past_the_engaged_limit_warns_on_the_agenda(db: Path) -> None:
    app = start(db, settings={"1": {"uid": "settings", "wip_limit": 3}})
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await highlight(pilot, screen, "!3 Low Overdue")
        await pilot.press("greater_than_sign")
        await settle(pilot)
        # One notice for both: a short terminal shows one at a time.
        said = "Low Overdue is now Engaged. Engaged is now 4/3, over your limit"
        assert any(said in n for n in notices(app)), notices(app)
        week = plain(screen.query_one("#week", Static))
        assert "4/3 engaged (over the limit)" in week
        from networking_tui.ui.screens.agenda import week_line

        narrow = week_line(app.current_agenda(), 78).plain.splitlines()  # at 80 columns
        assert all(len(line) <= 78 for line in narrow), narrow
        assert narrow[-1] == "4/3 engaged (over the limit)", narrow  # whole, not split
        await pilot.press("g", "q")


async def test_the_agenda_follows_midnight(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert "Due Today" in " ".join(rows(screen)[rows(screen).index("Today (2)") :])
        with clock.frozen("2026-11-24T00:05:00"):
            app._check_day()  # what the app's one-minute timer calls
            await settle(pilot)
            overdue = rows(screen)[: rows(screen).index("Today (1)")]
            assert any("Due Today" in line and "1d late" in line for line in overdue)
        await pilot.press("g", "q")


async def test_the_agenda_shows_what_the_review_did(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert any(line.startswith("!1 Top Very Late") for line in rows(screen))
        await pilot.press("r", "l", "enter", "escape", "escape")  # log on the first, stop
        assert app.screen is screen
        await settle(pilot)
        late = next(line for line in rows(screen) if "Top Very Late" in line)
        assert "late" not in late.splitlines()[0]  # logged today: no longer overdue
        assert rows(screen)[0] == "Overdue (2)"


# --- events ----------------------------------------------------------------------------


async def test_adding_an_event_from_the_agenda(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("n")
        form = app.screen
        form.query_one("#event-name", Input).value = "PyData Paris"
        form.query_one("#event-date", Input).value = "next fri"
        form.query_one("#event-place", Input).value = "Paris"
        form.query_one("#event-people", Input).value = "due today, later this"
        await pilot.press("ctrl+s")
        await settle(pilot)
        lines = rows(screen)
        assert "Upcoming events" in lines
        assert any(
            "Fri 4 Dec" in line
            and "PyData Paris · Paris" in line
            and "expected: Due Today, Later This Week" in line
            for line in lines
        )
        assert not any("Follow up with" in n for n in notices(app))  # both due sooner
        await pilot.press("g", "q")
    (event,) = read_db(db)["events"].values()
    assert event["contacts"] == ["due-today", "later-this-week"]
    on_disk = contacts_on_disk(db)
    assert on_disk["due-today"]["next_touch"] == "2026-11-23"  # already due sooner
    assert on_disk["later-this-week"]["next_touch"] == "2026-11-27"  # sooner than the 5th


async def test_after_an_event_record_who_you_met_and_all_views_agree(db: Path) -> None:
    """The recent event is listed; Enter edits it; the people added are due today
    for the same reason on the board card, in the detail pane, in the contact view,
    in the agenda and from the shell."""
    app = start(db, events=MEETUP)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert "Recent events (Enter: record who you met)" in rows(screen)
        await highlight(pilot, screen, "Sun 22 Nov")
        assert "met or expected: nobody yet" in current(screen)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, EventScreen)
        assert form.query_one("#event-name", Input).value == "Meetup"
        await pilot.pause()
        assert form.focused is form.query_one("#event-people", Input)  # who was met
        await pilot.press(*"next month")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Saved Meetup. Follow up with Next Month on Mon 23 Nov 2026." in notices(app)
        line = next(line for line in rows(screen) if "Next Month" in line)
        today = rows(screen)[rows(screen).index("Today (3)") :]
        assert line in today
        assert "today" in line and "follow up after Meetup (22 Nov)" in line
        await pilot.press("g")
        assert app.board.focus_uid("next-month")
        await pilot.pause()
        card = app.store.cards["next-month"]
        assert due_label(card.next_touch, clock.today()) == ("today", "today")
        assert "Mon 23 Nov 2026 (today)" in plain(app.detail)
        await pilot.press("enter")
        assert "Mon 23 Nov 2026 (today)" in plain(app.screen.query_one("#contact-body"))
        await pilot.press("escape", "q")
    assert contacts_on_disk(db)["next-month"]["next_touch"] == "2026-11-23"
    shell = run_cli("agenda", db=db).stdout
    # Met there: the meeting logged, and a Follower moved to Engaged.
    assert "!2 Next Month [Engaged] today: follow up after Meetup (22 Nov)" in shell
    assert "Sun 22 Nov 2026 Meetup · met or expected: Next Month" in shell


def next_touch(app: NetworkingApp, uid: str) -> str:
    day = app.store.cards[uid].next_touch
    assert day is not None
    return day.isoformat()


async def test_deleting_an_event_asks_first_and_gives_back_the_dates(db: Path) -> None:
    app = start(db, events=MEETUP)
    async with app.run_test(size=SIZE) as pilot:
        app.flows.save_event(
            "e1", {"name": "Meetup", "date": "2026-11-22", "contacts": ["next-month"]}
        )
        assert next_touch(app, "next-month") == "2026-11-23"
        screen = await open_agenda(pilot)
        await highlight(pilot, screen, "!2 Due Today")
        await pilot.press("x")
        assert app.screen is screen  # only an event can be deleted here
        await highlight(pilot, screen, "Sun 22 Nov")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        title = plain(app.screen.query_one(".dialog-title", Static)).strip()
        assert title == "Delete the event Meetup (Sun 22 Nov 2026)?"
        await pilot.press("n")
        assert "e1" in {e["uid"] for e in app.store.docs("events").values()}
        await pilot.press("x", "y")
        await settle(pilot)
        assert app.store.docs("events") == {}
        assert next_touch(app, "next-month") == "2026-12-10"
        assert not any(line.startswith("Sun 22 Nov") for line in rows(screen))
        await pilot.press("ctrl+z")  # the event and the follow-up come back together
        await settle(pilot)
        assert next_touch(app, "next-month") == "2026-11-23"
        assert any(line.startswith("Sun 22 Nov") for line in rows(screen))
        await pilot.press("g", "q")
    assert read_db(db)["events"]["1"]["contacts"] == ["next-month"]


async def test_goals_can_be_set(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("G")
        app.screen.query_one("#weekly_touch_goal", Input).value = "20"
        app.screen.query_one("#wip_limit", Input).value = "0"
        await pilot.press("ctrl+s")
        assert "from 1 to" in plain(app.screen.query_one("#wip_limit-error", Static))
        for typo in ("²", "٣", "9" * 5000):  # digits int() refuses, or too many
            app.screen.query_one("#wip_limit", Input).value = typo
            await pilot.press("ctrl+s")
            assert "a whole number" in plain(app.screen.query_one("#wip_limit-error", Static))
        app.screen.query_one("#wip_limit", Input).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        week = plain(app.screen.query_one("#week", Static))
        assert "0/20 touches" in week and "3/3 engaged" in week
        await pilot.press("g")
        header = plain(app.query_one("#column-engaged .column-header")).strip()
        assert header == "Engaged 3/3"
        await pilot.press("q")
    assert read_db(db)["settings"]["1"]["weekly_touch_goal"] == 20
    assert ContactStore.open(db).settings().wip_limit == 3  # kept for the next start


# --- the daily review ------------------------------------------------------------------


def header(screen: ReviewScreen) -> str:
    return plain(screen.query_one("#review-header", Static))


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
            "Fading Friend",  # losing touch: after the ones due
        ]
        assert "1 of 6" in header(screen)
        await pilot.press("l", "enter")  # 1: log
        await pilot.press("s", "enter")  # 2: snooze a day
        assert "Why: every 7 days while a follower: last touch 17 days ago" in header(screen)
        await pilot.press("greater_than_sign")  # 3: advance (stays on them)
        # The new stage's step, and a reason that no longer claims the old rhythm.
        assert f"Next step: {playbook.NEXT_STEP['engaged']}" in header(screen)
        assert "Why: next touch planned for 13 Nov, 10 days late" in header(screen)
        await pilot.press("enter")  # the whole contact, and back
        assert isinstance(app.screen, ContactScreen) and app.screen.uid == "low-overdue"
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("space")
        assert header(screen).splitlines()[0].strip() == "4 of 6 · Today"  # not "· today"
        await pilot.press("l")
        app.screen.query_one("#kind", Select).value = "thank-you"
        await pilot.press("enter")  # 4: log a thank-you
        await pilot.press("n", "n")  # 5, 6: skip the last ones
        summary = plain(screen.query_one("#review-contact", Static))
        assert "Review done." in summary
        assert "Went through    6 of 6: acted on 4, skipped 2" in summary
        assert "Touches logged  2" in summary
        assert "Stages advanced 1" in summary
        assert "Snoozed         1" in summary
        assert "Left for later  2: Met Yesterday, Fading Friend" in summary
        footer_keys = {key for key, b in app.active_bindings.items() if b.binding.show}
        assert not footer_keys & {"l", "s", "space"}  # nobody left to act on
        footer = {b.binding.key: b.binding.description for b in app.active_bindings.values()}
        assert footer["escape"] == "Back"  # it no longer stops anything
        await pilot.press("escape", "q")
    on_disk = contacts_on_disk(db)
    assert len(on_disk["top-very-late"]["interactions"]) == 1
    assert on_disk["top-overdue"]["next_touch"] == "2026-11-24"
    assert on_disk["low-overdue"]["stage"] == "engaged"
    assert on_disk["due-today"]["interactions"][-1]["kind"] == "thank-you"


async def test_stopping_the_review_half_way_keeps_the_work(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "l", "enter", "n", "escape")
        summary = plain(app.screen.query_one("#review-contact", Static))
        assert "Review stopped" in summary
        assert "Went through    2 of 6: acted on 1, skipped 1" in summary
        assert (
            "Left for later  5: Top Overdue, Low Overdue, Due Today, Met Yesterday, Fading Friend"
            in summary
        )
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)
        app.saver.stop()
        assert len(contacts_on_disk(db)["top-very-late"]["interactions"]) == 1


async def test_someone_archived_from_their_view_is_not_skipped_or_left_for_later(
    db: Path,
) -> None:
    from networking_tui.ui.screens.contact import ContactScreen

    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        assert isinstance(app.screen, ContactScreen) and app.screen.uid == "top-very-late"
        await pilot.press("x")
        await settle(pilot)
        if isinstance(app.screen, ContactScreen):
            await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert header(screen).startswith("2 of 6")
        await pilot.press("escape")
        summary = plain(screen.query_one("#review-contact", Static))
        assert "Went through    1 of 6: acted on 1, skipped 0" in summary
        assert "Archived        1" in summary
        assert "Left for later  5: Top Overdue, Low Overdue," in summary
        await pilot.press("escape", "q")


async def test_a_review_of_skips_only_does_not_call_them_reviewed(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        footer = {b.binding.key: b.binding.description for b in app.active_bindings.values()}
        assert footer["escape"] == "Stop"  # half-way, Escape stops (work is kept)
        await pilot.press(*"nnnnnn")
        summary = plain(app.screen.query_one("#review-contact", Static))
        assert "Went through    6 of 6: acted on 0, skipped 6" in summary
        assert "Reviewed" not in summary
        footer = {b.binding.key: b.binding.description for b in app.active_bindings.values()}
        assert footer["escape"] == "Back"
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("q")


async def test_edit_and_message_in_a_review(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one("#next_touch", Input).value = "next fri"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is review
        assert "1 of 6" in header(review)  # still on them: an edit may not be all
        assert "Why: the follow-up you set today" in header(review)
        assert "Later · in 11d" in header(review)
        await pilot.press("n", "m")
        assert isinstance(app.screen, ComposeScreen)
        app.screen.query_one("#body", TextArea).text = "Thanks for the reply!"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "3 of 6" in header(review)  # sent and logged: the next one
        await pilot.press("escape")
        summary = plain(review.query_one("#review-contact", Static))
        assert "Edited          1" in summary and "Touches logged  1" in summary
        await pilot.press("escape", "q")
    on_disk = contacts_on_disk(db)
    assert on_disk["top-very-late"]["next_touch"] == "2026-12-04"
    assert on_disk["top-overdue"]["interactions"][-1]["note"] == "Thanks for the reply!"


async def test_g_in_the_review_opens_the_agenda(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        footer = {b.binding.key: b.binding.description for b in app.active_bindings.values()}
        assert footer["g"] == "Agenda"
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert len(app.screen_stack) == 2  # board, agenda
        await pilot.press("r", "g")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen) and len(app.screen_stack) == 2
        await pilot.press("g", "q")


async def test_a_review_with_nothing_due_says_so_and_shows_the_next(db: Path) -> None:
    # (Those losing touch are in the review: test_weekly_ui.py.)
    far = contact("Far Ahead", "follower", next_touch="2027-02-01")
    app = start(db, [far])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        text = plain(app.screen.query_one("#review-contact", Static))
        assert "Nobody is due today or overdue." in text
        assert "Next: Far Ahead (Follower) on Mon 1 Feb 2027." in text
        before = db.read_bytes()
        # the board's card keys do not reach the contact hidden behind the review
        await pilot.press("l", "e", "m", "x", "enter")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        screen = await open_agenda(pilot)
        assert rows(screen)[0].startswith(
            "Nothing due today or overdue. Next: Far Ahead (Follower) on Mon 1 Feb 2027."
        )
        await pilot.press("x", "e")
        assert app.screen is screen
        await pilot.press("g", "q")  # quitting saves whatever changed
    assert db.read_bytes() == before


# --- the shell ---------------------------------------------------------------------


def test_agenda_from_the_shell_as_text_and_json(db: Path) -> None:
    event = {"1": {"uid": "e1", "name": "PyData", "date": "2026-11-28", "contacts": ["due-today"]}}
    write_db(db, people(), events=event)
    text = run_cli("agenda", db=db)
    assert text.returncode == 0
    assert text.stdout.startswith("Agenda for Monday 23 November 2026\n")
    assert "Overdue (3)\n  !1 Top Very Late [Engaged] 13d late:" in text.stdout
    assert "Next Month" in text.stdout
    assert "Upcoming events\n  Sat 28 Nov 2026 PyData · expected: Due Today\n" in text.stdout
    data = json.loads(run_cli("agenda", "--json", db=db).stdout)
    assert data["date"] == "2026-11-23"
    assert data["items"][0]["name"] == "Top Very Late"
    assert data["week"]["wip_limit"] == 5
    assert data["events"] == [
        {"name": "PyData", "date": "2026-11-28", "place": None, "contacts": ["Due Today"]}
    ]


def test_days_limits_everything_ahead_from_the_shell(db: Path) -> None:
    event = {"1": {"uid": "e1", "name": "PyData", "date": "2026-11-28", "contacts": []}}
    write_db(db, people(), events=event)
    one = run_cli("agenda", "--days", "1", db=db).stdout
    assert "Overdue (3)" in one and "Today (2)" in one
    assert "This week (1)\n  !2 Asked Us" in one and "Later This Week" not in one
    assert "Next Month" not in one and "PyData" not in one
    week = run_cli("agenda", "--days", "7", db=db).stdout
    assert "Later This Week" in week and "PyData" in week and "Next Month" not in week
    helptext = run_cli("agenda", "--help").stdout
    assert "Overdue and Today are always listed" in " ".join(helptext.split())


def test_the_shell_names_the_next_one_when_nothing_is_due(db: Path) -> None:
    write_db(db, [contact("Far Ahead", "follower", next_touch="2027-02-01")])
    text = run_cli("agenda", db=db).stdout
    assert "Nothing due today or overdue. Next: Far Ahead (Follower) on Mon 1 Feb 2027." in text
    data = json.loads(run_cli("agenda", "--json", db=db).stdout)
    assert data["items"] == [] and data["next_due"]["name"] == "Far Ahead"
    assert data["next_due"]["due"] == "2027-02-01"


def test_agenda_from_the_shell_on_a_broken_file(db: Path) -> None:
    db.write_text("[]")
    result = run_cli("agenda", db=db)
    assert result.returncode == 2 and str(db) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["agenda"], ["export", "ics", "out.ics"]])
def test_a_missing_file_is_an_error_for_reading_commands(tmp_path: Path, command: list) -> None:
    typo = tmp_path / "typo.json"
    result = run_cli(*command, "--db", str(typo))
    assert result.returncode == 2
    assert f"there is no data file at {typo}" in result.stderr
    assert result.stdout == "" and not typo.exists()


def test_export_ics(db: Path, tmp_path: Path) -> None:
    event = {
        "1": {
            "uid": "e1",
            "name": "PyData Paris",
            "date": "2026-12-04",
            "place": "Paris",
            "contacts": ["due-today", "far-away"],
        }
    }
    write_db(db, people(), events=event)
    target = tmp_path / "touches.ics"
    result = run_cli("export", "ics", str(target), db=db)
    assert result.returncode == 0, result.stderr
    cal = Calendar.from_ical(target.read_bytes())
    entries = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert entries["Reach out to Met Yesterday"].decoded("dtstart").isoformat() == "2026-11-23"
    # Overdue: on today, saying how late (a calendar does not look back).
    late = entries["Reach out to Top Very Late (13 days late)"]
    assert late.decoded("dtstart").isoformat() == "2026-11-23"
    assert "Reach out to Top Very Late" not in entries
    pydata = entries["PyData Paris"]
    assert pydata.decoded("dtstart").isoformat() == "2026-12-04"
    assert str(pydata["location"]) == "Paris"
    assert "expected: Due Today, Far Away" in str(pydata["description"])
    assert "Reach out to Far Away" in entries  # within a year


def test_export_ics_escapes_and_folds_what_it_writes(db: Path, tmp_path: Path) -> None:
    """Commas, semicolons, line breaks and long lines of accented text come back
    exactly as they were, in lines of at most 75 octets (RFC 5545)."""
    name = "Zoë Ådahl, Countess; of Lovelace \\ " + "é→" * 30
    notes = "line one, with; marks\nline two " + "ü" * 80
    event = {"1": {"uid": "e1", "name": "Café, Paris; 2026", "date": "2026-12-04",
                   "place": "Rue d'Ülm, 5", "notes": notes, "contacts": []}}  # fmt: skip
    write_db(db, [contact(name, "follower", next_touch="2026-11-25")], events=event)
    target = tmp_path / "out.ics"
    assert cli.main(["export", "ics", str(target)]) == 0
    data = target.read_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    entries = {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    touch = entries[f"touch-{contact(name)['uid']}@networking-tui"]
    assert str(touch["summary"]) == f"Reach out to {name}"
    assert touch.decoded("dtstart").isoformat() == "2026-11-25"
    assert touch.decoded("dtend").isoformat() == "2026-11-26"
    cafe = entries["event-e1@networking-tui"]
    assert str(cafe["summary"]) == "Café, Paris; 2026"
    assert str(cafe["location"]) == "Rue d'Ülm, 5"
    assert str(cafe["description"]).endswith("\n" + notes)


def test_export_ics_refuses_a_folder_that_does_not_exist(db: Path, tmp_path: Path) -> None:
    write_db(db, people())
    target = tmp_path / "nonexistent" / "dir" / "x.ics"
    result = run_cli("export", "ics", str(target), db=db)
    assert result.returncode == 2
    assert f"the folder {target.parent} does not exist" in result.stderr
    assert not (tmp_path / "nonexistent").exists()


async def test_people_given_a_stage_without_fu_reach_the_agenda(db: Path) -> None:
    """Added as a Follower, or moved from Stranger to Connected, with no next touch:
    the stage's rhythm plans one, and the agenda lists them."""
    app = start(db, [contact("Linus Torvalds", "stranger")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Zoë Chen !1 >follower", "enter")
        await pilot.pause()
        app.board.focus_uid("linus-torvalds")
        await pilot.press(">", ">", ">")  # Stranger → Follower → Engaged → Connected
        await pilot.pause()
        screen = await open_agenda(pilot)
        shown = rows(screen)
        zoe = next(r for r in shown if r.startswith("!1 Zoë Chen"))
        assert "Follower" in zoe and "in 7d" in zoe
        assert "every 7 days while a follower, counted from when you added them" in zoe
        linus = next(r for r in shown if r.startswith("!2 Linus Torvalds"))
        # The first move planned a week ahead; later moves keep that date.
        assert "Connected" in linus and "in 7d" in linus
        await pilot.press("q")
    on_disk = {d["name"]: d for d in contacts_on_disk(db).values()}
    assert on_disk["Zoë Chen"]["next_touch"] == "2026-11-30"
    assert on_disk["Linus Torvalds"]["next_touch"] == "2026-11-30"


def namesakes() -> list[dict]:
    return [
        contact("Ada Lovelace", "follower"),
        contact("Sam Lee", "follower", uid="sam-acme", company="Acme", role="CTO"),
        contact("Sam Lee", "engaged", uid="sam-pycon", where_met="PyCon"),
        contact("Samira Khan", "stranger"),
    ]


async def test_the_event_form_lists_namesakes_and_lets_you_pick(db: Path) -> None:
    """Two contacts named Sam Lee can both be at one event: the form lists them
    with what tells them apart, Enter asks which one, and the choice is kept when
    the event is opened again."""
    app = start(db, namesakes())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EventScreen)
        form.query_one("#event-name", Input).value = "PyData"
        form.query_one("#event-date", Input).value = "next fri"
        people = form.query_one("#event-people", Input)
        people.value = "Ada, Sam Lee, Nobody Here"
        await pilot.pause()
        hint = plain(form.query_one("#event-people-error", Static))
        assert "'Sam Lee' could be Sam Lee (Follower · CTO at Acme), Sam Lee (Engaged · met" in hint
        assert "press Enter here to choose" in hint
        assert "no contact named 'Nobody Here'" in hint
        await pilot.press("ctrl+s")
        assert app.screen is form  # nothing saved while a name is unclear, and it says so
        assert notices(app)[-1] == "Fix the fields marked ⚠ first; nothing was saved."
        people.value = "Ada, Sam Lee, Sam Lee"
        people.focus()
        await pilot.pause()
        hint = plain(form.query_one("#event-people-error", Static))
        assert hint.count("'Sam Lee' could be") == 1  # said once for both
        await pilot.press("enter")
        chooser = app.screen
        assert isinstance(chooser, ChoiceScreen)
        assert plain(chooser.query_one(".dialog-title", Static)).strip() == (
            "Which 'Sam Lee' at PyData?"
        )
        options = [plain(o.prompt).strip() for o in chooser.query_one(OptionList)._options]
        assert options == [
            "Sam Lee  Follower · CTO at Acme",
            "Sam Lee  Engaged · met at PyCon",
        ]
        await pilot.press("down", "enter")  # the one met at PyCon
        assert app.screen is form
        hint = plain(form.query_one("#event-people-error", Static))
        # The second Sam Lee is the other one: nothing left to choose.
        assert hint.strip() == (
            "→ Ada Lovelace, Sam Lee (Engaged · met at PyCon), Sam Lee (Follower · CTO at Acme)"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await highlight(pilot, screen, "Fri 4 Dec")
        await pilot.press("enter")
        reopened = app.screen
        assert isinstance(reopened, EventScreen)
        assert reopened.query_one("#event-people", Input).value == "Ada Lovelace, Sam Lee, Sam Lee"
        assert "Sam Lee (Engaged · met at PyCon), Sam Lee (Follower" in plain(
            reopened.query_one("#event-people-error", Static)
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("g", "q")
    (event,) = read_db(db)["events"].values()
    assert event["contacts"] == ["ada-lovelace", "sam-pycon", "sam-acme"]


async def test_a_prefix_in_the_event_form_lists_who_it_could_be(db: Path) -> None:
    app = start(db, namesakes())
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("n")
        form = app.screen
        form.query_one("#event-name", Input).value = "Meetup"
        form.query_one("#event-date", Input).value = "tomorrow"
        people = form.query_one("#event-people", Input)
        people.value = "Ada, sam"
        people.focus()
        await pilot.pause()
        hint = plain(form.query_one("#event-people-error", Static))
        assert "'sam' could be Sam Lee (Follower · CTO at Acme), Sam Lee (Engaged" in hint
        assert "Samira Khan" in hint
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("end", "enter")  # Samira Khan
        assert people.value == "Ada, Samira Khan"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("g", "q")
    (event,) = read_db(db)["events"].values()
    assert event["contacts"] == ["ada-lovelace", "samira-khan"]


async def test_a_persons_keys_on_an_event_row_say_what_to_do_instead(db: Path) -> None:
    app = start(db, events=MEETUP)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await highlight(pilot, screen, "Sun 22 Nov")
        await pilot.pause()
        shown = {b.binding.key for b in app.active_bindings.values() if b.binding.show}
        assert not shown & {"l", "s", ">", "greater_than_sign", "m"}  # not offered here
        assert "x" in shown  # Delete event
        for key in ("l", "s", ">", "m"):
            await pilot.press(key)
            assert app.screen is screen, key  # nothing opened, nothing moved
            assert notices(app)[-1] == (
                "That is an event: Enter edits it (add who you met), x deletes it. "
                "l s > m act on a person's row."
            )
        await highlight(pilot, screen, "!1 Top Very Late")
        await pilot.pause()
        shown = {b.binding.key for b in app.active_bindings.values() if b.binding.show}
        assert {"l", "s", "greater_than_sign", "m"} <= shown
        await pilot.press("g", "q")
    assert contacts_on_disk(db) == {d["uid"]: d for d in people()}
