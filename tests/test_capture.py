"""Quick-add and one-line logging: the parsers (with generated inputs) and the app."""

from __future__ import annotations

import contextlib
from pathlib import Path

import msgspec
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Button, Input, Static

from networking_tui.data.store import ContactStore
from networking_tui.domain import matching
from networking_tui.domain.capture import (
    AmbiguousName,
    CaptureError,
    QuickAdd,
    candidates,
    describe,
    duplicates,
    format_quick_add,
    merged,
    onto_existing,
    parse_log_line,
    parse_quick_add,
    resolve,
    to_doc,
)
from networking_tui.domain.dates import DatePhraseError, parse_date, readable
from networking_tui.domain.matching import Identities, NameIndex, find
from networking_tui.domain.model import Card, Contact, Handles, identity_keys
from networking_tui.domain.text import clean_line
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.agenda import AgendaScreen
from networking_tui.ui.screens.capture import LogLineScreen, QuickAddScreen
from networking_tui.ui.screens.choice import ChoiceScreen
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.review import ReviewScreen
from networking_tui.ui.widgets.card_list import CardList

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


grammar_bits = st.sampled_from(
    ["fu", "FU", "met", "at", "@", "@x", "#", "#t", "!", "!1", "!9", ">", ">e", ">zz", "li:",
     "li:[", "li:http://[::1", "https://uk.linkedin.com/in/x?a=b", "linkedin.com/", "a@b.co",
     "in", "3", "days", "31", "feb", "next", "tue", "tomorrow", "yesterday", "2026-02-30",
     ";", ":", "(", ")", "Ada", "Fu", "\n", "dm", "thank", "you", "direct", "message"]
)  # fmt: skip


@given(st.lists(grammar_bits | st.text(max_size=5), max_size=14).map(" ".join))
@settings(max_examples=1000)
def test_near_grammar_lines_raise_only_the_parsers_own_error(text: str) -> None:
    for parse in (parse_quick_add, parse_log_line):
        with contextlib.suppress(CaptureError):
            parse(text, TODAY)


@given(st.text(max_size=60))
@settings(max_examples=500)
def test_any_date_phrase_raises_only_the_grammars_error(text: str) -> None:
    with contextlib.suppress(DatePhraseError):
        parse_date(text, TODAY)


# Names: letters of any script; "fu" may end one (Mei Fu), never start a token.
letters = st.text(st.characters(whitelist_categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=8)
word = letters.filter(lambda w: w.lower() not in ("fu", "met", "at"))
names = st.tuples(st.lists(word, min_size=1, max_size=3), st.booleans()).map(
    lambda parts: " ".join(parts[0] + (["Fu"] if parts[1] else []))
)
# Places: letters, digits and punctuation, a bare "@" (PyCon @ Berlin), a "fu" inside.
place_word = word | st.sampled_from(["@", "&", "-", "Room", "3", "'s", "(Lille)", "St.", "Fu,"])
# (A comma ending a place, or a name, is read as a list's: left out.)
places = st.lists(place_word, min_size=1, max_size=5).map(" ".join).filter(lambda p: p[-1] != ",")
phrases = st.sampled_from(
    [
        "today",
        "tomorrow",
        "in 3 days",
        "in 1 day",
        "in 2 weeks",
        "in 1 month",
        "3d",
        "2 w",
        "1m",
        "+3d",
        "fri",
        "Tuesday",
        "next tue",
        "next week",
        "next month",
        "3 dec",
        "dec 3",
        "24 December",
        "2026-12-24",
        "2027-02-28",
    ]
)
tag = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)
# A note is stored on one line, without control characters: what parses back is its
# words joined by single spaces.
notes = st.text(min_size=1, max_size=40).map(lambda t: " ".join(clean_line(t).split())).filter(bool)


