"""The message templates: edit the shipped ones, add your own (kept in the data file)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..templates import PLACEHOLDERS, Template
from ..widgets.line import FieldMessage
from ..widgets.status import TopBar


@dataclass(frozen=True)
class TemplateEdit:
    uid: str | None  # None: a new template
    name: str
    body: str


class TemplateForm(ModalScreen[TemplateEdit | None]):
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, template: Template | None) -> None:
        super().__init__(classes="modal")
        self._template = template

    def compose(self) -> ComposeResult:
        t = self._template
        with Vertical(classes="dialog form compose"):
            yield Static("Edit template" if t else "New template", classes="dialog-title")
            yield Input(t.name if t else "", placeholder="name", id="template-name")
            yield FieldMessage(id="template-name-error", classes="field-error")
            yield TextArea(t.body if t else "", id="template-body", soft_wrap=True)
            fields = ", ".join("{" + k + "}" for k in PLACEHOLDERS)
            yield Static(f"Placeholders: {fields}", classes="dim")
            yield Static("Ctrl+S saves · Escape cancels", classes="dim")

    def on_mount(self) -> None:
        self.query_one("#template-name", Input).focus()

    def action_save(self) -> None:
        name = self.query_one("#template-name", Input).value.strip()
        if not name:
            self.query_one("#template-name-error", FieldMessage).say("⚠ a name is required")
            return
        body = self.query_one("#template-body", TextArea).text
        self.dismiss(TemplateEdit(self._template.uid if self._template else None, name, body))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TemplatesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,T", "back", "Back"),
        Binding("n", "new", "New"),
        Binding("e,enter", "edit", "Edit"),
    ]

    view_key = "templates"  # opened once at a time (see NetworkingApp.view_is_open)

    def __init__(self) -> None:
        super().__init__(id="templates-screen")

    def compose(self) -> ComposeResult:
        yield TopBar("Message templates · n new · e edit · Escape back")
        with Horizontal(id="templates-body"):
            yield OptionList(id="template-list")
            yield Static(id="template-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        listing = self.query_one("#template-list", OptionList)
        keep = listing.highlighted or 0
        self._templates = self.app.templates()
        listing.clear_options()
        listing.add_options(
            Option(t.name + (" (shipped)" if t.builtin else ""), id=t.uid) for t in self._templates
        )
        listing.highlighted = min(keep, len(self._templates) - 1)
        listing.focus()

    @on(OptionList.OptionHighlighted)
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        template = self._templates[event.option_index]
        self.query_one("#template-preview", Static).update(template.body)

    def action_new(self) -> None:
        self.app.push_screen(TemplateForm(None), self._saved)

    def action_edit(self) -> None:
        index = self.query_one("#template-list", OptionList).highlighted
        if index is not None:
            self.app.push_screen(TemplateForm(self._templates[index]), self._saved)

    def _saved(self, edit: TemplateEdit | None) -> None:
        if edit is not None:
            self.app.save_template(edit.uid, edit.name, edit.body)
            self.refresh_view()

    def action_back(self) -> None:
        self.dismiss(None)
