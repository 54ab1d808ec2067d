"""Wait until a Textual app has handled everything it was sent: an event, not a guess.

Textual's Pilot waits after each key and in `pause()` with `wait_for_idle`, which
guesses "idle" when the process used little CPU for 20 ms. On a busy machine the
process gets little CPU because it is not scheduled, so the guess comes early (a
key not yet handled, a screen not yet pushed), and on a quiet machine every key
costs at least 40 ms of sleep. `settle` instead looks at the app itself: no
message queued or being handled by any widget, screen or the app, no callback
waiting, no layout or repaint pending, no worker running; and that several
times in a row, so messages posted from another thread (the driver's keys) land
first. `install()` puts it in place of `wait_for_idle` for every Pilot call.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import textual.app
import textual.pilot
from textual._context import active_app
from textual.message_pump import MessagePump
from textual.worker import WorkerState

PATIENCE = 120.0  # seconds: against a hang, never a measure of speed
QUIET_ROUNDS = 5  # consecutive quiet looks, each after a turn of the event loop
RUNNING = (WorkerState.PENDING, WorkerState.RUNNING)
SOON = 0.5  # s: a one-shot timer this short is part of handling a key (the resize
# debounce, a batched update); a longer one (a notice expiring) is a later event
_handling = [0]  # messages and callbacks being handled now, in any pump


def busy(app: Any) -> bool:
    """Whether the app has work queued, under way, or due in a moment."""
    if _handling[0]:
        return True
    for pump in (app, *app.screen_stack, *list(app._registry)):
        if pump._message_queue.qsize() or pump._pending_message or pump._next_callbacks:
            return True
        if any(pending_soon(timer) for timer in list(pump._timers)):
            return True
    if any(worker.state in RUNNING for worker in app.workers):
        return True
    if not app.screen_stack:
        return False
    screen = app.screen
    return bool(
        screen._callbacks
        or screen._dirty_widgets
        or screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
    )


def pending_soon(timer: Any) -> bool:
    task = timer._task
    return (
        timer._repeat == 0
        and timer._interval <= SOON
        and task is not None
        and not task.done()
        and timer._active.is_set()
    )


async def settle(app: Any = None) -> None:
    """Return once `app` (the running app by default) has nothing left to do."""
    app = app if app is not None else active_app.get()
    deadline = time.monotonic() + PATIENCE
    quiet = 0
    while quiet < QUIET_ROUNDS:
        await asyncio.sleep(0)
        if app._exit or not app.is_running:
            return
        quiet = 0 if busy(app) else quiet + 1
        if quiet == 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{app} still busy after {PATIENCE} s")
            await asyncio.sleep(0.001)  # let timers (the screen's repaint) come round


async def _settle_instead_of_wait_for_idle(min_sleep: float = 0, max_sleep: float = 0) -> None:
    await settle()


def _counted(method: Any) -> Any:
    async def counted(self: MessagePump, *args: Any) -> Any:
        _handling[0] += 1
        try:
            return await method(self, *args)
        finally:
            _handling[0] -= 1

    return counted


def install() -> None:
    # A queue does not say whether its last message is still being handled: count.
    dispatch, flush = MessagePump._dispatch_message, MessagePump._flush_next_callbacks
    MessagePump._dispatch_message = _counted(dispatch)  # type: ignore[method-assign]  # patched on purpose
    MessagePump._flush_next_callbacks = _counted(flush)  # type: ignore[method-assign]  # patched on purpose
    textual.app.wait_for_idle = _settle_instead_of_wait_for_idle  # used by press()
    textual.pilot.wait_for_idle = _settle_instead_of_wait_for_idle  # pause(), exit()
