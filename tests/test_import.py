"""Importing people: matching, merging, one undo step, the shell command and its summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from networking_tui.data.store import ContactStore
from networking_tui.domain.formats import linkedin, vcard
from networking_tui.domain.formats.people import FormatError, Parsed
from networking_tui.usecases.importing import import_people

from .conftest import contact, contacts_on_disk, run_cli, unstamped, write_db

FIXTURES = Path(__file__).parent / "fixtures"
LI = "https://www.linkedin.com/in/"


def parsed(name: str) -> Parsed:
    return linkedin.parse((FIXTURES / name).read_text(encoding="utf-8-sig"))


def by_name(db: Path) -> dict[str, dict]:
    return {d["name"]: d for d in contacts_on_disk(db).values()}


def run_import(store: ContactStore, name: str = "linkedin_Connections.csv", **options):
    return import_people(
        store, parsed(name), source=name, stage="connected", tags=("linkedin",), **options
    )


def test_imported_people_are_connected_since_the_day_they_connected(db: Path) -> None:
    store = ContactStore.open(db)
    summary = run_import(store)
    assert (len(summary.added), len(summary.updated), summary.unchanged) == (7, 0, 0)
    assert store.sync().wrote
    people = by_name(db)
    assert sorted(people) == [
        "Ada Lovelace", "Alan Turing", "Grace Hopper", "Hedy Lamarr",
        "Katherine Johnson", "Linus Pauling", "Émilie du Châtelet",
    ]  # fmt: skip
    ada = people["Ada Lovelace"]
    assert ada["stage"] == "connected"
    assert ada["stage_history"] == [{"stage": "connected", "at": "2024-01-01T00:00:00+00:00"}]
    assert ada["next_touch"] is None and ada["interactions"] == []
    assert ada["tags"] == ["linkedin"]
    assert (ada["company"], ada["role"]) == ("Analytical Engines Ltd", "Chief Programmer")
    assert ada["handles"] == {"linkedin": f"{LI}ada-lovelace-0001", "email": "ada@example.org"}
    assert ada["created_at"] == "2026-11-23T09:00:00+00:00"
    alan = people["Alan Turing"]
    assert alan["stage_history"][0]["at"] == "2022-02-07T00:00:00+00:00"
    assert alan["handles"] == {"linkedin": f"{LI}alan-turing-0003"}  # no empty email


def test_reimporting_the_newer_export_adds_one_and_updates_one(db: Path) -> None:
    store = ContactStore.open(db)
    run_import(store)
    store.sync()
    again = run_import(store, "linkedin_Connections_newer.csv")
    assert (again.added, again.updated, again.unchanged) == (
        ["Margaret Hamilton"],
        ["Grace Hopper"],
        6,
    )
    assert [s.line for s in again.skipped] == [10]
    store.sync()
    people = by_name(db)
    assert len(people) == 8
    grace = people["Grace Hopper"]
    assert (grace["company"], grace["role"]) == ("COBOL Standards Board", "Director")
    assert grace["handles"]["email"] == "grace@example.org"
    same = run_import(store, "linkedin_Connections_newer.csv")
    assert (same.added, same.updated, same.unchanged) == ([], [], 8)


@pytest.mark.parametrize(
    "copied",
    [
        "linkedin.com/in/ada-lovelace-0001",
        "http://www.linkedin.com/in/ada-lovelace-0001/",
        "https://uk.linkedin.com/in/ada-lovelace-0001",
        "https://www.linkedin.com/in/Ada-Lovelace-0001?trk=public_profile",
    ],
)
def test_a_profile_address_matches_however_it_was_copied(db: Path, copied: str) -> None:
    write_db(db, [contact("Ada L.", "engaged", handles={"linkedin": copied})])
    store = ContactStore.open(db)
    summary = run_import(store)
    assert summary.updated == ["Ada L."] and len(summary.added) == 6
    store.sync()
    ada = contacts_on_disk(db)["ada-l."]
    assert ada["handles"]["linkedin"] == copied  # what the user wrote stays
    assert ada["name"] == "Ada L." and ada["stage"] == "engaged"


def test_then_the_email_then_the_name_at_the_same_company(db: Path) -> None:
    write_db(
        db,
        [
            contact("Kathy J", handles={"email": "KJ@example.com"}),
            contact("Hedy Lamarr", uid="hedy", company="Frequency Hopping Co"),
            contact("Alan Turing", uid="other-alan", company="Somewhere Else"),
        ],
    )
    store = ContactStore.open(db)
    summary = run_import(store)
    assert sorted(summary.updated) == ["Hedy Lamarr", "Kathy J"]
    assert "Alan Turing" in summary.added  # same name, another company: another person
    assert summary.namesakes == ["Alan Turing"]  # and the summary says so
    assert "Added as someone new though a contact of the same name is here" in summary.text()
    store.sync()
    assert len(contacts_on_disk(db)) == 3 + 5


def test_a_namesake_with_no_company_is_added_and_named_in_the_summary(db: Path) -> None:
    write_db(db, [contact("Grace Hopper", uid="grace")])  # typed in with no company
    store = ContactStore.open(db)
    summary = run_import(store)
    assert "Grace Hopper" in summary.added and summary.namesakes == ["Grace Hopper"]
    text = summary.text()
    assert text.splitlines()[1] == (
        "Added as someone new though a contact of the same name is here (another company, "
        "or a company on one side only; search for them to check): Grace Hopper"
    )


def test_a_match_keeps_everything_the_user_wrote(db: Path) -> None:
    mine = contact(
        "Grace Hopper",
        "engaged",
        uid="grace",
        notes="met at the COBOL meeting",
        tags=["navy"],
        company="Old Company",
        role="Captain",
        next_touch="2026-11-30",
        interactions=[{"kind": "call", "at": "2026-11-01T10:00:00+00:00", "note": "hi"}],
        handles={"linkedin": f"{LI}grace-hopper-0002", "email": "grace@navy.example"},
    )
    katherine = contact(
        "Katherine Johnson", "follower", uid="kj", company="NASA", role="Mathematician",
        handles={"linkedin": f"{LI}katherine-johnson-0004"},
    )  # fmt: skip
    write_db(db, [mine, katherine])
    store = ContactStore.open(db)
    run_import(store)
    store.sync()
    grace = contacts_on_disk(db)["grace"]
    expected = {**mine, "company": "Navy Computing, Inc.", "role": "Rear Admiral"}
    assert {k: v for k, v in unstamped(grace).items() if k != "updated_at"} == expected
    kj = contacts_on_disk(db)["kj"]  # the file's blank company and position change nothing
    assert (kj["company"], kj["role"], kj["stage"]) == ("NASA", "Mathematician", "follower")
    assert kj["handles"]["email"] == "kj@example.com"  # filled: she had none


def test_the_whole_import_is_one_undo_step(db: Path) -> None:
    write_db(
        db, [contact("Grace Hopper", uid="grace", handles={"linkedin": f"{LI}grace-hopper-0002"})]
    )
    store = ContactStore.open(db)
    run_import(store)
    assert len(store.cards) == 7
    change = store.undo()
    assert change is not None and change.label == "import from linkedin_Connections.csv"
    assert list(store.cards) == ["grace"] and "company" not in store.doc("grace")
    assert store.undo() is None


def test_a_dry_run_changes_nothing(db: Path) -> None:
    store = ContactStore.open(db)
    summary = run_import(store, dry_run=True)
    assert len(summary.added) == 7 and summary.text().startswith(
        "Dry run of linkedin_Connections.csv, nothing saved: 7 added"
    )
    assert store.pending == 0 and not store.cards


def test_someone_twice_in_one_file_is_added_once(db: Path) -> None:
    header = linkedin.HEADER
    text = (
        f"{header}\nAda,Lovelace,{LI}ada,,,,01 Jan 2024\nAda,Lovelace,{LI}ada/,,Acme,,01 Jan 2024\n"
    )
    store = ContactStore.open(db)
    summary = import_people(store, linkedin.parse(text), source="x", stage="connected")
    assert summary.added == ["Ada Lovelace"] and summary.updated == ["Ada Lovelace"]
    (ada,) = [store.doc(uid) for uid in store.cards]
    assert ada["company"] == "Acme"


# --- vCard ---------------------------------------------------------------------


def test_the_vcard_fixture() -> None:
    result = vcard.parse((FIXTURES / "contacts.vcf").read_text(encoding="utf-8"))
    ada, grace, rene = result.people
    assert (ada.line, ada.name, ada.company, ada.role) == (
        1, "Ada Lovelace", "Analytical Engines Ltd", "Chief Programmer",
    )  # fmt: skip
    assert ada.emails == ("ada@example.org", "ada.home@example.org")
    assert ada.phones == ("+44 20 7946 0001",)
    assert ada.linkedin == f"{LI}ada-lovelace-0001"  # item1.URL labelled LinkedIn
    assert ada.tags == ("pycon", "speaker")
    # Folded over two lines, with an escaped comma.
    assert ada.notes == "Met at the engine demo. Interested in poetical science, and compilers."
    assert (grace.line, grace.name, grace.emails) == (17, "Grace Hopper", ("grace@example.org",))
    assert (grace.website, grace.linkedin, grace.tags) == (
        "https://gracehopper.example.org", None, ("navy",),
    )  # fmt: skip
    assert (rene.name, rene.emails) == ("René Descartes", ("rene@example.fr",))  # item2.EMAIL
    assert [(s.line, s.reason) for s in result.skipped] == [
        (32, "no name (neither FN nor N): every contact needs a name")
    ]


def test_a_vcard_that_cannot_be_read_is_skipped_and_the_others_come_in() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEMAIL;\nnot a line\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nN:Hopper;Grace;;;\nX-SOCIALPROFILE;TYPE=twitter:https://x.com/grace\n"
        "END:VCARD\n"
    )
    result = vcard.parse(text)
    (grace,) = result.people
    assert (grace.line, grace.name, grace.x) == (7, "Grace Hopper", "@grace")
    ((line, reason),) = [(s.line, s.reason) for s in result.skipped]
    assert line == 1 and reason.startswith("not a readable vCard")


def test_not_a_vcard_file() -> None:
    with pytest.raises(FormatError, match="no vCard found"):
        vcard.parse("First Name,Last Name\n")


def test_vcard_people_start_as_strangers_unless_told(db: Path) -> None:
    shutil.copy(FIXTURES / "contacts.vcf", db.parent / "contacts.vcf")
    result = run_cli("import", "vcard", str(db.parent / "contacts.vcf"), db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Imported contacts.vcf: 3 added, 0 updated, 0 unchanged, 1 skipped.\n"
        "  skipped line 32: no name (neither FN nor N): every contact needs a name\n"
    )
    people = by_name(db)
    ada = people["Ada Lovelace"]
    assert (ada["stage"], ada["next_touch"], ada["tags"]) == (
        "stranger",
        None,
        ["pycon", "speaker"],
    )
    assert ada["handles"] == {
        "linkedin": f"{LI}ada-lovelace-0001",
        "email": "ada@example.org",
        "phone": "+44 20 7946 0001",
        "other": "ada.home@example.org",
    }
    assert ada["notes"].startswith("Met at the engine demo.")
    other = db.parent / "other.json"
    staged = run_cli(
        "import", "vcard", "--stage", "follower", str(FIXTURES / "contacts.vcf"), "--db", str(other)
    )
    assert staged.returncode == 0, staged.stderr
    grace = by_name(other)["Grace Hopper"]
    assert (grace["stage"], grace["next_touch"]) == ("follower", "2026-11-30")  # the rhythm


# --- the shell command -----------------------------------------------------------


def test_the_shell_import_prints_a_summary_and_reimports_without_duplicates(db: Path) -> None:
    first = run_cli("import", "linkedin", str(FIXTURES / "linkedin_Connections.csv"), db=db)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        "Imported linkedin_Connections.csv: 7 added, 0 updated, 0 unchanged, 1 skipped.\n"
        "  skipped line 10: no name (https://www.linkedin.com/in/private-member-0006): "
        "LinkedIn hides the names of some members\n"
    )
    before = db.read_bytes()
    dry = run_cli(
        "import", "linkedin", "--dry-run", str(FIXTURES / "linkedin_Connections_newer.csv"), db=db
    )
    assert dry.stdout.startswith(
        "Dry run of linkedin_Connections_newer.csv, nothing saved: "
        "1 added, 1 updated, 6 unchanged, 1 skipped.\nUpdated: Grace Hopper\n"
    )
    assert db.read_bytes() == before
    newer = run_cli("import", "linkedin", str(FIXTURES / "linkedin_Connections_newer.csv"), db=db)
    assert newer.stdout.startswith(
        "Imported linkedin_Connections_newer.csv: 1 added, 1 updated, 6 unchanged, 1 skipped.\n"
    )
    assert len(contacts_on_disk(db)) == 8


def test_the_shell_refuses_a_file_that_is_not_linkedins(db: Path, tmp_path: Path) -> None:
    write_db(db, [contact("Grace Hopper")])
    before = db.read_bytes()
    result = run_cli("import", "linkedin", str(FIXTURES / "contacts.vcf"), db=db)
    assert result.returncode == 2
    assert "no LinkedIn header row found: expected a line First Name,Last Name,URL" in result.stderr
    assert result.stderr.rstrip().endswith("Nothing was saved.")
    missing = run_cli("import", "linkedin", str(tmp_path / "nope.csv"), db=db)
    assert missing.returncode == 2 and f"there is no file {tmp_path / 'nope.csv'}" in missing.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{linkedin.HEADER}\nJos\xe9,A,u,,,,01 Jan 2024\n".encode("latin-1"))
    result = run_cli("import", "linkedin", str(latin), db=db)
    assert result.returncode == 2 and "is not UTF-8 text" in result.stderr
    assert db.read_bytes() == before


def test_an_import_beside_unsaved_changes_in_the_app_loses_nothing(db: Path) -> None:
    write_db(db, [contact("Grace", uid="grace", handles={"linkedin": f"{LI}grace-hopper-0002"})])
    app_store = ContactStore.open(db)  # the app's store, with a change not yet saved
    app_store.update("grace", lambda d: {**d, "notes": "typed in the app"}, "edit")
    result = run_cli("import", "linkedin", str(FIXTURES / "linkedin_Connections.csv"), db=db)
    assert result.returncode == 0, result.stderr
    assert "6 added, 1 updated" in result.stdout
    synced = app_store.sync()
    assert synced.reloaded and synced.wrote
    people = by_name(db)
    assert len(people) == 7
    grace = people["Grace"]
    assert grace["notes"] == "typed in the app" and grace["company"] == "Navy Computing, Inc."


def test_an_import_into_a_data_file_that_cannot_be_read_changes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from networking_tui.cli import main

    db.write_text('{"contacts": {"1": {"name": "Ada", "stage": "best friend"}}}')
    before = db.read_bytes()
    code = main(["import", "linkedin", str(FIXTURES / "linkedin_Connections.csv"), "--db", str(db)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"networking-tui cannot open its data file {db}")
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]  # no lock file made
    with pytest.raises(SystemExit):
        main(["export", "ics", "-", "--db", str(db)])
    assert "export ics needs a file name" in capsys.readouterr().err


def test_a_plan_worked_out_before_a_change_is_worked_out_again(db: Path) -> None:
    """The app works an import out in a thread; the file may reload meanwhile."""
    from networking_tui.usecases.importing import apply_plan, plan_people

    store = ContactStore.open(db)
    plan = plan_people(store, parsed("linkedin_Connections.csv"), source="x", stage="connected")
    assert len(plan.summary.added) == 7 and store.cards == {}
    # Meanwhile Ada arrives from elsewhere, with her LinkedIn address.
    other = ContactStore.open(db)
    run_import(other)
    assert other.sync().wrote
    assert store.sync().reloaded
    summary = apply_plan(store, plan)
    assert (len(summary.added), summary.unchanged) == (0, 7)
    assert len(store.cards) == 7  # nobody twice
