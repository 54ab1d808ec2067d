"""One line of text that repaints without a layout pass.

Static.update() asks for a layout of the whole screen (its size may change); on the
board that costs more than the 50 ms a key press may take. These widgets have a
fixed size in CSS and only repaint.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static


class Line(Widget):
    DEFAULT_CSS = "Line { height: 1; }"

    text: reactive[RenderableType] = reactive("", layout=False)

    def __init__(
        self,
        text: RenderableType = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        # Text people typed is not markup.
        super().__init__(markup=False, name=name, id=id, classes=classes)
        self.set_reactive(Line.text, text)

    def render(self) -> RenderableType:
        return self.text


class FieldMessage(Static):
    """The message under a form field: hidden while there is nothing to say.

    (CSS `:empty` cannot do this: in Textual it means "has no child widgets".)
    """

    DEFAULT_CSS = "FieldMessage { display: none; } FieldMessage.-shown { display: block; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)

    def say(self, text: str) -> None:
        self.update(text)
        self.set_class(bool(text), "-shown")