@st.composite
def entries(draw: st.DrawFn) -> QuickAdd:
    follow_up = draw(st.none() | phrases)
    return QuickAdd(
        name=draw(names),
        x=draw(st.none() | st.from_regex(r"@[A-Za-z0-9_]{1,15}", fullmatch=True)),
        linkedin=draw(
            st.none()
            | st.from_regex(r"https://(www|uk)\.linkedin\.com/in/[a-z0-9-]{1,20}", fullmatch=True)
        ),
        email=draw(st.none() | st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(org|com)", fullmatch=True)),
        tags=tuple(dict.fromkeys(draw(st.lists(tag, max_size=3)))),
        priority=draw(st.none() | st.integers(1, 3)),
        stage=draw(
            st.none() | st.sampled_from(["stranger", "follower", "engaged", "connected", "ask"])
        ),
        where_met=draw(st.none() | places),
        follow_up=follow_up,
        note=draw(st.none() | notes),
        follow_up_date=parse_date(follow_up, TODAY) if follow_up else None,
    )


@given(entries())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
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
        ("", "start with the person's name"),
        ("Ada !4", "!4 is not a priority"),
        ("Ada >friend", "unknown stage >friend"),
        ("Ada fu 31 feb", "unknown date '31 feb': no such day"),
        ("Ada fu in 3 years", "unknown date 'in 3 years'"),
        ("Ada fu in 3650 months", "more than 10 years ahead"),
        ("Ada fu yesterday", "'yesterday' is Sun 22 Nov 2026, in the past"),
        ("Ada met at", "met at needs a place"),
        ("Ada #pycon and more", "not understood: 'and'"),
        ("Ada li:example.com/ada", "not a linkedin.com address"),
        ("Ada li:http://[::1", "'http://[::1' is not a web address"),
        ("Ada li:linkedin.com:x/in/ada", "is not a web address"),
        ("Ada !1 !2", "priority is given twice"),
        # A lower-case fu with words after it is a date, or the line is refused.
        ("Alan Turing fu tomorow", "'tomorow' is not a date: try tomorrow, fri, 12 dec"),
        ("Ada met at a meetup fu tomorow", "'tomorow' is not a date"),
        ("Ada met at the fu bar", "'bar' is not a date"),
        ("Ada fu christmas", "'christmas' is not a date"),
        ("Ada fu 12/24", "'12/24' gives the month in figures: write it as a word"),
        ("Ada fu 1/2", "'1/2' is ambiguous (1 feb or 2 jan?)"),
        ("Ada fu 24.12", "write it as a word, e.g. 24 dec"),
        # Tokens that are not a name, and not right either.
        ("Ada bad@email", "'bad@email' is not an email address"),
        ("Ada li:", "li: needs a LinkedIn address"),
        ("Ada https://exa mple.com", "'https://exa' is not a web address"),
        ("Ada +33 6", "'+33 6' is not a phone number"),
        # Commas as a list's: a name of commas is no name.
        (", met at PyCon", "start with the person's name"),
        ("Alan Turing fu, met at Bletchley", "fu needs a date"),
        ("Ada met at , fu tomorrow", "met at needs a place"),
    ],
)
def test_quick_add_errors_name_the_problem(line: str, message: str) -> None:
    with pytest.raises(CaptureError) as caught:
        parse_quick_add(line, TODAY)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("line", "begins_with"),
    [
        ("met at PyCon fu tomorrow", "'met at' (where you met)"),
        ("fu tomorrow", "'fu tomorrow' (the next touch)"),
        ("FU in 3 days Ada", "'fu in 3 days' (the next touch)"),
        ("@ada Ada Lovelace", "'@ada' (an X handle)"),
        ("#pycon Ada", "'#pycon' (a tag)"),
        ("!1 Ada", "'!1' (a priority)"),
        (">engaged Ada", "'>engaged' (a stage)"),
        ("li:linkedin.com/in/ada Ada", "(a LinkedIn address)"),
        ("https://linkedin.com/in/ada Ada", "(a LinkedIn address)"),
        ("ada@example.org Ada", "'ada@example.org' (an email address)"),
        # A first word with no letter or digit in it is no name either.
        (": coffee", "begins with ':'"),
        ("- #x", "begins with '-'"),
        ("...", "begins with '...'"),
    ],
)
def test_a_line_must_start_with_the_name(line: str, begins_with: str) -> None:
    with pytest.raises(CaptureError) as caught:
        parse_quick_add(line, TODAY)
    message = str(caught.value)
    assert message.startswith("start with the person's name: the line begins with ")
    assert begins_with in message


@pytest.mark.parametrize("line", ["", "   ", "; talked about compilers", " ;"])
def test_a_line_with_no_name_is_refused(line: str) -> None:
    with pytest.raises(CaptureError, match="start with the person's name"):
        parse_quick_add(line, TODAY)


@pytest.mark.parametrize(
    ("line", "name", "where_met", "follow_up"),
    [
        ("Mei Fu", "Mei Fu", None, None),  # a surname, not a follow-up without a date
        ("Ada FU", "Ada FU", None, None),
        ("Fu Mei met at PyCon", "Fu Mei", "PyCon", None),
        ("Mei Fu fu 3 dec", "Mei Fu", None, "3 dec"),
        ("Mei Fu met at Kung Fu club fu tomorrow", "Mei Fu", "Kung Fu club", "tomorrow"),
        ("Ada met at PyCon @ Berlin", "Ada", "PyCon @ Berlin", None),
        ("Ada met at Gate 5", "Ada", "Gate 5", None),
    ],
)
def test_fu_is_the_next_touch_only_before_a_date(
    line: str, name: str, where_met: str | None, follow_up: str | None
) -> None:
    entry = parse_quick_add(line, TODAY)
    assert (entry.name, entry.where_met, entry.follow_up) == (name, where_met, follow_up)


