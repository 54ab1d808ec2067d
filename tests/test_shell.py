"""`networking-tui add` and `log` from the shell, alone, in a crowd, and beside the app."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Static

from networking_tui.data.store import ContactStore
from networking_tui.domain.changes import make_contact
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.choice import ChoiceScreen
from networking_tui.ui.widgets.card_list import CardList

from .conftest import (
    PATIENCE,
    PATIENT_CLI,
    cli_env,
    contact,
    contacts_on_disk,
    plain,
    run_cli,
    write_db,
)


def names(db: Path) -> list[str]:
    return sorted(d["name"] for d in contacts_on_disk(db).values())


def test_add_prints_what_it_saved(db: Path) -> None:
    result = run_cli("add", "Ada Lovelace @ada #pycon met at PyCon ; compilers", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Added Ada Lovelace · Engaged · @ada · #pycon · met at PyCon · "
        "logged a meeting: compilers · next touch Tue 24 Nov 2026\n"
    )
    (ada,) = contacts_on_disk(db).values()
    assert ada["stage"] == "engaged" and ada["next_touch"] == "2026-11-24"


def test_add_and_log_stay_on_one_line_when_the_note_has_newlines(db: Path) -> None:
    added = run_cli("add", "Ada Lovelace ; first\nsecond\r\nthird", db=db)
    assert added.returncode == 0, added.stderr
    assert added.stdout == (
        "Added Ada Lovelace · Stranger · note: first second third · no next touch\n"
    )
    logged = run_cli("log", "ada: call, one\ntwo ; fu 3 dec", db=db)
    assert logged.stdout == "Logged a call with Ada Lovelace: one two; next touch Thu 3 Dec 2026\n"
    (ada,) = contacts_on_disk(db).values()
    assert ada["notes"] == "first second third"
    assert [t["note"] for t in ada["interactions"]] == ["one two"]


def test_add_and_log_with_the_db_option(tmp_path: Path, db: Path) -> None:
    other = tmp_path / "elsewhere" / "other.json"
    added = run_cli("add", "Ada Lovelace met at PyCon", "--db", str(other), db=db)
    assert added.returncode == 0, added.stderr
    logged = run_cli("log", "--db", str(other), "ada: email, sent the paper", db=db)
    assert logged.returncode == 0, logged.stderr
    (ada,) = contacts_on_disk(other).values()
    assert [t["kind"] for t in ada["interactions"]] == ["meeting", "email"]
    assert not db.exists()  # the environment's file was not used
    refused = run_cli("log", "--db", str(other), "zed: call", db=db)
    assert refused.returncode == 2 and "no contact matches 'zed'" in refused.stderr


def test_add_refuses_a_line_that_does_not_start_with_a_name(db: Path) -> None:
    write_db(db, [contact("Grace Hopper")])
    before = db.read_bytes()
    for line in ("met at PyCon fu tomorrow", "fu tomorrow", "; a note"):
        result = run_cli("add", line, db=db)
        assert result.returncode == 2
        assert "start with the person's name" in result.stderr, line
    assert db.read_bytes() == before
    surname = run_cli("add", "Mei Fu", db=db)
    assert surname.returncode == 0, surname.stderr
    assert names(db) == ["Grace Hopper", "Mei Fu"]


def test_add_refuses_a_bad_line_and_leaves_the_file(db: Path) -> None:
    write_db(db, [contact("Grace Hopper")])
    before = db.read_bytes()
    result = run_cli("add", "Ada >friend", db=db)
    assert result.returncode == 2
    assert "unknown stage >friend" in result.stderr and "Nothing was saved" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_add_refuses_a_duplicate_unless_allowed(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "follower")])
    before = db.read_bytes()
    refused = run_cli("add", "ADA LOVELACE", db=db)
    assert refused.returncode == 2
    assert "Ada Lovelace (follower)" in refused.stderr and "--allow-duplicate" in refused.stderr
    assert db.read_bytes() == before
    allowed = run_cli("add", "Ada Lovelace", "--allow-duplicate", db=db)
    assert allowed.returncode == 0
    assert names(db) == ["Ada Lovelace", "Ada Lovelace"]


def test_add_straight_into_ask_goes_through_the_ask_check(db: Path) -> None:
    write_db(db, [])
    before = db.read_bytes()
    refused = run_cli("add", "Pushy Asker >ask", db=db)
    assert refused.returncode == 2
    assert "would go straight to Ask" in refused.stderr
    assert "no touch logged yet" in refused.stderr and "--allow-early-ask" in refused.stderr
    assert db.read_bytes() == before
    allowed = run_cli("add", "Pushy Asker >ask", "--allow-early-ask", db=db)
    assert allowed.returncode == 0
    assert names(db) == ["Pushy Asker"]


def test_add_refuses_an_archived_duplicate_and_a_linkedin_variant(db: Path) -> None:
    write_db(
        db,
        [
            contact("Ada Lovelace", "follower", archived=True),
            contact("Grace Hopper", handles={"linkedin": "https://www.linkedin.com/in/grace"}),
        ],
    )
    before = db.read_bytes()
    archived = run_cli("add", "Ada Lovelace", db=db)
    assert archived.returncode == 2
    assert "Ada Lovelace (follower, archived)" in archived.stderr
    copied = run_cli("add", "G. Hopper https://uk.linkedin.com/in/grace/?trk=x", db=db)
    assert copied.returncode == 2 and "Grace Hopper (stranger)" in copied.stderr
    assert db.read_bytes() == before


def test_ten_identical_adds_at_once_add_one(db: Path) -> None:
    write_db(db, [])
    env = cli_env(db)
    runs = [
        subprocess.Popen(
            [*PATIENT_CLI, "add", "Same Person", "--db", str(db)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(10)
    ]
    results = [(run.wait(timeout=PATIENCE), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0] + [2] * 9, results
    refusals = [err for code, _, err in results if code == 2]
    assert all("looks like a contact already here: Same Person (stranger)" in e for e in refusals)
    assert names(db) == ["Same Person"]


def test_log_reschedules_and_prints(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "engaged")])
    result = run_cli("log", "ada: call, she'll intro me to Grace ; fu in 3 days", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Logged a call with Ada Lovelace: she'll intro me to Grace; next touch Thu 26 Nov 2026\n"
    )
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["interactions"][-1]["note"] == "she'll intro me to Grace"


def test_log_refuses_an_unknown_or_ambiguous_name(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace"), contact("Adam Smith")])
    before = db.read_bytes()
    ambiguous = run_cli("log", "Ada: call", db=db)
    assert ambiguous.returncode == 2 and "'Ada' could be 2 contacts:" in ambiguous.stderr
    assert "  ada-lovelace  Ada Lovelace · Stranger" in ambiguous.stderr
    assert "  adam-smith  Adam Smith · Stranger" in ambiguous.stderr
    unknown = run_cli("log", "Zed: call", db=db)
    assert unknown.returncode == 2 and "no contact matches 'Zed'" in unknown.stderr
    assert db.read_bytes() == before


def test_log_lists_namesakes_and_takes_a_uid_or_a_qualifier(db: Path) -> None:
    write_db(
        db,
        [
            contact("Ada Lovelace", "follower", uid="ada-1", company="Analytical Engines"),
            contact(
                "Ada Lovelace",
                "engaged",
                uid="ada-2",
                where_met="PyCon",
                interactions=[{"kind": "call", "at": "2026-11-02T10:00:00+00:00", "note": ""}],
            ),
        ],
    )
    before = db.read_bytes()
    ambiguous = run_cli("log", "Ada Lovelace: dm, hello", db=db)
    assert ambiguous.returncode == 2
    assert "'Ada Lovelace' could be 2 contacts:" in ambiguous.stderr
    assert "  ada-1  Ada Lovelace · Follower · Analytical Engines · no touch yet" in (
        ambiguous.stderr
    )
    assert "  ada-2  Ada Lovelace · Engaged · met at PyCon · last touch Mon 2 Nov 2026 (call)" in (
        ambiguous.stderr
    )
    assert 'Pick one by its uid ("ada-1: dm, hello")' in ambiguous.stderr
    assert db.read_bytes() == before
    by_uid = run_cli("log", "ada-2: direct message, hello", db=db)
    assert by_uid.stdout == (
        "Logged a message with Ada Lovelace: hello; next touch Sat 28 Nov 2026\n"
    )
    by_company = run_cli("log", "Ada Lovelace (analytical): thanks!", db=db)
    assert by_company.returncode == 0, by_company.stderr
    on_disk = contacts_on_disk(db)
    assert [t["kind"] for t in on_disk["ada-1"]["interactions"]] == ["thank-you"]
    assert [t["kind"] for t in on_disk["ada-2"]["interactions"]] == ["call", "message"]


def test_log_help_lists_the_kinds_and_how_names_match() -> None:
    result = run_cli("log", "--help")
    text = " ".join(result.stdout.split())
    assert result.returncode == 0
    assert "case and accents ignored; a unique prefix" in text
    assert "pick one by its uid" in text and '"Ada Lovelace (Acme): call"' in text
    assert "The kind is one of follow, like, comment, reshare, message, email, call," in text
    assert "direct message" in text and "dm" in text and "thanks" in text


def test_a_broken_file_gives_the_same_clear_error(db: Path) -> None:
    db.write_text("{ not json")
    result = run_cli("add", "Ada", db=db)
    assert result.returncode == 2
    assert str(db) in result.stderr and "not valid JSON" in result.stderr
    assert db.read_text() == "{ not json"


def test_twenty_adds_at_once_keep_all_twenty(db: Path) -> None:
    env = cli_env(db)
    runs = [
        subprocess.Popen(
            [*PATIENT_CLI, "add", f"Person {n} #crowd"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(20)
    ]
    codes = [run.wait(timeout=PATIENCE) for run in runs]
    assert codes == [0] * 20
    assert names(db) == sorted(f"Person {n}" for n in range(20))


async def test_the_running_app_shows_a_shell_add_without_a_restart(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "follower")])
    reloaded = asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, NetworkingApp.Synced) and message.result.reloaded:
            reloaded.set()

    app = NetworkingApp(ContactStore.open(db))
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.press("shift+right")  # a change of our own, pending or saved
        added = await asyncio.to_thread(run_cli, "add", "Grace Hopper met at PyCon", db=db)
        assert added.returncode == 0, added.stderr
        await asyncio.wait_for(reloaded.wait(), timeout=PATIENCE)
        await pilot.pause()
        grace = [c for c in app.store.cards.values() if c.name == "Grace Hopper"]
        assert grace and grace[0].uid in app.query_one("#cards-engaged", CardList).uids
        notices = [n.message for n in app._notifications]
        assert "The data file was changed elsewhere: reloaded, nothing of yours lost." in notices
        await pilot.press("q")
    on_disk = {d["name"]: d for d in contacts_on_disk(db).values()}
    assert on_disk["Ada Lovelace"]["stage"] == "engaged"  # ours, kept
    assert on_disk["Grace Hopper"]["stage"] == "engaged"  # theirs, kept


async def test_the_first_poll_after_a_shell_add_shows_it(db: Path) -> None:
    """Promptly, without timing anything: the app looks at the file at least once a
    second, and the first look after a shell add reloads it."""
    write_db(db, [contact("Ada Lovelace", "follower")])
    results: list = []
    synced = asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, NetworkingApp.Synced):
            results.append(message.result)
            synced.set()

    app = NetworkingApp(ContactStore.open(db))
    assert app.saver._poll <= 1.0
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.pause()
        assert results == []  # idle: nothing to save, the file unchanged, nothing to say
        added = await asyncio.to_thread(run_cli, "log", "ada: call, about engines", db=db)
        assert added.returncode == 0, added.stderr
        await asyncio.wait_for(synced.wait(), timeout=PATIENCE)  # a safety net, not a measure
        assert results[0].reloaded and not results[0].wrote
        await pilot.pause()
        assert app.store.contact("ada-lovelace").interactions[-1].note == "about engines"
        await pilot.press("q")


async def test_a_shell_add_that_beats_the_apps_save_asks_as_the_shell_would(db: Path) -> None:
    write_db(db, [contact("Ada Lovelace", "follower")])
    app = NetworkingApp(ContactStore.open(db), autosave=False)  # the test decides when it saves
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("a", *"Grace Hopper met at PyCon", "enter")
        assert names(db) == ["Ada Lovelace"]  # ours is not on disk yet
        added = await asyncio.to_thread(run_cli, "add", "Grace Hopper @grace", db=db)
        assert added.returncode == 0, added.stderr  # the file had no Grace: nothing to refuse
        result = await asyncio.to_thread(app.store.sync)  # the app's next save
        assert result.reloaded and result.wrote  # nothing lost: both are on disk
        app.post_message(NetworkingApp.Synced(result))
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        title = plain(app.screen.query_one(".dialog-title", Static))
        assert "Grace Hopper was also added elsewhere meanwhile" in title
        await pilot.press("down", "enter")  # add what I typed to theirs, keep one
        app.saver.stop()
    (grace,) = [d for d in contacts_on_disk(db).values() if d["name"] == "Grace Hopper"]
    assert grace["handles"] == {"x": "@grace"}  # theirs, kept
    assert grace["where_met"] == "PyCon"  # and what I typed
    assert [t["kind"] for t in grace["interactions"]] == ["meeting"]


async def test_keeping_both_twins_keeps_both(db: Path) -> None:
    write_db(db, [])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("a", *"Hedy Lamarr", "enter")
        other = ContactStore.open(db)  # a second window adds her too
        other.insert(make_contact("Hedy Lamarr"), "add Hedy Lamarr")
        assert other.sync().error is None
        result = await asyncio.to_thread(app.store.sync)
        app.post_message(NetworkingApp.Synced(result))
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # keep both
        app.saver.stop()
    assert names(db) == ["Hedy Lamarr", "Hedy Lamarr"]


def test_add_with_a_stage_plans_the_next_touch_by_its_rhythm(db: Path) -> None:
    result = run_cli("add", "Linus Torvalds >connected !1", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Added Linus Torvalds · Connected · priority 1 · next touch Wed 23 Dec 2026\n"
    )
    (linus,) = contacts_on_disk(db).values()
    assert linus["next_touch"] == "2026-12-23"


def test_add_refuses_a_fu_left_without_a_date(db: Path) -> None:
    write_db(db, [contact("Grace Hopper")])
    before = db.read_bytes()
    result = run_cli("add", "Alan Turing fu", db=db)
    assert result.returncode == 2
    assert result.stderr.startswith("networking-tui add: fu needs a date, e.g. fu tomorrow")
    assert result.stderr.rstrip().endswith("Nothing was saved.")
    assert db.read_bytes() == before
    assert run_cli("add", "Mei Fu", db=db).stdout == "Added Mei Fu · Stranger · no next touch\n"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Alan Turing fu tomorow", "'tomorow' is not a date: try tomorrow, fri, 12 dec"),
        ("Alan Turing fu 12/24", "month in figures"),
        ("Ada bad@email", "not an email address"),
    ],
)
def test_a_mistyped_add_is_refused_and_nothing_saved(db: Path, line: str, says: str) -> None:
    result = run_cli("add", line, db=db)
    assert result.returncode == 2
    assert says in result.stderr
    assert not db.exists() or contacts_on_disk(db) == {}
