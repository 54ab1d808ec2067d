"""Compose a message from a template: filled in, edited by hand, counted, copied, logged.

The screen hands the text back; the app copies it (see clipboard.py) and logs the
touch the template stands for (a thank-you for the thank-you template).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Select, Static, TextArea
from textual.widgets.text_area import Selection

from networking_tui.domain.model import TOUCH_LABELS
from networking_tui.domain.templates import (
    INVITATION,
    LINKEDIN_NOTE_LIMIT,
    Template,
    fill,
    gap,
    over_limit,
)
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.form import FormScreen
from networking_tui.ui.widgets.wrapped import WrappedArea

EDIT_FIRST = "Edit the text before sending: a template is a start, not a message."
GAP_SELECTED = "The first [gap] is selected: type to fill it. " + EDIT_FIRST


@dataclass(frozen=True)
class Message:
    text: str
    log: bool  # also log it as a touch
    kind: str = "message"  # of that touch


class ComposeScreen(FormScreen[Message | None]):
    AUTO_FOCUS = "#body"  # at once: focusing the dialog first restyles all of it
    BINDINGS = [
        Binding("ctrl+s", "finish(True)", "Copy & log"),
        # priority: the message box would take Ctrl+Y as its own redo
        Binding("ctrl+y", "finish(False)", "Copy only", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        to: str,
        templates: list[Template],
        values: dict[str, str | None],
        chosen: str | None = None,
    ) -> None:
        super().__init__(classes="modal")
        self._shown_options: list[tuple[Text, str]] = []  # in the template list
        self._target(to, templates, values, chosen)

    def _target(
        self,
        to: str,
        templates: list[Template],
        values: dict[str, str | None],
        chosen: str | None,
    ) -> None:
        self._to = to
        self._templates = {t.uid: t for t in templates}
        self._values = values
        self._chosen = chosen if chosen in self._templates else templates[0].uid
        self._filled_text = self._filled(self._chosen)  # to tell whether it was edited

    def load(
        self,
        to: str,
        templates: list[Template],
        values: dict[str, str | None],
        chosen: str | None = None,
    ) -> None:
        """A message to another person (or the same again), as a new form would."""
        self.reset()
        self._target(to, templates, values, chosen)
        if not self.is_mounted:
            return  # composed with them
        self.query_one(".dialog-title", Static).update(f"Message to {self._to}")
        with self.prevent(Select.Changed, TextArea.Changed):
            select = self.query_one("#template", Select)
            options = self._options()
            if options != self._shown_options:  # templates added or renamed meanwhile
                select.set_options(options)
                self._shown_options = options
            select.value = self._chosen
            self.query_one("#body", TextArea).load_text(self._filled_text)
        self._show_log_label()

    def _options(self) -> list[tuple[Text, str]]:
        return [(Text(t.name), t.uid) for t in self._templates.values()]

    def compose(self) -> ComposeResult:
        self._shown_options = self._options()
        with Vertical(classes="dialog form compose"):
            yield Static(f"Message to {self._to}", classes="dialog-title", markup=False)
            yield Select(self._shown_options, value=self._chosen, allow_blank=False, id="template")
            yield WrappedArea(self._filled_text, id="body", soft_wrap=True)
            yield Static("", id="count", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._log_label(), id="copy-log", variant="primary")
                yield Button("Copy only (Ctrl+Y)", id="copy")
            yield Static(EDIT_FIRST, id="compose-hint", classes="dim", markup=False)

    def prepare(self) -> None:
        self.query_one("#body", TextArea).focus()
        self._to_the_gap()
        self._count()

    def _to_the_gap(self) -> None:
        """Select the first [gap] the template left, to type over it; with none, the
        cursor goes to the end, to add to the text."""
        area = self.query_one("#body", TextArea)
        text = area.text
        start, end = gap(text) or (len(text), len(text))
        area.selection = Selection(_location(text, start), _location(text, end))
        hint = GAP_SELECTED if start != end else EDIT_FIRST
        self.query_one("#compose-hint", Static).update(hint)

    def _filled(self, uid: str) -> str:
        return fill(self._templates[uid].body, self._values)

    def _log_label(self) -> Content:
        kind = self._templates[self._chosen].kind
        return Content(f"Copy & log as {TOUCH_LABELS.get(kind, kind)} (Ctrl+S)")

    @property
    def has_changes(self) -> bool:
        """Only text typed is lost: a template picked, and the text it gave, are
        not (Escape then asks nothing)."""
        if self._started_with is None:
            return False
        return self.query_one("#body", TextArea).text != self._filled_text

    @on(Select.Changed, "#template")
    def _template_changed(self, event: Select.Changed) -> None:
        uid = str(event.value)
        if uid == self._chosen or uid not in self._templates:
            return  # the start, or put back after "keep my text"
        if self.query_one("#body", TextArea).text == self._filled_text:
            self._use(uid)
            return
        name = self._templates[uid].name

        def decide(replace: bool | None) -> None:
            if replace:
                self._use(uid)
            else:
                self.query_one("#template", Select).value = self._chosen
            self.query_one("#body", TextArea).focus()

        question = ConfirmScreen(
            "Replace the message you edited?",
            [
                f"Your changes give way to the template {name!r}.",
                "Keep them to go on editing with the template as it was.",
            ],
            yes="Replace it",
            no="Keep my text",
        )
        self.app.push_screen(question, decide)

    def _use(self, uid: str) -> None:
        self._chosen = uid
        self._filled_text = self._filled(uid)
        self.query_one("#body", TextArea).text = self._filled_text
        self._to_the_gap()
        self._show_log_label()

    def _show_log_label(self) -> None:
        button = self.query_one("#copy-log", Button)
        if button.label != self._log_label():
            button.label = self._log_label()
            button.refresh(layout=True)  # a longer label needs a wider button, not a cut one

    @on(TextArea.Changed, "#body")
    def _count(self) -> None:
        text = self.query_one("#body", TextArea).text
        count = self.query_one("#count", Static)
        # The 300 characters bind only a LinkedIn invitation's note: elsewhere (a
        # message to a contact, a thank-you) the count is shown, without a warning.
        invitation = self._chosen == INVITATION
        warn = invitation and over_limit(text)
        shown = f"{len(text)}/{LINKEDIN_NOTE_LIMIT}" if invitation else f"{len(text)}"
        if warn:
            count.update(f"⚠ {shown} characters: too long for a LinkedIn invitation note")
        else:
            count.update(f"{shown} characters")
        count.set_class(warn, "-warning")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_finish(event.button.id == "copy-log")

    def action_finish(self, log: bool) -> None:
        text = self.query_one("#body", TextArea).text.strip()
        if not text:
            self.notify("The message is empty.", severity="warning")
            return
        self.dismiss(Message(text, log, self._templates[self._chosen].kind))


def _location(text: str, offset: int) -> tuple[int, int]:
    """A character offset in `text` as the (row, column) a TextArea uses."""
    row = text.count("\n", 0, offset)
    return row, offset - (text.rfind("\n", 0, offset) + 1)
