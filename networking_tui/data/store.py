"""The contacts in memory, and the one path by which they change and reach the disk.

Every change goes through `apply`: it updates memory at once (so the screen can
show it), remembers how to undo it, and queues it for `sync`. `sync` takes the
file lock, reloads and re-applies the queued changes if another program wrote the
file since it was read, then writes atomically. The app runs `sync` on a
background thread (`autosave.py`); shell commands call it directly.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import msgspec

from networking_tui.data import backups, conflicts, storage
from networking_tui.data.forked import ForkedCheck, can_fork
from networking_tui.data.migrations import lenient_contact
from networking_tui.data.paths import device_id
from networking_tui.data.storage import DataFileError, FileData, Raw, SaveError, Tables
from networking_tui.domain import clock, merge
from networking_tui.domain.changes import (
    Doc,
    Op,
    inserting,
    kept_since,
    new_uid,
    reverting,
    updating,
)
from networking_tui.domain.matching import Identities, NameIndex
from networking_tui.domain.model import (
    SCHEMA_VERSION,
    Card,
    Contact,
    EventDoc,
    Link,
    Settings,
    TemplateDoc,
    card_from,
)
from networking_tui.domain.rules import order_key, warm_paths
from networking_tui.domain.text import clean_tree, is_clean, may_be_unclean

if TYPE_CHECKING:
    from networking_tui.domain.agenda import Facts

_T = TypeVar("_T")

CONTACTS = "contacts"
# Text fields that keep their line breaks; every other string is one line.
BLOCK_KEYS = frozenset({"notes", "note", "body"})
UNNAMED = "(no name)"
UNDO_DEPTH = 500

# About 5,000 contacts; below this, checking in-process is quicker than forking.
FORK_FROM_BYTES = 8_000_000

_CONTACT = msgspec.json.Decoder(Contact)
_CARD = msgspec.json.Decoder(Card)
_encode = msgspec.json.encode
_decode = msgspec.json.decode

# Tables whose documents are checked against a struct when read or changed.
VALIDATED: dict[str, type[msgspec.Struct]] = {
    CONTACTS: Contact,
    "settings": Settings,
    "templates": TemplateDoc,
    "events": EventDoc,
}


@dataclass(eq=False)
class _Ran:
    """A queued change's last run: the document before and after it. A reload
    re-applies the queue to another writer's version, and an undo must revert the
    change as it was last applied, not as first made (else it would put back the
    value this window saw, over what the other writer saved since)."""

    before: Doc | None
    after: Doc | None


@dataclass(frozen=True)
class Change:
    table: str
    uid: str
    label: str
    before: Doc | None
    after: Doc | None
    parts: tuple[Change, ...] = ()  # other documents changed in the same step
    kept: tuple[str, ...] = ()  # an undo's: what it left as another writer set it
    ran: _Ran | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SyncResult:
    wrote: bool = False
    reloaded: bool = False
    error: str | None = None
    pending: int = 0
    merged: tuple[str, ...] = ()  # conflict copies merged in (their names)
    unmerged: tuple[str, ...] = ()  # copies found not to read, this time: "name: why"
    # All the copies that do not read, as (name, why), when conflict copies were
    # looked for (None: they were not); the top bar names them while they are there.
    unreadable: tuple[tuple[str, str], ...] | None = None
    backup_error: str | None = None  # the file was saved, but its daily backup failed


# A document as held: its bytes, or (an int) its span in the state's backing file.
Held = Raw | int
Stored = dict[str, dict[str, Held]]


@dataclass
class _State:
    tables: Stored
    ids: dict[str, dict[str, str]]  # table -> uid -> doc id
    cards: dict[str, Card]
    # uid -> the card's board order whatever the day (rules.order_key); None until
    # the board asks for it (a shell command never does)
    order: dict[str, str] | None
    last_ids: dict[str, int] = field(default_factory=dict)  # table -> its highest doc id
    # The file's bytes the documents are views into, until release_bytes (and the
    # file's signature then); then the file, open, they are read back from.
    source: bytes | None = None
    signature: storage.Signature | None = None
    backing: storage.Backing | None = None
    # table -> where its documents lie in `backing` (see storage.Layout): kept
    # current per change, so that a save does not look at every document
    layouts: dict[str, storage.Layout] = field(default_factory=dict)

    def raw(self, table: str, doc_id: str) -> Raw:
        """A document's bytes (read back from the file if not held; raises StaleFile)."""
        held = self.tables[table][doc_id]
        if isinstance(held, int):
            assert self.backing is not None
            return self.backing.read(held)
        return held

    def reader(self) -> Callable[[Held], Raw]:
        """`raw` for a pass over many documents in file order (one thread)."""
        read = self.backing.reader() if self.backing is not None else None

        def raw(held: Held) -> Raw:
            if isinstance(held, int):
                assert read is not None
                return read(held)
            return held

        return raw

    def snapshot(self) -> Stored:
        return {name: dict(docs) for name, docs in self.tables.items()}

    def layouts_now(self) -> dict[str, storage.Layout]:
        """The layouts as they are now, for a save of a snapshot taken with them."""
        return {name: layout.copy() for name, layout in self.layouts.items()}

    def changing(self, table: str, doc_id: str) -> None:
        """Document `doc_id` of `table` is about to be set (added or changed)."""
        layout = self.layouts.get(table)
        if layout is not None:
            layout.changing(doc_id, self.tables[table].get(doc_id))

    def removing(self, table: str, doc_id: str) -> None:
        layout = self.layouts.get(table)
        if layout is not None:
            layout.removing(doc_id, self.tables[table][doc_id])

    def materialized(self) -> Tables:
        """Every document's bytes (read back from the file where not held)."""
        read = self.reader()
        return {name: {k: read(v) for k, v in docs.items()} for name, docs in self.tables.items()}

    def release(self, path: Path) -> int:
        """Hold the contacts no longer as views into the file's bytes but as their
        spans in the file, read back when needed, and copy the other (small) tables'
        documents out of them: the bytes (200 MB at 100,000 contacts) are then
        freed. Returns how many documents are left in the file; 0 if the file is not
        the one read any more (a reload lets go of the new one's bytes)."""
        source, self.source = self.source, None
        if source is None or self.backing is not None:
            return 0
        backing = storage.Backing.open(path, self.signature)
        if backing is None:
            return 0  # replaced since it was read: the next sync reads the new one
        spans = backing.spans(source, self.tables.get(CONTACTS, {}))
        self.backing = backing  # before any span is held: readers need it
        for table, docs in self.tables.items():
            for doc_id, held in docs.items():
                if table == CONTACTS and doc_id in spans:
                    docs[doc_id] = spans[doc_id]
                elif not isinstance(held, int):
                    docs[doc_id] = held.copy()  # its own bytes, not a view into the file's
        layout = storage.Layout.of(self.tables.get(CONTACTS, {}), source)
        if layout is not None:
            self.layouts[CONTACTS] = layout
        return len(spans)

    def new_id(self, table: str) -> str:
        """The next free document id of `table`, TinyDB's way (the highest plus one);
        worked out from the table once (a scan of 30,000 ids), then counted up."""
        last = self.last_ids.get(table)
        if last is None:
            docs = self.tables.get(table, {})
            last = max((int(k) for k in docs if k.isascii() and k.isdigit()), default=0)
        self.last_ids[table] = last + 1
        return str(last + 1)


