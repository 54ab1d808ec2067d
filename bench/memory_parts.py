"""Where the app's memory goes, part by part, at one size.

    python bench/memory_parts.py bench/data/100000-schema2.json

Not the benchmark (bench/run.py measures a real session's peak, as PSS): this
loads the file as the app does, without Textual, and prints the resident size
after each part the app holds (the file's bytes until release_bytes, the cards,
the agenda's facts and today's agenda, the name index, the identities). The
garbage collector is off, as in the app while it loads. The file is read only.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from networking_tui.data import storage  # noqa: E402
from networking_tui.data.store import ContactStore  # noqa: E402
from networking_tui.usecases import planning  # noqa: E402


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    path = parser.parse_args().file
    gc.disable()
    last = resident_mb()

    def part(label: str) -> None:
        nonlocal last
        now = resident_mb()
        print(f"{label:36s} {now:6.0f} MB ({now - last:+5.0f})")
        last = now

    part("Python and the modules (no Textual)")
    raw, sig = storage.read_bytes(path)
    part("the file's bytes")
    data = storage.parse(path, raw, sig)
    del raw
    part("its tables (views into the bytes)")
    store = ContactStore(path, data, checked=True)
    del data
    part("the cards and their board order")
    store.release_bytes()
    part("release_bytes (spans in the file)")
    store.agenda_facts()
    part("the agenda's facts")
    kept = planning.today_agenda(store)
    part("today's agenda")
    store.names()
    part("the name index")
    store.identities()
    part("the identities")
    del kept


if __name__ == "__main__":
    main()
