"""The yardstick: a hello-world Textual app, started the same way as networking-tui."""

from textual.app import App
from textual.widgets import Static


class Hello(App[None]):
    def compose(self):
        yield Static("Hello, world")


if __name__ == "__main__":
    Hello().run()
