"""Rules behind the contact: rescheduling, thanks, fields, templates, name matching."""

from __future__ import annotations

import os
from typing import Any

import msgspec
import pendulum
import pytest

from networking_tui.domain import changes, validate
from networking_tui.domain.matching import find, fold
from networking_tui.domain.model import AgendaContact, Card, Contact, EventDoc, Link, TemplateDoc
from networking_tui.domain.rules import thanks_due, warm_paths
from networking_tui.domain.templates import (
    BUILTIN,
    INTRODUCED,
    INTRODUCTION_REQUEST,
    INVITATION,
    THANK_YOU,
    VALUE_FIRST,
    all_templates,
    fill,
    fitting,
    objective_phrase,
    over_limit,
    placeholder_problems,
)
from networking_tui.domain.vocabulary import Stage
from networking_tui.ui import clipboard

from .conftest import contact

AT = pendulum.datetime(2026, 11, 23, 9)
STAMP = "2026-11-23T09:00:00+00:00"


@pytest.mark.parametrize(
    ("stage", "override", "kind", "expected"),
    [
        ("follower", None, "comment", "2026-11-30"),
        ("engaged", None, "message", "2026-11-28"),
        ("connected", None, "email", "2026-12-23"),
        ("connected", None, "call", "2026-11-24"),  # after a call: tomorrow
        ("follower", None, "meeting", "2026-11-24"),
        ("ask", None, "message", "2026-11-26"),
        ("connected", 14, "email", "2026-12-07"),
        ("stranger", None, "follow", "2026-12-25"),  # no cadence: left as it was
        ("connected", None, "ask", "2026-11-26"),  # thanks are due within 3 days
    ],
)
def test_logging_reschedules(stage: str, override: int | None, kind: str, expected: str) -> None:
    doc = contact("Ada", stage, next_touch="2026-12-25")
    if override:
        doc["cadence_days"] = override
    after = changes.logged(doc, kind, AT, "note", STAMP)
    assert after["next_touch"] == expected
    assert after["interactions"][-1] == {"kind": kind, "at": STAMP, "note": "note"}
    assert doc["interactions"] == []  # the input is not changed


def test_a_computed_next_touch_forgets_an_earlier_choice() -> None:
    doc = contact("Ada", "engaged", next_touch="2026-11-20")
    chosen = changes.with_fields(doc, {"next_touch": "2026-12-25"}, "2026-11-20T08:00:00")
    assert chosen["next_touch_set_at"] == "2026-11-20T08:00:00"
    after = changes.logged(chosen, "message", AT, "", STAMP)
    assert after["next_touch"] == "2026-11-28" and "next_touch_set_at" not in after


def test_a_chosen_date_still_ahead_stands_unless_the_rhythm_is_earlier() -> None:
    doc = contact("Ada", "connected", next_touch="2026-11-20")
    chosen = changes.with_fields(doc, {"next_touch": "2026-11-26"}, "2026-11-23T08:00:00")
    email = changes.logged(chosen, "email", AT, "", STAMP)  # the rhythm says 23 Dec
    assert email["next_touch"] == "2026-11-26"
    assert email["next_touch_set_at"] == "2026-11-23T08:00:00"  # still the person's date
    call = changes.logged(chosen, "call", AT, "", STAMP)  # the rhythm says tomorrow
    assert call["next_touch"] == "2026-11-24" and "next_touch_set_at" not in call


def test_a_chosen_date_that_has_come_gives_way_to_the_rhythm() -> None:
    doc = contact("Ada", "connected", next_touch="2026-11-20")
    chosen = changes.with_fields(doc, {"next_touch": "2026-11-23"}, "2026-11-20T08:00:00")
    after = changes.logged(chosen, "email", AT, "", STAMP)  # the follow-up it asked for
    assert after["next_touch"] == "2026-12-23" and "next_touch_set_at" not in after


