"""The board's key bar: the main keys, each one clickable.

Textual's Footer rebuilds itself whenever the focus moves between columns, which
on this board would cost more than a whole key press may take; this bar is drawn
once, and again only when the terminal is resized.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static

# key, label, action, and which keys give way first when the bar is too narrow
# (0 never: moving, the stage keys, help and quit).
MAIN_KEYS = [
    ("←↑↓→", "move", None, 0),
    ("> <", "stage", None, 0),
    ("⏎", "open", "app.open_contact", 1),
    ("a", "add", "app.quick_add", 2),
    ("l", "log", "app.on_card('log')", 4),
    ("g", "agenda", "app.show_view('agenda')", 3),
    ("r", "review", "app.review", 5),
    ("^z", "undo", "app.undo", 1),
    ("?", "keys", "app.help", 0),
    ("q", "quit", "app.quit", 0),
]
SEPARATOR = "  "


def fitting_keys(width: int) -> list[tuple[str, str, str | None, int]]:
    """The main keys, leaving out the least needed ones until they fit in `width`."""
    keys = list(MAIN_KEYS)
    for rank in (5, 4, 3, 2, 1):
        if len(SEPARATOR.join(f"{k} {label}" for k, label, _, _ in keys)) <= width:
            break
        keys = [entry for entry in keys if entry[3] != rank]
    return keys


def key_bar_content(width: int = 1000) -> Content:
    parts = []
    for key, label, action, _ in fitting_keys(width):
        text = f"[b $accent]{key}[/] {label}"
        parts.append(f"[@click={action}]{text}[/]" if action else text)
    return Content.from_markup(SEPARATOR.join(parts))


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__(key_bar_content(), id="key-bar")

    def on_resize(self, event: events.Resize) -> None:
        self.update(key_bar_content(self.content_size.width))