class ContactStore:
    _loading = False  # a `later` store until `fill` has run

    def __init__(
        self,
        path: Path,
        data: FileData,
        *,
        backup: bool = False,
        checked: bool = False,
        board: bool = True,
    ) -> None:
        """`checked`: every document was (or is being) validated elsewhere, so only
        the board's fields are decoded here. `board`: the cards' board order is
        worked out as they are decoded (else when first asked for)."""
        self.path = path
        self._state = self._build(data.tables, full=not checked, board=board)
        self._state.source, self._state.signature = data.source, data.signature
        self._known_sig = data.signature
        self._lock = threading.RLock()
        self.clock = merge.Clock(device_id())
        self._pending: list[tuple[str, str, Op, _Ran]] = []
        self._undo: list[Change] = []
        # An upgrade keeps the file as it was, whoever opens it (app or shell).
        self._backup = backup or data.migrated_from is not None
        self.daily_backups = True  # see backups.py
        self._needs_write = data.migrated_from is not None
        self.migrated_from = data.migrated_from
        self.version = 0  # bumps on every change in memory, for views' caches
        # Who knows whom: built on first use, dropped when a card with links changes.
        self._warm_index: dict[str, list[Card]] | None = None
        self._identities: Identities | None = None  # kept current per change once built
        self._names: NameIndex | None = None  # the same
        # The agenda's facts per contact: worked out on first use (the app warms
        # them on a thread after its first screen), then kept current per change.
        self._facts: dict[str, Facts] | None = None
        self._facts_changed: set[str] | None = None  # changed while being worked out
        # Whose facts changed since they were worked out, in order (agenda_facts_since);
        # a new list, and a new generation, each time they are worked out.
        self._facts_log: list[str] = []
        self._facts_generation = 0
        # Conflict copies that did not read: name -> (its signature then, why). One
        # is read again once it changes (fixed), and forgotten once it is gone.
        self._unreadable: dict[str, tuple[storage.Signature | None, str]] = {}

    @classmethod
    def open(cls, path: Path, *, backup: bool = False) -> ContactStore:
        """Read and validate the file (raises DataFileError; never writes)."""
        return cls(path, storage.read_file(path), backup=backup)

    @classmethod
    def open_cards(
        cls, path: Path, prefetch: storage.Prefetch[bytes] | None = None
    ) -> ContactStore:
        """Read the file, decoding (and validating) only the board's fields of each
        contact: for a shell command that reads or changes a few contacts and copies
        the others through as they are (raises DataFileError; never writes).
        `prefetch`: the file read ahead (used if it is still the file)."""
        return cls(path, storage.read_file(path, prefetch), checked=True, board=False)

    @classmethod
    def open_fast(
        cls, path: Path, *, backup: bool = False, prefetch: storage.Prefetch[bytes] | None = None
    ) -> tuple[ContactStore, Callable[[], None]]:
        """Like open, but the full validation of a large file runs in a forked child.

        Returns the store and a function to call before using it for real: it raises
        DataFileError if any document is invalid. Call before starting any other
        thread (a `prefetch` of the file's bytes is joined first).
        """
        raw, sig = prefetch.result() if prefetch is not None else storage.read_bytes(path)
        data = storage.parse(path, raw, sig)
        if raw is None or not can_fork() or len(raw) < FORK_FROM_BYTES:
            return cls(path, data, backup=backup), lambda: None

        tables = data.tables

        def check_all() -> str | None:  # in the child: the documents parsed before the
            # fork, shared with the parent, not parsed again (150 ms, 14 MB at 100,000)
            return first_problem(path, tables)

        check: ForkedCheck | None = ForkedCheck(check_all)
        try:
            store = cls(path, data, backup=backup, checked=True)
        except DataFileError:
            assert check is not None
            check.result()  # reap the child
            raise
        del raw, data

        def confirm() -> None:
            nonlocal check, tables
            if check is None:
                return
            problem = check.result()
            check, tables = None, {}  # nothing here keeps the file's bytes (release_bytes)
            if problem:
                raise DataFileError(path, problem)

        return store, confirm

    @classmethod
    def later(cls, path: Path, *, backup: bool = False) -> ContactStore:
        """An empty store for the app to show its first screen with (from the
        snapshot the last session left, see uistate) while `fill` reads the file on
        a thread. Until filled it holds nothing and never touches the file."""
        store = cls(path, FileData(storage.empty_tables(), None), backup=backup)
        store._loading = True
        return store

    def fill(self) -> None:
        """Read, check and decode the file into this `later` store (raises
        DataFileError). The validation runs in a forked child meanwhile: it only
        reads the documents this thread parsed, and leaves with os._exit."""
        loaded, confirm = ContactStore.open_fast(self.path, backup=self._backup)
        confirm()
        with self._lock:
            vars(self).update(vars(loaded))
            self._loading = False

    @property
    def signature(self) -> storage.Signature | None:
        """The file's signature as last read or written here."""
        return self._known_sig

    # --- reading -------------------------------------------------------------

    def release_bytes(self) -> int:
        """Let go of the file's bytes: each contact is read back from the file when
        needed (see _State.release); for a long session, once the first screen is
        up. Returns how many documents are now read back from the file."""
        with self._lock:
            return self._state.release(self.path)

    @property
    def cards(self) -> dict[str, Card]:
        return self._state.cards

    @property
    def order(self) -> dict[str, str]:
        """Each card's board order but for the day (see rules.order_key): worked out
        while decoding, and again only for a card that changes."""
        with self._lock:
            state = self._state
            if state.order is None:
                state.order = {uid: order_key(card) for uid, card in state.cards.items()}
            return state.order

    def reread(self) -> None:
        """The file the documents are read back from was rewritten in place (by a
        program that neither takes the lock nor replaces the file): read it again
        now, as a sync would. The next sync reads it once more and reports the
        reload, so that the screens show it."""
        with self._lock:
            known = self._known_sig
            self._adopt(storage.read_file(self.path))
            self._known_sig = known

    def _retry(self, read: Callable[[], _T]) -> _T:
        try:
            return read()
        except storage.StaleFile:
            self.reread()
            return read()

    def contact(self, uid: str) -> Contact:
        """The contact as shown: controls in text from elsewhere are left out."""
        return shown_contact(self._raw(CONTACTS, uid))

    def contacts(self) -> list[tuple[str, Contact]]:
        """Every contact as shown, each validated (raises DataFileError)."""
        return self._retry(self._contacts)

    def _contacts(self) -> list[tuple[str, Contact]]:
        state = self._state
        found = []
        for uid, doc_id in state.ids.get(CONTACTS, {}).items():
            try:
                found.append((uid, self.contact(uid)))
            except (msgspec.ValidationError, msgspec.DecodeError) as error:
                raw = state.raw(CONTACTS, doc_id)
                raise DataFileError(self.path, _problem(CONTACTS, doc_id, raw, error)) from error
        return found

    def doc(self, uid: str, table: str = CONTACTS) -> Doc:
        return _decode_doc(self._raw(table, uid))

    def docs(self, table: str) -> dict[str, Doc]:
        """A table's documents as shown (see `contact`)."""

        def shown() -> dict[str, Doc]:
            state = self._state
            ids = state.ids.get(table, {})
            return {uid: _shown(state.raw(table, doc_id)) for uid, doc_id in ids.items()}

        return self._retry(shown)

    def settings(self) -> Settings:
        docs = self.docs("settings")
        return msgspec.convert(docs["settings"], Settings) if "settings" in docs else Settings()

    def warm_paths(self, target_uid: str) -> list[tuple[Card, bool]]:
        """Connected contacts recorded as knowing the target (see rules.warm_paths)."""
        return warm_paths(target_uid, self._knowers(target_uid))

    def known_by(self, target_uid: str) -> list[tuple[Card, Link]]:
        """Every contact (any stage, archived too) recorded as knowing the target."""
        return [
            (card, link)
            for card in self._knowers(target_uid)
            for link in card.knows
            if link.uid == target_uid
        ]

    def _knowers(self, target_uid: str) -> list[Card]:
        index = self._warm_index
        if index is None:
            index = {}
            for card in list(self._state.cards.values()):
                for link in card.knows:
                    index.setdefault(link.uid, []).append(card)
            self._warm_index = index
        return index.get(target_uid, [])

    @property
    def facts_ready(self) -> bool:
        """Whether agenda_facts() answers at once (a copy, no decoding)."""
        return self._facts is not None

    def agenda_facts(self) -> list[Facts]:
        """Every contact's agenda facts (see domain/agenda.py); safe from any thread.

        The first call decodes every contact (0.4 s at 30,000); later calls cost
        a copy of the list, since each change updates its own contact's facts."""
        from networking_tui.domain.agenda import facts

        while True:
            with self._lock:
                if self._facts is not None:
                    return list(self._facts.values())
                state = self._state
                self._facts_changed = set()
            read = state.reader()
            docs, ids = state.tables.get(CONTACTS, {}), state.ids.get(CONTACTS, {})
            try:
                built = {
                    uid: facts(uid, self._shown_contact(state, uid, read(docs[ids[uid]])))
                    for uid in list(state.cards)
                }
            except storage.StaleFile:
                self.reread()
                continue
            with self._lock:
                if self._state is not state:
                    continue  # reloaded from disk meanwhile: work them out again
                for uid in self._facts_changed or ():
                    if uid in state.cards:
                        built[uid] = facts(uid, self._shown_contact(state, uid))
                    else:
                        built.pop(uid, None)
                self._facts, self._facts_changed = built, None
                self._facts_log, self._facts_generation = [], self._facts_generation + 1
                return list(built.values())

    def agenda_facts_marked(self) -> tuple[list[Facts], tuple[int, int]]:
        """agenda_facts(), and a mark of the moment for agenda_facts_since."""
        while True:
            self.agenda_facts()  # worked out first if need be
            with self._lock:
                if self._facts is not None:
                    mark = (self._facts_generation, len(self._facts_log))
                    return list(self._facts.values()), mark

    def agenda_facts_since(
        self, mark: tuple[int, int]
    ) -> tuple[dict[str, Facts | None] | None, tuple[int, int]]:
        """The facts of the contacts changed since `mark` (None: gone), and the mark
        of now: no walk of every contact's facts. None in place of them when that is
        not known (the facts were worked out anew since, after a reload)."""
        with self._lock:
            if self._facts is None or mark[0] != self._facts_generation:
                return None, mark
            log, facts = self._facts_log, self._facts
            return {uid: facts.get(uid) for uid in log[mark[1] :]}, (mark[0], len(log))

    def _changed_contact(self, state: _State, uid: str, old: Card | None) -> None:
        """Keep the indexes current for one changed contact (lock held); `old` is
        its card before the change."""
        if state is not self._state:
            return  # a state being built from a reload: its indexes are built anew
        new = state.cards.get(uid)
        if (old is not None and old.knows) or (new is not None and new.knows):
            self._warm_index = None  # its cards (their stage, their links) changed
        if self._identities is not None:
            if old is not None:
                self._identities.discard(old)
            if new is not None:
                self._identities.add(new)
        if self._names is not None:
            if new is not None:
                self._names.add(new)
            else:
                self._names.discard(uid)
        if self._facts_changed is not None:
            self._facts_changed.add(uid)
        if self._facts is not None:
            self._facts_log.append(uid)
            if uid in state.cards:
                from networking_tui.domain.agenda import facts

                self._facts[uid] = facts(uid, self._shown_contact(state, uid))
            else:
                self._facts.pop(uid, None)

    def _shown_contact(self, state: _State, uid: str, raw: Raw | None = None) -> Contact:
        """A contact for the agenda: its name as the board shows it."""
        if raw is None:
            raw = state.raw(CONTACTS, state.ids[CONTACTS][uid])
        contact = _CONTACT.decode(raw)
        name = state.cards[uid].name
        return contact if contact.name == name else msgspec.structs.replace(contact, name=name)

    def identities(self) -> Identities:
        """Contacts by name and handle, for duplicate checks: built on first use,
        then kept current by each change (and built again after a reload)."""
        with self._lock:
            if self._identities is None:
                self._identities = Identities(list(self._state.cards.values()))
            return self._identities

    def names(self) -> NameIndex:
        """Contacts by name (archived too, left out unless asked for), for finding
        one as a person types: built on first use, then kept current by each change
        (and built again after a reload)."""
        with self._lock:
            if self._names is None:
                self._names = NameIndex(list(self._state.cards.values()))
            return self._names

    def each_contact(self, fn: Callable[[str, Raw], _T]) -> list[_T]:
        """`fn(uid, document as stored)` for every contact, in file order, safe on
        another thread: one document read back at a time, never all of them at once
        (200 MB at 100,000 contacts)."""

        def each() -> list[_T]:
            held, read = self.contacts_held()
            return [fn(uid, read(h)) for uid, h in held.items()]

        return self._retry(each)

    def contacts_held(self) -> tuple[dict[str, Held], Callable[[Held], Raw]]:
        """Each contact's document as held, by uid (a copy, safe to read on another
        thread), and how to read one's bytes: an index re-reads only those that
        changed, as a change holds a new object (see search.SearchIndex.refresh)."""
        with self._lock:
            state = self._state
            docs = state.tables.get(CONTACTS, {})
            held = {uid: docs[doc_id] for uid, doc_id in state.ids.get(CONTACTS, {}).items()}
        return held, state.reader()

    def mentioning(self, uid: str, table: str = CONTACTS) -> dict[str, Doc]:
        """The documents of `table` (other than `uid` itself) whose text holds `uid`:
        a cheap sieve for the few that may link to it, before decoding them."""
        return self._retry(lambda: self._mentioning(uid, table))

    def _mentioning(self, uid: str, table: str) -> dict[str, Doc]:
        needle = uid.encode()
        state = self._state
        read = state.reader()
        found = {}
        for other, doc_id in state.ids.get(table, {}).items():
            raw = read(state.tables[table][doc_id])
            if other != uid and needle in bytes(raw):
                found[other] = _decode(raw)
        return found

    def file_bytes(self) -> bytes:
        """The whole file as a save would write it now: every table, as stored."""

        def whole() -> bytes:
            with self._lock:
                state = self._state
                snapshot = state.snapshot()
            return b"".join(storage.encode_tables(snapshot, state.backing))

        return self._retry(whole)

    def _raw(self, table: str, uid: str) -> Raw:
        def raw() -> Raw:
            state = self._state
            return state.raw(table, state.ids[table][uid])

        return self._retry(raw)

    def __contains__(self, uid: str) -> bool:
        return uid in self._state.cards

    @property
    def pending(self) -> int:
        return len(self._pending) + (1 if self._needs_write else 0)

    def disk_changed(self) -> bool:
        return storage.signature(self.path) != self._known_sig

    # --- changing ------------------------------------------------------------

    def update(self, uid: str, fn: Any, label: str, table: str = CONTACTS) -> Change:
        """Change one existing document with `fn(doc) -> doc` (brought back if
        another writer deleted it meanwhile: the change wins)."""
        return self.apply(table, uid, updating(fn, self._current(table, uid)), label)

    def insert(self, doc: Doc, label: str, table: str = CONTACTS) -> Change:
        uid = doc.get("uid") or new_uid()
        return self.apply(table, uid, inserting({**doc, "uid": uid}), label)

    def apply(self, table: str, uid: str, op: Op, label: str, *, undoable: bool = True) -> Change:
        with self._lock:
            ran = _Ran(None, None)
            after = self._retry(lambda: self._run(self._state, table, uid, op, ran))
            self._pending.append((table, uid, op, ran))
            change = Change(table, uid, label, ran.before, after, ran=ran)
            if undoable:
                self._undo.append(change)
                del self._undo[:-UNDO_DEPTH]
            self.version += 1
            return change

    def apply_all(self, steps: list[tuple[str, str, Op]], label: str) -> Change:
        """Several documents changed as one step (an event and the people it sets
        a follow-up for): one undo reverts them all. Returns the first document's
        change, with the others as its `parts`."""
        with self._lock:
            changes = [self.apply(t, uid, op, label, undoable=False) for t, uid, op in steps]
            change = replace(changes[0], parts=tuple(changes[1:]))
            self._undo.append(change)
            del self._undo[:-UNDO_DEPTH]
            return change

    def undo(self) -> Change | None:
        """Revert the latest change still on the undo stack; returns it, or None."""
        with self._lock:
            if not self._undo:
                return None
            change = self._undo.pop()
            at = clock.stamp(clock.now())
            kept: list[str] = []
            for part in (change, *change.parts):
                ran = part.ran
                assert ran is not None  # every Change comes from apply
                current = self._current(part.table, part.uid)
                kept += [k for k in kept_since(ran.before, ran.after, current) if k not in kept]
                op = _reverting_last_run(ran, at)
                self.apply(part.table, part.uid, op, f"undo {change.label}", undoable=False)
            return replace(change, kept=tuple(kept))

    def _get(self, state: _State, table: str, uid: str) -> Doc | None:
        doc_id = state.ids.get(table, {}).get(uid)
        return None if doc_id is None else _decode(state.raw(table, doc_id))

    def _current(self, table: str, uid: str) -> Doc | None:
        """The document as it is now, in the state in use (read again first if its
        file was rewritten in place: then the state in use is another one)."""
        return self._retry(lambda: self._get(self._state, table, uid))

    def _run(
        self, state: _State, table: str, uid: str, op: Op, ran: _Ran | None = None
    ) -> Doc | None:
        """Apply `op` to one document of `state`, validating the result; the fields
        it changes are stamped, a deletion leaves a tombstone (domain/merge.py).
        `ran` is told the document before and after (after only once valid)."""
        before = self._get(state, table, uid)
        after = op(before)
        if ran is not None:
            ran.before, ran.after = before, None
        ids = state.ids.setdefault(table, {})
        docs = state.tables.setdefault(table, {})
        doc_id = ids.get(uid)
        if after is None:
            if doc_id is not None:
                state.removing(table, doc_id)
                del docs[doc_id], ids[uid]
                if table == CONTACTS:
                    if state.order is not None:
                        state.order.pop(uid, None)
                    self._changed_contact(state, uid, state.cards.pop(uid, None))
                if table in merge.MERGED_TABLES:
                    _, grave = merge.recorded(before, None, uid, table, self.clock)
                    if grave is not None:
                        self._run(state, merge.DELETED, grave["uid"], lambda _: grave)
            return None
        if table in merge.MERGED_TABLES and after is not before:
            after, _ = merge.recorded(before, after, uid, table, self.clock)
            assert after is not None
            key = f"{table}:{uid}"
            if before is None and key in state.ids.get(merge.DELETED, {}):
                self._run(state, merge.DELETED, key, lambda _: None)  # back: not deleted
        raw = Raw(_encode(after))
        # Cleaning walks every string (a millisecond for a contact with ten touches):
        # only when the bytes show something that could need it.
        if table in VALIDATED and may_be_unclean(bytes(raw)):
            after = clean_tree(after, block_keys=BLOCK_KEYS)
            raw = Raw(_encode(after))
        parsed = _validate(table, raw)  # a bug or a bad value raises before memory changes
        if doc_id is None:
            doc_id = state.new_id(table)
            ids[uid] = doc_id
        state.changing(table, doc_id)
        docs[doc_id] = raw
        if isinstance(parsed, Contact):
            old = state.cards.get(uid)
            state.cards[uid] = card = shown_card(card_from(uid, parsed))
            if state.order is not None:
                state.order[uid] = order_key(card)
            self._changed_contact(state, uid, old)
        if ran is not None:
            ran.after = after
        return after

    # --- syncing with the file ----------------------------------------------

    def sync(self, *, lock_held: bool = False) -> SyncResult:
        """Make the file and memory agree; safe to call from any one thread at a time.

        `lock_held`: the caller holds the file lock already (a shell command that
        checked the file under it, see shell.py); the lock is not re-entrant."""
        if self._loading:  # nothing read yet: nothing to save, nothing to compare
            return SyncResult(pending=self.pending)
        try:
            with contextlib.nullcontext() if lock_held else storage.locked(self.path):
                return self._sync_locked()
        # What went wrong, not what happens next: the app keeps the changes and
        # retries, a shell command gives up (each caller says which).
        except SaveError as error:
            return SyncResult(error=str(error), pending=self.pending)
        except DataFileError as error:
            return SyncResult(
                error=f"the file was changed by another program and cannot be read now "
                f"({error.problem})",
                pending=self.pending,
            )
        except OSError as error:
            return SyncResult(error=str(storage.cannot(self.path, error)), pending=self.pending)

    def _sync_locked(self) -> SyncResult:
        reloaded = False
        disk_sig = storage.signature(self.path)
        if disk_sig is not None and disk_sig != self._known_sig:
            fresh = storage.read_file(self.path)
            self._adopt(fresh)
            reloaded = True
        with self._lock:
            if not self._pending and not self._needs_write and disk_sig is not None:
                return SyncResult(reloaded=reloaded)
            state = self._state
            snapshot, layouts = state.snapshot(), state.layouts_now()
            count = len(self._pending)
        storage.remove_stale_temporaries(self.path)
        keep = storage.backup_path(self.path) if self._backup else None
        backup_error, kept = self._daily_backup()
        try:
            sig = storage.write_atomic(
                self.path, storage.encode_pieces(snapshot, state.backing, layouts), keep_old_as=keep
            )
        except BaseException:
            if kept is not None:  # a link to the file still in place: not a backup
                kept.unlink(missing_ok=True)
            raise
        self._backup = False
        with self._lock:
            del self._pending[:count]
            self._needs_write = False
            self._known_sig = sig
            return SyncResult(
                wrote=True, reloaded=reloaded, pending=self.pending, backup_error=backup_error
            )

    def _daily_backup(self) -> tuple[str | None, Path | None]:
        """Keep the file as it is before its first write of the day: (why it
        failed, the backup made). A failure never stops the save, it is reported."""
        if not self.daily_backups:
            return None, None
        try:
            return None, backups.daily(self.path, clock.today(), replacing=True)
        except OSError as error:
            where = backups.folder(self.path)
            return f"no backup today: cannot write in {where} ({error.strerror or error})", None

    def absorb_conflicts(self) -> SyncResult:
        """Merge the sync engine's conflict copies of the file into it (data/
        conflicts.py); each is put away in backups/ once the merged file is on disk.
        A copy that does not read is left, and not read again until it changes."""
        found = {copy: storage.signature(copy) for copy in conflicts.conflict_copies(self.path)}
        names = {copy.name for copy in found}
        self._unreadable = {n: v for n, v in self._unreadable.items() if n in names}
        copies = [c for c, sig in found.items() if self._to_read(c.name, sig)]
        if not copies:
            return SyncResult(pending=self.pending, unreadable=self._still_unreadable())
        merged: list[str] = []
        unmerged: list[str] = []
        try:
            with storage.locked(self.path):
                first = self._sync_locked()  # what we have queued is on disk first
                for copy in copies:
                    try:
                        other = conflicts.read_copy(copy)
                    except DataFileError as error:
                        unmerged.append(f"{copy.name}: {error.problem}")
                        self._unreadable[copy.name] = (found[copy], error.problem)
                        continue
                    self._unreadable.pop(copy.name, None)
                    with self._lock:
                        mine = conflicts.decoded(self._state.materialized())
                        tables = merge.merge_tables(mine, other)
                        # What is changed here next comes after what was seen there,
                        # even when the other machine's clock runs ahead.
                        self.clock.observe(merge.newest_stamp(other))
                        state = self._build(conflicts.encoded(tables))
                        self._replace_state(state)
                        snapshot = state.snapshot()
                    self._known_sig = storage.write_atomic(
                        self.path, storage.encode_pieces(snapshot, state.backing)
                    )
                    conflicts.put_away(copy, self.path)
                    merged.append(copy.name)
        except (SaveError, DataFileError, OSError) as error:
            return SyncResult(
                error=f"could not merge {copies[0].name}: {error}",
                pending=self.pending,
                unreadable=self._still_unreadable(),
            )
        return SyncResult(
            wrote=bool(merged) or first.wrote,
            reloaded=bool(merged) or first.reloaded,
            pending=self.pending,
            merged=tuple(merged),
            unmerged=tuple(unmerged),
            unreadable=self._still_unreadable(),
        )

    def _to_read(self, name: str, sig: storage.Signature | None) -> bool:
        """A copy not known to be unreadable, or changed since it was found so."""
        known = self._unreadable.get(name)
        return known is None or known[0] != sig

    def _still_unreadable(self) -> tuple[tuple[str, str], ...]:
        return tuple((name, why) for name, (_, why) in sorted(self._unreadable.items()))

    def _adopt(self, fresh: FileData) -> None:
        """Take another program's version of the file and re-apply our queued changes."""
        state = self._build(fresh.tables)  # the slow part, outside the memory lock
        state.source, state.signature = fresh.source, fresh.signature
        state.release(self.path)
        with self._lock:
            for table, uid, op, ran in self._pending:
                self._run(state, table, uid, op, ran)
            self._replace_state(state)
            self._known_sig = fresh.signature
            if fresh.migrated_from is not None:  # another program wrote an old schema
                self._needs_write = self._backup = True

    def _replace_state(self, state: _State) -> None:
        """Another version of the file in memory (lock held): the indexes kept per
        change are built again on their next use."""
        self._state = state
        self._facts = self._identities = self._names = self._warm_index = None
        self.version += 1

    def _build(self, tables: Tables, *, full: bool = True, board: bool = True) -> _State:
        ids: dict[str, dict[str, str]] = {}
        cards: dict[str, Card] = {}
        order: dict[str, str] | None = {} if board else None
        for table, docs in tables.items():
            if table == CONTACTS and not full:
                ids[table] = self._cards_only(docs, cards, order)
                continue
            table_ids: dict[str, str] = {}
            for doc_id, raw in docs.items():
                try:
                    try:
                        parsed = _validate(table, raw)
                    except msgspec.ValidationError:
                        if table != CONTACTS:
                            raise
                        raw = _lenient(docs, doc_id, raw)
                        parsed = _validate(table, raw)
                except (msgspec.ValidationError, msgspec.DecodeError) as error:
                    raise DataFileError(self.path, _problem(table, doc_id, raw, error)) from error
                uid = _uid_of(parsed, raw, doc_id)
                self._check_unique(table, table_ids, uid, doc_id)
                table_ids[uid] = doc_id
                if isinstance(parsed, Contact):
                    cards[uid] = shown_card(card_from(uid, parsed))
            ids[table] = table_ids
        if full and board:
            order = {uid: order_key(card) for uid, card in cards.items()}
        return _State(cast(Stored, tables), ids, cards, order)

    def _cards_only(
        self, docs: dict[str, Raw], cards: dict[str, Card], order: dict[str, str] | None
    ) -> dict[str, str]:
        """The start-up path: decode each contact's board fields, in a tight loop,
        and work out each card's order on the board once (unless `order` is None)."""
        decode = _CARD.decode
        table_ids: dict[str, str] = {}
        doc_id, raw = "", Raw(b"")
        try:
            for doc_id, raw in docs.items():
                try:
                    card = decode(raw)
                except msgspec.ValidationError:
                    raw = _lenient(docs, doc_id, raw)
                    card = decode(raw)
                card = board_card(card, doc_id)
                uid = cast(str, card.uid)
                if uid in table_ids:
                    self._check_unique(CONTACTS, table_ids, uid, doc_id)
                table_ids[uid] = doc_id
                cards[uid] = card
                if order is not None:
                    order[uid] = order_key(card)
        except (msgspec.ValidationError, msgspec.DecodeError) as error:
            raise DataFileError(self.path, _problem(CONTACTS, doc_id, raw, error)) from error
        return table_ids

    def _check_unique(self, table: str, ids: dict[str, str], uid: str, doc_id: str) -> None:
        if uid in ids:
            raise DataFileError(
                self.path,
                f"documents {ids[uid]} and {doc_id} of table {table} share the uid {uid!r}",
            )


