"""The first `g` and the first `r` of a session, in a real terminal (120x40).

    python bench/first_open.py 30000 --runs 3 --python .venv/bin/python
    python bench/first_open.py 1000 --forms     # the first `e`, `l`, `m`, then `e` again

Each run launches the app, waits until it is idle (the warm-up done), then
times `g` (key to its footer, then to the first row's reason), leaves, and
times `r` (key to "1 of"), each with the CPU the process used until idle and the
load average. bench/run.py reports the same first figures within its session;
this is the short way to measure them alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from run import (
    ESCAPE,
    Session,
    data_file,
    first_agenda_item,
    install,
    pane,
    stranger_order,
)

from networking_tui.data.store import ContactStore


def review(session: Session) -> tuple[float, float]:
    """Milliseconds from `r` to its first person, and its CPU until idle."""
    cpu = session.cpu()
    (shown,) = session.key(b"r", "1 of ")
    return shown, (session.idle() - cpu) * 1000


FORMS = [("e", "Edit {}"), ("l", "Log a touch with {}"), ("m", "Message to {}"), ("e", "Edit {}")]


def forms(session: Session, first: str) -> dict[str, float]:
    """Milliseconds from each form's key to its title, and its CPU until idle: a
    session's first `e`, `l` and `m`, then `e` again."""
    row: dict[str, float] = {}
    for n, (key, title) in enumerate(FORMS):
        name = key if n < 3 else f"{key} again"
        cpu = session.cpu()
        (row[name],) = session.key(key.encode(), title.format(first))
        row[f"{name} cpu"] = (session.idle() - cpu) * 1000
        session.key(ESCAPE, pane(first, "stranger"))
        session.idle()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("size", type=int, nargs="?", default=30000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", help="run the app with this interpreter's install")
    parser.add_argument("--r-first", action="store_true", help="`r` before `g`")
    parser.add_argument("--forms", action="store_true", help="the forms' first keys instead")
    args = parser.parse_args()
    app, _ = install(args.python)
    work = Path(tempfile.mkdtemp(prefix="nt-first-"))
    path = work / "contacts.json"
    os.environ["XDG_DATA_HOME"] = str(work / "xdg-data")  # not the user's data folder
    shutil.copyfile(data_file(args.size), path)
    store = ContactStore.open(path)
    first = stranger_order(store)[0]
    reason = first_agenda_item(store).reason[:40]
    del store
    figures: dict[str, list[float]] = {}
    try:
        for _ in range(args.runs):
            session = Session([*app, "--db", str(path)])
            session.wait_for(pane(first, "stranger"))
            session.idle(0.5)
            load = os.getloadavg()[0]
            if args.r_first:
                r, r_cpu = review(session)
                session.key(ESCAPE, "Review stopped")
                session.idle()
                session.key(ESCAPE, pane(first, "stranger"))
                session.idle()
            if args.forms:
                row = forms(session, first)
                session.close()
                for key, value in row.items():
                    figures.setdefault(key, []).append(value)
                print("   ".join(f"{k} {v:5.0f}" for k, v in row.items()), f"load {load:.2f}")
                continue
            cpu = session.cpu()
            seen, done = session.key(b"g", "New event", reason)
            g_cpu = (session.idle() - cpu) * 1000
            if not args.r_first:
                session.key(ESCAPE, pane(first, "stranger"))
                session.idle()
                r, r_cpu = review(session)
            session.close()
            row = {"g_first": seen, "g_done": done, "g_cpu": g_cpu, "r": r, "r_cpu": r_cpu}
            for key, value in row.items():
                figures.setdefault(key, []).append(value)
            print(
                f"first g {seen:5.0f} ms (complete {done:5.0f}) cpu {g_cpu:4.0f} ms   "
                f"first r {r:5.0f} ms cpu {r_cpu:4.0f} ms   load {load:.2f}",
                flush=True,
            )
    finally:
        shutil.rmtree(work)
    print("median " + "  ".join(f"{k} {statistics.median(v):.0f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
