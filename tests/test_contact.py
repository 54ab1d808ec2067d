"""The contact: full view, editing, logging, archive, introductions, messages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static, TextArea
from textual.widgets._footer import FooterKey

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.archive import ArchiveScreen
from networking_tui.ui.screens.choice import ChoiceScreen
from networking_tui.ui.screens.compose import ComposeScreen
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.edit import EditScreen
from networking_tui.ui.screens.link import LinkScreen
from networking_tui.ui.screens.log import LogScreen
from networking_tui.ui.widgets.card_list import CardList

from .conftest import contact, contacts_on_disk, plain, read_db, screen_text, unstamped, write_db

SIZE = (160, 48)


def people() -> list[dict]:
    return [
        contact(
            "Ada Lovelace",
            "follower",
            priority=1,
            where_met="PyCon",
            common_ground="poetry",
            objective="advice",
        ),
        contact("Grace Hopper", "engaged", cadence_days=10),
        contact(
            "Hedy Lamarr",
            "connected",
            knows=[{"uid": "ada-lovelace", "may_mention": True}],
        ),
        contact("Alan Turing", "stranger"),
    ]


def start(db: Path, docs: list[dict] | None = None) -> NetworkingApp:
    write_db(db, people() if docs is None else docs)
    return NetworkingApp(ContactStore.open(db), autosave=False)


def body(app: NetworkingApp) -> str:
    """The contact view: its fields, then its touch log."""
    text = plain(app.screen.query_one("#contact-body", Static))
    logs = app.screen.query("#touch-log")
    if logs:
        text += "\n" + plain_options(app.screen)
    return text


def plain_options(screen: Screen[Any]) -> str:
    """The options of a screen's option list, one a line."""
    listing = screen.query_one(OptionList)
    return "\n".join(
        str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
    )


async def test_edit_and_cancel_leaves_the_file_byte_for_byte(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")  # Ada is alone in Follower
        assert isinstance(app.screen, EditScreen)
        await pilot.press(*"Countess ")
        await pilot.press("escape")
        assert not isinstance(app.screen, EditScreen)
        await pilot.press("q")
    assert db.read_bytes() == before


async def test_invalid_fields_block_the_save_with_a_message_beside_them(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")
        screen = app.screen
        screen.query_one("#email", Input).value = "ada-at-example"
        screen.query_one("#next_touch", Input).value = "someday"
        screen.query_one("#cadence_days", Input).value = "0"
        screen.query_one("#name", Input).value = "   "
        await pilot.press("ctrl+s")
        assert app.screen is screen  # still editing
        assert "not an email address" in plain(screen.query_one("#email-error", Static))
        assert "unknown date 'someday'" in plain(screen.query_one("#next_touch-error", Static))
        assert "whole number" in plain(screen.query_one("#cadence_days-error", Static))
        assert "name is required" in plain(screen.query_one("#name-error", Static))
        assert screen.query_one("#email", Input).has_class("-invalid")
        await pilot.pause()
        shown = screen.query_one("#email-error", Static)
        assert shown.display and shown.region.height == 1  # on screen, not just set
        assert not screen.query_one("#company-error", Static).display  # nothing to say
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


async def test_the_objective_can_be_set_and_cleared_on_a_contact_without_one(
    db: Path,
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "e")  # Grace: engaged, no objective
        screen = app.screen
        assert isinstance(screen, EditScreen)
        assert screen.query_one("#objective", Select).value is Select.NULL
        screen.query_one("#objective", Select).value = "mentorship"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditScreen)
        app.saver.stop()
        assert contacts_on_disk(db)["grace-hopper"]["objective"] == "mentorship"
        await pilot.press("e")
        app.screen.query_one("#objective", Select).clear()
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditScreen)
        await pilot.press("q")
    assert "objective" not in contacts_on_disk(db)["grace-hopper"]


