"""`networking-tui agenda` and `export ics` read only the agenda's fields of each
contact (data/agenda_read.py): what they print must be exactly what the whole
contacts give, for every kind of contact, and for files read the store's way."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from networking_tui import shell
from networking_tui.data import agenda_read, halves, storage
from networking_tui.data.store import ContactStore
from networking_tui.domain import agenda
from networking_tui.domain.agenda import facts
from networking_tui.domain.model import STAGES, TOUCH_KINDS, AnyContact

from .conftest import ZONES, contact, write_db

OFFSETS = ["+00:00", "+05:30", "-08:00", "+13:00", ""]  # "": local time, as typed by hand


def _moment(rng: random.Random, days_ago: int) -> str:
    """A moment about `days_ago` days before the frozen now (23 Nov 2026), some
    ahead of it, at any time of day and in any offset."""
    day = 23 - days_ago
    month, year = 11, 2026
    while day < 1:
        month -= 1
        if month == 0:
            month, year = 12, year - 1
        day += 28
    while day > 28:
        day -= 28
        month = month % 12 + 1
        year += month == 1
    hour, minute = rng.randrange(24), rng.choice([0, 15, 30, 59])
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{rng.choice(OFFSETS)}"


def _day(days_from_now: int) -> str:
    return _moment(random.Random(days_from_now), -days_from_now)[:10]


def varied(count: int, seed: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Contacts in every stage, due or not, with every kind of touch (asks owed or
    thanked, invitations, meetings just now), chosen dates, event follow-ups,
    rhythms of their own, archived ones; and events that some are linked to."""
    rng = random.Random(seed)
    events: dict[str, dict[str, Any]] = {
        str(n): {"uid": f"e{n}", "name": f"Meetup {n}", "date": _day(offset), "contacts": []}
        for n, offset in enumerate([-10, -2, 0, 3, 20, 90], start=1)
    }
    people = []
    for n in range(count):
        stage = rng.choice(STAGES)
        fields: dict[str, Any] = {
            "priority": rng.choice([1, 2, 3]),
            "stage_history": [
                {"stage": s, "at": _moment(rng, rng.randrange(0, 400))}
                for s in rng.sample(STAGES, rng.randrange(1, 4))
            ]
            + [{"stage": stage, "at": _moment(rng, rng.randrange(0, 60))}],
            "interactions": [
                {"kind": rng.choice(TOUCH_KINDS), "at": _moment(rng, rng.randrange(-3, 200))}
                for _ in range(rng.choice([0, 1, 2, 5, 12]))
            ],
            "archived": rng.random() < 0.05,
        }
        if rng.random() < 0.8:
            fields["next_touch"] = _day(rng.randrange(-40, 60))
        if rng.random() < 0.3:
            fields["next_touch_set_at"] = _moment(rng, rng.randrange(0, 30))
        if rng.random() < 0.3:
            fields["cadence_days"] = rng.choice([1, 7, 14, 90])
        if rng.random() < 0.5:
            fields["where_met"] = rng.choice(["PyCon", "Café Ülm", "a dinner"])
        if rng.random() < 0.7:
            fields["created_at"] = _moment(rng, rng.randrange(0, 500))
        if rng.random() < 0.5:
            fields["notes"] = "two lines\nof notes"  # read whole: its text may need cleaning
        if rng.random() < 0.15 and fields.get("next_touch"):
            event = events[str(rng.randrange(1, 7))]
            event["contacts"].append(f"p{n}")
            fields["next_touch_event"] = {"event": event["uid"], "due": fields["next_touch"]}
        people.append(
            contact(f"Person {n} {rng.choice(['Ada', 'Zoë', 'Li'])}", stage, uid=f"p{n}", **fields)
        )
    return people, events


def _printed(path: Path, capsys: pytest.CaptureFixture, tmp_path: Path) -> list[bytes]:
    """What `agenda`, `agenda --json`, `agenda --days 3` and `export ics` give."""
    out = []
    for kwargs in ({}, {"as_json": True}, {"days": 3}):
        assert shell.agenda(path, **kwargs) == 0
        out.append(capsys.readouterr().out.encode())
    target = tmp_path / "out.ics"
    assert shell.export_ics(path, target) == 0
    capsys.readouterr()
    out.append(target.read_bytes())
    return out


def _whole(path: Path, prefetch: object = None) -> agenda_read.AgendaRead:
    """The file read as before: the store, then every whole contact (`prefetch`,
    the file being read already, is not used)."""
    store = ContactStore.open_cards(path)
    contacts: list[tuple[str, AnyContact]] = [*store.contacts()]
    return agenda_read.AgendaRead(contacts, store.docs("events"), store.settings())