def test_a_back_dated_touch_leaves_the_newer_touchs_schedule() -> None:
    doc = contact("Ada", "engaged", next_touch="2026-12-24")
    doc["interactions"] = [{"kind": "message", "at": STAMP, "note": ""}]
    earlier = pendulum.datetime(2026, 11, 22, 18)
    after = changes.logged(doc, "call", earlier, "yesterday's call", STAMP)
    assert after["next_touch"] == "2026-12-24"
    assert [t["kind"] for t in after["interactions"]] == ["message", "call"]


def test_an_owed_thank_you_keeps_the_next_touch_close_after_other_touches() -> None:
    asked = changes.logged(contact("Ada", "connected"), "ask", AT, "the intro", STAMP)
    assert asked["next_touch"] == "2026-11-26"  # thanks within 3 days
    message = changes.logged(asked, "message", AT.add(days=1), "", STAMP)
    assert message["next_touch"] == "2026-11-26"  # not 12-25: the thank-you is still owed
    thanked = changes.logged(message, "thank-you", AT.add(days=2), "", STAMP)
    assert thanked["next_touch"] == "2026-12-25"  # thanked: back to the 30-day rhythm
    again = changes.logged(thanked, "message", AT.add(days=3), "", STAMP)
    assert again["next_touch"] == "2026-12-26"


def test_an_old_unthanked_ask_makes_any_new_touch_overdue_for_thanks() -> None:
    doc = contact("Ada", "connected", next_touch="2026-12-25")
    doc["interactions"] = [{"kind": "ask", "at": "2026-11-01T10:00:00+00:00", "note": ""}]
    after = changes.logged(doc, "email", AT, "", STAMP)
    assert after["next_touch"] == "2026-11-04"  # the ask's day + 3: overdue, as the agenda says
    assert "next_touch_set_at" not in after


def test_a_back_dated_ask_still_brings_the_thank_you_forward() -> None:
    doc = contact("Ada", "connected", next_touch="2026-12-23")
    doc["interactions"] = [{"kind": "message", "at": STAMP, "note": ""}]
    after = changes.logged(doc, "ask", pendulum.datetime(2026, 11, 20, 9), "", STAMP)
    assert after["next_touch"] == "2026-11-23"


def test_a_date_chosen_after_the_ask_wins_over_the_thank_you_reminder() -> None:
    asked = changes.logged(contact("Ada", "ask"), "ask", AT, "", STAMP)
    snoozed = changes.with_fields(asked, {"next_touch": "2026-12-01"}, "2026-11-23T10:00:00")
    # a back-dated note after the choice keeps the chosen date
    after = changes.logged(snoozed, "comment", AT.subtract(days=1), "", STAMP)
    assert after["next_touch"] == "2026-12-01"


def _with_touches(*kinds: str) -> Contact:
    touches = [
        {"kind": k, "at": f"2026-11-{10 + n:02d}T10:00:00+00:00", "note": ""}
        for n, k in enumerate(kinds)
    ]
    return msgspec.convert(contact("Ada", "ask", interactions=touches), Contact)


def test_thanks_due_after_an_ask_until_a_thank_you() -> None:
    assert thanks_due(_with_touches("call", "ask")) is not None
    assert thanks_due(_with_touches("ask", "thank-you")) is None
    assert thanks_due(_with_touches("ask", "thank-you", "ask")) is not None
    assert thanks_due(_with_touches("call")) is None


def test_with_fields_removes_emptied_optional_fields() -> None:
    doc = contact("Ada", company="Engines", next_touch="2026-12-01")
    after = changes.with_fields(doc, {"company": None, "next_touch": None}, STAMP)
    assert "company" not in after
    assert after["next_touch"] is None


