"""What a person does to a contact (log, edit, archive, message, links), as app methods.

Every flow ends in `self.changed(change)`: the one path that shows a change and
queues it for the disk. The board, the contact view and (later) the agenda all
call these, so a key means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pendulum

from networking_tui.data.store import CONTACTS, Change
from networking_tui.domain import changes, clock, events
from networking_tui.domain.capture import (
    CaptureError,
    LogLine,
    QuickAdd,
    apply_log,
    candidates,
    describe,
    duplicates,
    merged,
    onto_existing,
    tell_apart,
    to_doc,
    too_early_to_ask,
    who_is,
)
from networking_tui.domain.changes import Doc, Op, new_uid
from networking_tui.domain.model import STAGE_TITLES, Card, first_name
from networking_tui.domain.rules import a_touch
from networking_tui.domain.templates import (
    INTRODUCTION_REQUEST,
    Template,
    all_templates,
    fitting,
    objective_phrase,
)
from networking_tui.ui import clipboard, screens

if TYPE_CHECKING:
    from textual.app import App

    from networking_tui.data.store import ContactStore, SyncResult
    from networking_tui.ui.screens.compose import Message
    from networking_tui.ui.screens.link import LinkChoice
    from networking_tui.ui.screens.log import Touch

    _Base = App[None]
else:
    _Base = object


Then = Callable[[Change | None], None] | None  # told what came of a flow (None: nothing)


class ContactActions(_Base):
    """Mixed into the App, which provides `store` and `changed`."""

    store: ContactStore
    fresh_adds: dict[str, QuickAdd]

    if TYPE_CHECKING:

        def changed(self, change: Change, *, focus: bool = True) -> None: ...

    def _stamp(self) -> str:
        return clock.stamp(clock.now())

    # --- log -------------------------------------------------------------------

    def open_log(self, uid: str, kind: str | None = None, then: Then = None) -> None:
        contact = self.store.contact(uid)

        def done(touch: Touch | None) -> None:
            change = None
            if touch is not None:
                change = self.log_touch(uid, touch.kind, touch.at, touch.note)
            tell(then, change)

        self.push_screen(screens.LogScreen(contact.name, contact.stage, kind), done)

    def log_touch(self, uid: str, kind: str, at: Any, note: str) -> Change:
        stamp = self._stamp()
        return self._log(uid, kind, lambda d: changes.logged(d, kind, at, note, stamp), stamp)

    def _log(self, uid: str, kind: str, log: Callable[[Doc], Doc], stamp: str) -> Change:
        """Log a touch (`log` adds it and reschedules), keep the follow-ups events
        set, show it, and say what the next touch now is."""
        name = self.store.cards[uid].name
        follow = self._event_follow_ups(uid, stamp)
        change = self.store.update(uid, lambda d: follow(log(d)), f"log a {kind} with {name}")
        self.changed(change)
        due = (change.after or {}).get("next_touch")
        self.notify(f"Logged {a_touch(kind)} with {name}." + (f" Next touch {due}." if due else ""))
        return change

    def _event_follow_ups(self, uid: str, stamp: str) -> Callable[[Doc], Doc]:
        return events.after_log(uid, self.store.docs("events"), clock.today(), stamp)

    # --- edit ------------------------------------------------------------------

    def open_edit(self, uid: str, then: Then = None) -> None:
        def done(fields: dict[str, Any] | None) -> None:
            change = self.save_fields(uid, fields) if fields is not None else None
            tell(then, change)

        self.push_screen(screens.EditScreen(self.store, uid), done)

    def save_fields(self, uid: str, fields: dict[str, Any]) -> Change | None:
        stamp = self._stamp()
        before = self.store.doc(uid)
        after = changes.with_fields(before, fields, stamp)
        if {**after, "updated_at": None} == {**before, "updated_at": None}:
            self.notify("Nothing changed.")
            return None
        name = fields.get("name") or before["name"]
        change = self.store.update(
            uid, lambda d: changes.with_fields(d, fields, stamp), f"edit {name}"
        )
        self.changed(change)
        return change

    # --- archive and delete ------------------------------------------------------

    def set_archived(self, uid: str, archived: bool) -> Change:
        name = self.store.cards[uid].name
        label = f"{'archive' if archived else 'unarchive'} {name}"
        stamp = self._stamp()
        change = self.store.update(
            uid, lambda d: changes.with_fields(d, {"archived": archived}, stamp), label
        )
        self.changed(change, focus=not archived)
        verb = "Archived" if archived else "Back on the board:"
        hint = " (Ctrl+Z brings them back; A lists the archive)" if archived else ""
        self.notify(f"{verb} {name}{hint}.")
        return change

    def links_to(self, uid: str) -> tuple[list[str], list[str], list[str]]:
        """Who was introduced by the contact, who knows them, and the events they
        are on (uids): what deleting them for good also removes."""
        introduced, knowers = [], []
        for other, doc in self.store.mentioning(uid).items():
            by, knows = changes.links_to(doc, uid)
            introduced += [other] if by else []
            knowers += [other] if knows else []
        events = self.store.mentioning(uid, "events")
        on = [e for e, doc in events.items() if uid in (doc.get("contacts") or [])]
        return introduced, knowers, on

    def delete_forever(self, uid: str) -> Change:
        """Delete a contact, and in the same undoable step every link to them (other
        contacts' introducer and "knows", events' people): none is left pointing
        at nobody."""
        name = self.store.cards[uid].name
        introduced, knowers, events = self.links_to(uid)
        stamp = self._stamp()
        steps: list[tuple[str, str, Op]] = [(CONTACTS, uid, lambda _: None)]
        for other in dict.fromkeys(introduced + knowers):
            steps.append(
                (CONTACTS, other, changes.updating(lambda d: changes.unlinked(d, uid, stamp)))
            )

        def off_event(doc: Doc) -> Doc:
            return {**doc, "contacts": [c for c in doc.get("contacts") or [] if c != uid]}

        steps += [("events", event, changes.updating(off_event)) for event in events]
        change = self.store.apply_all(steps, f"delete {name}")
        self.changed(change, focus=False)
        links = len(introduced) + len(knowers) + len(events)
        also = f" and {links} link{'s' if links != 1 else ''} to them" if links else ""
        self.notify(f"Deleted {name}{also}. Ctrl+Z brings it all back until you quit.")
        return change

    # --- links -----------------------------------------------------------------

    def open_link(self, uid: str) -> None:
        def done(choice: LinkChoice | None) -> None:
            if choice is not None:
                self.save_link(choice)

        self.push_screen(screens.LinkScreen(self.store, uid), done)

    def save_link(self, choice: LinkChoice) -> Change:
        """Record (or forget) that `choice.knower` knows `choice.known`: the link is
        stored on the knower, where a warm path looks for it."""
        cards = self.store.cards
        knower = cards[choice.knower].name
        known = cards[choice.known].name if choice.known in cards else "a deleted contact"
        stamp = self._stamp()

        def relink(doc: dict) -> dict:
            links = [k for k in doc.get("knows", []) if k.get("uid") != choice.known]
            if not choice.remove:
                links.append({"uid": choice.known, "may_mention": choice.may_mention})
            return changes.with_fields(doc, {"knows": links}, stamp)

        verb = "forget that" if choice.remove else "record that"
        change = self.store.update(choice.knower, relink, f"{verb} {knower} knows {known}")
        self.changed(change, focus=False)
        if choice.remove:
            self.notify(f"Forgot that {knower} knows {known} (Ctrl+Z brings it back).")
        else:
            agreed = "agreed" if choice.may_mention else "not yet agreed"
            self.notify(f"Recorded: {knower} knows {known} ({agreed} to be named).")
        return change

    # --- messages --------------------------------------------------------------

    def templates(self) -> list[Template]:
        return all_templates(self.store.docs("templates"))

    def save_template(self, uid: str | None, name: str, body: str, kind: str) -> Change:
        uid = uid or new_uid()
        doc = {"uid": uid, "name": name, "body": body, "kind": kind}

        def op(current: dict | None) -> dict:
            return doc

        change = self.store.apply("templates", uid, op, f"save template {name}")
        self.changed(change, focus=False)
        return change

    def delete_template(self, uid: str, name: str) -> Change:
        """Delete one's own template; for a shipped one, forget the edits to it."""
        change = self.store.apply("templates", uid, lambda _: None, f"delete template {name}")
        self.changed(change, focus=False)
        return change

    def _values(self, uid: str) -> dict[str, str | None]:
        contact = self.store.contact(uid)
        introducer = contact.introduced_by
        card = self.store.cards.get(introducer.uid) if introducer else None
        return {
            "first_name": first_name(contact.name),
            "where_met": contact.where_met,
            "common_ground": contact.common_ground,
            "objective": objective_phrase(contact.objective),
            "introducer": card.name if card else None,
        }

    def open_compose(
        self,
        uid: str,
        *,
        template: str | None = None,
        extra: dict[str, str | None] | None = None,
        note: str | None = None,
        then: Then = None,
    ) -> None:
        name = self.store.cards[uid].name
        values = {**self._values(uid), **(extra or {})}

        def done(message: Message | None) -> None:
            change = None
            if message is not None:
                self.notify(self.copy_text(message.text))
            if message is not None and message.log:
                text = note or _first_line(message.text)
                change = self.log_touch(uid, message.kind, clock.now(), text)
            tell(then, change)

        chosen = template or fitting(self.store.contact(uid))
        screen = screens.ComposeScreen(name, self.templates(), values, chosen)
        self.push_screen(screen, done)

    def copy_text(self, text: str) -> str:
        """Copy to the system clipboard if a tool for it is here, and through the
        terminal (OSC 52) in any case; returns what happened, in words."""
        tool = clipboard.copy(text)
        self.copy_to_clipboard(text)
        return clipboard.explain(tool)

    def ask_introduction(self, target_uid: str) -> None:
        """Compose an introduction request to a Connected contact who knows the target."""
        target = self.store.contact(target_uid)
        if target.stage not in ("stranger", "follower"):
            stage = STAGE_TITLES[target.stage]
            self.notify(f"{target.name} is {stage} already: write to them directly (m).")
            return
        paths = self.store.warm_paths(target_uid)
        if not paths:
            self.notify(f"No Connected contact is recorded as knowing {target.name}.")
            return

        def write_to(connector_uid: str | None) -> None:
            if connector_uid is None:
                return
            self.open_compose(
                connector_uid,
                template=INTRODUCTION_REQUEST,
                extra={"target": target.name, "objective": objective_phrase(target.objective)},
                note=f"asked for an introduction to {target.name}",
            )

        if len(paths) == 1:
            write_to(paths[0][0].uid)
            return
        options = [
            (card.uid, f"{card.name}" + ("" if agreed else " (has not agreed to be named)"))
            for card, agreed in paths
        ]
        self.push_screen(
            screens.ChoiceScreen(f"Who could introduce you to {target.name}?", options), write_to
        )

    # --- agenda: snooze, events, goals ----------------------------------------------

    def open_snooze(self, uid: str, then: Then = None) -> None:
        def done(day: Any) -> None:
            tell(then, self.snooze(uid, day) if day is not None else None)

        self.push_screen(screens.SnoozeScreen(self.store.cards[uid].name), done)

    def snooze(self, uid: str, day: Any) -> Change:
        name = self.store.cards[uid].name
        stamp = self._stamp()
        fields = {"next_touch": day.isoformat()}
        change = self.store.update(
            uid, lambda d: changes.with_fields(d, fields, stamp), f"snooze {name}"
        )
        self.changed(change, focus=False)
        self.notify(f"{name} snoozed until {day.format('ddd D MMM')}.")
        return change

    def open_event(self, uid: str | None = None) -> None:
        current = self.store.doc(uid, "events") if uid else None

        def done(doc: dict[str, Any] | None) -> None:
            if doc is not None:
                self.save_event(uid, doc)

        self.push_screen(screens.EventScreen(self.store, current), done)

    def save_event(self, uid: str | None, doc: dict[str, Any]) -> Change:
        """Save an event; the people linked to it get their follow-up the day after."""
        uid = uid or new_uid()
        event = {**doc, "uid": uid}
        change = self._change_event(uid, event, f"save event {doc['name']}")
        set_by_it = [
            after
            for part in change.parts
            if (after := part.after) and (after.get(events.FOLLOW_UP) or {}).get("event") == uid
        ]
        if set_by_it:
            names = ", ".join(after["name"] for after in set_by_it)
            when = pendulum.Date.fromisoformat(set_by_it[0]["next_touch"]).format("ddd D MMM")
            self.notify(f"Saved {doc['name']}. Follow up with {names} on {when}.")
        return change

    def confirm_delete_event(self, uid: str) -> None:
        """Delete an event, after a confirmation that names it."""
        event = self.store.doc(uid, "events")
        when = pendulum.Date.fromisoformat(event["date"]).format("ddd D MMM YYYY")

        def decide(confirmed: bool | None) -> None:
            if confirmed:
                self.delete_event(uid)

        reasons = [
            "The follow-ups it set go back to the dates they had before.",
            "Ctrl+Z brings it back.",
        ]
        title = f"Delete the event {event['name']} ({when})?"
        self.push_screen(screens.ConfirmScreen(title, reasons, yes="Delete"), decide)

    def delete_event(self, uid: str) -> Change:
        name = self.store.doc(uid, "events")["name"]
        change = self._change_event(uid, None, f"delete event {name}")
        self.notify(f"Deleted the event {name}. Ctrl+Z brings it back.")
        return change

    def _change_event(self, uid: str, event: Doc | None, label: str) -> Change:
        """Write (or delete) one event and, in the same undoable step, the next
        touch of everyone linked to it before or after (events.py)."""
        docs = self.store.docs("events")
        before = docs.pop(uid, None)
        if event is not None:
            docs[uid] = event
        after = events.events_from(docs)
        people = {*(before or {}).get("contacts", []), *(event or {}).get("contacts", [])}
        today, stamp = clock.today(), self._stamp()
        steps: list[tuple[str, str, Op]] = [("events", uid, lambda _: event)]
        for person in sorted(people):
            if person not in self.store:
                continue

            def follow(doc: Doc, person: str = person) -> Doc:
                return events.with_follow_ups(person, doc, after, today, stamp)

            current = self.store.doc(person)
            if follow(current) is not current:
                steps.append((CONTACTS, person, changes.updating(follow)))
        change = self.store.apply_all(steps, label)
        self.changed(change, focus=False)
        return change

    def open_goals(self) -> None:
        def done(values: dict[str, int] | None) -> None:
            if values is not None:
                self.save_settings(values)

        self.push_screen(screens.GoalsScreen(self.store.settings()), done)

    def save_settings(self, values: dict[str, int]) -> Change:
        def op(current: dict | None) -> dict:
            return {**(current or {}), **values, "uid": "settings"}

        change = self.store.apply("settings", "settings", op, "change the goals")
        self.changed(change, focus=False)
        return change

    # --- capture -----------------------------------------------------------------

    def open_quick_add(self, text: str = "") -> None:
        def matches(entry: QuickAdd) -> list[str]:
            found = duplicates(entry, self.store.identities())
            return [f"{c.name} (archived)" if c.archived else c.name for c in found]

        screen = screens.QuickAddScreen(matches, text)
        self.push_screen(screen, lambda entry: self._quick_added(entry, screen.typed))
        self.call_after_refresh(self.store.identities)  # built while the person types

    def _quick_added(self, entry: QuickAdd | None, typed: str) -> None:
        if entry is None:
            return
        matches = duplicates(entry, self.store.identities())
        if not matches:
            self._add_unless_too_early(entry, typed)
            return
        applied, left = onto_existing(entry)
        options = []
        for card in matches[:5]:
            uid, name = card.uid or "", card.name
            if card.archived:
                options.append((f"restore:{uid}", f"Restore {who_is(card)} and open it"))
            else:
                options.append((f"open:{uid}", f"Open {who_is(card)}"))
            if applied:
                verb = f"Restore {name} and add" if card.archived else f"Add this to {name}"
                options.append((f"merge:{uid}", f"{verb}: {', '.join(applied)}"))
        options.append(("create", f"Create another {entry.name} anyway"))
        title = f"{entry.name} may already be here"
        if applied and left:
            title += f"\n(adding this to them leaves out the {' and the '.join(left)})"

        def chosen(choice: str | None) -> None:
            if choice is None:  # Escape: back to the line, as typed
                self.open_quick_add(typed)
                return
            action, _, uid = choice.partition(":")
            if action == "create":
                self._add_unless_too_early(entry, typed)
            elif action == "open":
                self.open_contact(uid)
            elif action == "restore":
                self.set_archived(uid, False)
                self.open_contact(uid)
            else:
                self.add_onto(uid, entry)

        self.push_screen(screens.ChoiceScreen(title, options), chosen)

    def _add_unless_too_early(self, entry: QuickAdd, typed: str) -> None:
        """The Ask gate, for a person added straight into Ask; declined, back to the
        line as typed (to pick another stage, or Escape to drop it)."""
        reasons = too_early_to_ask(entry, clock.now())
        if not reasons:
            self.add_contact(entry)
            return

        def decide(confirmed: bool | None) -> None:
            if confirmed:
                self.add_contact(entry)
            else:
                self.open_quick_add(typed)

        title = f"Is it too early to ask {entry.name}?"
        question = screens.ConfirmScreen(
            title, reasons, yes="Add to Ask anyway", no="Back to the line"
        )
        self.push_screen(question, decide)

    def add_contact(self, entry: QuickAdd) -> Change:
        doc = to_doc(entry, clock.now())
        change = self.store.insert(doc, f"add {entry.name}")
        if not self._namesakes(change.uid, entry):
            self.fresh_adds[change.uid] = entry
        self.changed(change)
        self.show_on_board(change.uid)
        self.notify(f"Added {describe(entry, done=True)}.")
        return change

    def _namesakes(self, uid: str, entry: QuickAdd) -> list[Card]:
        return [c for c in duplicates(entry, self.store.identities()) if c.uid != uid]

    def recheck_adds(self, result: SyncResult) -> None:
        """After a reload: did a shell command add someone we added too, before our
        save? Both are kept (nothing is lost); the person is told, to archive one."""
        if result.reloaded:
            for uid, entry in list(self.fresh_adds.items()):
                others = self._namesakes(uid, entry) if uid in self.store else []
                if others:
                    del self.fresh_adds[uid]
                    self.notify(
                        f"{entry.name} was also added elsewhere meanwhile "
                        f"({'; '.join(who_is(c) for c in others)}): both are kept. "
                        "Archive one (x) if they are the same person.",
                        severity="warning",
                        timeout=15,
                    )
        if result.pending == 0 and result.error is None:
            self.fresh_adds.clear()  # on disk: a later shell add is checked against them

    def add_onto(self, uid: str, entry: QuickAdd) -> Change:
        """What a quick-add line says, onto a contact already here (and back on the
        board if archived)."""
        name = self.store.cards[uid].name
        now = clock.now()
        if self.store.cards[uid].archived:
            self.set_archived(uid, False)
        follow = self._event_follow_ups(uid, clock.stamp(now))
        change = self.store.update(uid, lambda d: follow(merged(d, entry, now)), f"add to {name}")
        self.changed(change)
        self.show_on_board(uid)
        applied, _ = onto_existing(entry)
        self.notify(f"{name}: {', '.join(applied)}.")
        return change

    def show_on_board(self, uid: str) -> None:
        """Back to the board with `uid` focused, closing the views over it (a contact,
        the agenda, the archive, the templates); a daily review or a form stays open,
        and the board shows the card when it is closed."""
        views = (
            screens.ContactScreen,
            screens.AgendaScreen,
            screens.ArchiveScreen,
            screens.TemplatesScreen,
        )
        while len(self.screen_stack) > 1 and isinstance(self.screen, views):
            self.pop_screen()
        self.board.focus_uid(uid)

    def open_log_line(self, text: str = "") -> None:
        store = self.store

        def who(name: str) -> list[Card]:
            return candidates(name, store.names(), store.contact)

        def done(entry: LogLine | None) -> None:
            if entry is None:
                return
            try:
                found = who(entry.who)  # the file may have been reloaded meanwhile
            except CaptureError as error:
                self.notify(str(error), severity="warning")
                self.open_log_line(screen.typed)
                return
            if len(found) == 1:
                self._log_line(found[0].uid or "", entry)
                return
            options = [
                (c.uid or "", f"{c.name} · {tell_apart(store.contact(c.uid or ''))}") for c in found
            ]

            def chosen(uid: str | None) -> None:
                if uid is None:  # Escape: back to the line, as typed
                    self.open_log_line(screen.typed)
                elif uid in store:
                    self._log_line(uid, entry)

            title = f"Which {entry.who!r}? ({a_touch(entry.kind)} is logged with them)"
            self.push_screen(screens.ChoiceScreen(title, options), chosen)

        screen = screens.LogLineScreen(who, text)
        self.push_screen(screen, done)
        self.call_after_refresh(store.names)  # built while the person types

    def _log_line(self, uid: str, entry: LogLine) -> Change:
        now = clock.now()
        return self._log(uid, entry.kind, lambda d: apply_log(d, entry, now), clock.stamp(now))


def tell(then: Then, change: Change | None) -> None:
    if then is not None:
        then(change)


def _first_line(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
