"""LinkedIn's Connections.csv: each quirk of the file on its own, then the fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from networking_tui.domain.formats import linkedin
from networking_tui.domain.formats.people import FormatError, Skipped

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def names(text: str) -> list[str]:
    return [p.name for p in linkedin.parse(text).people]


def test_the_header_is_found_after_any_preamble() -> None:
    for preamble in ("", "Notes:\n", 'Notes:\n"One, two."\n\n', "a\nb\nc\nd\ne\n\n"):
        assert names(f"{preamble}{HEADER}\nAda,Lovelace,u,,,,01 Jan 2024\n") == ["Ada Lovelace"]


def test_a_byte_order_mark_and_windows_line_ends() -> None:
    rows = "Ada,Lovelace,u,,,,01 Jan 2024\r\nAlan,Turing,v,,,,02 Jan 2024\r\n"
    text = f"\ufeffNotes:\r\n\r\n{HEADER}\r\n{rows}"
    parsed = linkedin.parse(text)
    assert [(p.line, p.name) for p in parsed.people] == [(4, "Ada Lovelace"), (5, "Alan Turing")]
    assert parsed.people[0].linkedin == "u"  # no \r left on the last value either


def test_a_file_without_the_header_is_refused_with_what_was_expected() -> None:
    with pytest.raises(FormatError) as error:
        linkedin.parse("Name,URL\nAda,u\n")
    assert HEADER in str(error.value)


def test_quoted_values_with_commas_and_doubled_quotes() -> None:
    row = 'Alan,Turing,u,,"Bletchley ""Park"" Labs","Researcher, Cryptanalysis",7-Feb-22'
    (alan,) = linkedin.parse(f"{HEADER}\n{row}\n").people
    assert (alan.company, alan.role) == ('Bletchley "Park" Labs', "Researcher, Cryptanalysis")


def test_blank_emails_and_both_date_styles() -> None:
    text = f"{HEADER}\nAda,Lovelace,u,,,,01 Jan 2024\nAlan,Turing,v,a@t.org,,,7-Feb-22\n"
    ada, alan = linkedin.parse(text).people
    assert (ada.emails, ada.connected_on) == ((), date(2024, 1, 1))
    assert (alan.emails, alan.connected_on) == (("a@t.org",), date(2022, 2, 7))


def test_a_row_without_a_name_is_skipped_and_reported() -> None:
    parsed = linkedin.parse(f"{HEADER}\n,,https://www.linkedin.com/in/x,,,,11 Jun 2024\n")
    assert parsed.people == []
    assert parsed.skipped == [
        Skipped(
            2, "no name (https://www.linkedin.com/in/x): LinkedIn hides the names of some members"
        )
    ]


def test_malformed_rows_are_skipped_with_their_line_and_the_rest_comes_in() -> None:
    text = (
        f"Notes:\n\n{HEADER}\n"
        'Ada,"Love,u,,,,01 Jan 2024\n'  # a quote never closed
        "Alan,Turing,u,,,\n"  # a value missing
        "Grace,Hopper,v,,,,31 Feb 2024\n"  # no such day
        "Hedy,Lamarr,w,,,,yesterday\n"
        "Linus,Pauling,x,,,,21 Aug 2022\n"
    )
    parsed = linkedin.parse(text)
    assert names(text) == ["Linus Pauling"]
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (4, "not a valid CSV row (a quote is not closed or is misplaced)"),
        (5, "6 values where 7 were expected"),
        (6, "Grace Hopper: the date '31 Feb 2024' does not exist"),
        (7, "Hedy Lamarr: the date 'yesterday' is not like 01 Jan 2024"),
    ]


def test_a_value_may_span_lines_in_quotes() -> None:
    rows = 'Ada,Lovelace,u,,"Analytical\nEngines",,01 Jan 2024\nAlan,Turing,v,,,,02 Jan 2024\n'
    text = f"{HEADER}\n{rows}"
    ada, alan = linkedin.parse(text).people
    assert (ada.company, ada.line, alan.line) == ("Analytical Engines", 2, 4)


def test_the_fixture() -> None:
    text = (FIXTURES / "linkedin_Connections.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeffNotes:")
    parsed = linkedin.parse(text)
    got = [
        (p.line, p.name, p.company, p.role, p.linkedin, p.emails, p.connected_on)
        for p in parsed.people
    ]
    li = "https://www.linkedin.com/in/"
    assert got == [
        (5, "Ada Lovelace", "Analytical Engines Ltd", "Chief Programmer",
         f"{li}ada-lovelace-0001", ("ada@example.org",), date(2024, 1, 1)),
        (6, "Grace Hopper", "Navy Computing, Inc.", "Rear Admiral",
         f"{li}grace-hopper-0002", (), date(2023, 3, 15)),
        (7, "Alan Turing", 'Bletchley "Park" Labs', "Researcher, Cryptanalysis",
         f"{li}alan-turing-0003", (), date(2022, 2, 7)),
        (8, "Katherine Johnson", None, None,
         f"{li}katherine-johnson-0004", ("kj@example.com",), date(2025, 11, 30)),
        (9, "Émilie du Châtelet", "Institut des Sciences", "Translator & Physicist",
         f"{li}emilie-du-chatelet-0005", (), date(2021, 2, 2)),
        (11, "Linus Pauling", '=HYPERLINK("http://x")', "Chemist",
         f"{li}linus-pauling-0007", (), date(2022, 8, 21)),
        (12, "Hedy Lamarr", "Frequency Hopping Co", "Inventor",
         f"{li}hedy-lamarr-0008", ("hedy@example.net",), date(2020, 11, 9)),
    ]  # fmt: skip
    assert [s.line for s in parsed.skipped] == [10]
