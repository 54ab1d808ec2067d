"""Whole-screen snapshots of the README's scenes (the same scenes `screenshot` renders).

Review a failing report (snapshot_report.html) before `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from networking_tui.domain import clock
from networking_tui.ui.scenes import MOMENT, SCENES, demo_app, play


@pytest.mark.parametrize("name", sorted(SCENES))
def test_scene(name: str, snap_compare, tmp_path: Path) -> None:
    scene = SCENES[name]
    with clock.frozen(MOMENT):
        app = demo_app(tmp_path, scene.theme)
        assert snap_compare(
            app, terminal_size=scene.size, run_before=lambda pilot: play(pilot, scene)
        )
