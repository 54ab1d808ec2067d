"""No class of ours takes a name Textual uses for something else.

Textual calls its own methods by name (`_log` for every log line, `remove`,
`refresh`…): a method of ours with one of those names is called by Textual
with arguments it does not expect. `ContactActions._log` did exactly that and
crashed the app whenever the Textual console was attached.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from textual.dom import DOMNode

import networking_tui.ui
from tests.conftest import contact, write_db

# Textual's hooks, meant to be overridden (the ones our classes do override).
OVERRIDES = {
    "BINDINGS",
    "CSS_PATH",
    "COMMANDS",
    "DEFAULT_CSS",
    "TITLE",
    "HORIZONTAL_BREAKPOINTS",
    "AUTO_FOCUS",
    "COMPONENT_CLASSES",
    "ALLOW_MAXIMIZE",
    "BORDER_TITLE",
    "CSS",
    "SCOPED_CSS",
    "can_focus",
    "can_focus_children",
    "compose",
    "render",
    "render_line",
    "render_lines",
    "get_content_width",
    "get_content_height",
    "check_action",
    "get_default_screen",
    "notify",
    "on_mount",
    "on_resize",
    "on_key",
    "on_click",
    "on_focus",
    "on_blur",
    "on_mouse_down",
    "on_mouse_up",
    "on_mouse_move",
    "on_show",
    "on_unmount",
    "on_screen_resume",
    "on_screen_suspend",
    "action_quit",
    "action_help",
    "action_back",
    "action_dismiss",
    "action_cancel",
    "action_cursor_up",
    "action_cursor_down",
    "action_page_up",
    "action_page_down",
    "action_scroll_home",
    "action_scroll_end",
    "notify_style_update",
    "watch_scroll_y",
    "validate_scroll_y",
    "_on_mount",
    "action_focus_next",
    "action_focus_previous",
    "on_input_changed",
    "on_input_submitted",
    "scroll_to_highlight",
    "key_escape",
    "key_enter",
    "action_submit",
    "text",
    "on_descendant_focus",
    "on_option_list_option_selected",
    "on_option_list_option_highlighted",
    "bindings_changed",  # widgets/footer.py: the Footer rebuilt only when its keys change
}


def our_widget_classes() -> list[type[DOMNode]]:
    found: dict[str, type[DOMNode]] = {}
    path = networking_tui.ui.__path__
    for info in pkgutil.walk_packages(path, "networking_tui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("networking_tui"):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def textual_names(cls: type) -> set[str]:
    names: set[str] = set()
    for base in cls.__mro__[1:]:
        if base.__module__.startswith(("textual", "rich")):
            names.update(vars(base))
    return names


def test_no_method_of_ours_shadows_a_textual_one() -> None:
    clashes = []
    for cls in our_widget_classes():
        theirs = textual_names(cls)
        for name, value in vars(cls).items():
            if not callable(value) and not isinstance(value, property):
                continue  # class settings, and what Textual's metaclass records
            if name.startswith("__") or name in OVERRIDES or name not in theirs:
                continue
            if name.startswith(("action_", "on_", "_on_", "watch_", "key_", "validate_")):
                continue  # Textual's handler conventions: overriding is the point
            clashes.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert not clashes, f"these names are Textual's: {clashes}"


async def test_the_app_runs_with_the_textual_console_attached(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Devtools logging on: every log line goes through App._log, which must be Textual's."""
    lines: list[Any] = []

    class Console:
        """Stands in for textual-dev's client, as `textual run --dev` connects it."""

        is_connected = True
        verbose = True
        url = "ws://127.0.0.1:8081"

        async def connect(self) -> None:
            pass

        async def disconnect(self) -> None:
            pass

        def log(self, entry: Any, *args: Any) -> None:
            lines.append(entry)

    fake = types.ModuleType("textual_dev.client")
    fake.DevtoolsLog = lambda objects, caller=None: objects  # type: ignore[attr-defined]
    fake.DevtoolsConnectionError = ConnectionError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_dev", types.ModuleType("textual_dev"))
    monkeypatch.setitem(sys.modules, "textual_dev.client", fake)

    from networking_tui.data.store import ContactStore
    from networking_tui.ui.app import NetworkingApp

    write_db(db, [contact("Ada Lovelace", "engaged")])
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    app.devtools = Console()
    async with app.run_test(size=(120, 40)) as pilot:
        app.log("hello from the test")
        await pilot.press("l")  # a flow: the log form opens
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert lines, "nothing reached the console"
