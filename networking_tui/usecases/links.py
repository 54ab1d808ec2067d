"""Who knows whom, and the warm path to a stranger."""

from __future__ import annotations

from dataclasses import dataclass

from networking_tui.data.store import ContactStore
from networking_tui.domain import changes, clock
from networking_tui.domain.model import STAGE_TITLES, Card
from networking_tui.domain.rules import WARM_PATH_STAGES
from networking_tui.usecases.result import Done, Refused


@dataclass(frozen=True)
class Link:
    """That `knower` knows `known` (stored on the knower, where a warm path looks)."""

    knower: str
    known: str
    may_mention: bool
    remove: bool = False


def save_link(store: ContactStore, link: Link) -> Done:
    """Record (or forget) that `link.knower` knows `link.known`."""
    cards = store.cards
    knower = cards[link.knower].name
    known = cards[link.known].name if link.known in cards else "a deleted contact"
    stamp = clock.stamp(clock.now())

    def relink(doc: changes.Doc) -> changes.Doc:
        links = [k for k in doc.get("knows", []) if k.get("uid") != link.known]
        if not link.remove:
            links.append({"uid": link.known, "may_mention": link.may_mention})
        return changes.with_fields(doc, {"knows": links}, stamp)

    verb = "forget that" if link.remove else "record that"
    change = store.update(link.knower, relink, f"{verb} {knower} knows {known}")
    if link.remove:
        return Done(change, f"Forgot that {knower} knows {known} (Ctrl+Z brings it back).")
    agreed = "agreed" if link.may_mention else "not yet agreed"
    return Done(change, f"Recorded: {knower} knows {known} ({agreed} to be named).")


def introducers(store: ContactStore, target_uid: str) -> list[tuple[Card, bool]]:
    """The Connected contacts who could introduce you to a stranger or follower,
    and whether each agreed to be named; Refused says why there is none."""
    target = store.contact(target_uid)
    if target.stage not in WARM_PATH_STAGES:
        stage = STAGE_TITLES[target.stage]
        raise Refused(f"{target.name} is {stage} already: write to them directly (m).")
    paths = store.warm_paths(target_uid)
    if not paths:
        raise Refused(_no_warm_path(store, target.name, target_uid))
    return paths


def _no_warm_path(store: ContactStore, name: str, target_uid: str) -> str:
    """Why nobody can introduce you yet: who knows them but is not Connected."""
    others = [
        f"{card.name} ({STAGE_TITLES[card.stage]}{', archived' if card.archived else ''})"
        for card, _ in store.known_by(target_uid)
    ]
    if not others:
        return f"No Connected contact is recorded as knowing {name} (w records who knows whom)."
    who = ", ".join(dict.fromkeys(others))
    verb = "knows" if len(others) == 1 else "know"
    return (
        f"{who} {verb} {name} but {'is' if len(others) == 1 else 'are'} not Connected yet: "
        "an introduction is asked of someone you are Connected with."
    )
