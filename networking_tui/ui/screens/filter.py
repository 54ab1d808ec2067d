"""`f`: filter the board in one line (`#pycon !1 due:week`), save it under a name,
recall a saved one, or clear the filter."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from networking_tui.domain.filters import Filter, FilterError, parse, unparse
from networking_tui.ui.backdrop import Modal

WORDS_HELP = (
    "#tag  !1 !2 !3 (priority)  >stage  objective:advice  days>30 (in the stage over 30 "
    "days)  due:overdue due:today due:week  no-next (no next touch)  met:PyCon (a place "
    "or an event). Parts combine; a part given twice keeps either."
)


@dataclass(frozen=True)
class FilterChoice:
    value: Filter  # empty: clear the filter
    save_as: str = ""


class FilterScreen(Modal[FilterChoice | None]):
    """Dismisses with the filter to apply (and a name to save it under), or None."""

    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen .filter-form { width: 90; max-width: 98%; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 1 2; }
    FilterScreen #filter-reads { height: auto; color: $text-muted; margin-bottom: 1; }
    FilterScreen #filter-reads.-error { color: $error; }
    FilterScreen #filter-help { height: auto; color: $text-muted; }
    FilterScreen #filter-saved { height: auto; max-height: 8; }
    FilterScreen .filter-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    FilterScreen .filter-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "apply", "Apply"),
        Binding("ctrl+l", "clear", "Clear"),
    ]

    def __init__(self, current: Filter, saved: dict[str, Filter]) -> None:
        super().__init__(classes="modal")
        self._current = current
        self._saved = saved

    def compose(self) -> ComposeResult:
        with Vertical(classes="filter-form"):
            yield Static("Filter the board", classes="dialog-title", markup=False)
            yield Input(
                unparse(self._current),
                placeholder="#pycon due:week",
                id="filter-words",
                select_on_focus=False,  # a filter is refined more often than replaced
            )
            yield Static("", id="filter-reads", markup=False)
            yield Static(WORDS_HELP, id="filter-help", markup=False)
            yield Input(self._current.name, placeholder="save as (optional)", id="filter-name")
            if self._saved:
                yield Static("Saved filters (Enter applies one):", markup=False)
                yield OptionList(
                    *(
                        Option(f"{name}  ·  {value.describe()}", id=name)
                        for name, value in self._saved.items()
                    ),
                    id="filter-saved",
                    markup=False,
                )
            with Horizontal(classes="filter-buttons"):
                yield Button("Clear (Ctrl+L)", id="filter-clear")
                yield Button("Apply (Enter)", variant="primary", id="filter-apply")

    def on_mount(self) -> None:
        self.query_one("#filter-words", Input).focus()
        self._read(self.query_one("#filter-words", Input).value)

    @on(Input.Changed, "#filter-words")
    def _changed(self, event: Input.Changed) -> None:
        self._read(event.value)

    def _read(self, words: str) -> Filter | None:
        reads = self.query_one("#filter-reads", Static)
        try:
            value = parse(words)
        except FilterError as error:
            reads.update(str(error))
            reads.add_class("-error")
            return None
        reads.update(f"Shows: {value.describe()}")
        reads.remove_class("-error")
        return value

    @on(Input.Submitted)
    @on(Button.Pressed, "#filter-apply")
    def action_apply(self) -> None:
        value = self._read(self.query_one("#filter-words", Input).value)
        if value is None:
            self.app.bell()
            return
        name = " ".join(self.query_one("#filter-name", Input).value.split())
        self.dismiss(FilterChoice(value, save_as=name if not value.empty else ""))

    @on(OptionList.OptionSelected, "#filter-saved")
    def _recall(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id or ""
        self.dismiss(FilterChoice(self._saved[name]))

    @on(Button.Pressed, "#filter-clear")
    def action_clear(self) -> None:
        self.dismiss(FilterChoice(Filter()))

    def action_cancel(self) -> None:
        self.dismiss(None)