async def test_a_saved_edit_reaches_the_file_and_can_be_undone(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")
        screen = app.screen
        screen.query_one("#email", Input).value = "ada@example.org"
        screen.query_one("#linkedin", Input).value = "linkedin.com/in/ada"
        screen.query_one("#next_touch", Input).value = "next tue"
        await pilot.pause()
        assert "Tue 1 Dec 2026" in plain(screen.query_one("#next_touch-error", Static))
        screen.query_one("#tags", Input).value = "#pycon, Speaker"
        screen.query_one("#introduced_by", Input).value = "hedy"
        screen.query_one("#notes", TextArea).text = "Line one\nLine two"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditScreen)
        app.saver.stop()
        ada = contacts_on_disk(db)["ada-lovelace"]
        assert ada["handles"] == {
            "email": "ada@example.org",
            "linkedin": "https://linkedin.com/in/ada",
        }
        assert ada["next_touch"] == "2026-12-01"
        assert ada["tags"] == ["pycon", "speaker"]
        assert ada["introduced_by"] == {"uid": "hedy-lamarr", "may_mention": False}
        assert ada["notes"] == "Line one\nLine two"
        await pilot.press("ctrl+z", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert "handles" not in ada and ada["next_touch"] is None and ada["tags"] == []


async def test_logging_reschedules_by_the_stage_cadence(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "l")
        assert isinstance(app.screen, LogScreen)
        await pilot.press(*"liked her talk", "enter")
        await pilot.press("right", "l")  # Grace: engaged, her own cadence of 10 days
        app.screen.query_one("#when", Input).value = "yesterday"
        await pilot.press("enter")
        await pilot.press("q")
    on_disk = contacts_on_disk(db)
    ada = on_disk["ada-lovelace"]
    assert ada["interactions"][-1]["kind"] == "comment"  # the follower's usual touch
    assert ada["interactions"][-1]["note"] == "liked her talk"
    assert ada["next_touch"] == "2026-11-30"  # today + 7 days while a follower
    grace = on_disk["grace-hopper"]
    assert grace["interactions"][-1]["at"].startswith("2026-11-22T09:00")
    assert grace["next_touch"] == "2026-12-02"  # yesterday + her 10 days


async def test_an_unknown_when_is_refused_in_the_log_form(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "l")
        app.screen.query_one("#when", Input).value = "the other day"
        await pilot.press("enter")
        assert isinstance(app.screen, LogScreen)
        assert "unknown date" in plain(app.screen.query_one("#when-hint", Static))
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


async def test_an_ask_gets_a_thank_you_reminder_until_thanked(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "enter", "l")
        screen = app.screen
        screen.query_one("#kind", Select).value = "ask"
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)  # no touch yet: too early to ask
        await pilot.press("y")
        assert "say thank you for the ask of Mon 23 Nov 2026" in body(app)
        await pilot.press("l")
        app.screen.query_one("#kind", Select).value = "thank-you"
        await pilot.press("enter")
        assert "say thank you" not in body(app)
        await pilot.press("escape", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert [t["kind"] for t in ada["interactions"]] == ["ask", "thank-you"]


async def test_contact_view_shows_the_log_newest_first_and_counts(db: Path) -> None:
    touches = [
        {"kind": "comment", "at": "2026-11-01T10:00:00+00:00", "note": "note-one"},
        {"kind": "call", "at": "2026-11-20T10:00:00+00:00", "note": "note-three"},
        {"kind": "email", "at": "2026-11-10T10:00:00+00:00", "note": "note-two"},
    ]
    docs = [contact("Ada Lovelace", "follower", interactions=touches)]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        text = body(app)
        assert text.index("note-three") < text.index("note-two") < text.index("note-one")
        assert (
            "3 touches · last one 3 days ago (call)" in text
        )  # calendar days, as the agenda counts
        assert "Stage history" in text


async def test_contact_view_labels_common_ground_and_notes(db: Path) -> None:
    doc = contact(
        "Ada Lovelace",
        "follower",
        common_ground="we both love looms",
        notes="Prefers email.\nBusy in December.",
    )
    app = start(db, [doc])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        lines = [" ".join(line.split()) for line in body(app).splitlines()]
    assert "Common ground we both love looms" in lines
    notes = lines.index("Notes")  # a heading of its own, above the text
    assert lines[notes + 1 : notes + 3] == ["Prefers email.", "Busy in December."]


async def test_the_narrow_pane_says_plainly_when_no_next_touch_is_set(db: Path) -> None:
    app = start(db, [contact("Ada Lovelace", "follower", common_ground="looms")])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
    assert "Follower · priority 2 · no next touch set" in text
    assert "next touch no follow-up set" not in text
    assert "In common looms" in text  # the short label, to fit the pane's label column


async def test_archive_leaves_the_board_and_undo_brings_it_back(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        assert "4 contacts" in plain(app.query_one(".counts"))
        await pilot.press("right", "x")
        assert "ada-lovelace" not in app.query_one("#cards-follower", CardList).uids
        assert "3 contacts" in plain(app.query_one(".counts"))  # those on the board
        assert contacts_on_disk(db)["ada-lovelace"]["archived"] is False  # not yet written
        app.saver.stop()
        assert contacts_on_disk(db)["ada-lovelace"]["archived"] is True
        await pilot.press("ctrl+z")
        assert "ada-lovelace" in app.query_one("#cards-follower", CardList).uids
        await pilot.press("q")
    assert contacts_on_disk(db)["ada-lovelace"]["archived"] is False


async def test_delete_only_from_the_archive_after_a_confirmation(db: Path) -> None:
    docs = [*people(), contact("Old Contact", "follower", archived=True)]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, ArchiveScreen)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete Old Contact for good?" in plain(app.screen.query_one(".dialog-title"))
        await pilot.press("n")
        assert "old-contact" in app.store.cards
        await pilot.press("D", "y")
        assert "old-contact" not in app.store.cards
        await pilot.press("escape", "q")
    assert "old-contact" not in contacts_on_disk(db)


async def test_deleting_for_good_removes_the_links_to_them_in_one_undo_step(db: Path) -> None:
    """Nobody is left "introduced by a contact no longer in the file"."""
    old = {"uid": "old-contact", "may_mention": True}
    docs = [
        contact("Ada Lovelace", "follower", introduced_by=old),
        contact("Grace Hopper", "engaged", introduced_by=old, knows=[old]),
        contact("Hedy Lamarr", "connected", knows=[{"uid": "ada-lovelace"}, old]),
        contact("Alan Turing", "stranger", notes="old-contact is a word here, not a link"),
        contact("Old Contact", "follower", archived=True, knows=[{"uid": "ada-lovelace"}]),
    ]
    event = {"uid": "e1", "name": "Meetup", "date": "2026-11-30", "contacts": ["old-contact"]}
    both = {**event, "uid": "e2", "name": "PyData", "contacts": ["ada-lovelace", "old-contact"]}
    write_db(db, docs, events={"1": event, "2": both})
    before = contacts_on_disk(db)
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "D")
        assert isinstance(app.screen, ConfirmScreen)
        reasons = [plain(r).strip() for r in app.screen.query(".dialog-reason")]
        assert reasons[1] == (
            "• It also removes them from 2 introductions, 2 records of who knows whom and 2 events."
        )
        await pilot.press("y")
        assert notices(app)[-1] == (
            "Deleted Old Contact and 6 links to them. Ctrl+Z brings it all back until you quit."
        )
        app.saver.stop()
        after = contacts_on_disk(db)
        assert "old-contact" not in after
        assert "introduced_by" not in after["ada-lovelace"]
        assert "introduced_by" not in after["grace-hopper"] and after["grace-hopper"]["knows"] == []
        assert after["hedy-lamarr"]["knows"] == [{"uid": "ada-lovelace"}]
        assert after["alan-turing"] == before["alan-turing"]  # only the text matched
        events = {e["uid"]: e["contacts"] for e in read_db(db)["events"].values()}
        assert events == {"e1": [], "e2": ["ada-lovelace"]}
        await pilot.press("escape")
        app.open_contact("ada-lovelace")
        await pilot.pause()
        assert "Ada Lovelace" in body(app) and "Introduced by" not in body(app)
        await pilot.press("escape", "ctrl+z")  # one undo brings it all back
        app.open_contact("ada-lovelace")
        await pilot.pause()
        assert "Introduced by Old Contact" in body(app)
        await pilot.press("escape")
        await pilot.press("q")
    restored = contacts_on_disk(db)
    for uid in ("old-contact", "ada-lovelace", "grace-hopper", "hedy-lamarr"):
        assert {k: v for k, v in unstamped(restored[uid]).items() if k != "updated_at"} == {
            k: v for k, v in before[uid].items() if k != "updated_at"
        }, uid
    events = {e["uid"]: e["contacts"] for e in read_db(db)["events"].values()}
    assert events == {"e1": ["old-contact"], "e2": ["ada-lovelace", "old-contact"]}