@pytest.mark.parametrize(
    ("check", "text", "value"),
    [
        (validate.email, "ada@example.org", "ada@example.org"),
        (validate.email, "", None),
        (validate.linkedin, "linkedin.com/in/ada", "https://linkedin.com/in/ada"),
        (validate.linkedin, "https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"),
        (validate.url, "ada.dev/blog", "https://ada.dev/blog"),
        (validate.x_handle, "ada_l", "@ada_l"),
        (validate.x_handle, "@ada", "@ada"),
        (validate.phone, "+44 20 7946 0001", "+44 20 7946 0001"),
        (validate.cadence, "14", 14),
        (validate.cadence, "", None),
        (validate.tags, "#PyCon, speaker pycon", ["pycon", "speaker"]),
        (validate.name, "  Ada   Lovelace ", "Ada Lovelace"),
        (validate.priority, "!1", 1),
    ],
)
def test_field_values_are_normalised(check, text: str, value: object) -> None:
    assert check(text) == value


@pytest.mark.parametrize(
    ("check", "text"),
    [
        (validate.email, "ada@"),
        (validate.email, "ada example.org"),
        (validate.linkedin, "example.com/in/ada"),
        (validate.url, "not a url"),
        (validate.x_handle, "this handle is way too long"),
        (validate.phone, "call me"),
        (validate.cadence, "0"),
        (validate.cadence, "-3"),
        (validate.cadence, "weekly"),
        (validate.name, "   "),
        (validate.priority, "4"),
    ],
)
def test_bad_field_values_are_refused(check, text: str) -> None:
    with pytest.raises(validate.FieldError):
        check(text)


def test_fill_puts_values_in_and_marks_gaps() -> None:
    body = "Hi {first_name}, met at {where_met}; {unknown} stays"
    assert fill(body, {"first_name": "Ada", "where_met": None}) == (
        "Hi Ada, met at [where you met]; {unknown} stays"
    )


def test_shipped_templates_can_be_edited_and_own_ones_added() -> None:
    stored = {
        "builtin-thank-you": {"uid": "builtin-thank-you", "name": "Thanks!", "body": "Merci"},
        "mine": {"uid": "mine", "name": "Coffee", "body": "Coffee, {first_name}?"},
    }
    templates = all_templates(stored)
    assert len(templates) == len(BUILTIN) + 1
    edited = next(t for t in templates if t.uid == "builtin-thank-you")
    assert (edited.name, edited.body, edited.builtin) == ("Thanks!", "Merci", True)
    assert templates[-1].name == "Coffee"


def test_the_linkedin_note_limit() -> None:
    assert not over_limit("x" * 300)
    assert over_limit("x" * 301)


def card(name: str, stage: Stage = "follower", nickname: str | None = None, **kw) -> Card:
    return Card(name=name, stage=stage, uid=name.lower(), nickname=nickname, **kw)


def test_find_ignores_case_and_accents_and_takes_prefixes_and_nicknames() -> None:
    cards = [
        card("Émilie du Châtelet"),
        card("Ada Lovelace", nickname="Countess"),
        card("Adam Smith"),
        card("Grace Hopper"),
    ]
    assert fold("Émilie  Du") == "emilie du"
    assert [c.name for c in find("emilie", cards)] == ["Émilie du Châtelet"]
    assert [c.name for c in find("chatelet", cards)] == ["Émilie du Châtelet"]
    assert [c.name for c in find("countess", cards)] == ["Ada Lovelace"]
    assert [c.name for c in find("ada", cards)] == ["Ada Lovelace", "Adam Smith"]
    assert [c.name for c in find("ADA LOVELACE", cards)] == ["Ada Lovelace"]
    assert find("nobody", cards) == []


def test_warm_paths_come_from_connected_contacts_only() -> None:
    target = "maya"
    cards = [
        card("Freya", "connected", knows=(Link(target, True),)),
        card("Arjun", "connected", knows=(Link(target, False),)),
        card("Sam", "engaged", knows=(Link(target, True),)),
    ]
    assert [(c.name, agreed) for c, agreed in warm_paths(target, cards)] == [
        ("Freya", True),
        ("Arjun", False),
    ]


