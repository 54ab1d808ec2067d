"""The use cases, called as plain functions over a store: no Textual, no Pilot.

The app and the shell both call these, so what is checked here holds for both.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.capture import parse_log_line, parse_quick_add
from networking_tui.usecases import Refused, contacts, links, messages, planning, touches
from tests.conftest import contact, contacts_on_disk, open_store, write_db

TODAY = pendulum.date(2026, 11, 23)


def saved(store: ContactStore) -> dict[str, dict]:
    """Write the store and read back what is on disk."""
    result = store.sync()
    assert result.error is None
    return contacts_on_disk(store.path)


@pytest.fixture
def store(db: Path) -> ContactStore:
    write_db(
        db,
        [
            contact("Ada Lovelace", "engaged", uid="ada", company="Analytical"),
            contact(
                "Grace Hopper",
                "connected",
                uid="grace",
                knows=[{"uid": "zoe", "may_mention": True}],
            ),
            contact("Zoe Stranger", "stranger", uid="zoe"),
        ],
        events={"1": {"uid": "e1", "name": "Meetup", "date": "2026-11-20", "contacts": ["ada"]}},
    )
    return open_store(db)


def test_add_saves_the_person_the_line_describes(store: ContactStore) -> None:
    entry = parse_quick_add("Alan Turing @alan met at PyCon ; talked about machines", TODAY)
    done = contacts.add(store, entry)
    assert done.message.startswith("Added Alan Turing")
    alan = saved(store)[done.change.uid]
    assert alan["stage"] == "engaged"
    assert alan["handles"] == {"x": "@alan"}
    assert alan["next_touch"] == "2026-11-24"  # strike while the iron is hot
    assert [t["kind"] for t in alan["interactions"]] == ["meeting"]


def test_add_checked_refuses_a_namesake_and_an_early_ask(store: ContactStore) -> None:
    with pytest.raises(Refused, match="looks like a contact already here: Ada Lovelace"):
        contacts.add_checked(store, parse_quick_add("ada lovelace", TODAY))
    with pytest.raises(Refused, match="too early"):
        contacts.add_checked(store, parse_quick_add("New Person >ask", TODAY))
    assert len(saved(store)) == 3  # nothing added
    contacts.add_checked(store, parse_quick_add("ada lovelace", TODAY), allow_duplicate=True)
    assert len(saved(store)) == 4


def test_add_onto_an_archived_namesake_restores_them_in_one_step(store: ContactStore) -> None:
    contacts.set_archived(store, "grace", True)
    entry = parse_quick_add("Grace Hopper #pycon fu fri", TODAY)
    done = contacts.add_onto(store, "grace", entry)
    assert "back on the board" in done.message
    grace = saved(store)["grace"]
    assert grace["archived"] is False and grace["tags"] == ["pycon"]
    assert grace["next_touch"] == "2026-11-27"
    contacts.undo(store)  # one step: still archived, no tag
    grace = saved(store)["grace"]
    assert grace["archived"] is True and grace["tags"] == []


def test_log_line_logs_and_reschedules(store: ContactStore) -> None:
    done = touches.log_line(store, "grace", parse_log_line("grace: call ; fu in 3 days", TODAY))
    assert done.message == "Logged a call with Grace Hopper. Next touch Thu 26 Nov 2026."
    grace = saved(store)["grace"]
    assert grace["interactions"][-1]["kind"] == "call"
    assert grace["next_touch"] == "2026-11-26"


def test_log_touch_follows_the_stage_rhythm(store: ContactStore) -> None:
    touches.log_touch(store, "grace", "email", clock.now(), "sent the paper")
    assert saved(store)["grace"]["next_touch"] == "2026-12-23"  # connected: every 30 days


def test_snooze_sets_the_next_touch(store: ContactStore) -> None:
    done = touches.snooze(store, "zoe", pendulum.date(2026, 12, 4))
    assert done.message == "Zoe Stranger snoozed until Fri 4 Dec 2026."
    assert saved(store)["zoe"]["next_touch"] == "2026-12-04"


def test_move_and_the_ask_check(store: ContactStore) -> None:
    assert contacts.too_early_to_move(store, "ada", "ask")  # no touches yet
    assert contacts.too_early_to_move(store, "ada", "connected") == []
    done = contacts.move(store, "ada", "connected")
    assert done is not None and done.message == "Ada Lovelace is now Connected."
    assert contacts.move(store, "ada", "connected") is None  # there already
    ada = saved(store)["ada"]
    assert [h["stage"] for h in ada["stage_history"]] == ["engaged", "connected"]


def test_undoing_a_move_back_within_the_second_keeps_the_history_in_order(
    store: ContactStore,
) -> None:
    """Moved on and back in the same second (the clock is frozen here), the two
    entries of the stage left and taken again differ only by their merge stamp:
    undoing the move back takes away its own entry, the last one."""
    uid = contacts.add(store, parse_quick_add("Nora New", clock.today())).change.uid
    contacts.move(store, uid, "follower")
    contacts.move(store, uid, "stranger")
    assert contacts.undo(store) is not None
    nora = saved(store)[uid]
    assert nora["stage"] == "follower"
    assert [h["stage"] for h in nora["stage_history"]] == ["stranger", "follower"]


def test_undoing_a_touch_edit_after_another_touch_came_back_by_undo(store: ContactStore) -> None:
    """Edit one touch, delete another, undo the deletion, undo the edit: the
    deleted touch came back with a new merge stamp, which is not a change made
    elsewhere, so the edit is undone too and both touches are as first logged."""
    for days, note in ((3, "first"), (2, "second")):
        touches.log_touch(store, "ada", "call", clock.now().subtract(days=days), note)
    first, second = store.doc("ada")["interactions"]
    touches.edit_touch(store, "ada", first, "call", clock.now().subtract(days=3), "a slip")
    touches.delete_touch(store, "ada", second)
    assert contacts.undo(store) is not None
    undone = contacts.undo(store)
    assert undone is not None and undone.message == "Undone: edit a touch with Ada Lovelace."
    assert [t["note"] for t in saved(store)["ada"]["interactions"]] == ["first", "second"]


def test_save_fields_says_when_nothing_changed(store: ContactStore) -> None:
    assert contacts.save_fields(store, "ada", {"company": "Analytical"}) is None
    done = contacts.save_fields(store, "ada", {"company": "Babbage & Co"})
    assert done is not None
    assert saved(store)["ada"]["company"] == "Babbage & Co"


def test_delete_forever_removes_every_link_in_one_undo_step(store: ContactStore) -> None:
    assert contacts.links_to(store, "zoe") == ([], ["grace"], [])
    done = contacts.delete_forever(store, "zoe")
    assert done.message.startswith("Deleted Zoe Stranger and 1 link to them")
    on_disk = saved(store)
    assert "zoe" not in on_disk and on_disk["grace"]["knows"] == []
    undone = contacts.undo(store)
    assert undone is not None and undone.message == "Undone: delete Zoe Stranger."
    on_disk = saved(store)
    assert "zoe" in on_disk and on_disk["grace"]["knows"] == [{"uid": "zoe", "may_mention": True}]


def test_warm_path_and_its_refusals(store: ContactStore) -> None:
    paths = links.introducers(store, "zoe")
    assert [(card.name, agreed) for card, agreed in paths] == [("Grace Hopper", True)]
    with pytest.raises(Refused, match="Ada Lovelace is Engaged already"):
        links.introducers(store, "ada")
    links.save_link(store, links.Link("grace", "zoe", False, remove=True))
    with pytest.raises(Refused, match="No Connected contact"):
        links.introducers(store, "zoe")
    links.save_link(store, links.Link("ada", "zoe", False))
    with pytest.raises(Refused) as known:
        links.introducers(store, "zoe")  # known only by an Engaged contact: say who
    assert str(known.value).startswith("Ada Lovelace (Engaged) knows ")
    assert "but is not Connected yet" in str(known.value)


def test_message_values_and_templates(store: ContactStore) -> None:
    values = messages.values(store, "ada")
    assert values["first_name"] == "Ada"
    messages.save_template(store, "mine", "Mine", "Hi {first_name}", "email")
    assert any(t.name == "Mine" for t in messages.templates(store))
    messages.delete_template(store, "mine", "Mine")
    assert not any(t.name == "Mine" for t in messages.templates(store))
    assert messages.summary("first line\nsecond") == "first line"


def test_deleting_an_event_gives_back_the_dates(store: ContactStore) -> None:
    done = planning.save_event(
        store, "e2", {"name": "PyData", "date": "2026-11-25", "contacts": ["zoe"]}
    )
    assert "Follow up with Zoe Stranger on Thu 26 Nov 2026" in done.message
    assert saved(store)["zoe"]["next_touch"] == "2026-11-26"
    planning.delete_event(store, "e2")
    assert saved(store)["zoe"]["next_touch"] is None


def test_the_agenda_and_one_row(store: ContactStore) -> None:
    touches.snooze(store, "grace", TODAY)
    agenda = planning.today_agenda(store)
    assert "grace" in [item.uid for item in agenda.due_now]
    item = planning.agenda_item(store, "grace")
    assert item is not None and item.uid == "grace"
    planning.save_settings(store, {"wip_limit": 2})
    assert store.settings().wip_limit == 2


# --- two writers on one file: undo reverts only what this one did ---------------


def test_undoing_an_add_keeps_what_another_writer_did_since(db: Path) -> None:
    write_db(db, [])
    window = open_store(db)
    zed = contacts.add(window, parse_quick_add("Zed Shaw", TODAY)).change.uid
    assert window.sync().error is None
    shell = open_store(db)  # the shell logs a call with Zed
    touches.log_line(shell, zed, parse_log_line("zed: call", TODAY))
    assert shell.sync().error is None
    assert window.sync().reloaded
    done = contacts.undo(window)
    assert done is not None
    assert done.message == (
        "Undone: add Zed Shaw. Zed Shaw was changed elsewhere since, so they are archived, "
        "not deleted."
    )
    zed_on_disk = saved(window)[zed]
    assert zed_on_disk["archived"] is True
    assert [t["kind"] for t in zed_on_disk["interactions"]] == ["call"]  # the shell's call


def test_undoing_an_add_nobody_touched_since_deletes_it(db: Path) -> None:
    write_db(db, [])
    window = open_store(db)
    zed = contacts.add(window, parse_quick_add("Zed Shaw", TODAY)).change.uid
    assert window.sync().error is None
    done = contacts.undo(window)
    assert done is not None and done.message == "Undone: add Zed Shaw."
    assert zed not in saved(window)


def test_undoing_a_move_another_writer_moved_on_keeps_a_true_history(db: Path) -> None:
    write_db(db, [contact("Ada Stranger", "stranger", uid="ada")])
    one, two = open_store(db), open_store(db)
    contacts.move(one, "ada", "follower")
    assert one.sync().error is None
    two.sync()  # reloads: Ada is a follower here too
    contacts.move(two, "ada", "engaged")
    assert two.sync().error is None
    one.sync()
    done = contacts.undo(one)
    assert done is not None
    assert "Ada Stranger was moved to Engaged elsewhere since, so that move stays" in done.message
    ada = saved(one)["ada"]
    assert ada["stage"] == "engaged"
    assert [h["stage"] for h in ada["stage_history"]] == ["stranger", "follower", "engaged"]
    assert ada["next_touch"] is not None


def test_undoing_a_log_keeps_a_later_log_from_elsewhere(db: Path) -> None:
    write_db(db, [contact("Grace Hopper", "connected", uid="grace")])
    one, two = open_store(db), open_store(db)
    touches.log_line(one, "grace", parse_log_line("grace: call", TODAY))
    assert one.sync().error is None
    two.sync()
    touches.log_line(two, "grace", parse_log_line("grace: email ; fu fri", TODAY))
    assert two.sync().error is None
    one.sync()
    contacts.undo(one)
    grace = saved(one)["grace"]
    assert [t["kind"] for t in grace["interactions"]] == ["email"]
    assert grace["next_touch"] == "2026-11-27"  # the other writer's date stands


def test_the_log_form_starts_on_the_kind_that_fits(store: ContactStore) -> None:
    assert touches.fitting_kind(store, "zoe") == "follow"
    assert touches.fitting_kind(store, "ada") == "message"
    contacts.move(store, "zoe", "follower")
    assert touches.fitting_kind(store, "zoe") == "comment"  # public touches, not a message
    touches.log_touch(store, "grace", "ask", clock.now(), "an intro")
    assert touches.fitting_kind(store, "grace") == "thank-you"  # owed for the ask


def test_undoing_a_log_names_the_touch_as_the_log_did(store: ContactStore) -> None:
    touches.log_touch(store, "ada", "email", clock.now(), "the paper")
    undone = contacts.undo(store)
    assert undone is not None and undone.message == "Undone: log an email with Ada Lovelace."
