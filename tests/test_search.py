"""Search below the UI: every field kind, accents and word order, ranking, and an
index kept current by re-reading only the documents that changed."""

from __future__ import annotations

from typing import Any

import msgspec

from networking_tui.domain.search import SearchIndex, snippet
from tests.conftest import contact


def raws(*docs: dict[str, Any]) -> dict[str, bytes]:
    return {doc["uid"]: msgspec.json.encode(doc) for doc in docs}


PEOPLE = [
    contact("José García", "engaged", uid="jose", nickname="Pepe", company="Acme"),
    contact(
        "Ada Lovelace",
        "connected",
        uid="ada",
        handles={"x": "@countess", "email": "ada@analytical.org", "website": "ada.dev"},
        tags=["pycon", "math"],
        role="Mathematician",
    ),
    contact(
        "Grace Hopper",
        "follower",
        uid="grace",
        where_met="Navy yard",
        common_ground="compilers",
        notes="Wrote the first compiler.\nLoves nanoseconds.",
        interactions=[{"kind": "call", "at": "2026-10-02T10:00:00", "note": "spoke about COBOL"}],
    ),
    contact("Alan Turing", "stranger", uid="alan", archived=True, company="Bletchley"),
    contact("Bletchley Fan", "stranger", uid="fan", notes="visited Bletchley park"),
]


def index() -> SearchIndex:
    found = SearchIndex()
    found.refresh(raws(*PEOPLE))
    return found


def first(query: str) -> tuple[str, str, str]:
    hits, _ = index().search(query)
    assert hits, query
    return hits[0].uid, hits[0].field, hits[0].text


def test_each_field_kind_is_searched() -> None:
    assert first("pepe")[:2] == ("jose", "nickname")
    assert first("countess")[:2] == ("ada", "x")
    assert first("analytical")[:2] == ("ada", "email")
    assert first("ada.dev")[0] == "ada"
    assert first("acme")[:2] == ("jose", "company")
    assert first("mathematician")[:2] == ("ada", "role")
    assert first("pycon")[:2] == ("ada", "tags")
    assert first("navy")[:2] == ("grace", "where_met")
    assert first("compilers")[:2] == ("grace", "common_ground")
    assert first("nanoseconds")[:2] == ("grace", "notes")
    assert first("cobol")[:2] == ("grace", "touches")


def test_accents_case_and_word_order_are_ignored() -> None:
    uid, field, text = first("jose garcia")
    assert (uid, field, text) == ("jose", "name", "José García")
    assert first("GARCÍA, josé")[0] == "jose"


def test_a_prefix_and_a_near_miss_find_someone() -> None:
    assert first("lov")[0] == "ada"
    assert first("lovelcae")[0] == "ada"  # two letters swapped
    hits, count = index().search("zzzz")
    assert (hits, count) == ([], 0)


def test_name_hits_rank_before_company_before_notes() -> None:
    hits, count = index().search("bletchley")
    assert count == 2
    assert [(h.uid, h.field) for h in hits] == [("fan", "name"), ("alan", "company")]
    hits, _ = index().search("compiler")
    assert [h.field for h in hits] == ["common_ground"]  # better than the note


def test_archived_hits_say_so() -> None:
    hits, _ = index().search("turing")
    assert [(h.uid, h.archived, h.stage) for h in hits] == [("alan", True, "stranger")]


def test_the_match_is_marked_in_what_is_shown() -> None:
    hits, _ = index().search("garc")
    text = hits[0].text
    assert [text[a:b] for a, b in hits[0].spans] == ["Garc"]
    line, spans = snippet("x " * 60 + "the Bletchley park", ["bletchley"])
    assert line.startswith("…") and [line[a:b] for a, b in spans] == ["Bletchley"]


def test_refresh_reads_only_what_changed() -> None:
    found = SearchIndex()
    docs = raws(*PEOPLE)
    assert found.refresh(docs) == 5
    assert found.refresh(docs) == 0  # the same bytes: nothing read
    changed = contact("Ada Lovelace", "ask", uid="ada", company="Babbage & Co")
    docs["ada"] = msgspec.json.encode(changed)
    del docs["fan"]
    assert found.refresh(docs) == 2
    assert first_of(found, "babbage") == "ada"
    assert found.search("countess") == ([], 0)  # the old text is gone
    assert found.search("fan")[1] == 0
    assert len(found) == 4


def first_of(found: SearchIndex, query: str) -> str:
    return found.search(query)[0][0].uid


def test_limit_keeps_the_count() -> None:
    many = [contact(f"Ada {n}", uid=f"a{n}") for n in range(30)]
    found = SearchIndex()
    found.refresh(raws(*many))
    hits, count = found.search("ada", limit=5)
    assert count == 30 and len(hits) == 5
    assert [h.name for h in hits] == sorted(h.name for h in many_hits(found))[:5]


def many_hits(found: SearchIndex) -> list:
    return found.search("ada", limit=100)[0]


def test_a_word_searched_before_finds_what_an_edit_added() -> None:
    # The matches of a query word are kept for the next keys; an edit must drop them.
    found = index()
    assert found.search("babb") == ([], 0)
    assert first_of(found, "countess") == "ada"
    docs = raws(*PEOPLE)
    docs["ada"] = msgspec.json.encode(contact("Ada Lovelace", uid="ada", company="Babbage"))
    found.refresh(docs)
    assert [h.uid for h in found.search("babb")[0]] == ["ada"]
    assert found.search("countess") == ([], 0)  # and what it lost is gone


def test_many_matches_come_in_name_order_then_as_added() -> None:
    # Hundreds found: the page is walked in name order (not sorted); same names keep
    # the order they were added in, whichever way the page is made.
    names = [f"Ann {n:03}" for n in range(400)]
    names[::7] = ["Ann"] * len(names[::7])
    order = list(reversed(range(400)))
    found = SearchIndex()
    found.refresh(raws(*(contact(names[n], uid=f"u{n}") for n in order)))
    expected = sorted(range(400), key=lambda n: (names[n], order.index(n)))
    hits, count = found.search("ann")
    assert count == 400
    assert [h.uid for h in hits] == [f"u{n}" for n in expected[:50]]
    few, _ = found.search("ann 001")  # few: sorted rather than walked
    assert [h.name for h in few] == ["Ann 001"]


def test_near_misses_are_the_same_as_over_the_whole_vocabulary() -> None:
    from rapidfuzz import fuzz, process

    words = ["lovelace", "lovelaces", "love", "lace", "ab12", "1234", "12345", "a1234", "abcd"]
    words += ["loveliness", "lovelacee", "ovelace", "bcde", "abcde1", "2024", "x2024", "abcdefghij"]
    found = SearchIndex()
    found.refresh(raws(*(contact(f"P {w}", uid=w) for w in words)))
    vocabulary = sorted({w for w in words} | {"p"})
    for token in ["lovelace", "lovelaec", "abcd", "a123", "1234a", "x202", "bcdef", "acdefghi"]:
        near = process.extract(
            token, vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=80, limit=None
        )
        near.sort(key=lambda n: -n[1])
        expected = {w for w, _, _ in near[:30]} | {w for w in vocabulary if w.startswith(token)}
        hits, _ = found.search(token, limit=100)
        assert {h.uid for h in hits} == expected, token
