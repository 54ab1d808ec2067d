"""The message templates: edit the shipped ones, add your own (kept in the data file),
delete your own (a shipped one can only be put back as it shipped)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from networking_tui.domain.model import TOUCH_KINDS, TOUCH_LABELS
from networking_tui.domain.templates import (
    BUILTIN,
    Template,
    known_placeholders,
    placeholder_problems,
)
from networking_tui.ui.host import host
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.form import NOTHING_SAVED, FormScreen
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.line import FieldMessage
from networking_tui.ui.widgets.status import TopBar
from networking_tui.ui.widgets.wrapped import WrappedArea
from networking_tui.usecases import messages


@dataclass(frozen=True)
class TemplateEdit:
    uid: str | None  # None: a new template
    name: str
    body: str
    kind: str  # the touch "Copy & log" records


class TemplateForm(FormScreen[TemplateEdit | None]):
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, template: Template | None) -> None:
        super().__init__(classes="modal")
        self._template = template

    def compose(self) -> ComposeResult:
        t = self._template
        with Vertical(classes="dialog form compose"):
            yield Static(
                "Edit template" if t else "New template", classes="dialog-title", markup=False
            )
            yield Input(t.name if t else "", placeholder="name", id="template-name")
            yield FieldMessage(id="template-name-error", classes="field-error")
            yield WrappedArea(t.body if t else "", id="template-body", soft_wrap=True)
            yield FieldMessage(id="template-body-error", classes="field-hint -error")
            yield Static(f"Placeholders: {known_placeholders()}", classes="dim", markup=False)
            yield Label("Copy & log records it as", markup=False)
            yield Select(
                [(TOUCH_LABELS.get(k, k), k) for k in TOUCH_KINDS],
                value=t.kind if t else "message",
                allow_blank=False,
                id="template-kind",
            )
            yield Static("Ctrl+S saves · Escape cancels", classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#template-name", Input).focus()
        self._check_body()

    @on(TextArea.Changed, "#template-body")
    def _check_body(self) -> bool:
        """Say under the body what would reach a message unfilled; True if nothing."""
        problems = placeholder_problems(self.query_one("#template-body", TextArea).text)
        message = self.query_one("#template-body-error", FieldMessage)
        if problems:
            message.say(f"⚠ {'; '.join(problems)} (the placeholders are listed below)")
        else:
            message.say("")
        return not problems

    def action_save(self) -> None:
        name = self.query_one("#template-name", Input).value.strip()
        name_message = self.query_one("#template-name-error", FieldMessage)
        name_message.say("" if name else "⚠ a name is required")
        body_ok = self._check_body()
        if not name or not body_ok:
            self.notify(f"Fix what is marked ⚠ first; {NOTHING_SAVED}", severity="warning")
            return
        body = self.query_one("#template-body", TextArea).text
        kind = str(self.query_one("#template-kind", Select).value)
        uid = self._template.uid if self._template else None
        self.dismiss(TemplateEdit(uid, name, body, kind))


class TemplatesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,T", "back", "Back"),
        Binding("n", "new", "New"),
        Binding("e,enter", "edit", "Edit"),
        Binding("D", "delete", "Delete…"),
    ]

    view_key = "templates"  # opened once at a time (see NetworkingApp.view_is_open)

    def __init__(self) -> None:
        super().__init__(id="templates-screen")

    def compose(self) -> ComposeResult:
        yield TopBar("Message templates · n new · e edit · D delete · Escape back")
        with Horizontal(id="templates-body"):
            yield OptionList(id="template-list", markup=False)
            yield Static(id="template-preview", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self, show: str | None = None) -> None:
        """The list as stored; `show`: the template to highlight (one just saved)."""
        listing = self.query_one("#template-list", OptionList)
        keep = listing.highlighted or 0
        self._templates = messages.templates(host(self).store)
        uids = [t.uid for t in self._templates]
        keep = uids.index(show) if show in uids else keep
        listing.clear_options()
        listing.add_options(
            Option(Text(t.name + (" (shipped)" if t.builtin else "")), id=t.uid)
            for t in self._templates
        )
        listing.highlighted = min(keep, len(self._templates) - 1)
        listing.focus()

    @on(OptionList.OptionHighlighted)
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        template = self._templates[event.option_index]
        preview = Text(template.body)
        kind = TOUCH_LABELS.get(template.kind, template.kind)
        preview.append(f"\n\nCopy & log records it as: {kind}", style="dim")
        self.query_one("#template-preview", Static).update(preview)

    def action_new(self) -> None:
        self.app.push_screen(TemplateForm(None), self._saved)

    def action_edit(self) -> None:
        index = self.query_one("#template-list", OptionList).highlighted
        if index is not None:
            self.app.push_screen(TemplateForm(self._templates[index]), self._saved)

    def _saved(self, edit: TemplateEdit | None) -> None:
        if edit is not None:
            change = host(self).flows.save_template(edit.uid, edit.name, edit.body, edit.kind)
            self.refresh_view(show=change.uid)

    def action_delete(self) -> None:
        index = self.query_one("#template-list", OptionList).highlighted
        if index is None:
            self.app.bell()
            return
        template = self._templates[index]
        if template.builtin:
            shipped = next(t for t in BUILTIN if t.uid == template.uid)
            if template == shipped:
                self.notify(
                    f"{template.name!r} ships with the app and cannot be deleted "
                    "(e edits it; your own templates can be deleted).",
                    severity="warning",
                )
                return
            title = f"Put {shipped.name!r} back as it shipped?"
            reasons = ["Your edits to this shipped template are forgotten.", "Ctrl+Z undoes it."]
            yes = "Put it back"
        else:
            title = f"Delete the template {template.name!r}?"
            reasons = ["It leaves the data file.", "Ctrl+Z brings it back until you quit."]
            yes = f"Delete {template.name!r}"

        def decide(confirmed: bool | None) -> None:
            if confirmed:
                host(self).flows.delete_template(template.uid, template.name)
                self.refresh_view()

        self.app.push_screen(ConfirmScreen(title, reasons, yes=yes), decide)

    def action_back(self) -> None:
        self.dismiss(None)
