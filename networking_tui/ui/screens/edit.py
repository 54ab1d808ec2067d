"""Edit every field of a contact. Nothing is saved until every field is valid.

A field left as it was keeps the stored value exactly (no normalising, no check):
an unchanged form writes nothing, and an old value the checks would now refuse
(a next touch in the past, an archived introducer) does not block other edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from networking_tui.data.store import ContactStore
from networking_tui.domain import clock, validate
from networking_tui.domain.dates import parse_date, readable
from networking_tui.domain.model import OBJECTIVES, Card, Contact
from networking_tui.ui.screens.form import NOT_SAVED, FormScreen
from networking_tui.ui.screens.pick import choose_contact, label
from networking_tui.ui.widgets.line import FieldMessage
from networking_tui.ui.widgets.wrapped import WrappedArea

# id, label, placeholder; the value is read from and written to the document.
TEXT_FIELDS = [
    ("name", "Name", "required"),
    ("company", "Company", ""),
    ("role", "Role", ""),
    ("where_met", "Where you met", "PyCon, a call, a friend's dinner"),
    ("common_ground", "Common ground", "city, school, hobby"),
    ("tags", "Tags", "pycon speaker"),
    ("linkedin", "LinkedIn", "linkedin.com/in/…"),
    ("x", "X / Twitter", "@handle"),
    ("email", "Email", "name@example.com"),
    ("website", "Website or blog", "example.com"),
    ("phone", "Phone", "+44 20 7946 0001"),
    ("other", "Other handle", "Mastodon, GitHub…"),
    ("nickname", "Nickname", "what you call them"),
    ("cadence_days", "Keep-in-touch every (days)", "blank: the stage's default"),
    ("next_touch", "Next touch", "tomorrow, in 3 days, next tue, 2026-12-03"),
    ("introduced_by", "Introduced by", "a contact's name (Enter lists namesakes)"),
]
HANDLES = ("linkedin", "x", "email", "website", "phone", "other")
GONE = "(a contact no longer in the file)"


class EditScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with the fields to set (None values remove a field), or None."""

    AUTO_FOCUS = "#name"  # at once: focusing the dialog first restyles all of it

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, store: ContactStore, uid: str) -> None:
        super().__init__(classes="modal")
        self._shown_objectives: list[tuple[str | Text, str]] = []  # in its list
        self._target(store, uid)

    def _target(self, store: ContactStore, uid: str) -> None:
        self.store = store
        self.uid = uid
        self.contact: Contact = store.contact(uid)
        self._doc = store.doc(uid)
        # The introducer picked among namesakes: (the name then in the field, uid).
        self._picked: tuple[str, str] | None = None

    def load(self, store: ContactStore, uid: str) -> None:
        """Show another contact (or the same, as the file now has it) in this form,
        as a new form would: their values, no message under any field, at the top."""
        self.reset()
        self._target(store, uid)
        if not self.is_mounted:
            return  # composed with them
        self.query_one(".dialog-title", Static).update(f"Edit {self.contact.name}")
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed, TextArea.Changed):
            for field, _, _ in TEXT_FIELDS:
                box = self.query_one(f"#{field}", Input)
                box.value = self._initial(field)
                box.cursor_position = len(box.value)
                box.set_class(False, "-invalid")
                message = self.query_one(f"#{field}-error", FieldMessage)
                message.say("")
                message.set_class(False, "-hint")
            self.query_one("#priority", Select).value = self.contact.priority
            objective = self.query_one("#objective", Select)
            options = self._objectives()
            if options != self._shown_objectives:
                objective.set_options(options)
                self._shown_objectives = options
            objective.value = self.contact.objective or Select.NULL
            self.query_one("#may_mention", Checkbox).value = self._agreed()
            self.query_one("#notes", TextArea).load_text(self.contact.notes or "")
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def _initial(self, field: str) -> str:
        c = self.contact
        if field in HANDLES:
            return getattr(c.handles, field) or ""
        if field == "tags":
            return " ".join(c.tags)
        if field == "next_touch":
            return c.next_touch.isoformat() if c.next_touch else ""
        if field == "cadence_days":
            return str(c.cadence_days or "")
        if field == "introduced_by":
            link = c.introduced_by
            if link is None:
                return ""
            card = self.store.cards.get(link.uid)
            return card.name if card else GONE
        return getattr(c, field) or ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form edit-form"):
            yield Static(f"Edit {self.contact.name}", classes="dialog-title", markup=False)
            for field, label_text, placeholder in TEXT_FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label_text, classes="form-label", markup=False)
                    yield Input(
                        self._initial(field),
                        placeholder=placeholder,
                        id=field,
                        select_on_focus=False,
                    )
                yield FieldMessage(id=f"{field}-error", classes="field-error")
                if field == "name":
                    yield from self._choices()
                if field == "introduced_by":
                    yield Checkbox("They agreed to be named", self._agreed(), id="may_mention")
            yield Label("Notes", markup=False)
            yield WrappedArea(self.contact.notes or "", id="notes")
            yield Static(
                "Ctrl+S saves · Escape cancels (nothing is written)", classes="dim", markup=False
            )

    def _agreed(self) -> bool:
        link = self.contact.introduced_by
        return bool(link and link.may_mention)

    def _objectives(self) -> list[tuple[str | Text, str]]:
        objective = self.contact.objective
        options: list[tuple[str | Text, str]] = [(o, o) for o in OBJECTIVES]
        if objective and objective not in OBJECTIVES:
            options.append((Text(objective), objective))  # written by hand: kept, not wiped
        return options

    def _choices(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label("Priority", classes="form-label", markup=False)
            yield Select(
                [("1 (highest)", 1), ("2", 2), ("3 (lowest)", 3)],
                value=self.contact.priority,
                allow_blank=False,
                id="priority",
            )
        self._shown_objectives = self._objectives()
        with Horizontal(classes="form-row"):
            yield Label("Objective", classes="form-label", markup=False)
            yield Select(
                self._shown_objectives, value=self.contact.objective or Select.NULL, id="objective"
            )

    def prepare(self) -> None:
        self.query_one("#name", Input).focus()

    @on(events.DescendantFocus)
    def _names_ahead(self, event: events.DescendantFocus) -> None:
        # Built when "Introduced by" is reached, before a name is typed there: at
        # 30,000 contacts it takes 0.2 s after each change, too long for every open.
        if event.widget.id == "introduced_by":
            self.call_after_refresh(self.store.names)

    # --- checking ------------------------------------------------------------

    def _checks(self) -> dict[str, Callable[[str], Any]]:
        today = clock.today()
        return {
            "name": validate.name,
            "linkedin": validate.linkedin,
            "x": validate.x_handle,
            "email": validate.email,
            "website": validate.url,
            "phone": validate.phone,
            "cadence_days": validate.cadence,
            "next_touch": lambda text: validate.next_touch(text, today),
            "tags": validate.tags,
            "introduced_by": self._introducer,
        }

    def _introducer(self, text: str) -> str | None:
        if not text.strip():
            return None
        if self._picked is not None and text == self._picked[0]:
            return self._picked[1]
        matches = self._introducers(text)
        if not matches:
            raise validate.FieldError(f"no contact named {text.strip()!r}")
        if len(matches) > 1:
            names = ", ".join(m.name for m in matches[:3]) + (", …" if len(matches) > 3 else "")
            raise validate.FieldError(
                f"{len(matches)} contacts match ({names}): press Enter here to choose one"
            )
        return matches[0].uid

    def _introducers(self, text: str) -> list[Card]:
        return self.store.names().find(text, archived=True, exclude=self.uid)

    @on(Input.Submitted, "#introduced_by")
    def _choose_introducer(self, event: Input.Submitted) -> None:
        """Enter on an ambiguous name lists the candidates, with what sets them apart."""
        matches = self._introducers(event.value)
        if len(matches) < 2:
            return

        def chosen(card: Card) -> None:
            self._picked = (card.name, str(card.uid))
            field = self.query_one("#introduced_by", Input)
            field.value = card.name
            self._check("introduced_by")
            field.focus()

        title = f"Who introduced {self.contact.name}?"
        choose_contact(self.store, title, matches, self.app.push_screen, chosen)

    def _check(self, field: str) -> tuple[bool, Any]:
        """Check one field and say so under it; returns (valid, value to store)."""
        value = self.query_one(f"#{field}", Input).value
        error_label = self.query_one(f"#{field}-error", FieldMessage)
        picked = self._picked if field == "introduced_by" else None
        unchanged = value == self._initial(field) and not (picked and picked[0] == value)
        check = self._checks().get(field, validate.optional)
        try:
            result = self._stored(field) if unchanged else check(value)
        except validate.FieldError as error:
            error_label.say(f"⚠ {error}")
            error_label.set_class(False, "-hint")
            self.query_one(f"#{field}", Input).set_class(True, "-invalid")
            return False, None
        self.query_one(f"#{field}", Input).set_class(False, "-invalid")
        error_label.say(self._hint(field, value, result))
        error_label.set_class(True, "-hint")
        return True, result

    def _stored(self, field: str) -> Any:
        """The value in the file, as it is (what an unchanged field keeps)."""
        if field in HANDLES:
            return (self._doc.get("handles") or {}).get(field)
        if field == "introduced_by":
            link = self._doc.get("introduced_by") or {}
            return link.get("uid")
        return self._doc.get(field)

    def _hint(self, field: str, value: str, result: Any) -> str:
        """A live reading of what was typed: the date a phrase means, the contact a
        name finds."""
        if field == "next_touch" and value.strip() and result:
            day = parse_date(result, clock.today())
            past = " (in the past: kept as it was)" if day < clock.today() else ""
            return "→ " + readable(day) + past
        if field == "introduced_by" and result:
            card = self.store.cards.get(result)
            if card is None:
                return "→ kept as it is; clear the field to forget the link"
            return "→ " + label(self.store, card, self._introducers(card.name))
        return ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self._check(event.input.id)

    # --- saving --------------------------------------------------------------

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        first_bad = None
        for field, _, _ in TEXT_FIELDS:
            ok, value = self._check(field)
            if not ok:
                first_bad = first_bad or field
            values[field] = value
        if first_bad:
            self.query_one(f"#{first_bad}", Input).focus()
            self.notify(NOT_SAVED, severity="warning")
            return
        self.dismiss(self._changes(values))

    def _changes(self, values: dict[str, Any]) -> dict[str, Any]:
        """Only what differs from the file (None removes a field): an unchanged form
        gives nothing to write."""
        doc = self._doc
        fields: dict[str, Any] = {}
        stored_handles = dict(doc.get("handles") or {})
        handles: dict[str, Any] = {}  # a patch: only the handles changed (None removes)
        for field, value in values.items():
            if field in HANDLES:
                if (value or None) != stored_handles.get(field):
                    handles[field] = value or None
            elif field == "introduced_by":
                link = doc.get("introduced_by") or {}
                may = self.query_one("#may_mention", Checkbox).value
                if (value, may) != (link.get("uid"), bool(link.get("may_mention"))):
                    fields[field] = {"uid": value, "may_mention": may} if value else None
            elif value != doc.get(field):
                fields[field] = value
        if handles:
            fields["handles"] = handles
        priority = self.query_one("#priority", Select).value
        if priority != doc.get("priority", 2):
            fields["priority"] = priority
        objective = self.query_one("#objective", Select).value
        objective = None if objective is Select.NULL else objective
        if objective != (doc.get("objective") or None):
            fields["objective"] = objective
        notes = self.query_one("#notes", TextArea).text
        if notes != (self.contact.notes or ""):
            fields["notes"] = notes.strip() or None
        return fields