@pytest.mark.parametrize(
    ("objective", "reads"),
    [
        ("advice", "meet Ada to ask for advice."),
        ("job", "meet Ada to ask about openings on the team."),
        ("client", "meet Ada to talk about how I could help."),
        ("recommendation", "meet Ada to ask for a recommendation."),
        ("other", "meet Ada to [what you hope for]."),
    ],
)
def test_objectives_read_naturally_in_a_request(objective: str, reads: str) -> None:
    body = next(t.body for t in BUILTIN if t.uid == INTRODUCTION_REQUEST)
    filled = fill(body, {"target": "Ada", "objective": objective_phrase(objective)})
    assert reads in filled


def test_every_shipped_template_fills_without_gaps_and_one_names_the_introducer() -> None:
    values = {
        "first_name": "Ada",
        "where_met": "PyCon",
        "common_ground": "poetry",
        "objective": objective_phrase("advice"),
        "introducer": "Hedy",
        "mutual": "Hedy",
        "target": "Grace",
    }
    for template in BUILTIN:
        filled = fill(template.body, values)
        assert "[" not in filled and "{" not in filled, template.name
    assert any("{introducer}" in t.body for t in BUILTIN)
    assert "we have poetry in common" in fill(BUILTIN[1].body, values)


def test_a_template_carries_the_kind_of_touch_it_logs() -> None:
    kinds = {t.uid: t.kind for t in all_templates({})}
    assert kinds[THANK_YOU] == "thank-you"
    assert kinds[INTRODUCTION_REQUEST] == "message"
    stored = {
        "mine": {"uid": "mine", "name": "Gift", "body": "", "kind": "letter"},
        "odd": {"uid": "odd", "name": "Odd", "body": "", "kind": "smoke signal"},
        "builtin-thank-you": {"uid": "builtin-thank-you", "name": "Merci", "body": "Merci"},
    }
    kinds = {t.uid: t.kind for t in all_templates(stored)}
    assert kinds["mine"] == "letter"
    assert kinds["odd"] == "message"  # a kind the app does not know: a plain message
    assert kinds[THANK_YOU] == "thank-you"  # an edited shipped template keeps its kind


def _tool(folder, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)


def test_the_clipboard_tries_the_tools_in_turn(tmp_path, monkeypatch) -> None:
    kept = tmp_path / "kept.txt"
    _tool(tmp_path, "xclip", "exit 1")  # a broken one: the next is tried
    _tool(tmp_path, "xsel", f"cat > '{kept}'")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    assert clipboard.copy("hello") is None  # no display: no tool is tried
    monkeypatch.setenv("DISPLAY", ":99")
    assert clipboard.copy("hello") == "xsel"
    assert kept.read_text() == "hello"
    assert "OSC 52" in clipboard.explain(None)
    assert clipboard.explain("xsel") == "Copied to the clipboard (with xsel)."


# --- a stage's rhythm starts on entering it --------------------------------------------


@pytest.mark.parametrize(
    ("stage", "own", "expected"),
    [
        ("follower", None, "2026-11-30"),
        ("engaged", None, "2026-11-28"),
        ("connected", None, "2026-12-23"),
        ("ask", None, "2026-11-26"),
        ("connected", 60, "2027-01-22"),  # their own rhythm wins
        ("stranger", None, None),  # no rhythm: nothing to plan
        ("stranger", 10, "2026-12-03"),
    ],
)
def test_moving_into_a_stage_with_no_next_touch_plans_one(
    stage: str, own: int | None, expected: str | None
) -> None:
    doc = contact("Ada", "stranger" if stage != "stranger" else "follower")
    if own:
        doc["cadence_days"] = own
    after = changes.moved(doc, stage, STAMP)
    assert after["stage"] == stage and after["next_touch"] == expected
    assert "next_touch_set_at" not in after  # computed, not chosen by the person


def test_moving_never_replaces_a_next_touch_already_set() -> None:
    doc = contact("Ada", "follower", next_touch="2026-11-24", next_touch_set_at=STAMP)
    after = changes.moved(doc, "engaged", STAMP)
    assert after["next_touch"] == "2026-11-24" and after["next_touch_set_at"] == STAMP


