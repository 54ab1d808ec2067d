"""A mutual contact's name goes into a message only if they agreed to be named;
else the placeholder stays a visible gap with a note saying why. Checked on every
template that can carry such a name, and on the values a message is filled with."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from networking_tui.domain.templates import (
    BUILTIN,
    INVITATION,
    INVITATION_ONLINE,
    NOT_AGREED,
    VALUE_FIRST,
    fill,
    fitting,
    gap,
)
from networking_tui.usecases import messages

from .conftest import contact, open_store, write_db
from .test_agenda_rules import touch

NAMING = ("{introducer}", "{mutual}")  # placeholders that name a mutual contact
CARRIERS = [t for t in BUILTIN if any(p in t.body for p in NAMING)]


def test_some_templates_carry_a_mutual_contacts_name() -> None:
    assert {t.uid for t in CARRIERS} >= {"builtin-introduced", INVITATION_ONLINE}


def people(agreed: bool) -> list[dict]:
    return [
        contact(
            "Ada Lovelace",
            "engaged",
            uid="ada",
            introduced_by={"uid": "grace", "may_mention": agreed},
            common_ground="compilers",
        ),
        contact("Grace Hopper", "connected", uid="grace"),
    ]


@pytest.mark.parametrize("template", CARRIERS, ids=lambda t: t.uid)
@pytest.mark.parametrize("agreed", [True, False])
def test_the_name_only_with_permission(db: Path, template, agreed: bool) -> None:
    store = open_store(write_db(db, people(agreed)))
    text = fill(template.body, messages.values(store, "ada"))
    if agreed:
        assert "Grace Hopper" in text and NOT_AGREED not in text
    else:
        assert "Grace Hopper" not in text
        assert NOT_AGREED in text
        start, end = gap(text) or (0, 0)
        assert NOT_AGREED in text[start:end] or "[their first name" in text[start:end]


@pytest.mark.parametrize("agreed", [True, False])
def test_a_warm_path_is_named_only_with_permission(db: Path, agreed: bool) -> None:
    docs = [
        contact("Ada Lovelace", "engaged", uid="ada"),
        contact(
            "Grace Hopper", "connected", uid="grace", knows=[{"uid": "ada", "may_mention": agreed}]
        ),
    ]
    store = open_store(write_db(db, docs))
    values = messages.values(store, "ada")
    online = next(t for t in BUILTIN if t.uid == INVITATION_ONLINE)
    text = fill(online.body, values)
    assert ("we both know Grace Hopper" in text) is agreed
    if not agreed:
        assert f"[a contact you share: {NOT_AGREED}]" in text


def test_the_invitations_fit_who_was_met_and_who_was_engaged_online() -> None:
    import msgspec

    from networking_tui.domain.model import Contact

    met = msgspec.convert(contact("A", "engaged", uid="a", where_met="PyCon"), Contact)
    lately = [{"stage": "engaged", "at": "2026-11-20T10:00:00"}]
    online = msgspec.convert(contact("B", "engaged", uid="b", stage_history=lately), Contact)
    long_ago = msgspec.convert(contact("D", "engaged", uid="d"), Contact)
    waiting = msgspec.convert(
        contact("C", "engaged", uid="c", interactions=[touch("invitation", "2026-11-20T10:00:00")]),
        Contact,
    )
    today = pendulum.date(2026, 11, 23)
    assert [fitting(c, today) for c in (met, online, waiting, long_ago)] == [
        INVITATION,
        INVITATION_ONLINE,
        VALUE_FIRST,  # an invitation is waiting already
        VALUE_FIRST,  # engaged long ago: not this week's invitation
    ]
    kinds = {t.uid: t.kind for t in BUILTIN}
    assert kinds[INVITATION] == kinds[INVITATION_ONLINE] == "invitation"
