"""Quick-add and one-line logging: the parsers (with generated inputs) and the app."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Static

from networking_tui.app import NetworkingApp
from networking_tui.capture import (
    CaptureError,
    QuickAdd,
    format_quick_add,
    parse_log_line,
    parse_quick_add,
    to_doc,
)
from networking_tui.dates import DatePhraseError, parse_date
from networking_tui.screens.capture import LogLineScreen, QuickAddScreen
from networking_tui.screens.choice import ChoiceScreen
from networking_tui.screens.confirm import ConfirmScreen
from networking_tui.screens.contact import ContactScreen
from networking_tui.store import ContactStore
from networking_tui.text import clean_line

from .conftest import contact, contacts_on_disk, plain, write_db

TODAY = pendulum.date(2026, 11, 23)
NOW = pendulum.datetime(2026, 11, 23, 9)
SIZE = (160, 48)
FULL = (
    "Ada Lovelace @ada li:linkedin.com/in/ada ada@example.org #pycon #speaker !1 "
    ">engaged met at PyCon fu tomorrow ; talked about compilers"
)

# --- the parsers, with generated input --------------------------------------------


@given(st.text(max_size=300))
@settings(max_examples=500)
def test_any_text_raises_only_the_parsers_own_error(text: str) -> None:
    for parse in (parse_quick_add, parse_log_line):
        with contextlib.suppress(CaptureError):
            parse(text, TODAY)


@given(st.text(max_size=60))
@settings(max_examples=500)
def test_any_date_phrase_raises_only_the_grammars_error(text: str) -> None:
    with contextlib.suppress(DatePhraseError):
        parse_date(text, TODAY)


MARKERS = {"fu", "met", "at"}
word = st.text(st.characters(whitelist_categories=["L"]), min_size=1, max_size=8).filter(
    lambda w: w.lower() not in MARKERS
)
words = st.lists(word, min_size=1, max_size=3).map(" ".join)
phrases = st.sampled_from(["tomorrow", "in 3 days", "next tue", "3 dec", "2w", "2026-12-24"])
tag = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)


def clean(text: str) -> str:
    return clean_line(text).strip()  # what a line can carry: no control characters


@st.composite
def entries(draw: st.DrawFn) -> QuickAdd:
    follow_up = draw(st.none() | phrases)
    return QuickAdd(
        name=draw(words),
        x=draw(st.none() | st.from_regex(r"@[A-Za-z0-9_]{1,15}", fullmatch=True)),
        linkedin=draw(
            st.none()
            | st.from_regex(r"https://www\.linkedin\.com/in/[a-z0-9-]{1,20}", fullmatch=True)
        ),
        email=draw(st.none() | st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(org|com)", fullmatch=True)),
        tags=tuple(dict.fromkeys(draw(st.lists(tag, max_size=3)))),
        priority=draw(st.none() | st.integers(1, 3)),
        stage=draw(
            st.none() | st.sampled_from(["stranger", "follower", "engaged", "connected", "ask"])
        ),
        where_met=draw(st.none() | words),
        follow_up=follow_up,
        note=draw(st.none() | st.text(min_size=1, max_size=40).map(clean).filter(bool)),
        follow_up_date=parse_date(follow_up, TODAY) if follow_up else None,
    )


@given(entries())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_every_valid_line_round_trips(entry: QuickAdd) -> None:
    line = format_quick_add(entry)
    parsed = parse_quick_add(line, TODAY)
    assert parsed == entry
    assert parsed.follow_up_date == entry.follow_up_date
    assert format_quick_add(parsed) == line


def test_every_token_of_the_grammar() -> None:
    entry = parse_quick_add(FULL, TODAY)
    assert entry == QuickAdd(
        name="Ada Lovelace",
        x="@ada",
        linkedin="https://linkedin.com/in/ada",
        email="ada@example.org",
        tags=("pycon", "speaker"),
        priority=1,
        stage="engaged",
        where_met="PyCon",
        follow_up="tomorrow",
        note="talked about compilers",
    )
    assert entry.follow_up_date == pendulum.date(2026, 11, 24)


def test_met_at_without_stage_starts_engaged_with_a_meeting_and_tomorrow() -> None:
    doc = to_doc(parse_quick_add("Grace Hopper met at the Navy Yard", TODAY), NOW)
    assert doc["stage"] == "engaged"
    assert doc["where_met"] == "the Navy Yard"
    assert doc["next_touch"] == "2026-11-24"
    assert [(t["kind"], t["note"]) for t in doc["interactions"]] == [
        ("meeting", "met at the Navy Yard")
    ]


def test_fu_overrides_the_next_day_and_no_stage_means_stranger() -> None:
    doc = to_doc(parse_quick_add("Grace Hopper met at PyCon fu in 3 days", TODAY), NOW)
    assert doc["next_touch"] == "2026-11-26"
    assert doc["next_touch_set_at"] == doc["interactions"][0]["at"]  # chosen with the meeting
    plain_doc = to_doc(parse_quick_add("Alan Turing", TODAY), NOW)
    assert plain_doc["stage"] == "stranger" and plain_doc["next_touch"] is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "type a name first"),
        ("@ada", "a name comes first"),
        ("Ada !4", "!4 is not a priority"),
        ("Ada >friend", "unknown stage >friend"),
        ("Ada fu", "fu needs a date"),
        ("Ada fu someday", "unknown date 'someday'"),
        ("Ada fu yesterday", "'yesterday' is Sun 22 Nov 2026, in the past"),
        ("Ada #pycon and more", "not understood: 'and'"),
        ("Ada li:example.com/ada", "not a linkedin.com address"),
        ("Ada !1 !2", "priority is given twice"),
    ],
)
def test_quick_add_errors_name_the_problem(line: str, message: str) -> None:
    with pytest.raises(CaptureError) as caught:
        parse_quick_add(line, TODAY)
    assert message in str(caught.value)


def test_log_line() -> None:
    entry = parse_log_line("Ada: call, she'll intro me to Grace ; fu in 3 days", TODAY)
    assert (entry.who, entry.kind, entry.note, entry.follow_up_date) == (
        "Ada",
        "call",
        "she'll intro me to Grace",
        pendulum.date(2026, 11, 26),
    )
    with pytest.raises(CaptureError, match="unknown kind 'chat'"):
        parse_log_line("Ada: chat about things", TODAY)
    assert parse_log_line("Ada: intro to Grace", TODAY).kind == "introduction"
    thanks = parse_log_line("Ada: thank you, for the intro", TODAY)
    assert (thanks.kind, thanks.note) == ("thank-you", "for the intro")


# --- in the app ---------------------------------------------------------------------


def start(db: Path) -> NetworkingApp:
    write_db(
        db,
        [
            contact("Ada Lovelace", "follower", handles={"x": "@ada"}),
            contact("Adam Smith", "follower"),
            contact("Émilie du Châtelet", "connected", nickname="Emi"),
        ],
    )
    return NetworkingApp(ContactStore.open(db), autosave=False)


async def test_quick_add_with_every_token_saves_and_focuses_the_new_card(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, QuickAddScreen)
        line = (
            FULL.replace("Ada Lovelace @ada", "Grace Hopper @grace")
            .replace("ada@example.org", "grace@example.org")
            .replace("in/ada", "in/grace")
        )
        app.screen.query_one("#line", Input).value = line
        await pilot.pause()
        preview = plain(app.screen.query_one("#preview", Static))
        assert "Grace Hopper · Engaged · priority 1" in preview
        assert "next touch 2026-11-24" in preview
        await pilot.press("enter")
        assert not isinstance(app.screen, QuickAddScreen)
        grace = next(c for c in app.store.cards.values() if c.name == "Grace Hopper")
        assert app.board.current_uid == grace.uid
        await pilot.press("q")
    (doc,) = [d for d in contacts_on_disk(db).values() if d["name"] == "Grace Hopper"]
    assert doc["handles"] == {
        "x": "@grace",
        "linkedin": "https://linkedin.com/in/grace",
        "email": "grace@example.org",
    }
    assert doc["tags"] == ["pycon", "speaker"] and doc["priority"] == 1
    assert doc["interactions"][0]["note"] == "talked about compilers"


async def test_quick_add_with_a_bad_line_saves_nothing(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Grace !9", "enter")
        assert isinstance(app.screen, QuickAddScreen)
        assert "!9 is not a priority" in plain(app.screen.query_one("#preview", Static))
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


async def test_quick_add_straight_into_ask_asks_first(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Pushy Asker >ask", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        reasons = " ".join(plain(s) for s in app.screen.query(".dialog-reason"))
        assert "no touch logged yet" in reasons
        await pilot.press("n")
        assert not any(c.name == "Pushy Asker" for c in app.store.cards.values())
        await pilot.press("a", *"Pushy Asker >ask", "enter", "y")
        assert [c.stage for c in app.store.cards.values() if c.name == "Pushy Asker"] == ["ask"]
        await pilot.press("q")
    assert "Pushy Asker" in {d["name"] for d in contacts_on_disk(db).values()}


async def test_escape_saves_nothing(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Grace Hopper met at PyCon", "escape", "q")
    assert db.read_bytes() == before


async def test_a_duplicate_is_shown_and_never_silently_added(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"ada lovelace met at PyCon ; talked about engines")
        preview = plain(app.screen.query_one("#preview", Static))
        assert "⚠ may already be here: Ada Lovelace" in preview
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        options = [str(o.prompt) for o in app.screen.query_one("OptionList")._options]
        assert options == [
            "Open Ada Lovelace (follower)",
            "Log the note on Ada Lovelace instead",
            "Create another ada lovelace anyway",
        ]
        await pilot.press("down", "enter")  # log the note on Ada
        assert len(app.store.cards) == 3
        await pilot.press("a", *"Someone Else @ADA", "enter")  # the same X handle
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # open Ada
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("escape", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["interactions"][-1]["note"] == "talked about engines"
    assert len(contacts_on_disk(db)) == 3


async def test_one_line_log_lists_candidates_for_an_ambiguous_name(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        assert isinstance(app.screen, LogLineScreen)
        app.screen.query_one("#line", Input).value = "Ada: call, about engines"
        await pilot.pause()
        preview = plain(app.screen.query_one("#preview", Static))
        assert "'Ada' could be Ada Lovelace, Adam Smith" in preview
        await pilot.press("enter")
        assert isinstance(app.screen, LogLineScreen)  # nothing logged yet
        app.screen.query_one("#line", Input).value = "emi: email, sent the paper ; fu 3 dec"
        await pilot.pause()
        assert "an email with Émilie du Châtelet" in plain(app.screen.query_one("#preview", Static))
        await pilot.press("enter", "q")
    emilie = contacts_on_disk(db)["émilie-du-châtelet"]
    assert emilie["interactions"][-1]["kind"] == "email"
    assert emilie["next_touch"] == "2026-12-03"
    assert emilie["next_touch_set_at"] == emilie["interactions"][-1]["at"]