_C = TypeVar("_C")


def _reverting_last_run(ran: _Ran, at: str) -> Op:
    """The undo of a queued change, as it was last applied (see `_Ran`)."""

    def op(current: Doc | None) -> Doc | None:
        return reverting(ran.before, ran.after, at)(current)

    return op


class FileOf(msgspec.Struct, Generic[_C], forbid_unknown_fields=True):
    """The file in one pass, each contact decoded as `_C` (the fields a shell
    command or the first screen reads), the other tables kept as they are. Only the
    tables the app writes: another one is a file to read the store's way."""

    meta: dict[str, Raw] = msgspec.field(default_factory=dict, name="_meta")
    contacts: dict[str, _C] = msgspec.field(default_factory=dict)
    events: dict[str, Raw] = msgspec.field(default_factory=dict)
    settings: dict[str, Raw] = msgspec.field(default_factory=dict)
    templates: dict[str, Raw] = msgspec.field(default_factory=dict)
    deleted: dict[str, Raw] = msgspec.field(default_factory=dict, name=merge.DELETED)

    def current(self, path: Path) -> bool:
        """Whether it is of the schema the app writes now (raises DataFileError)."""
        return storage._schema_of(path, {"_meta": self.meta}) == SCHEMA_VERSION

    def joined(self, other: FileOf[_C]) -> FileOf[_C] | None:
        """The tables but the contacts of this half of a file and the `other`
        (data/halves.py); None if a table is in both (the cut was not in the
        contacts)."""
        joined = FileOf[_C]()
        for name in FileOf.__struct_fields__:
            if name != "contacts":
                mine, theirs = getattr(self, name), getattr(other, name)
                if mine and theirs:
                    return None
                setattr(joined, name, mine or theirs)
        return joined

    def others(self, path: Path, sig: storage.Signature) -> ContactStore:
        """The tables but the contacts, checked and shown as the store does (they
        are small); raises DataFileError."""
        tables: Tables = {"_meta": self.meta, CONTACTS: {}, "events": self.events}
        tables.update(settings=self.settings, templates=self.templates)
        tables[merge.DELETED] = self.deleted
        return ContactStore(path, FileData(tables, sig), checked=True, board=False)


