"""Bringing people in from a file: one change to the store, one undo step.

Each person is matched to a contact already here (domain.matching.same_person)
and either merged into it or added. The whole import is applied with
`apply_all`, so the app undoes it with one Ctrl+Z and a shell command saves it
with one write; `dry_run` plans it and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from networking_tui.data.store import CONTACTS, Change, ContactStore
from networking_tui.domain import clock
from networking_tui.domain.changes import Doc, Op, inserting, updating
from networking_tui.domain.formats import linkedin, vcard
from networking_tui.domain.formats.people import (
    FormatError,
    Parsed,
    Person,
    Skipped,
    merged,
    new_contact,
)
from networking_tui.domain.matching import Identities, fold, same_person
from networking_tui.domain.model import Card, Contact, card_from
from networking_tui.usecases.result import Refused

PROGRESS_EVERY = 500  # rows between two calls of `progress`


@dataclass
class Summary:
    source: str
    added: list[str] = field(default_factory=list)  # names
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Added as someone new though a contact of the same name is here: another
    # company, or a company on one side only (matching.same_person).
    namesakes: list[str] = field(default_factory=list)
    dry_run: bool = False
    change: Change | None = None  # the one undo step, when something changed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def text(self) -> str:
        """What happened, for a terminal or a notice: counts, then each skipped row."""
        counts = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped"
        )
        if self.dry_run:
            head = f"Dry run of {self.source}, nothing saved: {counts}."
        else:
            head = f"Imported {self.source}: {counts}."
        lines = [head]
        if self.updated:
            lines.append("Updated: " + _some(self.updated))
        if self.namesakes:
            lines.append(
                "Added as someone new though a contact of the same name is here (another "
                "company, or a company on one side only; search for them to check): "
                + _some(self.namesakes)
            )
        lines += [f"  skipped line {s.line}: {s.reason}" for s in self.skipped]
        return "\n".join(lines)


def _some(names: list[str], shown: int = 10) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


KINDS = ("linkedin", "vcard")
STAGES = {"linkedin": "connected", "vcard": "stranger"}  # where new people start
TAGS = {"linkedin": ("linkedin",), "vcard": ()}
PARSERS: dict[str, Callable[[str], Parsed]] = {"linkedin": linkedin.parse, "vcard": vcard.parse}


def read_text(file: Path) -> str:
    """A file's text: UTF-8, with or without a byte-order mark (Refused if not)."""
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise Refused(f"there is no file {file}") from None
    except IsADirectoryError:
        raise Refused(f"{file} is a folder, not a file") from None
    except OSError as error:
        raise Refused(f"cannot read {file}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(
            f"{file} is not UTF-8 text (byte {error.start + 1} cannot be read); "
            "save it as UTF-8 and import it again"
        ) from None


def parse(kind: str, text: str, file: Path) -> Parsed:
    """The people of an import file's text (Refused, naming the file, if it is not
    one of its kind)."""
    try:
        return PARSERS[kind](text)
    except FormatError as error:
        raise Refused(f"{file}: {error}") from None


def import_file(store: ContactStore, file: Path, *, stage: str | None = None) -> Summary:
    """Import a file whose kind its name tells (see kind_of); Refused if it
    cannot be read or is not of its kind, nothing changed."""
    kind = kind_of(file.name)
    parsed = parse(kind, read_text(file), file)
    return import_people(
        store, parsed, source=file.name, stage=stage or STAGES[kind], tags=TAGS[kind]
    )


def kind_of(file_name: str) -> str:
    """Which import a file is for, by its name: a .vcf is a vCard, anything else is
    taken for LinkedIn's Connections.csv (whose header is then checked)."""
    return "vcard" if file_name.lower().endswith((".vcf", ".vcard")) else "linkedin"


def import_people(
    store: ContactStore,
    parsed: Parsed,
    *,
    source: str,
    stage: str,
    tags: tuple[str, ...] = (),
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Add the people of `parsed` to `store`, or merge them into the contacts they
    already are. New people enter `stage` with `tags`. Nothing is written to disk
    here: the caller syncs (the app's saver, or a shell command under the lock)."""
    plan = plan_people(
        store, parsed, source=source, stage=stage, tags=tags, dry_run=dry_run, progress=progress
    )
    return plan.summary if dry_run else apply_plan(store, plan)


@dataclass
class Plan:
    """An import worked out but not applied: the app works it out off the UI thread."""

    summary: Summary
    steps: list[tuple[str, str, Op]]
    version: int  # the store's version it was worked out on
    redo: Callable[[], Plan]  # the same import worked out again, on the store as it is


def plan_people(
    store: ContactStore,
    parsed: Parsed,
    *,
    source: str,
    stage: str,
    tags: tuple[str, ...] = (),
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """What importing `parsed` would change, changing nothing (see import_people).
    `progress` is called with the rows done, every PROGRESS_EVERY rows; it may
    raise to stop the work."""
    version = store.version
    now = clock.now()
    at = clock.stamp(now)
    summary = Summary(source, skipped=list(parsed.skipped), dry_run=dry_run)
    known = Identities(store.cards.values())
    planned: dict[str, Doc] = {}  # uid -> document: new people, and merged ones
    steps: list[tuple[str, str, Op]] = []

    def company_of(uid: str) -> str | None:
        doc = planned.get(uid) or store.doc(uid)
        return doc.get("company")

    for done, person in enumerate(parsed.people, start=1):
        card = same_person(
            known, person.name, person.linkedin, person.emails, person.company, company_of
        )
        if card is None or card.uid is None:
            if known.named(fold(person.name)):
                summary.namesakes.append(person.name)
            doc = new_contact(person, stage, tags, now)
            planned[doc["uid"]] = doc
            known.add(_card(doc))
            steps.append((CONTACTS, doc["uid"], inserting(doc)))
            summary.added.append(person.name)
        else:
            uid = card.uid
            before = planned.get(uid) or store.doc(uid)
            after = merged(before, person, at)
            if after is None:
                summary.unchanged += 1
            else:
                planned[uid] = after
                steps.append((CONTACTS, uid, updating(_merging(person, at))))
                summary.updated.append(before["name"])
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(parsed.people)):
            progress(done)

    def redo() -> Plan:
        return plan_people(store, parsed, source=source, stage=stage, tags=tags)

    return Plan(summary, steps, version, redo)


def apply_plan(store: ContactStore, plan: Plan) -> Summary:
    """Apply a plan as one undo step. Worked out again first if the store changed
    since (the file reloaded meanwhile): a plan never applies to data it did not see."""
    if plan.version != store.version:
        plan = plan.redo()
    if plan.steps:
        plan.summary.change = store.apply_all(plan.steps, f"import from {plan.summary.source}")
    return plan.summary


def _merging(person: Person, at: str) -> Callable[[Doc], Doc]:
    """The merge as a function of the document, so that it is re-applied on top of
    what another program wrote meanwhile (see store.sync)."""
    return lambda doc: merged(doc, person, at) or doc


def _card(doc: Doc) -> Card:
    return card_from(doc["uid"], msgspec.convert(doc, Contact))