@pytest.mark.parametrize(
    "line",
    [
        "Alan Turing fu",
        "Alan Turing met at Bletchley fu",
        "Alan Turing fu #maths",
        "Alan Turing met at Bletchley fu ; codes",
        "Alan Turing fu met at Bletchley",
        "fu",
    ],
)
def test_a_lower_case_fu_ending_the_name_or_place_needs_a_date(line: str) -> None:
    # Far more often a forgotten date than a surname; a surname takes a capital.
    with pytest.raises(CaptureError, match=r"^fu needs a date") as caught:
        parse_quick_add(line, TODAY)
    assert "e.g. fu tomorrow" in str(caught.value)
    assert "ending in Fu takes a capital: Mei Fu" in str(caught.value)


def test_a_fu_read_as_a_word_is_pointed_out_in_the_preview() -> None:
    # A capitalised Fu before no date is a word: say how it was read.
    entry = parse_quick_add("Ada Fu tomorow", TODAY)
    assert entry.name == "Ada Fu tomorow" and entry.follow_up is None
    assert "'fu' read as part of the name (no date follows it)" in describe(entry)
    assert "read as part" not in describe(parse_quick_add("Mei Fu", TODAY))


def test_a_pasted_linkedin_address_is_recognised_and_cleaned() -> None:
    entry = parse_quick_add("Ada https://uk.linkedin.com/in/ada/?trk=public#top", TODAY)
    assert entry.linkedin == "https://uk.linkedin.com/in/ada/"
    assert parse_quick_add("Ada www.linkedin.com/in/ada", TODAY).linkedin == (
        "https://www.linkedin.com/in/ada"
    )


def test_a_note_is_stored_on_one_line() -> None:
    entry = parse_quick_add("Ada met at PyCon ; first line\nsecond\r\n  third", TODAY)
    assert entry.note == "first line second third"
    assert "\n" not in describe(entry)


def test_the_preview_says_which_touch_is_logged() -> None:
    met = describe(parse_quick_add("Ada met at PyCon", TODAY))
    assert "logs a meeting: met at PyCon · next touch Tue 24 Nov 2026" in met
    noted = describe(parse_quick_add("Ada ; loved the talk", TODAY))
    assert "note: loved the talk · no next touch" in noted and "logs" not in noted
    assert "logs" not in describe(parse_quick_add("Ada", TODAY))
    assert "logged a meeting: compilers" in describe(
        parse_quick_add("Ada met at PyCon ; compilers", TODAY), done=True
    )


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


@pytest.mark.parametrize(
    ("line", "kind", "note"),
    [
        ("Ada: direct message, sent the paper", "message", "sent the paper"),
        ("Ada: Direct Message: hi", "message", "hi"),
        ("Ada: dm about the talk", "message", "about the talk"),
        ("Ada: thanks! for the intro", "thank-you", "for the intro"),
        ("Ada: thank you!", "thank-you", ""),
        ("Ada: thank-you, note sent", "thank-you", "note sent"),
        ("Ada: gift, a book", "letter", "a book"),
        ("Ada: e-mail", "email", ""),
    ],
)
def test_log_line_kinds(line: str, kind: str, note: str) -> None:
    entry = parse_log_line(line, TODAY)
    assert (entry.kind, entry.note) == (kind, note)


def test_a_log_note_may_hold_semicolons_only_a_last_fu_is_the_next_touch() -> None:
    entry = parse_log_line("Ada: call, plan A; plan B ; fu 3 dec", TODAY)
    assert (entry.note, entry.follow_up_date) == ("plan A; plan B", pendulum.date(2026, 12, 3))
    kept = parse_log_line("Ada: call, plan A; plan B; funding later", TODAY)
    assert (kept.note, kept.follow_up) == ("plan A; plan B; funding later", None)
    assert parse_log_line("Ada: call, two\nlines", TODAY).note == "two lines"
    with pytest.raises(CaptureError, match="'someday' is not a date: try tomorrow"):
        parse_log_line("Ada: call ; fu someday", TODAY)
    with pytest.raises(CaptureError, match="fu needs a date"):
        parse_log_line("Ada: call ; fu", TODAY)
    with pytest.raises(CaptureError, match="in the past"):
        parse_log_line("Ada: call ; fu yesterday", TODAY)


# --- duplicates and who a name means --------------------------------------------


def card(name: str, uid: str, **fields: object) -> Card:
    return Card(name=name, stage=fields.pop("stage", "follower"), uid=uid, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.linkedin.com/in/ada-l",
        "http://linkedin.com/in/ada-l/",
        "https://uk.linkedin.com/in/ada-l?trk=people-guest",
        "https://m.linkedin.com/in/Ada-L/#experience",
        "linkedin.com/in/ada-l",
    ],
)
def test_one_linkedin_profile_however_its_address_was_copied(variant: str) -> None:
    known = Identities([card("Ada L.", "a", handles=Handles(linkedin=variant))])
    entry = parse_quick_add("Someone li:https://www.linkedin.com/in/ada-l?trk=x", TODAY)
    assert [c.uid for c in duplicates(entry, known)] == ["a"]
    assert identity_keys(None, variant, None) == ("li:linkedin.com/in/ada-l",)


