"""Generate realistic large data files: N contacts, ten interactions each, notes, tags.

The brief's shape: of 30,000 contacts, 25,000 sit in Stranger (the first column,
where the focus starts), as after a LinkedIn import; every contact has tags, a
notes field and ten touches with notes (about 63 MB at 30,000).

    python bench/generate.py 30000 bench/data/30000.json
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import msgspec
import pendulum

from networking_tui.data import storage
from networking_tui.domain.model import OBJECTIVES, STAGES, TOUCH_KINDS

FIRST = [
    "Ada",
    "Grace",
    "Alan",
    "Hedy",
    "Linus",
    "Katherine",
    "Emilie",
    "Margaret",
    "Tim",
    "Barbara",
    "Dennis",
    "Ken",
]
LAST = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Lamarr",
    "Pauling",
    "Johnson",
    "Chatelet",
    "Hamilton",
    "Lee",
    "Liskov",
]
TAGS = [
    "pycon",
    "speaker",
    "founder",
    "vc",
    "data",
    "ml",
    "design",
    "media",
    "community",
    "hiring",
    "rust",
    "oss",
]


def document(n: int, total: int, rng: random.Random, now: pendulum.DateTime) -> dict:
    big_share = total * 5 // 6
    stage = "stranger" if n < big_share else rng.choice([s for s in STAGES if s != "stranger"])
    start = now.subtract(days=rng.randint(30, 900))
    history = [{"stage": "stranger", "at": start.isoformat()}]
    if stage != "stranger":
        history.append({"stage": stage, "at": start.add(days=rng.randint(1, 25)).isoformat()})
    touches = [
        {
            "kind": rng.choice(TOUCH_KINDS),
            "at": start.add(days=3 * i + 1).isoformat(),
            "note": f"Touch {i}: commented on their post about {rng.choice(TAGS)} and tooling, "
            "and they answered with a link to their talk",
        }
        for i in range(10)
    ]
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
    return {
        "uid": f"b{n:07d}",
        "name": name,
        "stage": stage,
        "priority": rng.randint(1, 3),
        "next_touch": now.add(days=rng.randint(-20, 60)).date().isoformat(),
        "tags": rng.sample(TAGS, 2),
        "stage_history": history,
        "interactions": touches,
        "archived": False,
        "objective": rng.choice(OBJECTIVES),
        "company": f"Company {n % 997}",
        "role": "Engineer",
        "notes": "Imported from LinkedIn. Writes about infrastructure; met once at a meetup.",
        "handles": {"linkedin": f"https://www.linkedin.com/in/person-{n}"},
        "created_at": start.isoformat(),
        "updated_at": now.isoformat(),
    }


def generate(total: int, path: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    now = pendulum.now().replace(microsecond=0)
    tables = storage.empty_tables()
    tables["contacts"] = {
        str(n + 1): storage.Raw(msgspec.json.encode(document(n, total, rng, now)))
        for n in range(total)
    }
    storage.write_atomic(path, storage.encode_tables(tables))
    return path


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    target.parent.mkdir(parents=True, exist_ok=True)
    print(generate(count, target), f"{target.stat().st_size / 1e6:.1f} MB")
