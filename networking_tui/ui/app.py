"""The Textual app: the board with its detail pane, and the one path every change takes."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from textual import constants, events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.notifications import Notify
from textual.screen import Screen

from networking_tui.data import uistate
from networking_tui.data.autosave import AutoSaver
from networking_tui.data.storage import DataFileError
from networking_tui.data.store import Change, ContactStore, SyncResult
from networking_tui.domain import clock
from networking_tui.domain.model import Card
from networking_tui.domain.rules import WARM_PATH_STAGES
from networking_tui.ui import firstscreen, screens
from networking_tui.ui.compositor import ChangedLinesCompositor
from networking_tui.ui.filtering import BoardFilter
from networking_tui.ui.finding import Finding
from networking_tui.ui.kept import (
    build_footer_ahead,
    draw_ahead,
    kept,
    lay_out_ahead,
    one_of,
    warm,
)
from networking_tui.ui.theming import remember_themes, saved_theme
from networking_tui.ui.widgets.board import Board
from networking_tui.ui.widgets.card_list import CardList
from networking_tui.ui.widgets.detail import ContactDetail, People
from networking_tui.ui.widgets.keybar import KeyBar
from networking_tui.ui.widgets.status import SaveStatus, TopBar, file_title
from networking_tui.usecases.result import Refused

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.command import Provider
    from textual.driver import Driver

    from networking_tui.domain.agenda import Agenda, Item, LiveAgenda
    from networking_tui.ui.flows import Flows
    from networking_tui.usecases.importing import Summary

MAX_NOTICES = 3
IDLE_BEFORE_WARM = 0.5  # seconds without a key before the views are built ahead
DRAW_AFTER_FILL = 0.1  # seconds: the agenda's rows redone ahead are laid out this later
# Objects allocated between the collector's young passes (CPython's default: 700).
# Textual's rendered lines (each Strip carries seven small caches) outlived 700 and
# reached the oldest generation: in the benchmark's session at 1,000 contacts, 14
# full passes of 50-100 ms each, on whatever key came then. With 10,000 they die
# young: no full pass but the one done while idle (_freeze_kept), the longest
# young pass 45-50 ms, under half the collector's time (0.5 s against 1.2 s).
YOUNG_PASS_EVERY = 10_000
WARM_FROM = 2_000  # contacts from which the agenda's facts are worked out ahead
HANG_UP_GRACE = 1.5  # seconds, after the last save, to wind down on SIGHUP
SHORT_TERMINAL = 30  # rows: below this, notices show one at a time
ScreenT = TypeVar("ScreenT", bound=Screen[Any])
# Keys that open a form from the board (see on_event).
WELCOME = (
    "Your board is empty.\n\n"
    "Press a to add someone you would like to know: a name is enough to start.\n\n"
    "To look around first, quit (q) and run:  networking-tui --demo\n"
    "It opens a throw-away copy full of sample contacts."
)


_pauses = [0, False]  # how many are paused; whether the collector was on before
_pauses_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection meanwhile (from any thread). An agenda at 30,000
    contacts allocates ~100,000 objects, none of them garbage, and the collector
    ran ~130 times while it was worked out: 0.1-0.25 s on top of its 0.12 s."""
    with _pauses_lock:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses[0] -= 1
            if _pauses[0] == 0 and _pauses[1]:
                gc.enable()


# The palette's commands, imported when it first opens (not on the way to the board).
def _app_commands() -> type[Provider]:
    from networking_tui.ui.commands import AppCommands

    return AppCommands


def _people_commands() -> type[Provider]:
    from networking_tui.ui.commands import PeopleCommands

    return PeopleCommands


def _saved_filter_commands() -> type[Provider]:
    from networking_tui.ui.commands import SavedFilterCommands

    return SavedFilterCommands


class BoardScreen(Screen[None]):
    """The first screen. Its widgets are styled as they mount; Textual styled every
    one of them again when the screen is first shown, right after, with nothing
    changed in between (half the styling of the first frame)."""

    _shown_once = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # A focus move draws the two cards and the pane, not the screen between.
        self._compositor = ChangedLinesCompositor()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler (which restyles when asked to).
        if not self._shown_once:
            self._shown_once = True
            event.refresh_styles = False


def _terminal_driver() -> type[Driver] | None:
    """Textual's terminal driver, but for Escape let through on time (driver.py);
    None (Textual's choice) on Windows or with TEXTUAL_DRIVER set."""
    if sys.platform == "win32" or constants.DRIVER is not None:
        return None
    from networking_tui.ui.driver import QuickEscapeDriver

    return QuickEscapeDriver


class NetworkingApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "networking-tui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    WARM_SCREENS = True  # build the forms ahead (the tests build them on first use)
    kept_ready = False  # the kept screens built, laid out ahead and frozen (_freeze_kept)
    COMMANDS = App.COMMANDS | {_app_commands, _people_commands, _saved_filter_commands}

    BINDINGS = [
        Binding("enter", "open_contact", "Open"),
        Binding("g", "show_view('agenda')", "Agenda"),
        Binding("r", "review", "Review", show=False),
        Binding("a", "quick_add", "Add"),
        Binding("L", "log_line", "Log line", show=False),
        Binding("l", "on_card('log')", "Log touch"),
        Binding("e", "on_card('edit')", "Edit", show=False),
        Binding("m", "on_card('message')", "Message", show=False),
        Binding("s", "on_card('snooze')", "Snooze", show=False),
        Binding("c", "on_card('accept')", "Accepted", show=False),
        Binding("i", "on_card('introduction')", "Ask intro", show=False),
        Binding("x", "on_card('archive')", "Archive", show=False),
        Binding("A", "archive_list", "Archived", show=False),
        Binding("T", "template_list", "Templates", show=False),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("slash", "search", "Search", key_display="/"),  # issue 15: finding.py
        Binding("f", "filter", "Filter", show=False),  # issue 15: filtering.py
        Binding("escape", "clear_filter", "Clear filter", show=False),  # issue 15
        Binding("ctrl+l", "clear_filter(True)", "Clear filter", show=False),  # as the bar says
        Binding("S", "progress", "Progress", show=False),  # issue 15: screens/progress.py
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        store: ContactStore,
        *,
        demo: bool = False,
        autosave: bool = True,
        first: uistate.FirstScreen | None = None,
    ) -> None:
        """`first`: the first screen the last session left for this file, shown at
        once while `store` (a ContactStore.later) is filled on a thread; keys typed
        meanwhile are held, and run in order once it is; nothing is saved before."""
        super().__init__(driver_class=_terminal_driver())
        self.store = store
        self._first = first
        self._first_cards = {c.uid: c for c in first.cards} if first is not None else None
        self._held: list[events.Key | events.Paste] | None = [] if first is not None else None
        self.load_error: DataFileError | None = None  # the file did not load: the app ended
        self.demo = demo
        self._today = clock.today()
        self._autosave = autosave
        self.saver = self._new_saver()
        self.board = Board(
            self._card,
            lambda: self._today,
            self._wip_limit,
            lambda uid, stage: self.flows.request_move(uid, stage),
        )
        self.top_bar = TopBar(file_title(store.path, demo), tabs="board")
        self._save_state: tuple[int, str | None] = (0, None)
        self._backup_error: str | None = None  # the last save's daily backup failed
        self._unreadable: tuple[tuple[str, str], ...] = ()  # conflict copies: in the top bar
        self.detail = ContactDetail(id="detail")
        self._detail_queued = False
        self._detail_shows: tuple[object, ...] | None = None  # what the pane was told last
        if first is not None:
            theme = first.theme if first.theme in self.available_themes else None
        else:
            theme = saved_theme(store, self.available_themes)  # issue 15: theming.py
        if theme is not None:
            self.theme = theme
        self.finding = Finding(self)  # issue 15: / and the palette's people
        self.board_filter = BoardFilter(self)  # issue 15: f
        self._agenda: tuple[tuple[int, date], Agenda] | None = None  # the latest, by version
        self._live: LiveAgenda | None = None  # kept current per change (domain/agenda.py)
        self._live_lock = threading.Lock()  # one thread at a time works on it
        self._quitting = False
        self._last_input = 0.0  # when a key, click or paste last came (monotonic)
        self._thresholds: tuple[int, int, int] | None = None  # the collector's before
        self._agenda_queued = False  # the agenda kept is to be brought up to date
        self._keys_for: Screen[Any] | None = None  # keys_as_if_shown
        self._contact_ahead_queued = False  # _fill_contact_ahead

    @cached_property
    def flows(self) -> Flows:
        """The flows (forms and questions), imported when first used: after the
        first screen."""
        from networking_tui.ui.flows import Flows

        return Flows(self)

    class Synced(Message):
        """The saver thread finished a sync (posting is thread-safe and never blocks)."""

        def __init__(self, result: SyncResult) -> None:
            super().__init__()
            self.result = result

    class Warmed(Message):
        """Today's agenda is worked out (posted from the warm-up thread)."""

    class Loaded(Message):
        """The `later` store is filled (posted from the loading thread)."""

    def _new_saver(self) -> AutoSaver:
        def tell(result: SyncResult) -> None:
            self.post_message(self.Synced(result))

        return AutoSaver(self.store, tell)

    async def on_event(self, event: events.Event) -> None:
        """Once quitting has begun, later keys, clicks and pastes are dropped: they
        would open forms on a closing app (and crash it) or change what was saved."""
        if isinstance(event, events.InputEvent | events.Paste):
            self._last_input = time.monotonic()
            if self._quitting:
                return
        if self._held is not None and isinstance(event, events.InputEvent | events.Paste):
            if isinstance(event, events.Key | events.Paste):
                self._held.append(event)  # run once the file is loaded (_filled)
            return  # a click or a scroll on what is not loaded yet: dropped
        if isinstance(event, events.Key) and not event.is_forwarded:
            hold = getattr(self.screen, "hold_key", None)
            if hold is not None and hold(event):
                return  # typed while a form opens: typed into it once it is ready
            # On the board every bound key runs here, in the order typed: a form key
            # must open before the keys typed next arrive (they are held until it is
            # ready), and after the ones typed before it (a Down to the board: the
            # form is for the card it moved to). Forwarded to the board first, a
            # Down would come back here to run after the form key.
            on_board = self.screen is self.screen_stack[0] and (
                self.focused is None or isinstance(self.focused, Board)
            )
            uid, before = self.board.current_uid, self.board.current_list.cursor
            stage = self.board.active_stage
            if on_board and (
                await self._check_bindings(event.key, priority=True)
                or await self._check_bindings(event.key)
            ):
                if self.board.current_uid != uid:
                    # A focus move: the pane follows at once, drawn in the same frame
                    # as the card (after the Highlighted message climbs up to here a
                    # frame has gone, 16 ms apart, and the pane waited for the next).
                    # A stage move keeps the card: its pane comes a frame after.
                    self._refresh_detail()
                    self._draw_pane_ahead(stage, before)
                return
        await super().on_event(event)

    def notify(self, message: str, *, markup: bool = False, **options: Any) -> None:
        """Notices carry names and places people typed: never read them as markup."""
        super().notify(message, markup=False, **options)

    def on_notify(self, event: Notify) -> None:
        """At most MAX_NOTICES at once, the newest: a burst of them (undo after undo)
        would otherwise stack up over the detail pane. Runs before Textual's own
        handler adds the new one."""
        # On a short terminal one at a time: a stack of them would reach the cards.
        keep = MAX_NOTICES if self.size.height >= SHORT_TERMINAL else 1
        for old in list(self._notifications)[: -(keep - 1) or None]:
            self._unnotify(old, refresh=False)

    def drop_notices(self, ending: str) -> None:
        """Take away the notices that end so (a closed form's refused save)."""
        for notice in list(self._notifications):
            if notice.message.endswith(ending):
                self._unnotify(notice)

    def _card(self, uid: str) -> Card | None:
        if self._first_cards is not None:
            return self._first_cards.get(uid)
        return self.store.cards.get(uid)

    def _wip_limit(self) -> int:
        if self._first is not None:
            return self._first.wip_limit
        return self.store.settings().wip_limit

    def get_default_screen(self) -> Screen:
        """The board's screen, with its width class set before the first paint:
        set on the first resize instead, it restyles every widget once more."""
        return self._width_class(BoardScreen(id="_default"))

    def _width_class(self, screen: ScreenT) -> ScreenT:
        width = self.size.width
        _, current = max(
            (start, name) for start, name in self.HORIZONTAL_BREAKPOINTS if width >= start
        )
        for _, name in self.HORIZONTAL_BREAKPOINTS:
            screen.set_class(name == current, name, update=False)
        return screen

    def compose(self) -> ComposeResult:
        yield self.top_bar
        with Container(id="main"):
            yield self.board
            yield self.detail
        yield KeyBar()

    def on_mount(self) -> None:
        if self._first is not None:
            self._show_first(self._first)
            return
        self.board.load(self.store.cards, self.store.order)
        self._focus_where_left()
        self._refresh_detail()  # in the first frame, not a second full render after it
        self._show_counts()
        self._on_signals()
        self._start()

    def on_unmount(self) -> None:
        if self._thresholds is not None:  # the process may go on (tests, scenes)
            gc.set_threshold(*self._thresholds)

    @property
    def ready(self) -> bool:
        """Whether the store is loaded and checked: keys run, changes are saved."""
        return self._held is None

    def _on_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self._hang_up)

    def _start(self) -> None:
        """What runs once the store is loaded: saving, the day's check, the work
        done ahead for the other views."""
        if self._autosave:
            self.saver.start()
        self.set_interval(60, self._check_day)
        self._thresholds = gc.get_threshold()
        gc.set_threshold(YOUNG_PASS_EVERY, *self._thresholds[1:])
        remember_themes(self, self)  # issue 15: a theme chosen is saved (theming.py)
        self.call_after_refresh(self._warm_agenda)
        self.call_after_refresh(self._warm_screens)

    # --- the first screen from the last session's, then the file's -----------

    def _show_first(self, first: uistate.FirstScreen) -> None:
        """The board and the pane as the last session left them (its snapshot of
        this very file), then the file is loaded on a thread (`_fill`)."""
        self.board.show_first(first)
        if first.focused is None or not self.board.focus_uid(first.focused):
            self.board.activate(first.active)
            self.board.take_focus()
        self._refresh_detail()
        self._show_counts()
        self._on_signals()
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        self.run_worker(self._load, thread=True, group="fill")  # a crash in it ends the app

    def _load(self) -> None:
        """On a thread: read, check and decode the file into the store."""
        try:
            with collector_paused():
                self.store.fill()
        except DataFileError as error:
            self.call_from_thread(self._not_loaded, error)
            return
        self.post_message(self.Loaded())  # after the keys held so far, in the queue

    def _not_loaded(self, error: DataFileError) -> None:
        """The file, though its signature is the snapshot's, does not read (or does
        not pass the full check): stop, as a start on it would have before showing
        it, with nothing written (cli.py prints why)."""
        uistate.forget_first_screen()
        self.load_error = error
        self._quitting = True
        self.exit(return_code=2)

    @on(Loaded)
    async def _filled(self) -> None:
        """The file is loaded and checked: the board and the pane show its data in
        place of the first screen kept, where the focus is, then the keys typed
        meanwhile run, in the order typed."""
        uid, stage = self.board.current_uid, self.board.active_stage
        self._first = self._first_cards = None
        self.board.load(self.store.cards, self.store.order)
        if uid is None or not self.board.focus_uid(uid):
            self._focus_stage(stage)
        self._refresh_detail()
        self._show_counts()
        gc.freeze()  # what is loaded now lives until exit (as cli.py does otherwise)
        self._start()
        held, self._held = self._held or [], None
        for event in held:  # here, not posted: keys already queued would go first
            await self.on_event(event)

    def _focus_stage(self, stage: str) -> None:
        if self.board.lists[stage].uids:
            self.board.lists[stage].move_cursor(0, announce=False)
        self.board.activate(stage)
        self.board.take_focus()

    def _remember_first_screen(self) -> None:
        """Keep what the board shows now for the next start on this file (after the
        last save: with the signature the file has now)."""
        if self.demo or not self.ready:
            return
        uid = self.board.current_uid
        people = self.people(uid) if uid is not None and uid in self.store else None
        kept = firstscreen.snapshot(self.board, self.store, people, self._today)
        if kept is not None:
            uistate.save_first_screen(kept)

    def _focus_where_left(self) -> None:
        """The card (else the column) focused when the app last quit on this file."""
        stage, uid = (None, None) if self.demo else uistate.load_focus(self.store.path)
        if uid is not None and self.board.focus_uid(uid):
            return
        if stage in self.board.lists and self.board.lists[stage].uids:
            self.board.lists[stage].move_cursor(0, announce=False)
            self.board.activate(stage)
            self.board.take_focus()
            return
        self.board.focus_first_card()

    # --- the one path every change takes --------------------------------------

    def changed(self, change: Change, *, focus: bool = True) -> None:
        """Show a change that is already in the store, and queue it for the disk."""
        if change.table == "contacts":
            was_focused = self.board.current_uid == change.uid
            self.board.place(change.uid)
            if focus or was_focused:
                self.board.focus_uid(change.uid)
        elif change.table == "settings":
            self.board.refresh_counts()  # the engaged limit
        for part in change.parts:  # people whose follow-up an event set or gave back
            if part.table == "contacts":
                self.board.place(part.uid)
        self._refresh_views()
        self.show_save_status(self.store.pending, None)
        self.saver.changed()

    def _refresh_views(self) -> None:
        """Redraw what shows store data: the detail pane, counts, and the open screen."""
        self._refresh_detail_soon()
        self._show_counts()
        refresh = getattr(self.screen, "refresh_view", None)
        if refresh is not None:
            refresh()
        self._fill_agenda_ahead()

    def focus_card(self, uid: str) -> None:
        self.board.focus_uid(uid)

    def warn_over_limit(self, said: str = "") -> None:
        """Few at a time: the board's Engaged header turns to a warning past the
        limit; elsewhere (agenda, review) the header is not in sight, so say it,
        after `said` (the move's own notice) in one notice: a short terminal shows
        one at a time."""
        limit = self.store.settings().wip_limit
        engaged = len(self.board.lists["engaged"].uids)  # placed already, by `changed`
        if self.screen is not self.screen_stack[0] and engaged > limit:
            warning = (
                f"Engaged is now {engaged}/{limit}, over your limit: a few people at a time "
                "get real attention."
            )
            self.notify(f"{said} {warning}" if said else warning, severity="warning")
        elif said:
            self.notify(said)

    @on(CardList.Highlighted)
    def _highlighted(self, event: CardList.Highlighted) -> None:
        # At once: the pane renders lazily, in the same frame as the card, so a focus
        # move is on screen as one frame (after the card's, it took a second one).
        if event.card_list.active:
            self._refresh_detail()

    @on(Board.Empty)
    def _board_empty(self, event: Board.Empty) -> None:
        self._refresh_detail()

    def _refresh_detail_soon(self) -> None:
        """The detail pane after the board: the card shows in the very next frame, and
        the pane (a larger render) in the one after it."""
        if not self._detail_queued:
            self._detail_queued = True
            self.call_after_refresh(self._refresh_detail)

    def _draw_pane_ahead(self, stage: str, cursor: int) -> None:
        """After a move up or down a column, the pane of the card the next move
        in that direction reaches, drawn once this frame is out."""
        card_list = self.board.current_list
        step = card_list.cursor - cursor
        if card_list.stage != stage or step not in (-1, 1):
            return
        ahead = card_list.cursor + step
        if 0 <= ahead < len(card_list.uids):
            uid = card_list.uids[ahead]

            def draw() -> None:
                if uid in self.store:
                    key = self._pane_key(uid)
                    self.detail.draw_ahead(key, self.store.contact(uid), self.people(uid))

            self.call_after_refresh(draw)

    def _refresh_detail(self) -> None:
        """Show the focused card in the pane, unless it shows it already as it is
        (the same card, store version and day): a key and the message it sends each
        ask, and a second render would cost another frame."""
        self._detail_queued = False
        detail = self.detail
        first = self._first
        if first is not None:  # the file is loading: the pane as the last session left it
            if first.contact is not None and first.focused is not None:
                detail.show_contact(first.contact, People(first.names.get, list(first.warm)))
            elif not first.total:
                detail.show_text(WELCOME)
            else:
                detail.show_stage(first.active)
            return
        stage, uid = self.board.active_stage, self.board.current_uid
        if uid is not None and uid in self.store:
            shows = self._pane_key(uid)
        elif not self.store.cards:
            shows = ("welcome",)
        else:
            shows = ("stage", stage)
        if shows[0] == "contact" and shows[:2] != (self._detail_shows or ())[:2]:
            # Another card (not the same one changed: a change's CPU stays as it was).
            self._fill_contact_ahead_soon()
        if shows == self._detail_shows:
            return
        self._detail_shows = shows
        if shows[0] == "contact" and uid is not None:
            detail.show_contact(self.store.contact(uid), self.people(uid), key=shows)
        elif shows[0] == "welcome":
            detail.show_text(WELCOME)
        else:
            detail.show_stage(stage)

    def _pane_key(self, uid: str) -> tuple[object, ...]:
        """What the pane shows for a contact: drawn again only when this changes."""
        return ("contact", uid, self.store.version, clock.today())

    def kept(self, kind: type[ScreenT], *args: Any, **kwargs: Any) -> ScreenT:
        """A form or view built once and loaded anew on each use (kept.py)."""
        return kept(self, kind, *args, **kwargs)

    def people(self, uid: str) -> People:
        """Names of linked contacts and the warm paths, for a contact's views."""
        cards = self.store.cards
        warm = []
        if uid in cards and cards[uid].stage in WARM_PATH_STAGES:
            warm = [(card.name, agreed) for card, agreed in self.store.warm_paths(uid)]
        return People(lambda other: cards[other].name if other in cards else None, warm)

    def _show_counts(self) -> None:
        first = self._first
        self.top_bar.show_count(first.total if first is not None else self.board.total)

    @on(Synced)
    def _synced(self, event: Synced) -> None:
        result = event.result
        if result.reloaded:
            uid = self.board.current_uid
            self.board.load(self.store.cards, self.store.order)
            if self.screen is self.screen_stack[0] and (
                uid is None or not self.board.focus_uid(uid)
            ):
                self.board.focus_first_card()
            self._refresh_views()
            self._warm_agenda()
            if not result.merged:  # a merge says so itself, once
                self.notify("The data file was changed elsewhere: reloaded, nothing of yours lost.")
        for name in result.merged:
            self.notify(
                f"Merged {name}, the other machine's copy: every change from both kept "
                "(the copy is now in backups/).",
                timeout=10,
            )
        for problem in result.unmerged:  # the top bar names it while it is there
            self.notify(
                f"A conflict copy is not a data file and was left where it is: {problem}",
                severity="warning",
            )
        if result.unreadable is not None:
            self._unreadable = result.unreadable
        self.flows.recheck_adds(result)
        if result.backup_error and result.backup_error != self._backup_error:
            self.notify(f"Saved, but {result.backup_error}.", severity="warning")
        if result.wrote:
            self._backup_error = result.backup_error
        self.show_save_status(result.pending, result.error)

    def show_save_status(self, pending: int | None = None, error: str | None = None) -> None:
        """Update the save indicator on every screen (no arguments: show the last state),
        and the conflict copies that do not read."""
        if pending is not None:
            self._save_state = (pending, error)
        for screen in self.screen_stack:
            # A top bar is a screen's own child: not a walk through all its widgets
            # (the board's: 3 ms of a stage move at 30,000 contacts, twice).
            for bar in screen.query_children(TopBar):
                self.show_save_status_in(bar)

    def show_save_status_in(self, bar: TopBar) -> None:
        """The last save state in one top bar (a view shown again: its own alone,
        not a walk through every screen's widgets)."""
        status = next(iter(bar.query_children(SaveStatus)), None)
        if status is None:  # being taken down (a save ends as the app closes): skip it
            return
        status.show(*self._save_state, warning=self._backup_error)
        bar.show_unreadable(self._unreadable)

    def _check_day(self) -> None:  # set going once the store is loaded (_start)
        """After midnight, what is due (board and agenda) is counted from the new day."""
        today = clock.today()
        if today != self._today:
            self._today = today
            self.board.load(self.store.cards, self.store.order)
            for screen in self.screen_stack:
                if isinstance(screen, screens.AgendaScreen):
                    screen.refresh_view()

    # --- actions -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The card actions mean the board's focused card: on another view (agenda,
        # review, a finished review's summary) they would act on a hidden contact.
        shown = self._keys_for or self.screen
        on_board = shown is self.screen_stack[0]
        if action == "search":  # issue 15: board, agenda, archive (finding.py)
            return self.finding.can_search(shown)
        if action == "filter":  # issue 15: board, agenda (filtering.py)
            return on_board or shown.id == "agenda-screen"
        if action == "clear_filter":  # Escape on the board; Ctrl+L where `f` works too
            where = on_board or (parameters == (True,) and shown.id == "agenda-screen")
            return where and self.board_filter.active
        if action == "progress":  # issue 15: board, agenda
            return on_board or shown.id == "agenda-screen"
        if action == "show_view":
            # g leaves a view (a contact, the archive, the templates) for the agenda;
            # not a form or the review, where it would throw away what is open.
            return self._only_views_open() and (on_board or isinstance(shown, self._views()))
        return on_board or action not in ("open_contact", "on_card")

    @contextmanager
    def keys_as_if_shown(self, screen: Screen[Any]) -> Iterator[None]:
        """The app's keys as they will be once `screen`, built off the stack, is
        pushed (a footer built ahead: see footer.py)."""
        self._keys_for = screen
        try:
            yield
        finally:
            self._keys_for = None

    def _views(self) -> tuple[type[Screen[Any]], ...]:
        return (
            screens.ContactScreen,
            screens.AgendaScreen,
            screens.ArchiveScreen,
            screens.TemplatesScreen,
        )

    def action_open_contact(self) -> None:
        uid = self.board.current_uid
        if uid is None:
            self.bell()
            return
        self.open_contact(uid)

    def open_contact(self, uid: str, *, focus_board: bool = True) -> None:
        """The contact's full view; back on the board, the focus is on them."""
        if self.view_is_open(f"contact:{uid}", f"{self.store.cards[uid].name}'s view"):
            return

        def back(_: object) -> None:
            if focus_board:
                self.board.focus_uid(uid)

        self.push_screen(self.kept(screens.ContactScreen, uid), back)

    def show_on_board(self, uid: str) -> None:
        """Back to the board with `uid` focused, closing the views over it (a contact,
        the agenda, the archive, the templates); a daily review or a form stays open,
        and the board shows the card when it is closed."""
        views = self._views()
        while len(self.screen_stack) > 1 and isinstance(self.screen, views):
            self.pop_screen()
        self.board.focus_uid(uid)
        # The pane with them in the same frame as the board (a quick-add's save is
        # on screen once the pane shows the person), not a frame after it.
        self._refresh_detail()

    def view_is_open(self, key: str, name: str) -> bool:
        """Whether a view (`view_key`) is already open; if so, says where.

        The app's keys work on every screen, so `r` in the review or Enter in a
        review begun from a contact's view would open a view that is open already:
        a second copy stacks the same thing twice (and, with its fixed id, crashes).
        """
        for screen in self.screen_stack:
            if getattr(screen, "view_key", None) == key:
                below = screen is not self.screen
                where = " under this screen; Escape goes back to it" if below else ""
                self.notify(f"{name} is already open{where}.", markup=False)
                return True
        return False

    def action_show_view(self, view: str) -> None:
        self.show_view(view)

    def _only_views_open(self) -> bool:
        """Whether everything over the board is a view one may leave (no form, no
        question, no review)."""
        views = self._views()
        return all(isinstance(screen, views) for screen in self.screen_stack[1:])

    def show_view(self, view: str) -> None:
        """Board or agenda, from a key, a tab click or the command palette; from a
        contact's view, the archive or the templates, leaving them."""
        if not self._only_views_open():
            self.notify("Close what is open first (Escape), then switch views.")
            return
        while len(self.screen_stack) > 1 and not (
            view == "agenda" and isinstance(self.screen, screens.AgendaScreen)
        ):
            self.pop_screen()
        if view == "agenda" and not isinstance(self.screen, screens.AgendaScreen):
            self.push_screen(self._kept(screens.AgendaScreen))

    def action_review(self) -> None:
        self.start_review()

    def start_review(self, then: Callable[[], None] | None = None) -> None:
        if self.view_is_open("review", "The daily review"):
            return
        review = self._kept(screens.ReviewScreen)
        review.begin()  # from the first person, with the agenda as it is now

        def done(_: object) -> None:
            if then is not None:
                then()

        self.push_screen(review, done)

    def _kept(self, kind: type[ScreenT]) -> ScreenT:
        """The agenda's or the review's screen (kept.one_of): composing and styling
        one again took most of `g` and `r` (0.3 s at any size). Made with its width
        class from the start, as the board's: set on the first resize instead, the
        agenda's rows are measured at two widths."""
        return one_of(self, kind, self._width_class)

    def fresh_agenda(self) -> Agenda | None:
        """Today's agenda if it is worked out already for the store as it is now, or
        brought up to date here and now (a few contacts changed since: milliseconds
        at 30,000 contacts); else None: current_agenda works it out, on a thread."""
        key = (self.store.version, clock.today())
        kept = self._agenda
        if kept is not None and kept[0] == key:
            return kept[1]
        if not self._live_lock.acquire(blocking=False):
            return None  # being worked out on a thread
        try:
            return self._updated(key)
        finally:
            self._live_lock.release()

    def current_agenda(self) -> Agenda:
        """Today's agenda from the store (safe to call from a worker thread)."""
        from networking_tui.usecases import planning  # not needed for the board: off the launch

        store = self.store
        key = (store.version, clock.today())  # what an agenda depends on
        kept = self._agenda
        if kept is not None and kept[0] == key:
            return kept[1]  # `g` then `r`, or back to the agenda: nothing changed
        with self._live_lock:
            agenda = self._updated(key)
            if agenda is None:
                with collector_paused():
                    live = planning.live_agenda(store)
                self._live, agenda = live, live.agenda
            self._agenda = (key, agenda)
        return agenda

    def _updated(self, key: tuple[int, date]) -> Agenda | None:
        """The agenda kept current with the contacts changed since it was worked out
        (a log, a move, an edit: see agenda.LiveAgenda); None when it must be worked
        out anew (a new day, a reload, an import, the events changed). Lock held."""
        from networking_tui.usecases import planning

        live = self._live
        if live is None or live.today != key[1] or not self.store.facts_ready:
            return None
        agenda = planning.updated_agenda(self.store, live)
        if agenda is None:
            self._live = None
            return None
        self._agenda = (key, agenda)
        return agenda

    def _warm_agenda(self) -> None:
        """Work out the agenda's facts, then today's agenda, on a thread while the
        board is being looked at, so that `g` and `r` find them ready (0.6 s at
        30,000 contacts; a few thousand contacts take a few milliseconds: worked
        out when first needed)."""
        if len(self.store.cards) >= WARM_FROM:
            self.run_worker(self._warm, thread=True, group="warm")
        else:
            self._warm_views()

    def _warm(self) -> None:
        # The file's bytes (200 MB at 100,000 contacts) go before the facts come:
        # contacts are read back from the file when needed (store.release_bytes).
        self.store.release_bytes()
        self.store.agenda_facts()
        self.current_agenda()
        # What is worked out now (100,000 objects at 30,000 contacts) lives as long
        # as the app, most of it: kept out of the collector's full passes, which
        # otherwise took 0.1 s of a key now and then (as cli.py does after loading).
        gc.freeze()
        self.post_message(self.Warmed())  # then the views, on the UI thread

    @on(Warmed)
    def _warm_views_now(self) -> None:
        self._warm_views()

    def _warm_views(self, step: int = 0) -> None:
        """Do ahead, while the board is left alone, what Textual does the first time
        it shows the agenda and the review (compose, mount, fill, lay out, measure
        the rows, build the footer, style): 0.2 s of CPU on the first `g` or `r` at
        30,000 contacts otherwise. One step at a time; a key pressed in the last
        IDLE_BEFORE_WARM seconds puts the next step off."""
        if not self.WARM_SCREENS or self._winding_down:
            return
        if self._put_off_while_in_use(lambda: self._warm_views(step)):
            return
        kinds: list[type[Screen[Any]]] = [screens.AgendaScreen, screens.ReviewScreen]
        kind, part = divmod(step, 4)
        if kind >= len(kinds):
            return
        if part == 0 and self.is_screen_installed(f"kept-{kinds[kind].__name__}"):
            self.call_after_refresh(self._warm_views, step + 4)  # built on first use
            return
        screen = self._kept(kinds[kind])
        if part and getattr(screen, "_styled_for", None) is not None:
            self.call_after_refresh(self._warm_views, 4 * (kind + 1))  # shown meanwhile
            return
        if part == 0:
            self._get_screen(screen)  # compose and mount, off the stack
        elif not screen.is_mounted:
            self.call_after_refresh(self._warm_views, step)  # still mounting
            return
        elif part == 1 and isinstance(screen, screens.AgendaScreen):
            agenda = self._agenda_ahead()
            if agenda is not None:
                screen.fill_ahead(agenda)
        elif part == 2:
            build_footer_ahead(screen)
        else:
            lay_out_ahead(screen)
        self.call_after_refresh(self._warm_views, step + 1)

    def _fill_agenda_ahead(self, now: bool = False) -> None:
        """After a change, the agenda kept is brought up to date while the board is
        left alone, as it was first filled (_warm_views): else the next `g` redid
        its rows, 0.1-0.2 s at 30,000 contacts (the session's first `g` of the
        benchmark, after its stage moves)."""
        if not self.WARM_SCREENS or self._winding_down or (self._agenda_queued and not now):
            return
        self._agenda_queued = True
        if not now:
            self.call_after_refresh(self._fill_agenda_ahead, True)  # the change drawn first
            return
        if self._put_off_while_in_use(lambda: self._fill_agenda_ahead(now=True)):
            return
        self._agenda_queued = False
        name = f"kept-{screens.AgendaScreen.__name__}"
        screen = self.get_screen(name) if self.is_screen_installed(name) else None
        if isinstance(screen, screens.AgendaScreen) and screen.is_mounted:
            agenda = self._agenda_ahead()
            if agenda is not None:
                screen.fill_ahead(agenda)
                # Laid out and drawn once its widgets have asked for it (at their idle).
                self.set_timer(DRAW_AFTER_FILL, lambda: self._draw_agenda_ahead(screen))

    def _draw_agenda_ahead(self, screen: Screen[Any]) -> None:
        if screen not in self.screen_stack:  # not shown meanwhile
            draw_ahead(screen)

    def _fill_contact_ahead_soon(self) -> None:
        if self.WARM_SCREENS and not self._contact_ahead_queued:
            self._contact_ahead_queued = True
            if IDLE_BEFORE_WARM:
                self.set_timer(IDLE_BEFORE_WARM, self._fill_contact_ahead)
            else:  # (tests) a Textual timer of no time divides by zero
                self.call_after_refresh(self._fill_contact_ahead)

    def _fill_contact_ahead(self) -> None:
        """The kept contact view filled in for the focused card, laid out and drawn,
        once the board is left alone on it: Enter then shows lines drawn already
        (12 ms of CPU instead of 30, as the pane draws the next card ahead). Keys
        coming put it off; another view or form open drops it (the next focus
        change or change to the store asks again)."""
        if self._winding_down:
            return
        if self.screen is self.screen_stack[0] and self._put_off_while_in_use(
            self._fill_contact_ahead
        ):
            return
        self._contact_ahead_queued = False
        uid = self.board.current_uid
        name = f"kept-{screens.ContactScreen.__name__}"
        if self.screen is not self.screen_stack[0] or uid is None or uid not in self.store:
            return
        screen = self.get_screen(name) if self.is_screen_installed(name) else None
        if (
            not isinstance(screen, screens.ContactScreen)
            or screen.in_use
            or screen in self.screen_stack
            or getattr(screen, "_styled_for", None) is None  # still being built ahead
            or screen.shows(uid)
        ):
            return
        screen.load(uid)
        # Laid out and drawn once its widgets have asked for it (at their idle).
        self.set_timer(DRAW_AFTER_FILL, lambda: self._draw_contact_ahead(screen, uid))

    def _draw_contact_ahead(self, screen: screens.ContactScreen, uid: str) -> None:
        if screen.uid == uid and not screen.in_use and screen not in self.screen_stack:
            draw_ahead(screen)

    @property
    def _winding_down(self) -> bool:
        """Quitting, or being taken down (no screen left, a timer firing after the
        last one went): no work is done ahead then."""
        return self._quitting or not self.screen_stack

    def _put_off_while_in_use(self, later: Callable[[], None]) -> bool:
        """Keys coming, or a view or form open: `later` runs again in IDLE_BEFORE_WARM
        seconds (True), so that work done ahead waits until the board is left alone."""
        in_use = time.monotonic() - self._last_input < IDLE_BEFORE_WARM
        if in_use or self.screen is not self.screen_stack[0]:
            self.set_timer(IDLE_BEFORE_WARM, later)
            return True
        return False

    def _agenda_ahead(self) -> Agenda | None:
        """Today's agenda for a view filled ahead, when it takes milliseconds: a few
        thousand contacts, or brought up to date with the contacts changed since."""
        small = len(self.store.cards) < WARM_FROM
        return self.current_agenda() if small else self.fresh_agenda()

    def _warm_screens(self, built: int = 0) -> None:
        """Build the forms and the contact view while the board is looked at, one a
        frame, so that the first `e`, `l`, `m`, `a` or Enter finds them built (kept.py).
        They are built for the focused card, and loaded for the one at hand."""
        if self._winding_down:
            return
        uid = self.board.current_uid
        if not self.WARM_SCREENS or uid is None or self.screen is not self.screen_stack[0]:
            return  # an empty board, or already in use: built on first use
        makers: list[Callable[[str], Screen[Any]]] = [
            lambda uid: screens.EditScreen(self.store, uid),
            lambda uid: screens.ContactScreen(uid),
            lambda uid: screens.LogScreen(*self.flows.log_form(uid)),
            lambda uid: screens.ComposeScreen(*self.flows.compose_form(uid)),
            lambda uid: screens.QuickAddScreen(self.flows.quick_add_preview),
        ]
        if built < len(makers):
            warm(self, self._width_class(makers[built](uid)))
            self.call_after_refresh(self._warm_screens, built + 1)
        else:
            self._finish_warm(screens.ContactScreen)

    def _finish_warm(self, kind: type[Screen[Any]], step: int = 0) -> None:
        """Build a kept screen's footer (a form's mounted first: else its first
        show mounted it), then lay it out at the app's size, off the stack, while
        the board is left alone: else its first show composed the footer and laid
        the screen out twice (its first size): 0.1 s of CPU on the session's first
        Enter at any number of contacts; eight layouts and two restyles, 0.4-0.5 s
        of CPU, on its first `e`."""
        name = f"kept-{kind.__name__}"
        if self._quitting or not self.is_screen_installed(name):
            return
        screen = self.get_screen(name)
        if screen in self.screen_stack or getattr(screen, "_styled_for", None) is not None:
            return  # shown meanwhile: its show did it
        if not screen.is_mounted:
            self.call_after_refresh(self._finish_warm, kind, step)  # still mounting
            return
        if self._put_off_while_in_use(lambda: self._finish_warm(kind, step)):
            return
        if step == 0:
            if isinstance(screen, screens.FormScreen):
                screen.mount_footer()  # then built below, with the keys it will show
        elif step == 1:
            build_footer_ahead(screen)
        else:
            lay_out_ahead(screen)
            self._warm_finished(kind)
            return
        self.call_after_refresh(self._finish_warm, kind, step + 1)

    def _warm_finished(self, kind: type[Screen[Any]]) -> None:
        if kind is screens.ContactScreen:
            self._fill_contact_ahead_soon()  # then for the card focused now
        order = self._finished_ahead()
        if kind in order[:-1]:  # then the next one's
            self.call_after_refresh(self._finish_warm, order[order.index(kind) + 1])
        elif kind is order[-1]:
            self.call_after_refresh(self._freeze_kept)

    def _freeze_kept(self) -> None:
        """The kept screens, built and laid out, live as long as the app: frozen out
        of the collector's full passes, which otherwise walked them on every pass
        (at 1,000 contacts, with CPython's thresholds, 60-136 ms each; 11-94 ms
        with them frozen). Garbage is collected first, so that none is kept: one
        full pass, 30-60 ms, while the board is left alone."""
        if self._put_off_while_in_use(self._freeze_kept):
            return
        gc.collect()
        gc.freeze()
        self.kept_ready = True

    @staticmethod
    def _finished_ahead() -> list[type[Screen[Any]]]:
        """The kept screens whose footer and layout are done ahead, in turn, once
        built: the first `e`, `l` or `m` of a session otherwise cost 0.2-0.5 s of
        CPU, over 100 ms on screen. (Done after the agenda's and the review's
        instead, the forms were laid out while the benchmark timed them at
        30,000 contacts, whose agenda comes later.)"""
        return [
            screens.ContactScreen,
            screens.EditScreen,
            screens.LogScreen,
            screens.ComposeScreen,
            screens.QuickAddScreen,
        ]

    def agenda_item(self, uid: str) -> Item | None:
        from networking_tui.usecases import planning

        return planning.agenda_item(self.store, uid)

    def action_new_event(self) -> None:
        self.flows.open_event(None)

    def action_goals(self) -> None:
        self.flows.open_goals()

    def action_quick_add(self) -> None:
        self.flows.open_quick_add()

    def action_log_line(self) -> None:
        self.flows.open_log_line()

    def action_on_card(self, what: str) -> None:
        """A contact action on the focused card (the same as in the contact view)."""
        uid = self.board.current_uid
        if uid is None:
            self.notify("Focus a card first (arrow keys or a click).")
            return
        flows = self.flows
        actions: dict[str, Callable[[str], object]] = {
            "log": flows.open_log,
            "edit": flows.open_edit,
            "message": flows.open_compose,
            "snooze": flows.open_snooze,
            "accept": flows.accept_invitation,
            "introduction": flows.ask_introduction,
            "archive": lambda u: flows.set_archived(u, True),
        }
        actions[what](uid)

    def action_archive_list(self) -> None:
        if not self.view_is_open("archive", "The archive"):
            self.push_screen(screens.ArchiveScreen(self.store))

    def action_template_list(self) -> None:
        if not self.view_is_open("templates", "The message templates"):
            self.push_screen(screens.TemplatesScreen())

    def action_import_file(self) -> None:
        from networking_tui.ui.screens.importing import ImportScreen

        self.push_screen(ImportScreen(self.store), self._imported)

    def _imported(self, result: Summary | Refused | None) -> None:
        if result is None:
            return
        if isinstance(result, Refused):
            self.notify(f"Nothing imported: {result}.", severity="error", timeout=10)
            return
        if result.change is not None:
            self.changed(result.change)
        lines = result.text().splitlines()
        more = f"\n… and {len(lines) - 6} more lines" if len(lines) > 6 else ""
        undo = " Ctrl+Z undoes it." if result.change is not None else ""
        self.notify("\n".join(lines[:6]) + more + undo, timeout=10)

    # --- issue 15: search and filters (finding.py, filtering.py) ----------------

    def action_search(self) -> None:
        self.finding.open()

    def action_filter(self) -> None:
        self.board_filter.open()

    def action_clear_filter(self, _anywhere: bool = False) -> None:
        self.board_filter.clear()

    def action_progress(self) -> None:
        from networking_tui.usecases import progress  # not needed for the board

        title = f"Progress · {file_title(self.store.path, self.demo)}"
        if not self.view_is_open("progress", "The progress screen"):
            self.push_screen(screens.ProgressScreen(lambda: progress.figures(self.store), title))

    @on(Board.Pinned)
    def _pinned(self, event: Board.Pinned) -> None:
        self.board_filter.pinned(event.uid)

    def action_undo(self) -> None:
        self.flows.undo()

    def action_help(self) -> None:
        # Notices stack in the corner, over the help's window: whoever asks for the
        # keys has read them or no longer needs them. Cleared before the help opens,
        # else the screen below it keeps showing them around the window.
        self.clear_notifications()
        self.push_screen(screens.HelpScreen())

    def _hang_up(self) -> None:
        """The terminal closed, or the system asks us to stop: save what is queued
        and go, whatever is on screen (nobody is there to answer a question). If
        Textual cannot wind down within HANG_UP_GRACE (a terminal that is gone can
        block its last writes), the process ends anyway: the file is saved by then."""
        self._quitting = True  # later keys are dropped, as after q
        code = 0
        if self.ready:  # else nothing changed yet, and the file is not checked: just go
            result = self.saver.stop()
            code = 0 if result.error is None else 2
            if result.error is None and not self.demo:
                uistate.save_focus(self.store.path, self.board.active_stage, self.board.current_uid)
                self._remember_first_screen()
        watchdog = threading.Timer(HANG_UP_GRACE, os._exit, args=(code,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=code)

    async def action_quit(self) -> None:
        if self._quitting:
            return
        if any(getattr(screen, "has_changes", False) for screen in self.screen_stack):

            def decide(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self.call_later(self._save_and_exit)

            question = screens.ConfirmScreen(
                "Quit and lose what you typed?",
                ["A form open here has changes that are not saved yet."],
                yes="Quit anyway",
                no="Stay",
            )
            self.push_screen(question, decide)
            return
        await self._save_and_exit()

    async def _save_and_exit(self) -> None:
        self._quitting = True
        if not self.demo:
            # Not worth holding up the quit for: the next start begins on the first card.
            uistate.save_focus(self.store.path, self.board.active_stage, self.board.current_uid)
        result = self.saver.stop()
        if result.error is None:
            self._remember_first_screen()
            self.exit()
            return
        self._quitting = False  # the question below needs its keys
        self.show_save_status(result.pending, result.error)

        def decide(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self._quitting = True
                self.exit()
            else:
                self.saver = self._new_saver()
                self.saver.start()

        self.push_screen(
            screens.ConfirmScreen(
                f"{result.pending} change(s) could not be saved",
                [result.error, "Quitting now loses them; staying keeps retrying."],
                yes="Quit anyway",
                no="Stay",
            ),
            decide,
        )
