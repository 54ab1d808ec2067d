"""The yardstick: a hello-world Textual app, started the same way as networking-tui.

Down changes its text (a key's own latency in Textual), Enter pushes a screen and
Escape pops it (Textual's own screen push), for the benchmark to compare with.
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class Pushed(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static("A pushed screen")


class Hello(App[None]):
    BINDINGS = [Binding("down", "count", "Count"), Binding("enter", "push", "Push")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("Hello, world", id="hello")

    def action_count(self) -> None:
        self.count += 1
        self.query_one("#hello", Static).update(f"Hello, world {self.count}")

    def action_push(self) -> None:
        self.push_screen(Pushed())


if __name__ == "__main__":
    Hello().run()
