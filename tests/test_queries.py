"""`networking-tui find`, `show` and `list`: what they print, and their exit codes
(0 with results, 1 with none, 2 on a bad argument)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest

from networking_tui import cli

from .conftest import contact, write_db

HISTORY = [
    {"stage": "stranger", "at": "2026-09-01T10:00:00"},
    {"stage": "engaged", "at": "2026-10-01T10:00:00"},
]


@pytest.fixture
def people(db: Path) -> Path:
    return write_db(
        db,
        [
            contact(
                "José García",
                "engaged",
                uid="jose",
                tags=["pycon"],
                priority=1,
                next_touch="2026-11-23",
                stage_history=HISTORY,
                interactions=[{"kind": "call", "at": "2026-10-02T10:00:00", "note": "COBOL"}],
                company="Acme",
            ),
            contact(
                "Ada Lovelace",
                "follower",
                uid="ada",
                next_touch="2026-11-20",
                stage_history=[{"stage": "follower", "at": "2026-11-01T10:00:00"}],
            ),
            contact("Ada Byron", "stranger", uid="byron", where_met="PyCon Lille"),
            contact("Alan Turing", "connected", uid="alan", archived=True, tags=["pycon"]),
        ],
        events={"1": {"uid": "e1", "name": "RustConf", "date": "2026-09-10", "contacts": ["ada"]}},
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_find_prints_matches_best_first(people: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "find", "garcia jose", "--db", str(people))
    assert code == 0
    assert out.splitlines()[0].split() == [
        "José", "García", "Engaged", "name:", "José", "García", "[jose]",
    ]  # fmt: skip
    code, out, _ = run(capsys, "find", "turing", "--db", str(people))
    assert "(archived)" in out
    code, out, _ = run(capsys, "find", "pycon", "--json", "--db", str(people))
    found = json.loads(out)
    assert code == 0 and found["count"] == 3
    assert [m["uid"] for m in found["matches"]][:2] == ["alan", "jose"]  # tags before where met
    assert found["matches"][2] == {
        "uid": "byron",
        "name": "Ada Byron",
        "stage": "stranger",
        "archived": False,
        "field": "where_met",
        "text": "PyCon Lille",
    }


def test_find_nothing_is_1_and_no_text_is_2(people: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "find", "zzzz", "--db", str(people))
    assert (code, out) == (1, "") and "nobody matches" in err
    assert run(capsys, "find", "  ", "--db", str(people))[0] == 2
    assert run(capsys, "find", "x", "--db", str(people.parent / "missing.json"))[0] == 2


def test_show_prints_a_contact_in_full(people: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "show", "jose", "--db", str(people))
    assert code == 0
    assert "José García  [jose]" in out and "Company:       Acme" in out
    assert "2026-10-01  Engaged" in out and "(now)" in out
    assert "2026-10-02  call          COBOL" in out
    code, out, _ = run(capsys, "show", "José", "--json", "--db", str(people))
    doc = json.loads(out)
    assert code == 0 and doc["uid"] == "jose" and doc["interactions"][0]["note"] == "COBOL"


def test_show_nobody_is_1_and_several_is_2(people: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(capsys, "show", "Grace", "--db", str(people))
    assert code == 1 and "no contact named" in err
    code, _, err = run(capsys, "show", "Ad", "--db", str(people))
    assert code == 2 and "ada  Ada Lovelace" in err and "byron  Ada Byron" in err


def test_list_filters_like_f(people: Path, capsys: pytest.CaptureFixture) -> None:
    def uids(*options: str) -> list[str]:
        code, out, _ = run(capsys, "list", *options, "--json", "--db", str(people))
        found = [c["uid"] for c in json.loads(out)]
        assert code == (0 if found else 1)
        return found

    assert uids() == ["ada", "jose", "byron"]  # board order (overdue first); not archived
    assert uids("--tag", "pycon") == ["jose"]
    assert uids("--due", "today") == ["jose"]
    assert uids("--due", "overdue") == ["ada"]
    assert uids("--due", "overdue", "--due", "today") == ["ada", "jose"]
    assert uids("--stage", "eng", "--priority", "1") == ["jose"]
    assert uids("--stage", "follower", "--priority", "1") == []
    assert uids("--no-next-touch") == ["byron"]
    assert uids("--met-at", "pycon") == ["byron"]
    assert uids("--met-at", "rustconf") == ["ada"]  # on the event
    assert uids("--days-in-stage", "40") == ["jose", "byron"]  # since 1 Oct: 53 days
    assert uids("--days-in-stage", "21") == ["ada", "jose", "byron"]  # Ada since 1 Nov: 22
    assert uids("--days-in-stage", "60") == []


@pytest.mark.parametrize(
    "options", [["--due", "someday"], ["--stage", "x"], ["--priority", "7"], ["--bogus"]]
)
def test_list_refuses_a_bad_option(
    people: Path, capsys: pytest.CaptureFixture, options: list[str]
) -> None:
    with pytest.raises(SystemExit) if options == ["--bogus"] else _no_exit() as stop:
        code, _, err = run(capsys, "list", *options, "--db", str(people))
        assert code == 2 and "networking-tui list:" in err
    if stop is not None and hasattr(stop, "value"):
        assert stop.value.code == 2


class _no_exit:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> Literal[False]:
        return False