def test_archived_contacts_count_as_duplicates_and_come_last() -> None:
    known = Identities(
        [card("Ada Lovelace", "old", archived=True), card("Ada Lovelace", "new", stage="engaged")]
    )
    found = duplicates(parse_quick_add("ADA LOVELACE", TODAY), known)
    assert [(c.uid, c.archived) for c in found] == [("new", False), ("old", True)]


def test_adding_a_line_to_a_contact_already_here() -> None:
    entry = parse_quick_add("ada lovelace #dup @ada !1 >eng met at PyCon fu 3 dec ; second", TODAY)
    applied, left = onto_existing(entry)
    assert applied == [
        "logs a meeting",
        "next touch Thu 3 Dec 2026",
        "adds #dup",
        "fills where met and handles if they have none",
    ]
    assert left == ["priority !1", "stage >engaged"]
    doc = contact("Ada Lovelace", "follower", tags=["pycon"], where_met="Bletchley")
    after = merged(doc, entry, NOW)
    assert after["tags"] == ["pycon", "dup"]
    assert after["where_met"] == "Bletchley"  # theirs is kept
    assert after["handles"] == {"x": "@ada"}
    assert after["interactions"][-1] == {
        "kind": "meeting",
        "at": "2026-11-23T09:00:00+00:00",
        "note": "second",
    }
    assert after["next_touch"] == "2026-12-03"  # the fu typed, not the cadence
    assert (after["stage"], after["priority"]) == ("follower", 2)


NAMESAKES = [
    card("Ada Lovelace", "ada-1", where_met="PyCon"),
    card("Ada Lovelace", "ada-2", stage="engaged"),
    card("Adam Smith", "adam"),
]
DETAILS = {
    "ada-1": {"company": "Analytical Engines"},
    "ada-2": {"company": "Babbage Ltd", "role": "CTO"},
    "adam": {},
}


def contact_of(uid: str) -> Contact:
    found = next(c for c in NAMESAKES if c.uid == uid)
    doc = contact(found.name, found.stage, uid=uid, where_met=found.where_met, **DETAILS[uid])
    return msgspec.convert({k: v for k, v in doc.items() if v is not None}, Contact)


@pytest.mark.parametrize(
    ("who", "uid"),
    [
        ("ada-2", "ada-2"),  # a uid
        ("Ada Lovelace (babbage)", "ada-2"),  # a word of the company
        ("Ada Lovelace (PyCon)", "ada-1"),  # where met
        ("ada (cto)", "ada-2"),  # the role
        ("Ada Lovelace (engaged)", "ada-2"),  # the stage
        ("adam", "adam"),
    ],
)
def test_namesakes_can_be_told_apart(who: str, uid: str) -> None:
    assert resolve(who, NameIndex(NAMESAKES), contact_of).uid == uid


def test_an_ambiguous_name_lists_its_candidates() -> None:
    with pytest.raises(AmbiguousName) as caught:
        resolve("Ada Lovelace", NameIndex(NAMESAKES), contact_of)
    assert [c.uid for c in caught.value.candidates] == ["ada-1", "ada-2"]
    assert "'Ada Lovelace' could be Ada Lovelace, Ada Lovelace" in str(caught.value)
    with pytest.raises(CaptureError, match="no contact matches 'Zed'"):
        candidates("Zed", NameIndex(NAMESAKES), contact_of)


search_names = st.lists(
    st.tuples(
        st.lists(
            st.sampled_from(["Ada", "Adam", "Lovelace", "Émilie", "émi", "Du", "A"]),
            min_size=1,
            max_size=3,
        ),
        st.none() | st.sampled_from(["Emi", "ada", "Lovey"]),
        st.booleans(),
    ),
    max_size=12,
)


@given(
    search_names, st.sampled_from(["a", "ada", "ADA L", "emi", "Émilie du", "lov", "du", "x", ""])
)
def test_the_name_index_answers_like_a_scan(people: list, query: str) -> None:
    cards = [
        card(" ".join(words), f"u{n}", nickname=nickname, archived=archived)
        for n, (words, nickname, archived) in enumerate(people)
    ]
    assert NameIndex(cards).find(query) == find(query, cards)


