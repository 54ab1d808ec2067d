"""What a key does to a contact: open a form, call the use case, show the result.

The actions themselves live below the UI (networking_tui/usecases); a flow here
only asks the person (a form, a question, a pick in a list), calls one use case,
and hands its change to `Host.changed`, the one path that shows a change and
queues it for the disk. The board, the contact view, the agenda and the review
all call these, so a key means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pendulum

from networking_tui.data.store import Change, ContactStore, SyncResult
from networking_tui.domain import clock
from networking_tui.domain.capture import (
    CaptureError,
    LogLine,
    QuickAdd,
    candidates,
    onto_existing,
    parse_quick_add,
    tell_apart,
    who_is,
)
from networking_tui.domain.changes import Doc
from networking_tui.domain.dates import readable
from networking_tui.domain.model import STAGE_TITLES, Card
from networking_tui.domain.rules import a_touch
from networking_tui.domain.templates import INTRODUCTION_REQUEST, Template, objective_phrase
from networking_tui.ui import clipboard, screens
from networking_tui.usecases import Done, Refused, contacts, links, messages, planning, touches

if TYPE_CHECKING:
    from networking_tui.ui.host import Host
    from networking_tui.ui.screens.compose import Message
    from networking_tui.ui.screens.log import Draft, Touch

Then = Callable[[Change | None], None] | None  # told what came of a flow (None: nothing)


def tell(then: Then, change: Change | None) -> None:
    if then is not None:
        then(change)


def as_touch(doc: dict[str, Any]) -> Touch:
    """A logged touch (as stored) for a form: its moment in local time."""
    from networking_tui.ui.screens.log import Touch

    moment = clock.aware(datetime.fromisoformat(str(doc.get("at"))))
    local = moment.in_timezone(pendulum.tz.local_timezone())
    return Touch(str(doc.get("kind")), local, str(doc.get("note") or ""))


class Flows:
    """The app's flows; `host` is the app, seen through its typed interface."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.fresh_adds: dict[str, QuickAdd] = {}  # quick-adds not yet on disk

    @property
    def store(self) -> ContactStore:
        return self.host.store

    def _show(self, done: Done, *, focus: bool = True) -> Change:
        self.host.changed(done.change, focus=focus)
        self.host.notify(done.message)
        return done.change

    # --- log -------------------------------------------------------------------

    def open_log(
        self, uid: str, kind: str | None = None, then: Then = None, draft: Draft | None = None
    ) -> None:
        """The log form; `draft`: the fields as typed before the Ask check sent them back."""

        def done(touch: Touch | None) -> None:
            if touch is None:
                tell(then, None)
                return
            self.unless_too_early(
                uid,
                touch.kind,
                lambda: self.log_touch(uid, touch.kind, touch.at, touch.note),
                then,
                back=("Back to the form", lambda: self.open_log(uid, touch.kind, then, form.typed)),
            )

        form = self.host.kept(screens.LogScreen, *self.log_form(uid, kind), draft=draft)
        self.host.push_screen(form, done)

    def log_form(self, uid: str, kind: str | None = None) -> tuple[str, str, str]:
        """What the log form takes: the name, the stage, the kind it offers first."""
        contact = self.store.contact(uid)
        return contact.name, contact.stage, kind or touches.fitting_kind(self.store, uid)

    def log_touch(self, uid: str, kind: str, at: Any, note: str) -> Change:
        return self._show(touches.log_touch(self.store, uid, kind, at, note))

    def unless_too_early(
        self,
        uid: str,
        kind: str,
        log: Callable[[], Change | None],
        then: Then = None,
        back: tuple[str, Callable[[], None]] | None = None,
        asking: str = "",
    ) -> None:
        """Log (`log`), but an ask with someone who would not pass the Ask check
        asks first, as moving them to Ask does (`asking`: a notice to show as the
        question comes). Declined: `back` (its button's label, and what brings
        back what was typed), else nothing is logged."""
        reasons = touches.too_early_to_log(self.store, uid, kind)
        if not reasons:
            tell(then, log())
            return
        name = self.store.cards[uid].name
        if asking:
            self.host.notify(asking)

        def decide(confirmed: bool | None) -> None:
            if confirmed:
                tell(then, log())
            elif back is not None:
                back[1]()
            else:
                self.host.notify(f"Nothing logged with {name}.")
                tell(then, None)

        title = f"Is it too early to ask {name}?"
        no = back[0] if back is not None else "Cancel"
        question = screens.ConfirmScreen(title, reasons, yes="Log the ask anyway", no=no)
        self.host.push_screen(question, decide)

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
                self.host.notify(str(error), severity="warning")
                self.open_log_line(screen.typed)
                return
            if len(found) == 1:
                self._log_line(found[0].uid or "", entry, screen.typed)
                return
            options = [
                (c.uid or "", f"{c.name} · {tell_apart(store.contact(c.uid or ''))}") for c in found
            ]

            def chosen(uid: str | None) -> None:
                if uid is None:  # Escape: back to the line, as typed
                    self.open_log_line(screen.typed)
                elif uid in store:
                    self._log_line(uid, entry, screen.typed)

            title = f"Which {entry.who!r}? ({a_touch(entry.kind)} is logged with them)"
            self.host.push_screen(screens.ChoiceScreen(title, options), chosen)

        screen = screens.LogLineScreen(who, text)
        self.host.push_screen(screen, done)
        self.host.call_after_refresh(store.names)  # built while the person types

    # --- the touch log ------------------------------------------------------------

    def open_touch(self, uid: str, original: dict[str, Any]) -> None:
        """A logged touch in full; from there, e edits it and Delete removes it."""
        touch = as_touch(original)

        def then(what: str | None) -> None:
            if what == "edit":
                self.edit_touch(uid, original)
            elif what == "delete":
                self.confirm_delete_touch(uid, original)

        self.host.push_screen(screens.TouchScreen(self.store.cards[uid].name, touch), then)

    def edit_touch(self, uid: str, original: dict[str, Any]) -> None:
        card = self.store.cards[uid]
        before = as_touch(original)

        def done(touch: Touch | None) -> None:
            if touch is None:
                return
            try:
                result = touches.edit_touch(
                    self.store, uid, original, touch.kind, touch.at, touch.note
                )
            except Refused as refused:
                self.host.notify(str(refused))
                return
            self._show(result, focus=False)

        screen = self.host.kept(screens.LogScreen, card.name, card.stage, editing=before)
        self.host.push_screen(screen, done)

    def confirm_delete_touch(self, uid: str, original: dict[str, Any]) -> None:
        name = self.store.cards[uid].name
        when = readable(as_touch(original).at)
        note = str(original.get("note") or "")
        said = f"{when}, {original.get('kind')}" + (f": {note}" if note else "")

        def decide(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self._show(touches.delete_touch(self.store, uid, original), focus=False)
            except Refused as refused:
                self.host.notify(str(refused))

        reasons = [said, "The next touch follows what the log then holds; Ctrl+Z brings it back."]
        title = f"Delete this touch with {name}?"
        self.host.push_screen(screens.ConfirmScreen(title, reasons, yes="Delete"), decide)

    def _log_line(self, uid: str, entry: LogLine, typed: str) -> None:
        self.unless_too_early(
            uid,
            entry.kind,
            lambda: self._show(touches.log_line(self.store, uid, entry)),
            back=("Back to the line", lambda: self.open_log_line(typed)),
        )

    # --- edit, move, archive ------------------------------------------------------

    def open_edit(self, uid: str, then: Then = None) -> None:
        base = self.store.doc(uid)  # what the form shows: another writer may change it

        def done(fields: dict[str, Any] | None) -> None:
            if fields is None:
                tell(then, None)
            else:
                self.save_fields(uid, fields, base, then)

        self.host.push_screen(self.host.kept(screens.EditScreen, self.store, uid), done)

    def save_fields(
        self, uid: str, fields: dict[str, Any], base: Doc | None = None, then: Then = None
    ) -> None:
        """Save an edit; a field another writer changed since the form opened is
        not overwritten without asking."""
        try:
            done = contacts.save_fields(self.store, uid, fields, base=base)
        except contacts.EditedElsewhere as clash:
            clashed, title = clash.fields, f"{clash}."

            def decide(choice: str | None) -> None:
                if choice == "mine":
                    self._saved_fields(contacts.save_fields(self.store, uid, fields), then)
                else:  # theirs (or Escape): keep theirs, save the rest
                    rest = contacts.without_fields(fields, clashed)
                    self._saved_fields(contacts.save_fields(self.store, uid, rest), then)

            options = [
                ("theirs", "Keep theirs, save my other changes"),
                ("mine", "Save mine over theirs"),
            ]
            self.host.push_screen(screens.ChoiceScreen(title, options), decide)
            return
        self._saved_fields(done, then)

    def _saved_fields(self, done: Done | None, then: Then) -> None:
        if done is None:
            self.host.notify("Nothing changed.")
            tell(then, None)
            return
        self.host.changed(done.change)
        tell(then, done.change)

    def request_move(self, uid: str, stage: str, then: Then = None, say: bool = False) -> None:
        """Move a contact to `stage`: keyboard, mouse, agenda and review all end here.
        `say`: in a notice (where no board shows the card move)."""
        contact = self.store.contact(uid)
        if contact.stage == stage:
            return

        def move(confirmed: bool | None = True) -> None:
            if not confirmed:
                self.host.notify(f"{contact.name} stays in {STAGE_TITLES[contact.stage]}.")
                self.host.focus_card(uid)
                tell(then, None)
                return
            done = contacts.move(self.store, uid, stage)
            if done is None:
                tell(then, None)
                return
            self.host.changed(done.change)
            if stage == "engaged":
                self.host.warn_over_limit(done.message if say else "")
            elif say:
                self.host.notify(done.message)
            tell(then, done.change)

        reasons = contacts.too_early_to_move(self.store, uid, stage)
        if reasons:
            title = f"Is it too early to ask {contact.name}?"
            question = screens.ConfirmScreen(title, reasons, yes="Move to Ask anyway")
            self.host.push_screen(question, move)
        else:
            move()

    def accept_invitation(self, uid: str, then: Then = None) -> None:
        """They accepted the invitation to connect: Connected, one undo step."""
        try:
            done = contacts.accept_invitation(self.store, uid)
        except Refused as refused:
            self.host.notify(str(refused))
            tell(then, None)
            return
        tell(then, self._show(done))

    def set_archived(self, uid: str, archived: bool) -> Change:
        return self._show(contacts.set_archived(self.store, uid, archived), focus=not archived)

    def dismiss_merge_notes(self, uid: str) -> Change:
        return self._show(contacts.dismiss_merge_notes(self.store, uid), focus=False)

    def delete_forever(self, uid: str) -> Change:
        return self._show(contacts.delete_forever(self.store, uid), focus=False)

    def undo(self) -> None:
        done = contacts.undo(self.store)
        if done is None:
            self.host.notify("Nothing to undo.")
        else:
            self._show(done)

    # --- links -----------------------------------------------------------------

    def open_link(self, uid: str) -> None:
        def done(choice: links.Link | None) -> None:
            if choice is not None:
                self.save_link(choice)

        self.host.push_screen(screens.LinkScreen(self.store, uid), done)

    def save_link(self, link: links.Link) -> Change:
        return self._show(links.save_link(self.store, link), focus=False)

    def ask_introduction(self, target_uid: str) -> None:
        """Compose an introduction request to a Connected contact who knows the target."""
        try:
            paths = links.introducers(self.store, target_uid)
        except Refused as refused:
            self.host.notify(str(refused))
            return
        target = self.store.contact(target_uid)

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
            (card.uid or "", card.name + ("" if agreed else " (has not agreed to be named)"))
            for card, agreed in paths
        ]
        title = f"Who could introduce you to {target.name}?"
        self.host.push_screen(screens.ChoiceScreen(title, options), write_to)

    # --- messages --------------------------------------------------------------

    def save_template(self, uid: str | None, name: str, body: str, kind: str) -> Change:
        done = messages.save_template(self.store, uid, name, body, kind)
        self.host.changed(done.change, focus=False)
        self.host.notify(done.message)
        return done.change

    def delete_template(self, uid: str, name: str) -> Change:
        done = messages.delete_template(self.store, uid, name)
        self.host.changed(done.change, focus=False)
        return done.change

    def open_compose(
        self,
        uid: str,
        *,
        template: str | None = None,
        extra: dict[str, str | None] | None = None,
        note: str | None = None,
        then: Then = None,
    ) -> None:
        def done(message: Message | None) -> None:
            if message is None:
                tell(then, None)
                return
            copied = self.copy_text(message.text)
            if not message.log:
                self.host.notify(copied)
                tell(then, None)
                return
            text = note or messages.summary(message.text)
            kind = message.kind

            def log() -> Change:
                # One notice for both: a short terminal shows one at a time, and
                # the log's would hide that the copy may not have reached a clipboard.
                done = touches.log_touch(self.store, uid, kind, clock.now(), text)
                return self._show(replace(done, message=f"{copied} {done.message}"))

            self.unless_too_early(uid, kind, log, then, asking=copied)

        form = self.compose_form(uid, template, extra)
        self.host.push_screen(self.host.kept(screens.ComposeScreen, *form), done)

    def compose_form(
        self, uid: str, template: str | None = None, extra: dict[str, str | None] | None = None
    ) -> tuple[str, list[Template], dict[str, str | None], str]:
        """What the composer takes: to whom, the templates, the values to fill them
        with, the template chosen first."""
        name = self.store.cards[uid].name
        values = {**messages.values(self.store, uid), **(extra or {})}
        chosen = template or messages.fitting_template(self.store, uid)
        return name, messages.templates(self.store), values, chosen

    def copy_text(self, text: str) -> str:
        """Copy to the system clipboard if a tool for it is here, and through the
        terminal (OSC 52) in any case; returns what happened, in words."""
        tool = clipboard.copy(text)
        self.host.copy_to_clipboard(text)
        return clipboard.explain(tool)

    # --- agenda: snooze, events, goals ----------------------------------------------

    def open_snooze(self, uid: str, then: Then = None) -> None:
        def done(day: pendulum.Date | None) -> None:
            tell(then, self.snooze(uid, day) if day is not None else None)

        self.host.push_screen(screens.SnoozeScreen(self.store.cards[uid].name), done)

    def snooze(self, uid: str, day: pendulum.Date) -> Change:
        return self._show(touches.snooze(self.store, uid, day), focus=False)

    def open_event(self, uid: str | None = None) -> None:
        current = self.store.doc(uid, "events") if uid else None

        def done(doc: dict[str, Any] | None) -> None:
            if doc is not None:
                self.save_event(uid, doc)

        self.host.push_screen(screens.EventScreen(self.store, current), done)

    def save_event(self, uid: str | None, doc: dict[str, Any]) -> Change:
        done = planning.save_event(self.store, uid, doc)
        self.host.changed(done.change, focus=False)
        if not done.quiet:
            self.host.notify(done.message)
        return done.change

    def confirm_delete_event(self, uid: str) -> None:
        """Delete an event, after a confirmation that names it."""
        event = self.store.doc(uid, "events")
        when = readable(event["date"])

        def decide(confirmed: bool | None) -> None:
            if confirmed:
                self._show(planning.delete_event(self.store, uid), focus=False)

        reasons = [
            "The follow-ups it set go back to the dates they had before.",
            "Ctrl+Z brings it back.",
        ]
        title = f"Delete the event {event['name']} ({when})?"
        self.host.push_screen(screens.ConfirmScreen(title, reasons, yes="Delete"), decide)

    def open_goals(self) -> None:
        def done(values: dict[str, int] | None) -> None:
            if values is not None:
                self.host.changed(planning.save_settings(self.store, values).change, focus=False)

        self.host.push_screen(screens.GoalsScreen(self.store.settings()), done)

    # --- capture -----------------------------------------------------------------

    def quick_add_preview(self, entry: QuickAdd) -> str:
        """What a quick-add line would do, and the contacts it could already be."""
        said = contacts.preview(self.store, entry)
        found = contacts.namesakes(self.store, entry)
        names = [f"{c.name} (archived)" if c.archived else c.name for c in found]
        return f"{said}\n⚠ may already be here: {', '.join(names[:3])}" if names else said

    def open_quick_add(self, text: str = "") -> None:
        screen = self.host.kept(screens.QuickAddScreen, self.quick_add_preview, text)
        self.host.push_screen(screen, lambda entry: self._quick_added(entry, screen.typed))
        self.host.call_after_refresh(self.store.identities)  # built while the person types

    def _quick_added(self, entry: QuickAdd | tuple[QuickAdd, ...] | None, typed: str) -> None:
        if entry is None:
            return
        if isinstance(entry, tuple):  # several lines pasted: one step
            done = contacts.add_many(self.store, entry)
            self.host.changed(done.change)
            self.host.show_on_board(done.change.uid)
            self.host.notify(done.message)
            return
        matches = contacts.namesakes(self.store, entry)
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
                self.host.open_contact(uid)
            elif action == "restore":
                self.set_archived(uid, False)
                self.host.open_contact(uid)
            else:
                self._show(contacts.add_onto(self.store, uid, entry))
                self.host.show_on_board(uid)

        self.host.push_screen(screens.ChoiceScreen(title, options), chosen)

    def _add_unless_too_early(self, entry: QuickAdd, typed: str) -> None:
        """The Ask gate, for a person added straight into Ask; declined, back to the
        line as typed (to pick another stage, or Escape to drop it)."""
        reasons = contacts.too_early(entry)
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
        self.host.push_screen(question, decide)

    def add_named(self, name: str) -> str | None:
        """Add someone by name alone (from a form that names people), staying where
        the person is; returns their uid, or None if the name is refused."""
        try:
            entry = parse_quick_add(name, clock.today())
        except CaptureError as error:
            self.host.notify(f"{name!r}: {error}", severity="warning")
            return None
        done = contacts.add(self.store, entry)
        self._show(done, focus=False)
        return done.change.uid

    def add_contact(self, entry: QuickAdd) -> Change:
        done = contacts.add(self.store, entry)
        uid = done.change.uid
        if not contacts.namesakes(self.store, entry, besides=uid):
            self.fresh_adds[uid] = entry
        self.host.changed(done.change)
        self.host.show_on_board(uid)
        self.host.notify(done.message)
        return done.change

    def recheck_adds(self, result: SyncResult) -> None:
        """After a save that reloaded the file: did another window or the shell add
        the same person meanwhile? As the shell's `add` does under the lock, the
        person is asked: keep both, add what they typed to the other, or open it."""
        if result.reloaded:
            for uid, entry in list(self.fresh_adds.items()):
                others = (
                    contacts.namesakes(self.store, entry, besides=uid) if uid in self.store else []
                )
                if others:
                    del self.fresh_adds[uid]
                    self._ask_about_twin(uid, others[0], entry)
        if result.pending == 0 and result.error is None:
            self.fresh_adds.clear()  # on disk: a later shell add is checked against them

    def _ask_about_twin(self, ours: str, theirs: Card, entry: QuickAdd) -> None:
        other = theirs.uid or ""

        def decide(choice: str | None) -> None:
            if ours not in self.store or other not in self.store:
                return  # changed again meanwhile: nothing to fold
            if choice == "merge":
                self._show(contacts.fold_into(self.store, ours, other, entry))
                self.host.show_on_board(other)
            elif choice == "open":
                self.host.open_contact(other)

        options = [
            ("keep", "Keep both (archive one later with x)"),
            ("merge", f"Add what you typed to {who_is(theirs)} and keep one"),
            ("open", f"Open {who_is(theirs)}"),
        ]
        title = f"{entry.name} was also added elsewhere meanwhile"
        self.host.push_screen(screens.ChoiceScreen(title, options), decide)
