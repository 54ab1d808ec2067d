"""The app's screens, each imported on first use (PEP 562).

Importing them all up front costs about 0.1 s of start-up (their widgets: inputs,
selects, text areas), time the board at 30,000 contacts does not have.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "AgendaScreen": "agenda",
    "ArchiveScreen": "archive",
    "ChoiceScreen": "choice",
    "ComposeScreen": "compose",
    "ConfirmScreen": "confirm",
    "ContactScreen": "contact",
    "EditScreen": "edit",
    "EventScreen": "event",
    "FilterScreen": "filter",
    "FormScreen": "form",
    "GoalsScreen": "goals",
    "HelpScreen": "help",
    "LinkScreen": "link",
    "LogLineScreen": "capture",
    "LogScreen": "log",
    "ProgressScreen": "progress",
    "QuickAddScreen": "capture",
    "ReviewScreen": "review",
    "SearchScreen": "search",
    "SnoozeScreen": "snooze",
    "TemplatesScreen": "templates",
    "TouchScreen": "touch",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