def test_the_rhythm_counts_from_the_local_day_of_the_move() -> None:
    # 23:30 in Los Angeles on the 22nd is the 23rd in UTC: the day is the person's.
    after = changes.moved(contact("Ada"), "follower", "2026-11-22T23:30:00-08:00")
    assert after["next_touch"] == "2026-11-30"  # UTC here: the 23rd + 7


# --- which template a message starts from -----------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"stage": "follower"}, VALUE_FIRST),  # never met: nothing to recall
        ({"stage": "follower", "where_met": "PyCon"}, INVITATION),
        ({"stage": "engaged", "where_met": "PyCon"}, INVITATION),
        ({"stage": "connected", "where_met": "PyCon"}, VALUE_FIRST),  # connected already
        ({"stage": "stranger", "introduced_by": {"uid": "x"}}, INTRODUCED),
        (
            {
                "stage": "engaged",
                "introduced_by": {"uid": "x"},
                "interactions": [{"kind": "message", "at": STAMP, "note": ""}],
            },
            VALUE_FIRST,  # written to since the introduction
        ),
        (
            {
                "stage": "ask",
                "where_met": "PyCon",
                "introduced_by": {"uid": "x"},
                "interactions": [{"kind": "ask", "at": STAMP, "note": ""}],
            },
            THANK_YOU,  # an unthanked ask comes first
        ),
    ],
)
def test_a_message_starts_from_what_is_known_of_the_contact(fields: dict, expected: str) -> None:
    stage = fields.pop("stage")
    person = msgspec.convert(contact("Ines Navarro", stage, **fields), Contact)
    assert fitting(person, pendulum.date(2026, 11, 23)) == expected


def test_unlinked_forgets_only_the_links_to_the_deleted_contact() -> None:
    gone = {"uid": "gone", "may_mention": True}
    doc = contact("Ada", "follower", introduced_by=gone, knows=[{"uid": "bo"}, gone])
    assert changes.links_to(doc, "gone") == (True, True)
    after = changes.unlinked(doc, "gone", STAMP)
    assert "introduced_by" not in after and after["knows"] == [{"uid": "bo"}]
    assert after["updated_at"] == STAMP
    assert changes.links_to(after, "gone") == (False, False)
    other = contact("Grace", "follower", introduced_by={"uid": "bo"})
    assert changes.unlinked(other, "gone", STAMP) is other  # nothing to forget


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        ("Hi {first_name}, at {where_met}.", []),
        ("Hi {foo}", ["{foo} is not a placeholder"]),
        ("Hi {} and {first name}", ["{} is not a placeholder", "a lone {", "a lone }"]),
        ("Hi { first_name", ["a lone {"]),
    ],
)
def test_broken_placeholders_are_named(body: str, problems: list[str]) -> None:
    found = placeholder_problems(body)
    assert len(found) == len(problems)
    assert all(f.startswith(p) for f, p in zip(found, problems, strict=True))


@pytest.mark.parametrize("kind", [Contact, Card, AgendaContact, EventDoc, TemplateDoc])
def test_a_name_of_spaces_is_refused_by_every_document_with_a_name(
    kind: type[msgspec.Struct],
) -> None:
    doc = {"stage": "ask", "date": "2026-12-01", "body": "Hello"}
    fields = {key: value for key, value in doc.items() if key in kind.__struct_fields__}
    for blank in (" ", "\t\n", "\u00a0 \u3000"):
        with pytest.raises(msgspec.ValidationError, match="the name is only spaces"):
            msgspec.json.decode(msgspec.json.encode({**fields, "name": blank}), type=kind)
    with pytest.raises(msgspec.ValidationError, match="length >= 1"):
        msgspec.json.decode(msgspec.json.encode({**fields, "name": ""}), type=kind)
    named: Any = msgspec.json.decode(msgspec.json.encode({**fields, "name": " Ada "}), type=kind)
    assert named.name == " Ada "  # spaces around a name are the store's to clean
