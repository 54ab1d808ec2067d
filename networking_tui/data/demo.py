"""Sample data for `--demo`: about forty invented people, dated relative to today."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import msgspec
import pendulum

from networking_tui.data import storage
from networking_tui.domain import clock, events
from networking_tui.domain.events import events_from
from networking_tui.domain.model import DEFAULT_CADENCE, STAGES

# name, company, role, stage, priority, objective, where met, common ground, tags, due in days
PEOPLE: list[tuple[str, str, str, str, int, str, str, str, str, int | None]] = [
    (
        "Maya Okafor",
        "The Weekly Stack",
        "Editor",
        "stranger",
        1,
        "partnership",
        "",
        "",
        "media editor",
        2,
    ),
    ("Jonas Lindqvist", "Fjord Analytics", "CTO", "stranger", 2, "advice", "", "", "data", 6),
    (
        "Priya Raman",
        "Open Source Guild",
        "Maintainer",
        "stranger",
        2,
        "mentorship",
        "",
        "",
        "oss python",
        None,
    ),
    (
        "Tomás Ferreira",
        "Lisbon Devs",
        "Organiser",
        "stranger",
        3,
        "introduction",
        "",
        "",
        "community",
        12,
    ),
    (
        "Hannah Becker",
        "Kiel Robotics",
        "Founder",
        "stranger",
        1,
        "client",
        "",
        "",
        "founder robotics",
        0,
    ),
    ("Léa Dubois", "Atelier Pixel", "Design lead", "stranger", 3, "advice", "", "", "design", None),
    ("Samuel Mensah", "Accra Cloud", "Architect", "stranger", 2, "job", "", "", "cloud", 20),
    (
        "Ines Navarro",
        "Podcast Ruido",
        "Host",
        "follower",
        1,
        "partnership",
        "",
        "",
        "podcast media",
        -2,
    ),
    (
        "Kenji Watanabe",
        "Kyoto Labs",
        "Researcher",
        "follower",
        2,
        "advice",
        "",
        "",
        "ml research",
        0,
    ),
    ("Olivia Grant", "Grant & Co", "Recruiter", "follower", 2, "job", "", "", "hiring", 3),
    ("Rafael Costa", "Nimbus", "DevRel", "follower", 3, "introduction", "", "", "devrel", 5),
    ("Amira Haddad", "Cedar Ventures", "Partner", "follower", 1, "client", "", "", "vc", -6),
    ("Noah Fischer", "Blogger", "Writer", "follower", 3, "advice", "", "", "blog writing", 9),
    (
        "Chloé Martin",
        "Université Lyon 2",
        "PhD student",
        "follower",
        3,
        "mentorship",
        "",
        "",
        "student",
        1,
    ),
    ("Daniel Kim", "Seoul Systems", "Staff engineer", "follower", 2, "advice", "", "", "rust", 14),
    (
        "Zanele Dlamini",
        "Joburg JS",
        "Speaker",
        "engaged",
        1,
        "partnership",
        "PyCon Lille",
        "both ran meetups",
        "speaker pycon",
        -1,
    ),
    (
        "Lucas Moreau",
        "Moreau Conseil",
        "Consultant",
        "engaged",
        2,
        "client",
        "DevFest Nantes",
        "same home town",
        "consulting",
        0,
    ),
    (
        "Sofia Rossi",
        "Rossi Data",
        "Founder",
        "engaged",
        1,
        "advice",
        "a webinar",
        "both left banking",
        "founder data",
        2,
    ),
    (
        "Ethan Walker",
        "Walker Media",
        "Newsletter author",
        "engaged",
        2,
        "partnership",
        "Twitter Space",
        "climbing",
        "newsletter media",
        -3,
    ),
    (
        "Aiko Tanaka",
        "Tanaka Studio",
        "Illustrator",
        "engaged",
        3,
        "recommendation",
        "a local meetup",
        "",
        "design art",
        4,
    ),
    (
        "Mateo García",
        "Andes Pay",
        "Product lead",
        "engaged",
        2,
        "job",
        "FOSDEM",
        "Spanish speakers",
        "fintech",
        1,
    ),
    (
        "Freya Nilsson",
        "Nordic UX",
        "Researcher",
        "connected",
        1,
        "introduction",
        "UX Lisbon",
        "both studied in Lund",
        "ux research",
        -4,
    ),
    (
        "Omar Siddiqui",
        "Karachi Code",
        "Engineering manager",
        "connected",
        2,
        "mentorship",
        "a mentoring call",
        "cricket",
        "management",
        0,
    ),
    (
        "Grace Achterberg",
        "Tulip Health",
        "Head of data",
        "connected",
        1,
        "client",
        "PyData Amsterdam",
        "cycling to work",
        "health data",
        7,
    ),
    (
        "Benjamin Cohen",
        "Cohen Legal",
        "Lawyer",
        "connected",
        3,
        "advice",
        "a friend's wedding",
        "",
        "legal",
        25,
    ),
    (
        "Valentina Ruiz",
        "Ruiz Growth",
        "Marketer",
        "connected",
        2,
        "recommendation",
        "a workshop",
        "both write weekly",
        "marketing",
        -10,
    ),
    (
        "Arjun Mehta",
        "Mehta Angels",
        "Angel investor",
        "connected",
        1,
        "introduction",
        "a pitch night",
        "same university",
        "investor",
        3,
    ),
    (
        "Clara Hoffmann",
        "Berlin Book Club",
        "Author",
        "connected",
        3,
        "advice",
        "a book signing",
        "sci-fi",
        "author",
        None,
    ),
    (
        "Yusuf Demir",
        "Istanbul AI",
        "Lead scientist",
        "ask",
        1,
        "introduction",
        "NeurIPS",
        "chess",
        "ml investor-network",
        0,
    ),
    (
        "Elena Popescu",
        "Popescu Labs",
        "CEO",
        "ask",
        2,
        "partnership",
        "Web Summit",
        "both from Cluj",
        "founder",
        -1,
    ),
    (
        "Marcus Reed",
        "Reed Publishing",
        "Publisher",
        "ask",
        1,
        "partnership",
        "London Book Fair",
        "jazz",
        "media",
        2,
    ),
    (
        "Nadia Benali",
        "Casablanca Tech",
        "Community lead",
        "engaged",
        2,
        "introduction",
        "Africa Tech Summit",
        "",
        "community",
        6,
    ),
    ("Patrick O'Neill", "Dublin Data", "Analyst", "follower", 3, "advice", "", "", "data", None),
    ("Hiro Sato", "Sato Robotics", "Engineer", "stranger", 3, "job", "", "", "robotics", 30),
    (
        "Laura Schmidt",
        "Schmidt & Partner",
        "Partner",
        "connected",
        2,
        "client",
        "a client dinner",
        "hiking",
        "consulting",
        12,
    ),
    ("Ana Lima", "Lima Ventures", "Scout", "stranger", 2, "client", "", "", "vc", -1),
    (
        "Victor Almeida",
        "Porto Python",
        "Organiser",
        "follower",
        2,
        "partnership",
        "",
        "",
        "python community",
        2,
    ),
    (
        "Mei Chen",
        "Chen Research",
        "Professor",
        "engaged",
        1,
        "mentorship",
        "an online talk",
        "",
        "research",
        -5,
    ),
    (
        "Karim Nasser",
        "Beirut Builders",
        "Founder",
        "ask",
        3,
        "advice",
        "a startup weekend",
        "",
        "founder",
        8,
    ),
    (
        "Isabel Torres",
        "Torres Studio",
        "Photographer",
        "stranger",
        3,
        "recommendation",
        "",
        "",
        "art",
        None,
    ),
]

# Connected people not touched for this many days: more than twice the 30-day
# rhythm, so the agenda shows them under Losing touch.
LOSING_TOUCH = {"Clara Hoffmann": 75}

TOUCH_NOTES = {
    "follow": "followed on LinkedIn",
    "like": "liked the post about hiring",
    "comment": "long comment on the article about open data",
    "reshare": "reshared the conference talk with a summary",
    "message": "thanked them for the talk, asked one question",
    "email": "sent the benchmark article they asked about",
    "call": "30 min call: their plans for next year",
    "meeting": "coffee after the session",
}
_KINDS_BY_STAGE = {
    "stranger": [],
    "follower": ["follow", "like", "comment", "reshare"],
    "engaged": ["follow", "meeting", "comment", "email"],
    "connected": ["follow", "meeting", "comment", "call", "message", "email"],
    "ask": ["follow", "meeting", "comment", "call", "message", "email"],
}


def demo_documents(now: pendulum.DateTime) -> list[dict[str, Any]]:
    rng = random.Random(20261122)
    docs = []
    for index, row in enumerate(PEOPLE):
        name, company, role, stage, priority, objective, where, common, tags, due = row
        reached = STAGES.index(stage)
        # Older relationships have spent longer in each earlier stage.
        start = now.subtract(days=20 + reached * 25 + rng.randint(0, 20), hours=index)
        history, moment = [], start
        for stage_name in STAGES[: reached + 1]:
            history.append({"stage": stage_name, "at": clock.stamp(moment)})
            moment = moment.add(days=rng.randint(8, 24))
        every = DEFAULT_CADENCE[stage]
        if every and index % 7 == 0:
            every *= 2  # their own, slower rhythm (cadence_days below)
        kinds = _KINDS_BY_STAGE[stage]
        touches = []
        chosen = None  # when the person set next_touch by hand (snooze, edit, fu)
        if kinds:
            # The last touch is where the cadence puts it, so each row's reason adds
            # up ("every 7 days: last touch 9 days ago, so 2 days late"); a date
            # further out than the cadence is one the person chose.
            if name in LOSING_TOUCH:
                last_offset = -LOSING_TOUCH[name]
            elif due is not None and every and due - every <= 0:
                last_offset = due - every
            else:
                last_offset = -rng.randint(3, 12)
            day = now.start_of("day").add(days=last_offset)
            last = min(now, day.add(hours=10))
            count = {"follower": 2, "engaged": 4, "connected": 6, "ask": 7}[stage]
            span = max((last - start).in_days(), count)
            for n in range(count):
                at = last if n == count - 1 else start.add(days=1 + n * span // count)
                kind = kinds[min(n, len(kinds) - 1)]
                touches.append({"kind": kind, "at": clock.stamp(at), "note": TOUCH_NOTES[kind]})
            if due is not None and every and due - every > 0 and name not in LOSING_TOUCH:
                chosen = last.add(hours=1)
        elif due is not None:
            chosen = start.add(hours=1)  # a stranger: the date planned when added
        first = name.split()[0].lower()
        doc: dict[str, Any] = {
            "uid": f"demo{index:03d}",
            "name": name,
            "stage": stage,
            "priority": priority,
            "next_touch": None if due is None else now.add(days=due).date().isoformat(),
            "tags": tags.split(),
            "stage_history": history,
            "interactions": touches,
            "archived": False,
            "objective": objective,
            "company": company,
            "role": role,
            "handles": {
                "linkedin": f"https://www.linkedin.com/in/{first}-{index:03d}",
                "email": f"{first}@example.com",
            },
            "created_at": clock.stamp(start),
            "updated_at": clock.stamp(now.subtract(days=1)),
        }
        if where:
            doc["where_met"] = where
        if common:
            doc["common_ground"] = common
        if every and every != DEFAULT_CADENCE[stage]:
            doc["cadence_days"] = every
        if chosen is not None and due is not None:
            doc["next_touch_set_at"] = clock.stamp(min(chosen, now))
        if index % 5 == 0:
            doc["notes"] = f"Publishes regularly on {tags.split()[0]}. Prefers short messages."
        docs.append(doc)
    _second_degree(docs, now)
    return docs


def _second_degree(docs: list[dict[str, Any]], now: pendulum.DateTime) -> None:
    """A few introductions, warm paths and an ask still waiting for its thank-you."""
    by_name = {d["name"]: d for d in docs}

    def knows(who: str, whom: str, agreed: bool) -> None:
        link = {"uid": by_name[whom]["uid"], "may_mention": agreed}
        by_name[who].setdefault("knows", []).append(link)

    knows("Freya Nilsson", "Maya Okafor", True)
    knows("Arjun Mehta", "Maya Okafor", False)
    knows("Arjun Mehta", "Hannah Becker", True)
    knows("Grace Achterberg", "Kenji Watanabe", True)
    by_name["Omar Siddiqui"]["introduced_by"] = {
        "uid": by_name["Grace Achterberg"]["uid"],
        "may_mention": True,
    }
    # Met yesterday: the follow-up is due today, while it is fresh.
    lucas = by_name["Lucas Moreau"]
    lucas["interactions"].append(
        {"kind": "meeting", "at": clock.stamp(now.subtract(days=1)), "note": "DevFest hallway chat"}
    )
    lucas["next_touch"] = now.date().isoformat()
    yusuf = by_name["Yusuf Demir"]
    yusuf["interactions"].append(
        {
            "kind": "ask",
            "at": clock.stamp(now.subtract(days=2)),
            "note": "asked for an introduction to his investor network",
        }
    )


def demo_events(now: pendulum.DateTime) -> list[dict[str, Any]]:
    return [
        {
            "uid": "event-meetup",
            "name": "Lyon Tech Meetup",
            "date": now.subtract(days=1).date().isoformat(),
            "place": "Lyon",
            "contacts": ["demo013", "demo031"],
        },
        {
            "uid": "event-pydata",
            "name": "PyData Paris",
            "date": now.add(days=4).date().isoformat(),
            "place": "Paris, Cité des sciences",
            "notes": "Talk on Thursday; bring cards.",
            "contacts": ["demo000", "demo008", "demo023"],
        },
    ]


def with_follow_ups(
    docs: list[dict[str, Any]], event_docs: list[dict[str, Any]], now: pendulum.DateTime
) -> None:
    """The follow-ups the events set, as saving them in the app would."""
    found = events_from({e["uid"]: e for e in event_docs})
    stamp = clock.stamp(now)
    for index, doc in enumerate(docs):
        docs[index] = events.with_follow_ups(doc["uid"], doc, found, now.date(), stamp)


def write_demo_file(path: Path) -> Path:
    """A fresh throw-away data file full of sample contacts (never the user's file)."""
    tables = storage.empty_tables()
    now = clock.now()

    def table(docs: list[dict[str, Any]]) -> dict[str, storage.Raw]:
        return {str(n): storage.Raw(msgspec.json.encode(d)) for n, d in enumerate(docs, 1)}

    docs, events = demo_documents(now), demo_events(now)
    with_follow_ups(docs, events, now)
    tables["contacts"] = table(docs)
    tables["events"] = table(events)
    storage.write_atomic(path, storage.encode_tables(tables))
    return path
