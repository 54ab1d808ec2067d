"""What the merge's records (domain/merge.py) add to the data file: not a test, a
script that prints sizes.

    python bench/merge_size.py 30000

The brief's contacts (generate.py) are written five ways:

- as generated: a file from before the merge's stamps (or just imported);
- lived in the app: each contact's touches and moves made one by one through the
  change functions the app uses (changes.logged, changes.moved), each stamped as
  the store stamps it (`_s` on every entry, `_stamps` on the fields it set);
- the same, and then one touch of every contact edited (the tombstone of the old
  entry in `_dropped`, the edited one a new entry);
- the same, and one touch of every contact deleted;
- the same, and three touches of every contact edited (a heavy correction).

Sizes are those of the file as storage.encode_tables writes it. Beside each:
what the merge's records add (`_s`, `_stamps`, `_dropped`) to the same file
without them, and what the tombstones (`_dropped`) alone add. The CPU time is
printed too.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable, Iterable
from datetime import date

import msgspec
import pendulum

from networking_tui.data import storage
from networking_tui.data.paths import device_id
from networking_tui.domain import changes, clock, merge
from networking_tui.domain.changes import Doc

sys.path.insert(0, os.path.dirname(__file__))
from generate import document


def bare(doc: Doc) -> Doc:
    """The document without the merge's records: what it would be without merging."""
    result = {k: v for k, v in doc.items() if k not in merge.BOOKKEEPING}
    for key in merge.LOGS["contacts"]:
        result[key] = [{k: v for k, v in e.items() if k != merge.ENTRY} for e in doc[key]]
    return result


def size(docs: Iterable[Doc]) -> int:
    tables = storage.empty_tables()
    tables["contacts"] = {
        str(n): storage.Raw(msgspec.json.encode(doc)) for n, doc in enumerate(docs, start=1)
    }
    return sum(len(chunk) for chunk in storage.encode_tables(tables))


def change(doc: Doc, fn: Callable[[Doc], Doc], device: merge.Clock) -> Doc:
    """`fn` applied as the store applies a change: the result stamped."""
    return merge.stamped(doc, fn(doc), device.stamp(), table="contacts")


def lived(generated: Doc, device: merge.Clock) -> Doc:
    """The contact as the app would have written it had every touch and move been
    made in it, one change at a time."""
    history = generated["stage_history"]
    doc = {**generated, "stage": history[0]["stage"], "stage_history": history[:1]}
    doc = {**doc, "interactions": [], "next_touch": None}
    moves = history[1:]
    for touch in generated["interactions"]:
        at = pendulum.parse(touch["at"])
        while moves and moves[0]["at"] <= touch["at"]:
            move = moves.pop(0)
            doc = change(doc, lambda d, m=move: changes.moved(d, m["stage"], m["at"]), device)
        note, kind = touch["note"], touch["kind"]
        stamp = touch["at"]
        doc = change(doc, lambda d: changes.logged(d, kind, at, note, stamp), device)  # noqa: B023
    for move in moves:
        doc = change(doc, lambda d, m=move: changes.moved(d, m["stage"], m["at"]), device)
    return doc


def corrected(doc: Doc, count: int, device: merge.Clock, *, delete: bool, today: date) -> Doc:
    """`count` touches of the contact edited (or deleted), as the touch form does."""
    for n in range(count):
        touches = doc["interactions"]
        original = touches[(n * 3) % len(touches)]
        new = None if delete else {**original, "note": original["note"] + " (corrected)"}
        stamp = device.stamp()
        doc = change(
            doc,
            lambda d, o=original, w=new, s=stamp: changes.touch_replaced(d, o, w, s, today),
            device,
        )
    return doc


def main(total: int) -> None:
    start = os.times()
    rng = random.Random(7)
    now = pendulum.now().replace(microsecond=0)
    today = now.date()
    device = merge.Clock(device_id())
    with clock.frozen(now):
        generated = [document(n, total, rng, now) for n in range(total)]
        app = [lived(doc, device) for doc in generated]
        ways: list[tuple[str, list[Doc]]] = [
            ("as generated (no merge records)", generated),
            ("lived in the app (_s, _stamps)", app),
            (
                "+ 1 touch edited per contact",
                [corrected(d, 1, device, delete=False, today=today) for d in app],
            ),
            (
                "+ 1 touch deleted per contact",
                [corrected(d, 1, device, delete=True, today=today) for d in app],
            ),
            (
                "+ 3 touches edited per contact",
                [corrected(d, 3, device, delete=False, today=today) for d in app],
            ),
        ]
    print(f"{total:,} contacts; load average {os.getloadavg()[0]:.1f}")
    print(f"{'':34} {'file':>9}  {'merge records':>13}  {'tombstones':>10}")
    for label, docs in ways:
        full = size(docs)
        without = size(bare(d) for d in docs)
        no_tombstones = size({k: v for k, v in d.items() if k != merge.DROPPED} for d in docs)
        print(
            f"{label:34} {full / 1e6:6.2f} MB  {100 * (full / without - 1):+12.1f}%"
            f"  {100 * (full - no_tombstones) / without:+9.1f}%"
        )
    spent = os.times()
    print(f"CPU {spent.user - start.user + spent.system - start.system:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30000)
