"""What the merge stamps cost in file size (issue 17: at most 15 % at 30,000).

    python bench/file_growth.py 30000

Three files of the brief's shape (bench/generate.py) are compared:

- before: no stamps (a file from before two-machine merging);
- brief: the brief's user: the 25,000 Strangers came from a LinkedIn import (a
  new document carries no stamps), the 5,000 others were worked in the app: each
  of their touches and moves stamped (`_s`), three fields changed (`_stamps`);
- all logged: as if all 300,000 touches had been logged one by one in the app and
  three fields changed on every contact (the bench's shape is a stress shape:
  that is some 800 touches a day for a year);
- worst: that, and every field of every contact changed four times or more
  (the stamps kept per field).

The stamps are made by the app's own clock (merge.Clock) with a device id of the
length paths.device_id() gives.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from networking_tui.data import storage
from networking_tui.domain import merge

TYPICAL_FIELDS = ("next_touch", "notes", "role")


def stamped_copy(
    tables: dict, fields: tuple[str, ...] | None, per_field: int, strangers: bool = True
) -> dict:
    clock = merge.Clock("a1b2c3d4")
    out = {}
    for name, docs in tables.items():
        out[name] = {}
        for doc_id, doc in docs.items():
            if name == "contacts" and (strangers or doc.get("stage") != "stranger"):
                doc = dict(doc)
                for log in ("interactions", "stage_history"):
                    doc[log] = [{**e, merge.ENTRY: clock.stamp()} for e in doc.get(log) or []]
                keys = fields if fields is not None else [k for k in doc if not k.startswith("_")]
                doc[merge.STAMPS] = {k: [clock.stamp() for _ in range(per_field)] for k in keys}
            out[name][doc_id] = doc
    return out


def size(tables: dict) -> int:
    raw = {
        n: {i: msgspec.Raw(msgspec.json.encode(d)) for i, d in t.items()} for n, t in tables.items()
    }
    return sum(len(bytes(c)) for c in storage.encode_tables(raw))


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = generate(count, Path(folder) / "f.json")
        tables = msgspec.json.decode(path.read_bytes())
    before = size(tables)
    print(f"{count:,} contacts, one document per line")
    print(f"  before (no stamps)   {before / 1e6:7.1f} MB")
    for label, tables_now in (
        ("brief", stamped_copy(tables, TYPICAL_FIELDS, 1, strangers=False)),
        ("all logged", stamped_copy(tables, TYPICAL_FIELDS, 1)),
        ("worst", stamped_copy(tables, None, merge.KEEP)),
    ):
        now = size(tables_now)
        print(f"  {label:<20} {now / 1e6:7.1f} MB  +{(now / before - 1) * 100:.1f} %")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000)
