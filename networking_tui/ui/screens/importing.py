"""Import…: a path (file names complete as it is typed), then a progress bar while
the file is read and matched off the UI thread, then the summary."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from networking_tui.data.store import ContactStore
from networking_tui.ui.backdrop import Modal
from networking_tui.usecases import importing
from networking_tui.usecases.importing import Plan, Summary, kind_of
from networking_tui.usecases.result import Refused

KINDS = {"linkedin": "LinkedIn connections (Connections.csv)", "vcard": "vCard address book"}


class PathSuggester(Suggester):
    """Completes the last part of a path with the first file or folder it starts."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        folder, _, start = value.rpartition(os.sep)
        where = Path(folder or ("/" if value.startswith(os.sep) else ".")).expanduser()
        try:
            names = sorted(
                (entry.name + (os.sep if entry.is_dir() else ""))
                for entry in where.iterdir()
                if entry.name.startswith(start) and not entry.name.startswith(".")
            )
        except OSError:
            return None
        if not names or names[0] == start:
            return None
        return (f"{folder}{os.sep}" if value.rfind(os.sep) >= 0 else "") + names[0]


class Stopped(Exception):
    """Escape during an import: the work stops, nothing is imported."""


class ImportScreen(Modal[Summary | Refused | None]):
    """Asks for the file, works the import out in a thread (the keys stay live:
    Escape stops it), applies it as one undo step and dismisses with the summary,
    with why nothing was imported, or with None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # App keys still reach a dialog: no undo while an import is worked out.
        Binding("ctrl+z", "wait", "Undo", show=False),
    ]

    def __init__(self, store: ContactStore) -> None:
        super().__init__(classes="modal")  # centred, as every dialog
        self.store = store
        self._worker: Worker[Plan] | None = None
        self._version = 0  # the store's, when the work began

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Import people from a file", classes="dialog-title")
            yield Input(
                placeholder="~/Downloads/Connections.csv or contacts.vcf",
                suggester=PathSuggester(),
                id="path",
            )
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(
                "→ completes a file name · Enter imports · Escape cancels",
                id="path-hint",
                classes="field-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    @on(Input.Changed, "#path")
    def _hint(self, event: Input.Changed) -> None:
        if self._worker is not None:
            return
        value = event.value.strip()
        hint = self.query_one("#path-hint", Static)
        if not value:
            hint.update("→ completes a file name · Enter imports · Escape cancels")
            return
        file = Path(value).expanduser()
        if file.is_file():
            hint.update(f"{KINDS[kind_of(file.name)]} · Enter imports")
        elif file.is_dir():
            hint.update("a folder: type on to choose a file in it")
        else:
            hint.update("no such file yet")

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._worker is not None:
            return
        file = Path(event.value.strip()).expanduser()
        if not event.value.strip() or not file.is_file():
            self.query_one("#path-hint", Static).update(f"⚠ there is no file {file}")
            self.app.bell()
            return
        path = self.query_one("#path", Input)
        path.disabled = True
        self.query_one(ProgressBar).display = True
        self.query_one("#path-hint", Static).update(f"Reading {file.name}… · Escape stops")
        self._version = self.store.version
        self._worker = self._work(file)

    @work(thread=True, exit_on_error=False, group="import")
    def _work(self, file: Path) -> Plan:
        """Read, parse and match the whole file; the store is only read here."""
        worker = get_current_worker()
        kind = kind_of(file.name)
        parsed = importing.parse(kind, importing.read_text(file), file)
        total = len(parsed.people)
        if worker.is_cancelled:
            raise Stopped
        self.app.call_from_thread(self._matching, file.name, total)

        def progress(done: int) -> None:
            if worker.is_cancelled:
                raise Stopped
            self.app.call_from_thread(self._progressed, done)

        return importing.plan_people(
            self.store,
            parsed,
            source=file.name,
            stage=importing.STAGES[kind],
            tags=importing.TAGS[kind],
            progress=progress,
        )

    def _matching(self, name: str, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=0)
        self.query_one("#path-hint", Static).update(
            f"Matching {total:,} people of {name} with yours… · Escape stops"
        )

    def _progressed(self, done: int) -> None:
        self.query_one(ProgressBar).update(progress=done)

    @on(Worker.StateChanged)
    def _finished(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._worker:
            return
        if worker.state == WorkerState.SUCCESS and worker.result is not None:
            plan = worker.result
            # Applied here, where every change to the store is made: shown first,
            # as it takes a moment (0.4 s of CPU for 3,000 updates at 30,000).
            changes = len(plan.steps)
            self.query_one("#path-hint", Static).update(
                f"Adding {changes:,} changes… " if changes else "Nothing new to add…"
            )
            self.call_after_refresh(self._apply, plan)
        elif worker.state == WorkerState.CANCELLED or isinstance(worker.error, Stopped):
            self.notify("Import stopped: nothing imported.")
            self.dismiss(None)
        elif worker.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, Refused):
                self.dismiss(error)
            elif self.store.version != self._version:
                self.dismiss(
                    Refused("the data file changed while it was being read; import it again")
                )
            else:
                name = type(error).__name__
                self.dismiss(Refused(f"the import failed ({name}: {error})"))

    def _apply(self, plan: Plan) -> None:
        self.dismiss(importing.apply_plan(self.store, plan))

    def action_cancel(self) -> None:
        if self._worker is None:
            self.dismiss(None)
        elif self._worker.is_running:
            # Dismissed at once (CANCELLED); the thread stops at its next progress.
            self._worker.cancel()

    def action_wait(self) -> None:
        self.notify("The import is still being worked out: undo once it is done.")
