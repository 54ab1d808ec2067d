"""Profile the agenda (`g`), the daily review (`r`) and leaving it, in a Pilot.

    python bench/profile_views.py bench/data/30000.json            # CPU and wall per key
    python bench/profile_views.py bench/data/30000.json --profile g  # cProfile of one key
    python bench/profile_views.py bench/data/30000.json --steps open=enter back=escape l=l
        # other keys: NAME=KEY[,KEY...] each (a key as Pilot names it: a letter, enter;
        # or pause: the board left alone, as before the benchmark's first g)

Not a test and not the benchmark (bench/run.py times a real terminal): this says
where a key's time goes. Each key is timed from the press until the app has
nothing left to do (tests/settle.py), as process CPU and wall, with the load
average beside them. The data file is copied first, and never saved.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from networking_tui.data.store import ContactStore  # noqa: E402
from networking_tui.ui.app import IDLE_BEFORE_WARM, WARM_FROM, NetworkingApp  # noqa: E402
from tests import settle  # noqa: E402

KEYS = {  # what each step presses, from where the previous step left off
    "g": ["g"],
    "board": ["escape"],
    "r": ["r"],
    "stop": ["escape"],
    "leave": ["escape"],
    "g2": ["g"],
    "r-from-agenda": ["r"],
    "stop2": ["escape"],
    "leave2": ["escape"],
    "board2": ["escape"],
    "move": ["shift+right"],  # a change: the agenda kept is out of date
    "g-stale": ["g"],
    "board3": ["escape"],
    "move-back": ["shift+left"],
    "r-stale": ["r"],
    "stop3": ["escape"],
    "leave3": ["escape"],
}


_gc = {"since": 0.0, "cpu": 0.0, "total": 0.0, "runs": 0}


def _time_gc(phase: str, info: dict[str, int]) -> None:
    """The garbage collector's share of a key (it walks every object not frozen)."""
    if phase == "start":
        _gc["since"] = time.perf_counter()
        _gc["cpu"] = time.thread_time()
    else:
        took = time.perf_counter() - _gc["since"]
        _gc["total"] += took
        _gc["runs"] += 1
        if took > 0.02 and os.environ.get("GC_DEBUG"):
            cpu = time.thread_time() - _gc["cpu"]
            print(
                f"  gc gen {info['generation']}: {took * 1000:.0f} ms, cpu {cpu * 1000:.0f} ms, "
                f"collected {info['collected']}, counts {gc.get_count()}, "
                f"tracked {len(gc.get_objects())}, frozen {gc.get_freeze_count()}"
            )


async def run(
    path: Path, keys: dict[str, list[str]], profile: str | None, rounds: int, refreeze: bool
) -> None:
    gc.callbacks.append(_time_gc)
    settle.install()  # a key is handled when the app is idle, not after a sleep
    store = ContactStore.open(path)
    app = NetworkingApp(store, autosave=False)
    gc.freeze()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle.settle(app)
        while len(store.cards) >= WARM_FROM and not store.facts_ready:
            await asyncio.sleep(0.05)  # the warm-up worker, as after a real launch
        await settle.settle(app)
        await asyncio.sleep(IDLE_BEFORE_WARM + 0.5)  # the views built ahead, when idle
        await settle.settle(app)
        if refreeze:
            gc.freeze()
        for n in range(rounds):
            for step, pressed in keys.items():
                profiler = cProfile.Profile() if step == profile and n == rounds - 1 else None
                load = os.getloadavg()[0]
                cpu, wall = time.process_time(), time.perf_counter()
                _gc["total"], _gc["runs"] = 0.0, 0
                if profiler:
                    profiler.enable()
                for key in pressed:
                    if key == "pause":  # the board left alone a moment: the app works ahead
                        await asyncio.sleep(IDLE_BEFORE_WARM + 1)
                    else:
                        await pilot.press(key)
                await settle.settle(app)
                if profiler:
                    profiler.disable()
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                print(
                    f"{step:<14} cpu {cpu * 1000:6.0f} ms  wall {wall * 1000:6.0f} ms  "
                    f"gc {_gc['total'] * 1000:4.0f} ms ({_gc['runs']})  "
                    f"load {load:.2f}  -> {type(app.screen).__name__}"
                )
                if profiler:
                    stats = pstats.Stats(profiler).sort_stats("cumulative")
                    stats.print_stats(int(os.environ.get("PROFILE_LINES", 45)))
                    stats.sort_stats("tottime").print_stats(25)
            print()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--steps", nargs="+", metavar="NAME=KEYS", help="in place of the views'")
    parser.add_argument("--profile", help="cProfile this step")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--refreeze", action="store_true", help="gc.freeze() once warm")
    args = parser.parse_args()
    keys = KEYS
    if args.steps:
        keys = {name: pressed.split(",") for name, pressed in (s.split("=", 1) for s in args.steps)}
    work = Path(tempfile.mkdtemp(prefix="nt-profile-"))
    try:
        copy = work / "contacts.json"
        shutil.copyfile(args.data, copy)
        asyncio.run(run(copy, keys, args.profile, args.rounds, args.refreeze))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
