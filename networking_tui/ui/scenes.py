"""The screens shown in the README, rendered from the demo data at a frozen moment.

`networking-tui screenshot` writes them to screenshots/, and the snapshot tests
compare the very same scenes, so the pictures in the README are the tested ones.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from networking_tui.data.demo import write_demo_file
from networking_tui.domain import clock

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from networking_tui.ui.app import NetworkingApp

MOMENT = "2026-11-23T09:00:00"  # a Monday morning
SIZE = (120, 36)


@dataclass(frozen=True)
class Scene:
    name: str
    press: tuple[str, ...] = ()
    size: tuple[int, int] = SIZE
    theme: str | None = None  # a Textual theme other than the default


SCENES = {
    s.name: s
    for s in [
        # Mei Chen: overdue, with a stage history and touches to show in the pane.
        Scene("board", press=("right", "right")),
        # Maya Okafor: a stranger with two warm paths.
        Scene("contact", press=("down", "down", "enter")),
        Scene("edit", press=("down", "e")),
        Scene("compose", press=("right", "m")),
        Scene("quickadd", press=("a", *"Ada Lovelace @ada #pycon met at PyCon fu next tue")),
        Scene("agenda", press=("g",)),
        Scene("review", press=("r",)),
        # Issue 15: search (a word found in roles, tags, companies, notes), progress,
        # and the board in a light theme (saved in the settings, as a person's choice).
        Scene("search", press=("slash", *"data")),
        Scene("stats", press=("S",), size=(100, 30)),
        Scene("board-light", press=("right", "right"), theme="textual-light"),
        # Issue 13: at 80x24 the focused column and its neighbours, names whole.
        Scene("board-small", press=("right", "right"), size=(80, 24)),
    ]
}


def demo_app(folder: Path, theme: str | None = None) -> NetworkingApp:
    """A NetworkingApp on a fresh demo file, without the background saver; `theme`:
    the one saved in its settings (so the app starts in it)."""
    from networking_tui.data.store import ContactStore
    from networking_tui.ui.app import NetworkingApp
    from networking_tui.usecases import planning

    path = write_demo_file(folder / "demo.json")
    if theme is not None:
        store = ContactStore.open(path)
        planning.save_theme(store, theme)
        store.sync()
    return NetworkingApp(ContactStore.open(path), demo=True, autosave=False)


async def play(pilot: Pilot, scene: Scene) -> None:
    """Press the scene's keys and let background work (the agenda's) finish."""
    for key in scene.press:
        await pilot.app.workers.wait_for_complete()  # a search's answer before the next key
        await pilot.press(key)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _render(scene: Scene) -> str:
    with tempfile.TemporaryDirectory() as folder:
        app = demo_app(Path(folder), scene.theme)
        async with app.run_test(size=scene.size) as pilot:
            await play(pilot, scene)
            return app.export_screenshot(title=f"networking-tui: {scene.name}")


def render_all(names: list[str], out: Path) -> Iterator[Path]:
    unknown = [n for n in names if n not in SCENES]
    if unknown:
        raise SystemExit(f"unknown scene {', '.join(unknown)}; known: {', '.join(SCENES)}")
    out.mkdir(parents=True, exist_ok=True)
    with clock.frozen(MOMENT):
        for name in names or list(SCENES):
            target = out / f"{name}.svg"
            target.write_text(asyncio.run(_render(SCENES[name])), encoding="utf-8")
            yield target
