"""Shell commands that only read: `find`, `show` and `list`.

Each prints what it found (or JSON with --json) and exits 0; 1 when nothing
matches; 2 on a bad argument or a data file that cannot be read. The search
and the filters are the app's own (domain/search.py, domain/filters.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from networking_tui.data.finder import Finder
from networking_tui.domain import clock, filters
from networking_tui.domain.filters import Filter
from networking_tui.domain.model import STAGE_TITLES, Contact
from networking_tui.domain.rules import due_label, short_duration, sort_key, stage_spans
from networking_tui.domain.search import Hit
from networking_tui.shell import EXIT_REFUSED, open_existing

EXIT_FOUND, EXIT_NONE = 0, 1
FIND_LIMIT = 50


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


def _none(command: str, what: str) -> int:
    print(f"networking-tui {command}: {what}.", file=sys.stderr)
    return EXIT_NONE


def find(path: Path, text: str, *, as_json: bool = False, limit: int = FIND_LIMIT) -> int:
    if not text.strip():
        print("networking-tui find: give something to look for", file=sys.stderr)
        return EXIT_REFUSED
    store = open_existing("find", path)
    if isinstance(store, int):
        return store
    hits, count = Finder(store).find(text, limit)
    if as_json:
        _print_json({"count": count, "matches": [_hit_json(h) for h in hits]})
        return EXIT_FOUND if hits else EXIT_NONE
    if not hits:
        return _none("find", f"nobody matches {text!r}")
    width = max(len(h.name) for h in hits)
    for hit in hits:
        stage = STAGE_TITLES.get(hit.stage, hit.stage) + (" (archived)" if hit.archived else "")
        print(f"{hit.name:<{width}}  {stage:<20}  {hit.label}: {hit.text}  [{hit.uid}]")
    if count > len(hits):
        print(f"… and {count - len(hits)} more: add a word to narrow it")
    return EXIT_FOUND


def _hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "uid": hit.uid,
        "name": hit.name,
        "stage": hit.stage,
        "archived": hit.archived,
        "field": hit.field,
        "text": hit.text,
    }


def show(path: Path, who: str, *, as_json: bool = False) -> int:
    store = open_existing("show", path)
    if isinstance(store, int):
        return store
    if who in store:
        uid = who
    else:
        found = store.names().find(who, archived=True)
        if not found:
            return _none("show", f"no contact named or with the uid {who!r}")
        if len(found) > 1:
            rows = [f"  {c.uid}  {c.name} · {STAGE_TITLES[c.stage]}" for c in found[:10]]
            more = f"\n  … and {len(found) - 10} more" if len(found) > 10 else ""
            print(
                f"networking-tui show: {who!r} could be {len(found)} contacts; "
                "give one's uid:\n" + "\n".join(rows) + more,
                file=sys.stderr,
            )
            return EXIT_REFUSED
        uid = found[0].uid or ""
    contact = store.contact(uid)
    if as_json:
        doc = msgspec.to_builtins(contact)
        doc["uid"] = uid
        _print_json(doc)
    else:
        sys.stdout.write(_card_text(uid, contact))
    return EXIT_FOUND


def _card_text(uid: str, c: Contact) -> str:
    now = clock.now()
    label, _ = due_label(c.next_touch, now.date())
    lines = [f"{c.name}" + (f" ({c.nickname})" if c.nickname else "") + f"  [{uid}]"]
    lines.append(
        f"{STAGE_TITLES[c.stage]}{' · archived' if c.archived else ''} · priority {c.priority}"
        f" · next touch {c.next_touch.isoformat() if c.next_touch else '—'} ({label})"
    )
    h = c.handles
    fields = [
        ("Company", c.company),
        ("Role", c.role),
        ("Objective", c.objective),
        ("Where met", c.where_met),
        ("Common ground", c.common_ground),
        ("Tags", " ".join(f"#{t}" for t in c.tags)),
        ("X", h.x),
        ("Email", h.email),
        ("LinkedIn", h.linkedin),
        ("Website", h.website),
        ("Phone", h.phone),
        ("Other", h.other),
        ("Cadence", f"every {c.cadence_days} days" if c.cadence_days else None),
    ]
    lines += [f"  {name + ':':<15}{value}" for name, value in fields if value]
    if c.notes:
        lines.append("Notes:")
        lines += [f"  {line}" for line in c.notes.splitlines()]
    lines.append("Stage history:")
    for span in stage_spans(c):
        lasted = short_duration(span.duration(now))
        still = " (now)" if span.end is None else ""
        lines.append(
            f"  {span.start.format('YYYY-MM-DD')}  {STAGE_TITLES[span.stage]:<10} {lasted}{still}"
        )
    lines.append(f"Touches ({len(c.interactions)}):")
    for touch in sorted(c.interactions, key=lambda i: clock.aware(i.at), reverse=True):
        note = f"  {touch.note}" if touch.note else ""
        lines.append(f"  {clock.local_day(touch.at).isoformat()}  {touch.kind:<12}{note}")
    return "\n".join(lines) + "\n"


def list_contacts(path: Path, value: Filter, *, as_json: bool = False) -> int:
    store = open_existing("list", path)
    if isinstance(store, int):
        return store
    today = clock.today()
    cards = store.cards
    live = [(uid, store.contact(uid)) for uid, card in cards.items() if not card.archived]
    kept = filters.keep(live, value, today, store.docs("events"))
    key = today.isoformat()
    kept.sort(key=lambda uid: sort_key(cards[uid], key))
    if as_json:
        _print_json(
            [
                {
                    "uid": uid,
                    "name": cards[uid].name,
                    "stage": cards[uid].stage,
                    "priority": cards[uid].priority,
                    "next_touch": cards[uid].due or None,
                }
                for uid in kept
            ]
        )
        return EXIT_FOUND if kept else EXIT_NONE
    if not kept:
        return _none("list", f"nobody is {value.describe()}")
    width = max(len(cards[uid].name) for uid in kept)
    for uid in kept:
        card = cards[uid]
        label, _ = due_label(card.next_touch, today)
        print(
            f"{card.name:<{width}}  {STAGE_TITLES[card.stage]:<10}  !{card.priority}  "
            f"{label:<18}  [{uid}]"
        )
    return EXIT_FOUND
