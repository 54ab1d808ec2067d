"""Exports: CSV with its formula guard, vCard 4.0 and JSON, and their round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import vobject

from networking_tui.domain.formats import csvfile, vcard

from .conftest import contact, contacts_on_disk, read_db, run_cli, write_db

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_csv_guard_prefixes_every_formula_start() -> None:
    cells = ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "a=b", ""]
    assert [csvfile.guarded(c) for c in cells] == [
        "'=1+1", "'+44 20", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "a=b", "",
    ]  # fmt: skip
    assert [csvfile.unguarded(csvfile.guarded(c)) for c in cells] == cells


def test_csv_export_of_the_linkedin_fixture_shows_formulas_as_text(db: Path) -> None:
    run_cli("import", "linkedin", str(FIXTURES / "linkedin_Connections.csv"), db=db)
    result = run_cli("export", "csv", "-", db=db)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(csvfile.COLUMNS)
    linus = next(r for r in rows if r["name"] == "Linus Pauling")
    assert linus["company"] == '\'=HYPERLINK("http://x")'
    alan = next(r for r in rows if r["name"] == "Alan Turing")
    assert (alan["company"], alan["role"]) == ('Bletchley "Park" Labs', "Researcher, Cryptanalysis")
    assert (alan["stage"], alan["tags"], alan["linkedin"]) == (
        "connected", "linkedin", "https://www.linkedin.com/in/alan-turing-0003",
    )  # fmt: skip


def test_csv_round_trip_gives_every_field_back(db: Path) -> None:
    ada = contact(
        "Ada Lovelace", "engaged", uid="ada", priority=1, company="=Acme", role="-lead",
        tags=["pycon", "speaker"], where_met="PyCon", notes="line one\nline two, \"quoted\"",
        next_touch="2026-12-01", handles={"email": "ada@example.org", "phone": "+44 1"},
        interactions=[{"kind": "call", "at": "2026-11-01T10:00:00+00:00", "note": ""}],
    )  # fmt: skip
    write_db(db, [ada, contact("Alan Turing", uid="alan", archived=True)])
    out = db.parent / "out.csv"
    assert run_cli("export", "csv", str(out), db=db).stdout == f"Wrote 2 contacts to {out}\n"
    rows = list(csv.DictReader(out.open(newline="")))
    back = [{k: csvfile.unguarded(v) for k, v in r.items()} for r in rows]
    assert back[0] == csvfile.row(ada)
    assert back[0]["notes"] == 'line one\nline two, "quoted"' and back[0]["company"] == "=Acme"
    assert (back[1]["name"], back[1]["archived"]) == ("Alan Turing", "yes")


def test_vcard_round_trip_gives_the_same_people(db: Path, tmp_path: Path) -> None:
    run_cli("import", "vcard", str(FIXTURES / "contacts.vcf"), db=db)
    out = tmp_path / "out.vcf"
    result = run_cli("export", "vcard", str(out), db=db)
    assert result.returncode == 0, result.stderr
    cards = list(vobject.readComponents(out.read_text()))
    assert [c.version.value for c in cards] == ["4.0"] * 3
    assert [c.fn.value for c in cards] == ["Ada Lovelace", "Grace Hopper", "René Descartes"]
    again = tmp_path / "again.json"
    reimported = run_cli("import", "vcard", str(out), "--db", str(again))
    assert reimported.returncode == 0, reimported.stderr
    fields = ("name", "stage", "company", "role", "handles", "tags", "notes")

    def people(path: Path) -> list[dict]:
        docs = sorted(contacts_on_disk(path).values(), key=lambda d: d["name"])
        return [{k: d.get(k) for k in fields} for d in docs]

    assert people(again) == people(db)
    assert people(db)[0]["handles"]["other"] == "ada.home@example.org"
    # The same file into the same contacts: nothing new, nothing changed.
    same = run_cli("import", "vcard", str(out), db=db)
    assert same.stdout.startswith("Imported out.vcf: 0 added, 0 updated, 3 unchanged, 0 skipped.")


def test_vcard_writes_x_handles_and_websites_as_addresses() -> None:
    doc = contact("Grace Hopper", handles={"x": "@grace", "website": "https://g.example"})
    (card,) = vobject.readComponents(vcard.write([doc]))
    assert [u.value for u in card.contents["url"]] == ["https://x.com/grace", "https://g.example"]
    (person,) = vcard.parse(vcard.write([doc])).people
    assert (person.x, person.website) == ("@grace", "https://g.example")


def test_json_export_is_the_whole_file(db: Path, tmp_path: Path) -> None:
    events = {"1": {"uid": "e1", "name": "PyData", "date": "2026-12-04", "contacts": ["ada"]}}
    settings = {"1": {"uid": "settings", "wip_limit": 4}}
    templates = {"1": {"uid": "t1", "name": "Mine", "body": "Hi {first_name}"}}
    docs = [
        contact("Ada Lovelace", uid="ada", interactions=[
            {"kind": "call", "at": "2026-11-01T10:00:00+00:00", "note": "n"}]),
        contact("Alan Turing", uid="alan", archived=True),
    ]  # fmt: skip
    write_db(db, docs, events=events, settings=settings, templates=templates)
    out = tmp_path / "all.json"
    assert run_cli("export", "json", str(out), db=db).returncode == 0
    assert out.read_bytes() == db.read_bytes()
    assert read_db(out)["events"] == events
    stdout = run_cli("export", "json", "-", db=db)
    assert stdout.stdout.encode() == db.read_bytes()


def test_export_refusals(db: Path, tmp_path: Path) -> None:
    missing = run_cli("export", "csv", str(tmp_path / "x.csv"), db=db)
    assert missing.returncode == 2 and "there is no data file" in missing.stderr
    write_db(db, [contact("Ada Lovelace")])
    nofolder = run_cli("export", "vcard", str(tmp_path / "no" / "x.vcf"), db=db)
    assert nofolder.returncode == 2 and "does not exist; create it first" in nofolder.stderr
    folder = run_cli("export", "json", str(tmp_path), db=db)
    assert folder.returncode == 2 and "is a folder" in folder.stderr