def refuse_unreadable(path: Path) -> None:
    """Raise DataFileError if the file at `path` does not read, when it has no lock
    file yet: a command refused on a bad file then creates nothing. Once the lock
    file is there, the file has been read by the app or a command under the lock,
    which says what is wrong with it then (a full read here costs most of a second
    at 30,000 contacts)."""
    if storage.exists(path) and not storage.lock_path(path).exists():
        ContactStore.open(path)


def board_card(card: Card, doc_id: str) -> Card:
    """A card decoded from document `doc_id` as the store keeps it: its text shown
    (rarely cleaned: checked cheaply first), and a uid (else its id in the file)."""
    if not f"{card.name}{card.where_met or ''}{card.objective or ''}".isprintable():
        card = shown_card(card)
    if not card.uid:
        card = msgspec.structs.replace(card, uid=f"#{doc_id}")
    return card


def shown_contact(raw: Raw) -> Contact:
    """A contact document as shown: controls in text from elsewhere are left out."""
    contact = _CONTACT.decode(raw)
    if may_be_unclean(bytes(raw)):
        doc = clean_tree(msgspec.to_builtins(contact), block_keys=BLOCK_KEYS)
        doc["name"] = doc["name"].strip() or UNNAMED
        contact = msgspec.convert(doc, Contact)
    return contact


