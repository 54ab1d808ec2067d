"""The board's key bar: the main keys, each one clickable.

Textual's Footer rebuilds itself whenever the focus moves between columns, which
on this board would cost more than a whole key press may take; this bar is drawn
once.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

MAIN_KEYS = [
    ("←↑↓→", "move", None),
    ("> <", "stage", None),
    ("⏎", "open", "app.open_contact"),
    ("a", "add", "app.quick_add"),
    ("l", "log", "app.on_card('log')"),
    ("g", "agenda", "app.show_view('agenda')"),
    ("r", "review", "app.review"),
    ("^z", "undo", "app.undo"),
    ("?", "keys", "app.help"),
    ("q", "quit", "app.quit"),
]


def key_bar_content() -> Content:
    parts = []
    for key, label, action in MAIN_KEYS:
        text = f"[b $accent]{key}[/] {label}"
        parts.append(f"[@click={action}]{text}[/]" if action else text)
    return Content.from_markup("  ".join(parts))


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__(key_bar_content(), id="key-bar")