@given(
    search_names,
    st.sampled_from(["a", "ada", "ADA L", "emi", "Émilie du", "lov", "du", "x", ""]),
    st.integers(0, 12),
)
def test_the_name_index_answers_like_a_scan_of_the_others_archived_too(
    people: list, query: str, own: int
) -> None:
    """What the edit and link forms ask: anyone but the form's own contact."""
    cards = [
        card(" ".join(words), f"u{n}", nickname=nickname, archived=archived)
        for n, (words, nickname, archived) in enumerate(people)
    ]
    others = [c for c in cards if c.uid != f"u{own}"]
    index = NameIndex(cards)
    assert index.find(query, archived=True, exclude=f"u{own}") == find(query, others, archived=True)
    assert index.find(query, exclude=f"u{own}") == find(query, others)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ada", "ada ", "Émilie", "emilie", "Grace"]),
            st.none() | st.sampled_from(["@ada", "@grace"]),
            st.booleans(),
        ),
        max_size=10,
    ),
    st.sampled_from(["ADA", "Emilie", "Zed"]),
    st.none() | st.sampled_from(["ada", "grace"]),
    st.lists(st.integers(0, 9), max_size=4),
)
def test_a_single_duplicate_check_answers_like_the_index_kept_per_change(
    people: list, name: str, x: str | None, changed: list[int]
) -> None:
    """The shell's one pass, and the app's index after changes (each contact
    dropped and added again), agree with an index built from scratch."""
    cards = [
        card(who, f"u{n}", handles=Handles(x=handle), archived=archived)
        for n, (who, handle, archived) in enumerate(people)
    ]
    keys = identity_keys(x, None, None)
    kept = Identities(cards)
    for n in changed:
        if n < len(cards):
            kept.discard(cards[n])
            cards[n] = card("Grace", f"u{n}", handles=Handles(x="@ada"))
            kept.add(cards[n])
    fresh = Identities(cards).matching(name, keys)
    assert matching.matching(cards, name, keys) == fresh
    assert sorted(c.uid or "" for c in kept.matching(name, keys)) == sorted(
        c.uid or "" for c in fresh
    )


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
        assert "next touch Tue 24 Nov" in preview
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


async def test_enter_on_an_empty_quick_add_says_what_to_type(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "enter")
        assert isinstance(app.screen, QuickAddScreen)
        said = plain(app.screen.query_one("#preview", Static))
        assert "⚠ Nothing typed yet: type a line, e.g. Ada Lovelace @ada" in said, said
        await pilot.press(*"Grace")
        assert plain(app.screen.query_one("#preview", Static)).startswith("→ Grace")
        await pilot.press("escape", "y")


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
        assert "Back to the line (n)" in str(app.screen.query_one("#no", Button).label)
        await pilot.press("n")
        assert not any(c.name == "Pushy Asker" for c in app.store.cards.values())
        # Back on the line as typed, to change the stage or drop it.
        assert isinstance(app.screen, QuickAddScreen)
        assert app.screen.query_one("#line", Input).value == "Pushy Asker >ask"
        await pilot.press("x", "backspace")  # the cursor at the end, nothing selected
        assert app.screen.query_one("#line", Input).value == "Pushy Asker >ask"
        await pilot.press("enter", "escape")  # the question again; Escape is a no too
        assert isinstance(app.screen, QuickAddScreen)
        await pilot.press("escape", "y")  # the line typed: "Discard your changes?"
        assert app.screen is app.screen_stack[0]
        assert not any(c.name == "Pushy Asker" for c in app.store.cards.values())
        await pilot.press("a", *"Pushy Asker >ask", "enter", "y")
        assert [c.stage for c in app.store.cards.values() if c.name == "Pushy Asker"] == ["ask"]
        await pilot.press("q")
    assert "Pushy Asker" in {d["name"] for d in contacts_on_disk(db).values()}