def _same_as_whole_contacts(
    path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fast = _printed(path, capsys, tmp_path)
    with monkeypatch.context() as patch:
        patch.setattr(agenda_read, "read", _whole)
        whole = _printed(path, capsys, tmp_path)
    assert [len(x) for x in fast] == [len(x) for x in whole]
    assert fast == whole


@pytest.mark.parametrize("zone", [ZONES[0], ZONES[2]], indirect=True)
def test_the_agenda_read_in_one_pass_prints_what_whole_contacts_give(
    db: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    zone: str,
) -> None:
    people, events = varied(400, seed=20)
    for person in people:  # text that needs no cleaning: read in one pass
        person.pop("notes", None)
    settings = {"settings": {"uid": "settings", "wip_limit": 50, "weekly_touch_goal": 4}}
    write_db(db, people, events=events, settings=settings)
    data, sig = storage.read_bytes(db)
    found = agenda_read._one_pass(db, data, sig)
    # Each contact's facts, worked out as the file is read: those of the whole contact.
    assert found is not None and found.facts == [facts(u, c) for u, c in _whole(db).contacts]
    printed = shell.agenda(db)
    text = capsys.readouterr().out
    assert printed == 0 and "Overdue (" in text and "say thank you for the ask" in text
    assert "follow up after Meetup" in text and "Invite this week (" in text
    assert shell.agenda(db, as_json=True) == 0
    out = capsys.readouterr().out  # as json.dumps writes it, byte for byte
    assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"
    assert len(json.loads(out)["items"]) == text.count("\n  !")
    _same_as_whole_contacts(db, capsys, monkeypatch, tmp_path)


ODD = {
    "notes with a line break": lambda doc: doc.update(notes="a\nb\u200b"),
    "no uid": lambda doc: doc.pop("uid"),
    "a kind of touch of its own": lambda doc: doc["interactions"].append(
        {"kind": "coffee chat", "at": "2026-11-20T10:00:00+00:00"}
    ),
    "a priority in words": lambda doc: doc.update(priority="high"),
    "a control in where met": lambda doc: doc.update(where_met="Py\u200bCon"),
    # Shown stripped when the document holds text to clean (a line break in its notes).
    "a name with spaces around it": lambda doc: doc.update(name=" Ada Spaced ", notes="a\nb"),
    # Within the years taken, but close enough to their edge to be left to the store.
    "a touch on the first day of 1900": lambda doc: doc["interactions"].append(
        {"kind": "call", "at": "1900-01-01T10:00:00+05:00"}
    ),
    "an older schema": None,
    "a table of its own": None,
}


@pytest.mark.parametrize("odd", sorted(ODD))
def test_a_file_out_of_the_ordinary_is_read_the_stores_way_with_the_same_agenda(
    db: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    odd: str,
) -> None:
    people, events = varied(60, seed=3)
    change = ODD[odd]
    if change is not None:
        change(people[7])
    tables: dict[str, Any] = {"events": events}
    if odd == "a table of its own":
        tables["my_script"] = {"1": {"anything": True}}
    write_db(db, people, **tables)
    if odd == "an older schema":
        raw = db.read_bytes().replace(b'{"schema":2}', b'{"schema":1}')
        db.write_bytes(raw)
    data, sig = storage.read_bytes(db)
    one_pass = agenda_read._one_pass(db, data, sig)
    # The agenda shows nothing of the notes; a contact without a uid is known by its id.
    assert (one_pass is None) is (odd not in ("notes with a line break", "no uid"))
    _same_as_whole_contacts(db, capsys, monkeypatch, tmp_path)


@pytest.mark.parametrize("bad", ["date", "stage", "name"])
def test_a_bad_contact_is_refused_as_before(
    db: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    people, events = varied(20, seed=5)
    people[3]["interactions"] = [{"kind": "call", "at": "1850-01-01T10:00:00+00:00"}]
    if bad == "stage":  # a board field: checked first, as before
        people[9]["stage"] = "pal"
    elif bad == "name":
        people[9]["name"] = "\u00a0 "
    write_db(db, people, events=events)
    assert shell.agenda(db) == 2
    error = capsys.readouterr().err
    with monkeypatch.context() as patch:
        patch.setattr(agenda_read, "read", _whole)
        assert shell.agenda(db) == 2
    assert capsys.readouterr().err == error
    if bad == "date":
        assert "document 4 (Person 3" in error and "1850-01-01T10:00:00+00:00 is outside" in error
    elif bad == "stage":
        assert "document 10 (Person 9" in error and "unknown value 'pal'" in error
    else:
        assert "document 10 of table contacts is not valid: the name is only spaces" in error


# --- a large file, read in two halves (halves.py) -----------------------------------


@pytest.fixture
def halves_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file read in two halves, one a process, as 16 MB and more are: one that
    falls back to the whole file instead fails the test."""

    def whole(*args: Any) -> None:
        raise AssertionError("read whole, not in halves")

    monkeypatch.setattr(agenda_read, "SPLIT_BYTES", 0)
    monkeypatch.setattr(agenda_read, "read", whole)


def _as_whole(path: Path, capsys: pytest.CaptureFixture, tmp_path: Path) -> list[bytes]:
    """What the commands print with the file read whole, contact by contact."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(agenda_read, "read", _whole)
        return _printed(path, capsys, tmp_path)


def _halves_file(db: Path, seed: int, room: int) -> None:
    """`room`: how many more may be Engaged (the strangers Start here shows)."""
    people, events = varied(300, seed=seed)
    for person in people:  # text that needs no cleaning: read as it is
        person.pop("notes", None)
    engaged = sum(p["stage"] == "engaged" and not p["archived"] for p in people)
    settings = {"settings": {"uid": "settings", "wip_limit": max(1, engaged + room)}}
    write_db(db, people, events=events, settings=settings)


# Start here: none (more Engaged than the limit), fewer strangers than each half
# has, all of them.
@pytest.mark.parametrize(("seed", "room"), [(20, -5), (21, 3), (22, 400)])
@pytest.mark.parametrize("zone", [ZONES[0], ZONES[2]], indirect=True)
def test_the_agenda_read_in_halves_prints_what_the_whole_file_gives(
    db: Path,
    capsys: pytest.CaptureFixture,
    tmp_path: Path,
    zone: str,
    seed: int,
    room: int,
) -> None:
    _halves_file(db, seed, room)
    whole = _as_whole(db, capsys, tmp_path)
    text = whole[0].decode()
    # Rows of every kind, from both halves: the first and the last people.
    assert "Overdue (" in text and "Invite this week (" in text and "No plan (" in text
    assert (f"Start here ({room})" in text) is (room == 3)
    assert ("Start here (" in text) is (room > 0)
    assert "follow up after Meetup" in text and "Upcoming events" in text
    rows = [int(n) for n in re.findall(r"^  !\d Person (\d+) ", text, re.MULTILINE)]
    assert min(rows) < 30 and max(rows) > 270
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(agenda_read, "SPLIT_BYTES", 0)
        patch.setattr(agenda_read, "read", _whole_is_wrong)
        halves = _printed(db, capsys, tmp_path)
    assert [len(x) for x in halves] == [len(x) for x in whole]
    assert halves == whole


def _insert_late(db: Path, lines: list[bytes], doc_id: str, doc: dict[str, Any]) -> None:
    """The file with a contact document put before its last one (in the second half)."""
    last = lines.index(b'"events":{') - 2
    lines.insert(last, f'"{doc_id}":'.encode() + json.dumps(doc).encode() + b",")
    db.write_bytes(b"\n".join(lines))


def _whole_is_wrong(*args: Any) -> None:
    raise AssertionError("read whole, not in halves")


def _second_half_dies(self: Any) -> None:
    raise SystemExit(9)  # in the forked process: it ends


def _second_half_bug(self: Any) -> None:
    raise TypeError("a bug in the second half")  # in the forked process only


NOT_IN_HALVES = [
    "laid out otherwise",
    "a uid in both halves",
    "a document id in both halves",
    "an odd contact in the second half",
    "the second process dies",
]


@pytest.mark.parametrize("why", NOT_IN_HALVES)
def test_a_file_not_to_read_in_halves_is_read_whole_with_the_same_agenda(
    db: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    why: str,
) -> None:
    _halves_file(db, 23, 3)
    raw = db.read_bytes()
    lines = raw.split(b"\n")
    if why == "laid out otherwise":  # indented: the cut falls inside a document
        db.write_text(json.dumps(json.loads(raw), indent=2))
    elif why == "a uid in both halves":  # the store then says which documents share it
        doc = json.loads(db.read_bytes())["contacts"]["2"]
        _insert_late(db, lines, "900", {**doc, "name": "Twin"})
    elif why == "a document id in both halves":  # the whole file keeps the last
        doc = {**json.loads(db.read_bytes())["contacts"]["2"], "uid": "twin", "name": "Twin"}
        _insert_late(db, lines, "2", doc)
    elif why == "an odd contact in the second half":  # text to clean: the store's way
        doc = {**json.loads(db.read_bytes())["contacts"]["2"], "uid": "odd"}
        doc["where_met"] = "Py\u200bCon"
        _insert_late(db, lines, "900", doc)
    else:
        monkeypatch.setattr(agenda.LiveAgenda, "share", _second_half_dies)
    called: list[Path] = []
    real = agenda_read.read

    def counted(path: Path, got: Any = None) -> agenda_read.AgendaRead:
        called.append(path)
        return real(path, got)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(agenda_read, "SPLIT_BYTES", 0)
        patch.setattr(agenda_read, "read", counted)
        if why == "a uid in both halves":  # the store's way says which documents
            assert shell.agenda(db) == 2
            error = capsys.readouterr().err
            assert "documents 2 and 900 of table contacts share the uid 'p1'" in error
            assert called
            return
        halves = _printed(db, capsys, tmp_path)
    assert len(called) == 4  # each command read the file whole
    assert halves == _as_whole(db, capsys, tmp_path)


def test_a_bug_in_the_second_half_is_reported_and_the_agenda_read_whole(
    db: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _halves_file(db, 24, 3)
    monkeypatch.setattr(agenda.LiveAgenda, "share", _second_half_bug)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(agenda_read, "SPLIT_BYTES", 0)
        with pytest.warns(halves.HalfFailed) as caught:
            printed = _printed(db, capsys, tmp_path)
    reports = [str(w.message) for w in caught if issubclass(w.category, halves.HalfFailed)]
    assert len(reports) == 4  # one per command
    assert all(r.endswith("TypeError: a bug in the second half\n") for r in reports)
    assert printed == _as_whole(db, capsys, tmp_path)
