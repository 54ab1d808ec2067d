"""Message templates, and what a message to a contact is filled with."""

from __future__ import annotations

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock
from networking_tui.domain.changes import Doc, new_uid
from networking_tui.domain.model import first_name
from networking_tui.domain.templates import (
    Template,
    all_templates,
    fitting,
    may_name,
    mutual,
    objective_phrase,
)
from networking_tui.usecases.result import Done


def templates(store: ContactStore) -> list[Template]:
    """The shipped templates (with the person's edits) and their own."""
    return all_templates(store.docs("templates"))


def save_template(store: ContactStore, uid: str | None, name: str, body: str, kind: str) -> Done:
    uid = uid or new_uid()
    doc = {"uid": uid, "name": name, "body": body, "kind": kind}

    def op(current: Doc | None) -> Doc:
        return doc

    change = store.apply("templates", uid, op, f"save template {name}")
    return Done(change, f"Saved the template {name}.")


def delete_template(store: ContactStore, uid: str, name: str) -> Done:
    """Delete one's own template; for a shipped one, forget the edits to it."""
    change = store.apply("templates", uid, lambda _: None, f"delete template {name}")
    return Done(change, f"Deleted the template {name}.")


def values(store: ContactStore, uid: str) -> dict[str, str | None]:
    """What a template's placeholders are filled with for this contact."""
    contact = store.contact(uid)
    link = contact.introduced_by
    card = store.cards.get(link.uid) if link else None
    introducer = (card.name, link.may_mention) if card and link else None
    knowers = [(c.name, agreed) for c, agreed in store.warm_paths(uid)]
    return {
        "first_name": first_name(contact.name),
        "where_met": contact.where_met,
        "common_ground": contact.common_ground,
        "objective": objective_phrase(contact.objective),
        "introducer": may_name(*introducer) if introducer else None,
        "mutual": mutual(introducer, knowers),
    }


def fitting_template(store: ContactStore, uid: str) -> str:
    """The template that fits what is known of the contact."""
    return fitting(store.contact(uid), clock.today())


def summary(text: str, limit: int = 80) -> str:
    """A sent message's first line: the note of the touch it logs."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