def shown_card(card: Card) -> Card:
    """The card with controls left out of its text (rare: checked cheaply first)."""
    fields = {"name": card.name, "objective": card.objective, "where_met": card.where_met}
    fields["nickname"] = card.nickname
    dirty = {k: v for k, v in fields.items() if v and not v.isprintable() and not is_clean(v)}
    if not dirty:
        return card
    clean = clean_tree(dirty)
    if "name" in clean:
        clean["name"] = clean["name"].strip() or UNNAMED
    return msgspec.structs.replace(card, **clean)


def _decode_doc(raw: Raw) -> Doc:
    """A document of a validated table: always a JSON object (see first_problem)."""
    doc: Doc = _decode(raw)
    return doc


def _shown(raw: Raw) -> Doc:
    doc = _decode_doc(raw)
    return clean_tree(doc, block_keys=BLOCK_KEYS) if may_be_unclean(bytes(raw)) else doc


def first_problem(path: Path, tables: Tables) -> str | None:
    """Validate every document; the first invalid one's description, or None."""
    for table in VALIDATED.keys() & tables.keys():
        for doc_id, raw in tables[table].items():
            try:
                _validate(table, raw)
            except (msgspec.ValidationError, msgspec.DecodeError) as error:
                return _problem(table, doc_id, raw, error)
    return None