async def test_unarchive_from_the_archive(db: Path) -> None:
    docs = [*people(), contact("Old Contact", "follower", archived=True)]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "u", "escape")
        assert "old-contact" in app.query_one("#cards-follower", CardList).uids
        await pilot.press("q")
    assert contacts_on_disk(db)["old-contact"]["archived"] is False


async def test_warm_path_shown_and_introduction_request_composed(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "enter")
        text = body(app)
        assert "Warm path: Hedy Lamarr (Connected) knows them, agreed to be named" in text
        await pilot.press("i")
        assert isinstance(app.screen, ComposeScreen)
        message = app.screen.query_one("#body", TextArea).text
        assert message.startswith("Hi Hedy,")
        assert "meet Ada Lovelace to ask for advice" in message
        await pilot.press("ctrl+s")
        assert app.clipboard == message
        await pilot.press("escape", "q")
    hedy = contacts_on_disk(db)["hedy-lamarr"]
    assert hedy["interactions"][-1]["note"] == "asked for an introduction to Ada Lovelace"


async def test_no_warm_path_says_so(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Alan, a stranger nobody knows
        assert "No warm path yet" in body(app)


async def test_message_template_filled_counted_and_warned_past_300(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "m")
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        text = screen.query_one("#body", TextArea).text
        assert text.startswith("Hi Ada, it was good to talk at PyCon.")
        count = screen.query_one("#count", Static)
        assert plain(count).strip() == f"{len(text)}/300 characters"
        screen.query_one("#body", TextArea).text = "x" * 301
        await pilot.pause()
        assert "⚠ 301/300" in plain(count)
        assert count.has_class("-warning")
        screen.query_one("#body", TextArea).text = "Just copy me"
        screen.query_one("#body", TextArea).focus()
        await pilot.press("ctrl+y")  # copy only, even from inside the message box
        assert app.clipboard == "Just copy me"
        assert not isinstance(app.screen, ComposeScreen)
        await pilot.press("m")
        screen = app.screen
        screen.query_one("#body", TextArea).text = "Hi Ada, thanks for the talk!"
        await pilot.press("ctrl+s")
        assert app.clipboard == "Hi Ada, thanks for the talk!"
        await pilot.press("q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert unstamped(ada["interactions"][-1]) == {
        "kind": "invitation",  # the invitation after meeting logs one
        "at": "2026-11-23T09:00:00+00:00",
        "note": "Hi Ada, thanks for the talk!",
    }


async def test_own_template_is_stored_in_the_file(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "n", "ctrl+s")  # no name yet: refused, and it says why
        await pilot.pause()
        message = app.screen.query_one("#template-name-error", Static)
        assert message.display and "a name is required" in plain(message)
        await pilot.press(*"Coffee ask")
        app.screen.query_one("#template-body", TextArea).text = "Hi {first_name}, coffee?"
        await pilot.press("ctrl+s", "escape")
        await pilot.press("right", "m")
        options = [str(label) for label, _ in app.screen.query_one("#template", Select)._options]
        assert "Coffee ask" in options
        await pilot.press("escape", "q")
    (template,) = read_db(db)["templates"].values()
    assert template["name"] == "Coffee ask" and template["body"] == "Hi {first_name}, coffee?"


async def test_recording_whom_a_contact_knows(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "enter", "w")  # Grace's view
        await pilot.press(*"alan")
        app.screen.query_one("#may_mention", Checkbox).value = True
        await pilot.press("enter")
        assert "Knows Alan Turing (agreed to be named)" in body(app)
        await pilot.press("escape", "q")
    grace = contacts_on_disk(db)["grace-hopper"]
    assert grace["knows"] == [{"uid": "alan-turing", "may_mention": True}]


# --- the edit form: introducer, dates, what counts as a change ---------------------


async def test_an_archived_introducer_does_not_block_saving_an_edit(db: Path) -> None:
    docs = [
        contact("Ada Lovelace", "follower", introduced_by={"uid": "hedy-lamarr"}),
        contact("Hedy Lamarr", "connected", archived=True),
    ]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")  # Ada: the only card on the board
        screen = app.screen
        assert screen.query_one("#introduced_by", Input).value == "Hedy Lamarr"
        screen.query_one("#company", Input).value = "Analytical Engines"
        await pilot.pause()
        assert "→ Hedy Lamarr (archived)" in plain(screen.query_one("#introduced_by-error"))
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditScreen)
        await pilot.press("e")  # typing an archived person's name finds them too
        app.screen.query_one("#introduced_by", Input).value = "hedy"
        await pilot.pause()
        assert "→ Hedy Lamarr (archived)" in plain(app.screen.query_one("#introduced_by-error"))
        await pilot.press("ctrl+s", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["company"] == "Analytical Engines"
    assert ada["introduced_by"]["uid"] == "hedy-lamarr"


def namesakes(**ada: object) -> list[dict]:
    return [
        contact("Ada Lovelace", "follower", **ada),
        contact("Sam Lee", "engaged", uid="sam-1", company="Acme"),
        contact("Sam Lee", "connected", uid="sam-2", company="Globex"),
    ]


async def test_choosing_an_introducer_among_namesakes(db: Path) -> None:
    app = start(db, namesakes(introduced_by={"uid": "sam-1", "may_mention": False}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")  # Ada, in the first column
        screen = app.screen
        field = screen.query_one("#introduced_by", Input)
        message = screen.query_one("#introduced_by-error")
        await pilot.pause()
        assert "→ Sam Lee (Engaged · Acme)" in plain(message)  # which one, as stored
        field.value = ""
        field.focus()
        await pilot.press(*"sam")
        assert "2 contacts match" in plain(message) and "press Enter" in plain(message)
        await pilot.press("ctrl+s")
        assert app.screen is screen  # not saved while it is unclear who
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        listing = plain_options(app.screen)
        assert "Sam Lee  Engaged · Acme" in listing and "Sam Lee  Connected · Globex" in listing
        await pilot.press("down", "enter")  # the second: Globex
        assert app.screen is screen
        assert "→ Sam Lee (Connected · Globex)" in plain(message)
        await pilot.press("ctrl+s", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["introduced_by"] == {"uid": "sam-2", "may_mention": False}


async def test_a_next_touch_in_the_past_is_refused_unless_left_as_it_was(db: Path) -> None:
    docs = [contact("Ada Lovelace", "follower", next_touch="2026-11-20")]
    app = start(db, docs)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        screen = app.screen
        hint = screen.query_one("#next_touch-error")
        await pilot.pause()
        screen.query_one("#role", Input).value = "Analyst"
        await pilot.pause()
        assert "in the past: kept as it was" in plain(hint)
        screen.query_one("#next_touch", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        assert app.screen is screen
        assert "in the past: pick today or later" in plain(hint)
        assert db.read_bytes() == before
        screen.query_one("#next_touch", Input).value = "2026-11-20"  # as it was
        await pilot.press("ctrl+s", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["role"] == "Analyst" and ada["next_touch"] == "2026-11-20"
    assert "next_touch_set_at" not in ada


async def test_an_unchanged_form_writes_nothing_even_with_unnormalised_values(db: Path) -> None:
    docs = [
        contact(
            "Ada  Lovelace",
            "follower",
            tags=["PyCon"],
            handles={"linkedin": "linkedin.com/in/ada", "website": "ada.dev", "x": None},
            objective="Writing",
        )
    ]
    app = start(db, docs)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "ctrl+s")
        assert not isinstance(app.screen, EditScreen)
        assert "Nothing changed." in [n.message for n in app._notifications]
        await pilot.press("q")
    assert db.read_bytes() == before


async def test_the_edit_form_starts_with_the_name(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")
        fields = [w.id for w in app.screen.query("Input, Select")]
        assert fields[:3] == ["name", "priority", "objective"]
        assert app.screen.focused is app.screen.query_one("#name")


# --- the second degree: the link form ----------------------------------------------


async def test_a_warm_path_recorded_from_the_strangers_side(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Alan, a stranger nobody knows
        assert "No warm path yet" in body(app)
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, LinkScreen)
        assert screen.query_one("#direction", Select).value == "known_by"
        await pilot.press(*"hedy")
        assert "→ Hedy Lamarr" in plain(screen.query_one("#who-hint"))
        screen.query_one("#may_mention", Checkbox).value = True
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        assert "Warm path: Hedy Lamarr (Connected) knows them, agreed to be named" in body(app)
        await pilot.press("i")  # and the introduction can be asked for at once
        assert isinstance(app.screen, ComposeScreen)
        assert "meet Alan Turing" in app.screen.query_one("#body", TextArea).text
        await pilot.press("escape", "escape", "q")
    on_disk = contacts_on_disk(db)
    assert {"uid": "alan-turing", "may_mention": True} in on_disk["hedy-lamarr"]["knows"]
    assert on_disk["alan-turing"].get("knows", []) == []


async def test_the_link_form_lists_the_links_and_removes_one(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "enter", "w")  # Ada: Hedy knows her
        listing = app.screen.query_one("#links", OptionList)
        assert "Hedy Lamarr knows Ada Lovelace · agreed to be named · warm path" in (
            plain_options(app.screen)
        )
        listing.focus()
        await pilot.press("delete")
        assert "None recorded yet." in plain_options(app.screen)
        await pilot.press("escape")
        assert "No warm path yet" in body(app)
        await pilot.press("ctrl+z")
        assert "Warm path: Hedy Lamarr" in body(app)
        await pilot.press("escape", "q")
    assert contacts_on_disk(db)["hedy-lamarr"]["knows"][0]["uid"] == "ada-lovelace"


async def test_choosing_among_namesakes_in_the_link_form(db: Path) -> None:
    app = start(db, namesakes())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "w")  # Ada, a follower: who knows her?
        await pilot.press(*"sam lee")
        assert "which one?" in plain(app.screen.query_one("#who-hint"))
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")
        assert "→ Sam Lee (Connected · Globex)" in plain(app.screen.query_one("#who-hint"))
        await pilot.press("enter")
        assert "Warm path: Sam Lee (Connected) knows them" in body(app)
        await pilot.press("escape", "q")
    on_disk = contacts_on_disk(db)
    assert on_disk["sam-2"]["knows"] == [{"uid": "ada-lovelace", "may_mention": False}]
    assert "knows" not in on_disk["sam-1"] or on_disk["sam-1"]["knows"] == []


# --- messages: the touch a template stands for, the clipboard, templates ---------------


def asked() -> list[dict]:
    ask = {"kind": "ask", "at": "2026-11-22T10:00:00+00:00", "note": "a reference"}
    return [contact("Ada Lovelace", "ask", interactions=[ask], next_touch="2026-11-25")]


async def test_composing_the_thank_you_logs_a_thank_you_and_clears_the_reminder(
    db: Path,
) -> None:
    app = start(db, asked())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert "⚑ say thank you for the ask of Sun 22 Nov 2026" in body(app)
        await pilot.press("m")
        screen = app.screen
        assert screen.query_one("#template", Select).value == "builtin-thank-you"  # owed
        assert "Copy & log as thank-you" in str(screen.query_one("#copy-log", Button).label)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ContactScreen)
        assert "⚑ say thank you" not in body(app)
        await pilot.press("escape", "q")
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["interactions"][-1]["kind"] == "thank-you"
    assert ada["next_touch"] == "2026-11-26"  # the Ask stage's 3 days, from today


async def test_changing_the_template_keeps_edited_text_unless_confirmed(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "m")
        screen = app.screen
        message, template = (
            screen.query_one("#body", TextArea),
            screen.query_one("#template", Select),
        )
        template.value = "builtin-value-first"  # unedited: replaced at once
        await pilot.pause()
        assert message.text.startswith("Hi Ada, I came across this")
        message.text = "Hi Ada, my own words."
        template.value = "builtin-thank-you"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep my text
        assert message.text == "Hi Ada, my own words."
        assert template.value == "builtin-value-first"
        template.value = "builtin-thank-you"
        await pilot.pause()
        await pilot.press("y")  # replace it
        assert message.text.startswith("Hi Ada, thank you for your help")
        await pilot.pause()
        # The longer label is shown whole, its key hint too.
        assert "Copy & log as thank-you (Ctrl+S)" in screen_text(app)
        assert message.cursor_location == message.document.end  # ready to add to it
        await pilot.press("escape")  # a template picked, nothing typed: nothing asked
        assert app.screen is app.screen_stack[0]


async def test_the_message_opens_with_its_first_gap_selected_to_type_over(db: Path) -> None:
    """No common ground known: the gap the template left is selected, so typing
    fills it; with no gap the cursor is at the end."""
    app = start(db, [contact("Ines Navarro", "engaged", where_met="PyCon")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        screen = app.screen
        message, template = (
            screen.query_one("#body", TextArea),
            screen.query_one("#template", Select),
        )
        assert message.cursor_location == message.document.end  # the invitation: no gap
        template.value = "builtin-event-follow-up"
        await pilot.pause()
        assert message.selected_text == "[what you have in common]"
        assert "The first [gap] is selected: type to fill it." in screen_text(app)
        await pilot.press(*"Lisbon")
        assert "Since we have Lisbon in common" in message.text
        await pilot.press("escape", "q")


async def test_a_template_with_a_broken_placeholder_is_not_saved(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "n", *"Coffee ask")
        body = app.screen.query_one("#template-body", TextArea)
        body.text = "Hi {frist_name}, coffee at {where_met? {"
        await pilot.pause()
        warning = plain(app.screen.query_one("#template-body-error", Static))
        assert "⚠ {frist_name} is not a placeholder; a lone {" in warning
        assert "(the placeholders are listed below)" in warning
        listed = plain(app.screen.query(Static).filter(".dim").first())
        assert "Placeholders: {first_name}, {where_met}, {common_ground}" in listed
        await pilot.press("ctrl+s")
        assert any("nothing was saved" in n for n in notices(app))
        body.text = "Hi {first_name}, coffee at {where_met}?"
        await pilot.pause()
        assert not app.screen.query_one("#template-body-error", Static).display
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Saved, and said so; the refused save's warning went with the form.
        assert notices(app) == ["Saved the template Coffee ask."]
        listing = app.screen.query_one("#template-list", OptionList)
        assert listing.highlighted is not None
        assert "Coffee ask" in str(listing.get_option_at_index(listing.highlighted).prompt)
        await pilot.press("escape", "q")
    (template,) = read_db(db)["templates"].values()
    assert template["body"] == "Hi {first_name}, coffee at {where_met}?"


def fake_clipboard_tool(tmp_path: Path, monkeypatch, name: str = "xclip") -> Path:
    """A stand-in for xclip on PATH that keeps what it is given in a file."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    kept = tmp_path / "clipboard.txt"
    tool = folder / name
    tool.write_text(f"#!/bin/sh\ncat > '{kept}'\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    return kept


def notices(app: NetworkingApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_copy_uses_the_system_clipboard_tool_and_says_so(
    db: Path, tmp_path: Path, monkeypatch
) -> None:
    kept = fake_clipboard_tool(tmp_path, monkeypatch)
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "m")
        app.screen.query_one("#body", TextArea).text = "Hi Ada, see you soon."
        await pilot.press("ctrl+s")  # copy & log: the copy is confirmed too
        assert any(
            n.startswith("Copied to the clipboard (with xclip). Logged an invitation with")
            for n in notices(app)
        ), notices(app)
        assert kept.read_text() == "Hi Ada, see you soon."
        await pilot.press("q")


async def test_without_a_clipboard_tool_the_message_is_honest(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "m", "ctrl+y")
        (said,) = [n for n in notices(app) if "clipboard" in n]
        assert "OSC 52" in said and "your terminal does not support it" in said
        assert "Copied" not in said
        assert app.clipboard.startswith("Hi Ada")  # still sent through the terminal


async def test_copy_and_log_on_a_short_terminal_still_says_where_the_copy_went(
    db: Path,
) -> None:
    """One notice at a time at 80x24: the log's does not hide the copy's."""
    app = start(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("right", "m", "ctrl+s")
        await pilot.pause()
        (said,) = notices(app)
        assert "OSC 52" in said and "Logged an invitation with Ada" in said, said
        await pilot.press("q")


async def test_own_template_with_its_kind_and_deleting_it_after_a_confirmation(
    db: Path,
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "D")  # a shipped template, unedited: cannot be deleted
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("ships with the app and cannot be deleted" in n for n in notices(app))
        await pilot.press("n", *"Gift note")
        app.screen.query_one("#template-body", TextArea).text = "Hi {first_name}, for you."
        app.screen.query_one("#template-kind", Select).value = "letter"
        await pilot.press("ctrl+s")
        listing = app.screen.query_one("#template-list", OptionList)
        listing.highlighted = listing.option_count - 1  # own templates come last
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete the template 'Gift note'?" in plain(app.screen.query_one(".dialog-title"))
        await pilot.press("n")
        app.saver.stop()
        (template,) = read_db(db)["templates"].values()
        assert template["kind"] == "letter"
        app.saver = app._new_saver()
        await pilot.press("escape", "right", "m")
        app.screen.query_one("#template", Select).value = template["uid"]
        await pilot.press("ctrl+s")  # logged as the template's kind
        await pilot.press("T")
        listing = app.screen.query_one("#template-list", OptionList)
        listing.highlighted = listing.option_count - 1
        await pilot.press("D", "y")
        assert "Gift note" not in plain_options(app.screen)
        await pilot.press("escape", "q")
    assert read_db(db)["templates"] == {}
    assert contacts_on_disk(db)["ada-lovelace"]["interactions"][-1]["kind"] == "letter"


# --- logging: no touch in the future; an owed thank-you holds the next touch ---------


async def test_a_touch_in_the_future_is_refused_next_to_the_field(db: Path) -> None:
    app = start(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "l")
        app.screen.query_one("#when", Input).value = "in 3 days"
        await pilot.press("enter")
        assert isinstance(app.screen, LogScreen)
        hint = plain(app.screen.query_one("#when-hint", Static))
        assert "in the future" in hint and "today or earlier" in hint
        await pilot.press("escape", "q")
    assert db.read_bytes() == before


async def test_after_an_ask_another_touch_keeps_the_thank_you_due(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "right", "l")  # Hedy: connected, every 30 days
        app.screen.query_one("#kind", Select).value = "ask"
        app.screen.query_one("#when", Input).value = "yesterday"
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)  # no touch yet: too early to ask
        await pilot.press("y", "l")
        app.screen.query_one("#kind", Select).value = "message"
        await pilot.press("enter")
        assert "Wed 25 Nov 2026 (in 2d)" in plain(app.detail)
        await pilot.press("q")
    hedy = contacts_on_disk(db)["hedy-lamarr"]
    assert [t["kind"] for t in hedy["interactions"]] == ["ask", "message"]
    assert hedy["next_touch"] == "2026-11-25"  # not 2026-12-23: the thanks come first


# --- i on the board --------------------------------------------------------------------


async def test_i_on_the_board_asks_a_warm_path_for_an_introduction(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")  # Ada, whom Hedy knows
        assert "Press i to ask for an introduction" in plain(app.detail)
        await pilot.press("i")
        assert isinstance(app.screen, ComposeScreen)
        assert "meet Ada Lovelace to ask for advice" in app.screen.query_one("#body", TextArea).text
        await pilot.press("escape", "right", "i")  # Grace: engaged, no introduction needed
        assert not isinstance(app.screen, ComposeScreen)
        assert any("Engaged already: write to them directly" in n for n in notices(app))


# --- the archive and the contact view's keys -------------------------------------------


def footer_keys(app: NetworkingApp) -> dict[str, str]:
    return {key.key: key.description for key in app.screen.query(FooterKey)}


async def test_i_in_the_view_of_an_engaged_contact_says_what_to_do_as_the_board_does(
    db: Path,
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "enter")  # Ada, a follower: i asks a warm path
        await pilot.pause()
        assert footer_keys(app).get("i") == "Ask intro"
        await pilot.press("escape", "right", "enter")  # Grace, engaged
        await pilot.pause()
        assert "i" not in footer_keys(app)  # not offered past Follower
        await pilot.press("i")
        assert isinstance(app.screen, ContactScreen)
        assert notices(app)[-1] == "Grace Hopper is Engaged already: write to them directly (m)."
        await pilot.press("escape", "q")


async def test_the_archive_counts_and_shows_an_archived_contact_read_only(db: Path) -> None:
    docs = [*people(), contact("Old Contact", "follower", archived=True, company="Gone Ltd")]
    app = start(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        assert "Archived contacts (1)" in plain(app.screen.query_one(".title"))
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        text = body(app)
        assert "Archived: u brings them back" in text and "Gone Ltd" in text
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("u") == "Unarchive" and "e" not in keys and "l" not in keys
        await pilot.press("e", "l")  # read-only: nothing opens
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("u")
        assert "Archived:" not in body(app)
        await pilot.pause()
        assert footer_keys(app).get("e") == "Edit"
        await pilot.press("escape")
        assert isinstance(app.screen, ArchiveScreen)
        assert "Archived contacts (0)" in plain(app.screen.query_one(".title"))
        await pilot.press("escape", "q")
    assert contacts_on_disk(db)["old-contact"]["archived"] is False


async def test_the_contact_views_footer_tells_the_truth(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("escape") == "Back"
        assert keys.get("g") == "Agenda"  # it leaves the contact's view for the agenda
        await pilot.press("g")
        assert app.screen.id == "agenda-screen" and len(app.screen_stack) == 2
        await pilot.press("escape", "g")  # on the board it still switches to the agenda
        assert app.screen.id == "agenda-screen"


async def test_a_message_to_someone_never_met_starts_from_a_value_first_note(db: Path) -> None:
    """No 'where met' for a Follower: not the invitation that recalls a meeting."""
    app = start(db, [contact("Ines Navarro", "follower")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert "Value-first note" in screen_text(app)
        text = screen.query_one("#body", TextArea).text
        assert text.startswith("Hi Ines, I came across this and thought of your work.")
        assert "[where you met]" not in text
        await pilot.press("escape", "q")


async def test_a_stale_edit_form_keeps_a_handle_saved_elsewhere(db: Path) -> None:
    """Window 2's form opened before window 1 saved an X handle; window 2 saves an
    email: both handles stand, key by key."""
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")  # Ada's form, opened now
        other = ContactStore.open(db)  # another window saves her X handle meanwhile
        other.update("ada-lovelace", lambda d: {**d, "handles": {"x": "@ada"}}, "edit")
        assert other.sync().error is None
        app.store.sync()  # the reload the saver thread would do
        app.screen.query_one("#email", Input).value = "ada@example.org"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, (EditScreen, ChoiceScreen))  # no clash to ask about
        app.saver.stop()
    assert contacts_on_disk(db)["ada-lovelace"]["handles"] == {
        "x": "@ada",
        "email": "ada@example.org",
    }


async def test_a_field_changed_elsewhere_since_the_form_opened_is_not_overwritten_silently(
    db: Path,
) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")
        other = ContactStore.open(db)
        other.update("ada-lovelace", lambda d: {**d, "company": "Babbage & Co"}, "edit")
        assert other.sync().error is None
        app.store.sync()
        app.screen.query_one("#company", Input).value = "Analytical Engines"
        app.screen.query_one("#role", Input).value = "Poet"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChoiceScreen)
        title = plain(app.screen.query_one(".dialog-title", Static))
        assert "Ada Lovelace's company changed elsewhere since you opened the form" in title
        await pilot.press("enter")  # the first choice: keep theirs, save my other changes
        app.saver.stop()
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["company"] == "Babbage & Co" and ada["role"] == "Poet"


async def test_a_reload_keeps_the_focus_and_the_keys_of_an_open_form(db: Path) -> None:
    app = start(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "e")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one("#company", Input).focus()
        await pilot.press(*"abc")
        other = ContactStore.open(db)  # the shell adds someone meanwhile
        other.insert(contact("Zed Shaw", uid="zed"), "add Zed Shaw")
        assert other.sync().error is None
        result = app.store.sync()
        assert result.reloaded
        app.post_message(NetworkingApp.Synced(result))
        await pilot.pause()
        await pilot.press(*"def")
        assert isinstance(app.screen, EditScreen)
        assert app.screen.query_one("#company", Input).value == "abcdef"
        assert app.focused is app.screen.query_one("#company", Input)