async def test_a_quick_add_from_the_agenda_lands_on_the_board_but_a_review_stays(
    db: Path,
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("a", *"Grace Hopper", "enter")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        grace = next(c for c in app.store.cards.values() if c.name == "Grace Hopper")
        assert app.board.current_uid == grace.uid
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("a", *"Alan Turing", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # a review is not cut short
        alan = next(c for c in app.store.cards.values() if c.name == "Alan Turing")
        assert app.board.current_uid == alan.uid  # where the board will be
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0] and app.board.current_uid == alan.uid
        await pilot.press("q")


async def test_escape_saves_nothing(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Grace Hopper met at PyCon", "escape", "q")
    assert db.read_bytes() == before


def options_of(screen: object) -> list[str]:
    return [str(o.prompt) for o in screen.query_one("OptionList")._options]  # type: ignore[attr-defined]


def preview_of(app: NetworkingApp) -> str:
    return plain(app.screen.query_one("#preview", Static))


async def type_line(app: NetworkingApp, pilot, text: str) -> None:
    app.screen.query_one("#line", Input).value = text
    await pilot.pause()


async def test_met_at_without_a_stage_starts_engaged_with_a_meeting_and_tomorrow(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Grace Hopper met at the Navy Yard")
        assert (
            "Grace Hopper · Engaged · met at the Navy Yard · logs a meeting: met at the Navy "
            "Yard · next touch Tue 24 Nov 2026"
        ) in preview_of(app)
        await pilot.press("enter")
        grace = next(c for c in app.store.cards.values() if c.name == "Grace Hopper")
        assert grace.uid in app.query_one("#cards-engaged", CardList).uids
        assert app.board.current_uid == grace.uid
        await pilot.press("q")
    (doc,) = [d for d in contacts_on_disk(db).values() if d["name"] == "Grace Hopper"]
    assert doc["stage"] == "engaged" and doc["next_touch"] == "2026-11-24"
    assert [(t["kind"], t["note"]) for t in doc["interactions"]] == [
        ("meeting", "met at the Navy Yard")
    ]


async def test_a_line_without_a_name_is_refused_in_the_app(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"met at PyCon fu tomorrow", "enter")
        assert isinstance(app.screen, QuickAddScreen)  # Enter took nothing
        assert "start with the person's name" in preview_of(app)
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


async def test_a_duplicate_is_shown_and_never_silently_added(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"ada lovelace met at PyCon ; talked about engines")
        assert "⚠ may already be here: Ada Lovelace" in preview_of(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        assert options_of(app.screen) == [
            "Open Ada Lovelace (follower)",
            "Add this to Ada Lovelace: logs a meeting, fills where met if they have none",
            "Create another ada lovelace anyway",
        ]
        await pilot.press("down", "enter")  # add it to Ada
        assert len(app.store.cards) == 3
        await pilot.press("a", *"Someone Else @ADA", "enter")  # the same X handle
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # open Ada
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("escape", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert (ada["interactions"][-1]["kind"], ada["interactions"][-1]["note"]) == (
        "meeting",
        "talked about engines",
    )
    assert ada["where_met"] == "PyCon"
    assert len(contacts_on_disk(db)) == 3


async def test_adding_to_the_match_applies_fu_and_tags_and_says_what_it_leaves(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"ada lovelace #dup !1 fu 3 dec ; second", "enter")
        assert isinstance(app.screen, ChoiceScreen)
        title = plain(app.screen.query_one(".dialog-title", Static))
        assert "(adding this to them leaves out the priority !1)" in title
        assert options_of(app.screen)[1] == (
            "Add this to Ada Lovelace: next touch Thu 3 Dec 2026, adds the note, adds #dup"
        )
        await pilot.press("down", "enter")
        assert app.board.current_uid == "ada-lovelace"
        await pilot.press("q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["notes"].endswith("second") and ada["interactions"] == []
    assert ada["next_touch"] == "2026-12-03"  # the fu typed, not the cadence
    assert ada["tags"] == ["dup"] and ada["priority"] == 2


async def test_create_anyway_adds_a_second_one(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Ada Lovelace #twin", "enter")
        assert options_of(app.screen)[-1] == "Create another Ada Lovelace anyway"
        await pilot.press("end", "enter")
        twins = [c for c in app.store.cards.values() if c.name == "Ada Lovelace"]
        assert len(twins) == 2
        new = next(c for c in twins if c.uid != "ada-lovelace")
        assert app.board.current_uid == new.uid
        await pilot.press("q")
    on_disk = [d for d in contacts_on_disk(db).values() if d["name"] == "Ada Lovelace"]
    assert sorted(d["tags"] for d in on_disk) == [[], ["twin"]]


async def test_escape_on_the_duplicate_question_goes_back_to_the_line(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    line = "ada lovelace #pycon met at PyCon fu 3 dec ; talked about engines"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *line, "enter")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, QuickAddScreen)
        assert app.screen.query_one("#line", Input).value == line
        assert "may already be here" in preview_of(app)
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


async def test_an_archived_match_is_marked_and_can_be_restored(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "follower", archived=True)])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Ada Lovelace met at PyCon")
        assert "may already be here: Ada Lovelace (archived)" in preview_of(app)
        await pilot.press("enter")
        assert options_of(app.screen) == [
            "Restore Ada Lovelace (follower, archived) and open it",
            "Restore Ada Lovelace and add: logs a meeting, fills where met if they have none",
            "Create another Ada Lovelace anyway",
        ]
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen) and app.screen.uid == "ada-lovelace"
        await pilot.press("q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["archived"] is False and ada["interactions"] == []


async def test_a_quick_add_from_the_contact_view_lands_on_the_new_card(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        app.board.focus_uid("ada-lovelace")
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("a", *"Grace Hopper met at Navy Yard", "enter")
        await pilot.pause()
        grace = next(c for c in app.store.cards.values() if c.name == "Grace Hopper")
        assert app.screen is app.screen_stack[0]  # back on the board
        assert app.board.current_uid == grace.uid
        assert "Grace Hopper" in plain(app.detail)
        await pilot.press("escape")  # nothing to go back to: still the new card
        assert app.board.current_uid == grace.uid
        await pilot.press("q")


async def test_one_line_log_lists_candidates_for_an_ambiguous_name(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        assert isinstance(app.screen, LogLineScreen)
        await type_line(app, pilot, "Ada: call, about engines ; fu 3 dec")
        assert "'Ada' could be Ada Lovelace, Adam Smith: Enter lists them" in preview_of(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        assert options_of(app.screen) == [
            "Ada Lovelace · Follower · no touch yet",
            "Adam Smith · Follower · no touch yet",
        ]
        await pilot.press("escape")  # back to the line, as typed
        assert isinstance(app.screen, LogLineScreen)
        assert app.screen.query_one("#line", Input).value == "Ada: call, about engines ; fu 3 dec"
        await pilot.press("enter", "down", "enter")  # Adam
        assert app.board.current_uid == "adam-smith"
        await pilot.press("L")
        await type_line(app, pilot, "emi: email, sent the paper ; fu 3 dec")
        assert "an email with Émilie du Châtelet" in preview_of(app)
        await pilot.press("enter", "q")
    on_disk = contacts_on_disk(db)
    adam = on_disk["adam-smith"]
    assert (adam["interactions"][-1]["note"], adam["next_touch"]) == ("about engines", "2026-12-03")
    assert on_disk["ada-lovelace"]["interactions"] == []
    emilie = on_disk["émilie-du-châtelet"]
    assert emilie["interactions"][-1]["kind"] == "email"
    assert emilie["next_touch"] == "2026-12-03"
    assert emilie["next_touch_set_at"] == emilie["interactions"][-1]["at"]


async def test_namesakes_are_told_apart_in_the_chooser(db: Path) -> None:
    write_db(
        db,
        [
            contact(
                "Ada Lovelace",
                "follower",
                uid="ada-1",
                company="Analytical Engines",
                where_met="PyCon",
                interactions=[{"kind": "call", "at": "2026-11-02T10:00:00+00:00", "note": ""}],
            ),
            contact("Ada Lovelace", "engaged", uid="ada-2", company="Babbage Ltd", role="CTO"),
        ],
    )
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        await type_line(app, pilot, "ada lovelace: dm, thanks for the paper")
        await pilot.press("enter")
        assert options_of(app.screen) == [
            "Ada Lovelace · Follower · Analytical Engines · met at PyCon · "
            "last touch Mon 2 Nov 2026 (call)",
            "Ada Lovelace · Engaged · CTO at Babbage Ltd · no touch yet",
        ]
        await pilot.press("down", "enter")
        await pilot.press("q")
    on_disk = contacts_on_disk(db)
    assert on_disk["ada-2"]["interactions"][-1]["kind"] == "message"
    assert len(on_disk["ada-1"]["interactions"]) == 1


async def test_too_many_candidates_ask_for_more_of_the_name(db: Path) -> None:
    write_db(db, [contact(f"Ada {n}", uid=f"ada-{n}") for n in range(25)])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        await type_line(app, pilot, "ada: call")
        assert "'ada' could be Ada 0, Ada 1" in preview_of(app)
        assert "and 17 more: type more of the name" in preview_of(app)
        await pilot.press("enter")
        assert isinstance(app.screen, LogLineScreen)  # nothing to choose from yet
        await pilot.press("escape", "q")


async def test_a_key_in_the_log_line_does_not_scan_every_contact(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 30,000 contacts a scan costs ~80 ms per key (python bench/generate.py data):
    # the names are indexed once when L opens, and a key looks the name up.
    write_db(db, [contact(f"Person {n}", uid=f"p{n}") for n in range(500)])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        await pilot.pause()
        folded: list[str] = []
        real = matching.fold

        def counted(text: str) -> str:
            folded.append(text)
            return real(text)

        monkeypatch.setattr(matching, "fold", counted)
        for text in ("person 42: call", "person 42: call, hi ; fu 3 dec", "p: call"):
            await type_line(app, pilot, text)
        assert "could be Person 0, Person 1" in preview_of(app)
        assert len(folded) <= 6  # the names typed, not the 500 on file
        await pilot.press("escape", "q")


@pytest.mark.parametrize(
    ("line", "stage", "due"),
    [
        ("Zoë Chen !1 >follower", "follower", "2026-11-30"),
        ("Linus Torvalds >connected !1", "connected", "2026-12-23"),
        ("Eager Beaver >engaged", "engaged", "2026-11-28"),
        ("Linus Torvalds >connected fu 3 dec", "connected", "2026-12-03"),  # fu wins
        ("Alan Turing", "stranger", None),
    ],
)
def test_a_stage_without_fu_starts_its_rhythm(line: str, stage: str, due: str | None) -> None:
    entry = parse_quick_add(line, TODAY)
    doc = to_doc(entry, NOW)
    assert (doc["stage"], doc["next_touch"]) == (stage, due)
    # The preview and the shell's line say the date the file gets.
    assert (f"next touch {readable(due)}" if due else "no next touch") in describe(entry)


async def test_a_trailing_fu_is_refused_in_the_preview_and_the_line_kept(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Alan Turing met at Bletchley fu", "enter")
        assert isinstance(app.screen, QuickAddScreen)  # Enter took nothing
        assert preview_of(app).startswith("⚠ fu needs a date, e.g. fu tomorrow")
        await pilot.press(*" tomorrow")
        assert "met at Bletchley · logs a meeting" in preview_of(app)
        assert "next touch Tue 24 Nov" in preview_of(app)
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


def test_a_line_past_the_cap_is_refused_unread_and_says_so() -> None:
    """A paste of a page made every key in quick-add slow (10,000 characters took
    66 s to type): past the cap the line is not parsed at all."""
    long_note = "Ada Lovelace ; " + "talked about engines " * 500
    for parse in (parse_quick_add, parse_log_line):
        with pytest.raises(CaptureError, match="the line is 10,515 characters long; only"):
            parse(long_note, TODAY)
    assert parse_quick_add(("Ada Lovelace ; " + "x" * 2000)[:1000], TODAY).name == "Ada Lovelace"


async def test_the_quick_add_preview_says_a_long_line_is_not_read(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.screen.query_one("#line", Input).value = "Ada Lovelace ; " + "x" * 5000
        await pilot.press("enter")
        assert isinstance(app.screen, QuickAddScreen)  # Enter took nothing
        assert "only lines up to 1,000 are read" in " ".join(preview_of(app).split())
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("tomorrow", "2026-11-24"),
        ("TMRW", "2026-11-24"),
        ("tmrw", "2026-11-24"),
        ("dec 24th", "2026-12-24"),
        ("in a week", "2026-11-30"),
        ("in 2 weeks", "2026-12-07"),
    ],
)
def test_a_lower_case_fu_takes_the_common_date_forms(phrase: str, day: str) -> None:
    entry = parse_quick_add(f"Alan Turing fu {phrase}", TODAY)
    assert entry.name == "Alan Turing"
    assert entry.follow_up_date == pendulum.Date.fromisoformat(day)


def test_web_address_and_phone_number_are_handles_not_the_name() -> None:
    entry = parse_quick_add("Ada https://example.com/blog +33 6 12 34 56 78 #pycon", TODAY)
    assert entry.name == "Ada"
    assert entry.website == "https://example.com/blog"
    assert entry.phone == "+33 6 12 34 56 78"
    assert entry.tags == ("pycon",)
    assert parse_quick_add("Ada https://x.com/ada", TODAY).x == "https://x.com/ada"
    doc = to_doc(entry, NOW)
    assert doc["handles"] == {"website": "https://example.com/blog", "phone": "+33 6 12 34 56 78"}


def test_a_note_is_a_note_on_the_contact_not_a_touch() -> None:
    doc = to_doc(parse_quick_add("Ada ; read her Apollo paper", TODAY), NOW)
    assert doc["notes"] == "read her Apollo paper"
    assert doc["interactions"] == [] and doc["next_touch"] is None
    # Unless it names its kind first: then it is that touch.
    called = to_doc(parse_quick_add("Ada ; call, talked shop", TODAY), NOW)
    assert [(t["kind"], t["note"]) for t in called["interactions"]] == [("call", "talked shop")]
    assert "notes" not in called
    # `like her work` is not a like: a kind counts only before a comma or a colon.
    assert parse_quick_add("Ada ; like her work", TODAY).touch is None
    # With met at, the note is the meeting's; `met at … call` is a call.
    zoom = parse_quick_add("Ada met at a Zoom call", TODAY)
    assert zoom.touch == ("call", "met at a Zoom call")


def test_priority_in_words() -> None:
    assert parse_quick_add("Ada !high", TODAY).priority == 1
    assert parse_quick_add("Ada !Low", TODAY).priority == 3
    with pytest.raises(CaptureError, match="!urgent is not a priority"):
        parse_quick_add("Ada !urgent", TODAY)


@pytest.mark.parametrize("word", ["coffee", "lunch", "dinner", "drinks"])
def test_a_meal_or_a_coffee_is_a_meeting(word: str) -> None:
    entry = parse_log_line(f"Ken: {word}, talked about the job", TODAY)
    assert (entry.kind, entry.note) == ("meeting", "talked about the job")


def test_a_line_written_as_a_list_keeps_no_comma_at_the_end_of_the_name_or_place() -> None:
    entry = parse_quick_add("Jane Doe, Acme CTO, met at PyCon Lille, fu fri #pycon", TODAY)
    assert (entry.name, entry.where_met, entry.tags) == (
        "Jane Doe, Acme CTO",
        "PyCon Lille",
        ("pycon",),
    )
    assert entry.follow_up_date == parse_date("fri", TODAY)
    assert parse_quick_add("Mei Fu,, !1", TODAY).name == "Mei Fu"
