"""The agenda kept current contact by contact (agenda.LiveAgenda) is the agenda
worked out anew: random changes made through the use cases (a log, a move, a
snooze, an edit, a quick-add, an archive, a deletion, an undo, the goals, an
event), each followed by both, compared row by row, reasons included."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from networking_tui.data.store import ContactStore
from networking_tui.domain import agenda, clock
from networking_tui.domain.capture import parse_quick_add
from networking_tui.domain.model import STAGES, TOUCH_KINDS
from networking_tui.usecases import Refused, contacts, planning, touches
from tests.conftest import contact, write_db

TODAY = pendulum.date(2026, 11, 23)  # the frozen clock's day (tests/conftest.py)
UIDS = [f"p{n}" for n in range(8)]
NAMES = ["Ada Lovelace", "Grace Hopper", "ada lovelace", "Alan Turing"]  # namesakes tie


def days(n: int) -> str:
    return TODAY.add(days=n).isoformat()


def moment(n: int) -> str:
    return f"{days(n)}T10:00:00"


person = st.fixed_dictionaries(
    {
        "name": st.sampled_from(NAMES),
        "stage": st.sampled_from(STAGES) | st.just("stranger"),  # Start here: several
        "priority": st.integers(1, 3),
        "next_touch": st.none() | st.integers(-20, 45).map(days),
        "archived": st.booleans(),
        "cadence_days": st.none() | st.sampled_from([3, 7, 14]),
        "where_met": st.none() | st.just("PyCon"),
        "interactions": st.lists(
            st.builds(
                lambda kind, n: {"kind": kind, "at": moment(n), "note": ""},
                st.sampled_from(TOUCH_KINDS),
                st.integers(-40, 0),
            ),
            max_size=3,
        ),
    }
)

event = st.builds(
    lambda n, people: {"uid": "e1", "name": "Meetup", "date": days(n), "contacts": people},
    st.integers(-5, 10),
    st.lists(st.sampled_from(UIDS), max_size=3, unique=True),
)

step = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(UIDS), st.sampled_from(STAGES)),
    st.tuples(st.just("log"), st.sampled_from(UIDS), st.sampled_from(TOUCH_KINDS)),
    st.tuples(st.just("snooze"), st.sampled_from(UIDS), st.integers(-3, 40)),
    st.tuples(st.just("priority"), st.sampled_from(UIDS), st.integers(1, 3)),
    st.tuples(st.just("rename"), st.sampled_from(UIDS), st.sampled_from(NAMES)),
    st.tuples(st.just("cadence"), st.sampled_from(UIDS), st.none() | st.integers(2, 30)),
    st.tuples(st.just("archive"), st.sampled_from(UIDS), st.booleans()),
    st.tuples(st.just("accept"), st.sampled_from(UIDS), st.none()),
    st.tuples(st.just("delete"), st.sampled_from(UIDS), st.none()),
    st.tuples(
        st.just("add"),
        st.none(),
        st.sampled_from(["Zoe Z", "Aaron A", "Ada Lovelace met at PyCon"]),
    ),
    st.tuples(st.just("undo"), st.none(), st.none()),
    st.tuples(st.just("limit"), st.none(), st.integers(1, 4)),
    st.tuples(st.just("event"), st.none(), event),
)


def apply(store: ContactStore, what: str, uid: str | None, value: Any) -> None:
    """One change as a person makes it (a refused or impossible one is skipped)."""
    if uid is not None and uid not in store:
        return
    assert uid is not None or what in ("add", "undo", "limit", "event")
    try:
        if what == "move":
            assert uid is not None
            contacts.move(store, uid, value)
        elif what == "log":
            assert uid is not None
            touches.log_touch(store, uid, value, clock.now(), "")
        elif what == "snooze":
            assert uid is not None
            touches.snooze(store, uid, TODAY.add(days=value))
        elif what in ("priority", "rename", "cadence"):
            assert uid is not None
            field = {"priority": "priority", "rename": "name", "cadence": "cadence_days"}[what]
            contacts.save_fields(store, uid, {field: value})
        elif what == "archive":
            assert uid is not None
            contacts.set_archived(store, uid, value)
        elif what == "accept":
            assert uid is not None
            contacts.accept_invitation(store, uid)
        elif what == "delete":
            assert uid is not None
            contacts.delete_forever(store, uid)
        elif what == "add":
            contacts.add(store, parse_quick_add(value, TODAY))
        elif what == "undo":
            contacts.undo(store)
        elif what == "limit":
            planning.save_settings(store, {"wip_limit": value})
        elif what == "event":
            planning.save_event(store, value["uid"], value)
    except Refused:
        pass


def seen(shown: agenda.Agenda) -> dict[str, Any]:
    """Everything an agenda shows, reasons included."""

    def row(item: agenda.Item | None) -> tuple[Any, ...] | None:
        if item is None:
            return None
        return (item.uid, item.name, item.stage, item.priority, item.section, item.due,
                item.days_late, item.lateness, item.step, item.reason)  # fmt: skip

    return {
        "items": [row(item) for item in shown.items],
        "next_up": row(shown.next_up),
        "events": shown.events,
        "recent_events": shown.recent_events,
        "week": shown.week,
        "after_events": shown.after_events,
        "to_review": [item.uid for item in shown.to_review],
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person, min_size=3, max_size=len(UIDS)), event, st.lists(step, max_size=12))
def test_kept_current_it_is_the_agenda_worked_out_anew(
    people: list[dict[str, Any]], first_event: dict[str, Any], steps: list[tuple]
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="nt-live-"))
    try:
        docs = [
            {**contact(p["name"], p["stage"], uid=uid), **p}
            for uid, p in zip(UIDS, people, strict=False)
        ]
        path = write_db(folder / "contacts.json", docs, events={"1": first_event})
        store = ContactStore.open(path)
        store.agenda_facts()  # kept current per change from here, as in the app
        live = planning.live_agenda(store)
        assert seen(live.agenda) == seen(planning.today_agenda(store))
        for what, uid, value in steps:
            events = store.docs("events")
            apply(store, what, uid, value)
            kept = planning.updated_agenda(store, live)
            if kept is None:  # the events changed: worked out anew, as the app does
                assert store.docs("events") != events
                live = planning.live_agenda(store)
                kept = live.agenda
            assert seen(kept) == seen(planning.today_agenda(store)), (what, uid, value)
    finally:
        shutil.rmtree(folder)


def test_a_change_updates_only_that_contacts_rows(db: Path) -> None:
    """The rows of the others are the same Items (their reasons not worked out
    again, their drawn rows kept by the screen); a move shows at once."""
    write_db(
        db,
        [
            contact("Ada Lovelace", "follower", uid="ada", next_touch=days(-2)),
            contact("Grace Hopper", "follower", uid="grace", next_touch=days(0)),
            contact("Alan Turing", "engaged", uid="alan", next_touch=days(3)),
        ],
    )
    store = ContactStore.open(db)
    store.agenda_facts()
    live = planning.live_agenda(store)
    before = {item.uid: item for item in live.agenda.items}
    touches.snooze(store, "ada", TODAY.add(days=5))
    after = planning.updated_agenda(store, live)
    assert after is not None
    assert [(i.name, i.section) for i in after.items] == [
        ("Grace Hopper", "Today"),
        ("Alan Turing", "This week"),
        ("Ada Lovelace", "This week"),
    ]
    kept = {item.uid: item for item in after.items}
    assert kept["grace"] is before["grace"] and kept["alan"] is before["alan"]
    assert kept["ada"] is not before["ada"]


def test_many_changes_or_another_event_are_worked_out_anew(db: Path) -> None:
    """A reload from disk (every contact's facts anew) or an event saved: None, and
    the caller works the agenda out again."""
    write_db(db, [contact("Ada Lovelace", "follower", uid="ada", next_touch=days(0))])
    store = ContactStore.open(db)
    store.agenda_facts()
    live = planning.live_agenda(store)
    planning.save_event(store, "e1", {"name": "Meetup", "date": days(1), "contacts": ["ada"]})
    assert planning.updated_agenda(store, live) is None
    live = planning.live_agenda(store)
    many = [agenda.facts(f"u{n}", store.contact("ada")) for n in range(agenda.MANY_CHANGES + 1)]
    events = agenda.events_from(store.docs("events"))
    changed = {f.uid: f for f in many}
    assert live.update_changed(changed, events, store.settings()) is None


def test_after_the_file_is_read_again_it_is_the_agenda_worked_out_anew(db: Path) -> None:
    """The kept agenda learns which contacts changed from the store's log of them;
    a file read again (every contact's facts anew, none logged) is not missed."""
    write_db(db, [contact("Ada Lovelace", "follower", uid="ada", next_touch=days(0))])
    store = ContactStore.open(db)
    store.agenda_facts()
    live = planning.live_agenda(store)
    write_db(db, [contact("Ada Lovelace", "follower", uid="ada", next_touch=days(9))])
    store.reread()
    store.agenda_facts()
    kept = planning.updated_agenda(store, live) or planning.live_agenda(store).agenda
    assert seen(kept) == seen(planning.today_agenda(store))
    assert [item.section for item in kept.items if item.uid == "ada"] != ["Today"]