def _lenient(docs: dict[str, Raw], doc_id: str, raw: Raw) -> Raw:
    """The contact with a priority in words as a number (kept in `docs`, so it is
    saved so); unchanged when that is not its problem (then it is reported)."""
    fixed = lenient_contact(raw)
    if fixed is None:
        return raw
    docs[doc_id] = fixed
    return fixed


def _validate(table: str, raw: Raw) -> Any:
    struct = VALIDATED.get(table)
    if struct is None:
        return None
    if struct is Contact:
        return _CONTACT.decode(raw)
    return _decode(raw, type=struct)


def _uid_of(parsed: Any, raw: Raw, doc_id: str) -> str:
    uid = getattr(parsed, "uid", None)
    if uid is None and parsed is None:
        doc = _decode(raw)
        uid = doc.get("uid") if isinstance(doc, dict) else None
    # A document without a uid (written by hand) is known by its id in the file.
    return uid if isinstance(uid, str) and uid else f"#{doc_id}"


def _problem(table: str, doc_id: str, raw: Raw, error: Exception) -> str:
    name = ""
    try:
        doc = _decode(raw)
        if isinstance(doc, dict) and isinstance(doc.get("name"), str) and doc["name"].strip():
            name = f" ({doc['name']})"
    except msgspec.DecodeError:
        pass
    text = str(error).replace(" - at `$", " at `")
    text = text.replace("Invalid enum value", "unknown value")
    text = text.replace("Expected `str` of length >= 1", "it is empty")
    return f"document {doc_id}{name} of table {table} is not valid: {text}"
