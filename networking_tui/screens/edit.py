"""Edit every field of a contact. Nothing is saved until every field is valid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from .. import clock, validate
from ..dates import parse_date
from ..matching import find
from ..model import OBJECTIVES, Contact
from ..store import ContactStore
from ..widgets.line import FieldMessage

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
    ("introduced_by", "Introduced by", "a contact's name"),
]
HANDLES = ("linkedin", "x", "email", "website", "phone", "other")


class EditScreen(ModalScreen[dict[str, Any] | None]):
    """Dismisses with the fields to set (None values remove a field), or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, store: ContactStore, uid: str) -> None:
        super().__init__(classes="modal")
        self.store = store
        self.uid = uid
        self.contact: Contact = store.contact(uid)

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
            card = self.store.cards.get(link.uid) if link else None
            return card.name if card else ""
        return getattr(c, field) or ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form edit-form"):
            yield Static(f"Edit {self.contact.name}", classes="dialog-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("Priority", classes="form-label", markup=False)
                yield Select(
                    [("1 (highest)", 1), ("2", 2), ("3 (lowest)", 3)],
                    value=self.contact.priority,
                    allow_blank=False,
                    id="priority",
                )
            with Horizontal(classes="form-row"):
                yield Label("Objective", classes="form-label", markup=False)
                yield Select(
                    [(o, o) for o in OBJECTIVES],
                    value=self.contact.objective
                    if self.contact.objective in OBJECTIVES
                    else Select.NULL,
                    id="objective",
                )
            for field, label, placeholder in TEXT_FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label", markup=False)
                    yield Input(self._initial(field), placeholder=placeholder, id=field)
                yield FieldMessage(id=f"{field}-error", classes="field-error")
                if field == "introduced_by":
                    agreed = bool(
                        self.contact.introduced_by and self.contact.introduced_by.may_mention
                    )
                    yield Checkbox("They agreed to be named", agreed, id="may_mention")
            yield Label("Notes", markup=False)
            yield TextArea(self.contact.notes or "", id="notes")
            yield Static(
                "Ctrl+S saves · Escape cancels (nothing is written)", classes="dim", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

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
        others = [c for c in self.store.cards.values() if c.uid != self.uid]
        matches = find(text, others)
        if not matches:
            raise validate.FieldError(f"no contact named {text.strip()!r}")
        if len(matches) > 1:
            names = ", ".join(m.name for m in matches[:4])
            raise validate.FieldError(f"which one? {names}")
        return matches[0].uid

    def _check(self, field: str) -> tuple[bool, Any]:
        value = self.query_one(f"#{field}", Input).value
        error_label = self.query_one(f"#{field}-error", FieldMessage)
        check = self._checks().get(field, validate.optional)
        try:
            result = check(value)
        except validate.FieldError as error:
            error_label.say(f"⚠ {error}")
            self.query_one(f"#{field}", Input).set_class(True, "-invalid")
            return False, None
        self.query_one(f"#{field}", Input).set_class(False, "-invalid")
        error_label.say(self._hint(field, value))
        return True, result

    def _hint(self, field: str, value: str) -> str:
        """A live reading of a date phrase, so the person sees what it means."""
        if field == "next_touch" and value.strip():
            return "→ " + parse_date(value, clock.today()).format("dddd D MMMM YYYY")
        return ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self._check(event.input.id)

    # --- saving --------------------------------------------------------------

    def action_save(self) -> None:
        fields: dict[str, Any] = {}
        handles: dict[str, str] = {}
        first_bad = None
        for field, _, _ in TEXT_FIELDS:
            ok, value = self._check(field)
            if not ok:
                first_bad = first_bad or field
            elif field in HANDLES:
                if value:
                    handles[field] = value
            elif field == "introduced_by":
                may = self.query_one("#may_mention", Checkbox).value
                fields[field] = {"uid": value, "may_mention": may} if value else None
            else:
                fields[field] = value
        if first_bad:
            self.query_one(f"#{first_bad}", Input).focus()
            self.notify("Fix the fields marked ⚠ first; nothing was saved.", severity="warning")
            return
        fields["handles"] = handles or None
        fields["priority"] = self.query_one("#priority", Select).value
        objective = self.query_one("#objective", Select).value
        fields["objective"] = None if objective is Select.NULL else objective
        notes = self.query_one("#notes", TextArea).text.strip()
        fields["notes"] = notes or None
        self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)
