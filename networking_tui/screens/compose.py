"""Compose a message from a template: filled in, edited by hand, counted, copied, logged."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static, TextArea

from ..templates import LINKEDIN_NOTE_LIMIT, Template, fill, over_limit


@dataclass(frozen=True)
class Message:
    text: str
    log: bool  # also log it as a touch


class ComposeScreen(ModalScreen[Message | None]):
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
        self._to = to
        self._templates = {t.uid: t for t in templates}
        self._values = values
        self._chosen = chosen if chosen in self._templates else templates[0].uid

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form compose"):
            yield Static(f"Message to {self._to}", classes="dialog-title", markup=False)
            yield Select(
                [(Text(t.name), t.uid) for t in self._templates.values()],
                value=self._chosen,
                allow_blank=False,
                id="template",
            )
            yield TextArea(self._filled(self._chosen), id="body", soft_wrap=True)
            yield Static("", id="count", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Copy & log (Ctrl+S)", id="copy-log", variant="primary")
                yield Button("Copy only (Ctrl+Y)", id="copy")
            yield Static(
                "Edit the text before sending: a template is a start, not a message.",
                classes="dim",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#body", TextArea).focus()
        self._count()

    def _filled(self, uid: str) -> str:
        return fill(self._templates[uid].body, self._values)

    @on(Select.Changed, "#template")
    def _template_changed(self, event: Select.Changed) -> None:
        self.query_one("#body", TextArea).text = self._filled(str(event.value))

    @on(TextArea.Changed, "#body")
    def _count(self) -> None:
        text = self.query_one("#body", TextArea).text
        count = self.query_one("#count", Static)
        limit = f"{len(text)}/{LINKEDIN_NOTE_LIMIT} characters"
        if over_limit(text):
            count.update(f"⚠ {limit}: too long for a LinkedIn invitation note")
        else:
            count.update(limit)
        count.set_class(over_limit(text), "-warning")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_finish(event.button.id == "copy-log")

    def action_finish(self, log: bool) -> None:
        text = self.query_one("#body", TextArea).text.strip()
        if not text:
            self.notify("The message is empty.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.dismiss(Message(text, log))

    def action_cancel(self) -> None:
        self.dismiss(None)
