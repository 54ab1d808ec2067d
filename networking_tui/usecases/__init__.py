"""Every action a person takes on their network, as plain calls over the store.

Both fronts call these: the Textual app (ui/) opens a screen, calls one, and shows
what came of it; the shell (shell.py) calls the same one and prints it. So `add`
and `log` from the shell and from the app cannot drift apart.

Each call changes the store in memory (one undoable step) and returns a `Done`:
the change and a sentence for the person. Writing to disk is the caller's:
the app's saver thread, or the shell's `sync` under the lock.

    contacts.py  add (quick-add), add onto a namesake, edit, move, archive,
                 restore, delete for good, undo
    touches.py   log a touch, a one-line log, snooze
    links.py     who knows whom, the warm path to ask for an introduction
    messages.py  templates, the values a message is filled with
    planning.py  events, goals, the agenda
    importing.py LinkedIn and vCard imports, as one change
    filters.py   saved filters, and whom a filter keeps
"""

from networking_tui.usecases.result import Done, Refused

__all__ = ["Done", "Refused"]
