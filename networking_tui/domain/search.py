"""Finding anyone by anything you wrote about them, as you type.

Every contact's searchable text (name, nickname, handles, company, role, tags,
where met, common ground, notes, touch notes) is cut into folded words (case and
accents ignored) kept in one sorted vocabulary, each word with the contacts and
fields it occurs in. A query word matches the vocabulary words it begins, or,
from four letters on, the words close to it (rapidfuzz, a C library: one pass
over the vocabulary, not over 30,000 contacts). A contact is found when every
query word matches one of its words, in any field and any order: "jose garcia"
finds "García, José".

Ranking: name and handle hits first, then company, role and tags, then where
met and common ground, then notes; within a rank, whole words before prefixes
before near misses, then by name.

The index is refreshed from the documents' bytes: only documents that changed
(a changed document is a new bytes object) are read again, so keeping it current
after an edit costs a pass of identity checks, not a rebuild.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, insort
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from itertools import chain, filterfalse, islice
from typing import Any

import msgspec
from rapidfuzz import fuzz, process

from networking_tui.domain.matching import fold
from networking_tui.domain.model import Handles

# Fields in rank order: (code, label, rank). The rank orders results.
FIELDS: tuple[tuple[str, str, int], ...] = (
    ("name", "name", 0),
    ("nickname", "nickname", 0),
    ("x", "X", 0),
    ("email", "email", 0),
    ("linkedin", "LinkedIn", 0),
    ("website", "website", 0),
    ("company", "company", 1),
    ("role", "role", 1),
    ("tags", "tags", 1),
    ("where_met", "where met", 2),
    ("common_ground", "common ground", 2),
    ("notes", "notes", 3),
    ("touches", "touch notes", 3),
)
FIELD_LABELS = {code: label for code, label, _ in FIELDS}
_FIELD_NO = {code: n for n, (code, _, _) in enumerate(FIELDS)}
_RANK = [rank for _, _, rank in FIELDS]

FUZZY_FROM = 4  # letters: below this a near miss is noise ("al" ~ "at")
FUZZY_CUTOFF = 80  # rapidfuzz ratio, 0-100
FUZZY_LIMIT = 30  # near words per query word
WORD, NEAR = 0, 1  # a query word begins a word, or is close to one
SNIPPET = 70  # characters of a long field shown around the match
# Query words whose matches are kept: typing on reuses the words before, and a word
# that begins most contacts holds sets of all of them (~1 MB each at 30,000).
TOKENS_KEPT = 5

_WORDS = re.compile(r"\w+")


class _Touch(msgspec.Struct, gc=False):
    note: str = ""


class _Doc(msgspec.Struct, gc=False):
    """The searchable part of a contact document (the rest is skipped unread)."""

    name: str = ""
    stage: str = "stranger"
    archived: bool = False
    nickname: str | None = None
    handles: Handles = Handles()
    company: str | None = None
    role: str | None = None
    tags: list[str] = []
    where_met: str | None = None
    common_ground: str | None = None
    notes: str | None = None
    interactions: list[_Touch] = []


_decode = msgspec.json.Decoder(_Doc).decode


@dataclass(frozen=True)
class Entry:
    uid: str
    name: str
    stage: str
    archived: bool
    texts: tuple[str, ...]  # one per field of FIELDS ("" when empty), as written


@dataclass(frozen=True)
class Hit:
    uid: str
    name: str
    stage: str
    archived: bool
    field: str  # a code of FIELDS: the best field that matched
    text: str  # that field's text, cut around the match when long
    spans: tuple[tuple[int, int], ...]  # where the query words are in `text`

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


def texts_of(doc: _Doc) -> tuple[str, ...]:
    h = doc.handles
    values = {
        "name": doc.name,
        "nickname": doc.nickname,
        "x": h.x,
        "email": h.email,
        "linkedin": h.linkedin,
        "website": h.website,
        "company": doc.company,
        "role": doc.role,
        "tags": " ".join(f"#{t}" for t in doc.tags),
        "where_met": doc.where_met,
        "common_ground": doc.common_ground,
        "notes": doc.notes,
        "touches": " | ".join(t.note for t in doc.interactions if t.note),
    }
    return tuple(values[code] or "" for code, _, _ in FIELDS)


def _words(text: str) -> list[str]:
    """The folded words of a text (an email or address gives its parts)."""
    # ASCII needs no more than lower(): fold also joins spaces, which words ignore.
    return _WORDS.findall(text.lower() if text.isascii() else fold(text))


class SearchIndex:
    """Postings are sets of entries per word and per rank, so that a query word
    that begins thousands of words ("a") is answered by unions of sets in C, not
    by a Python loop over every occurrence."""

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self._entries: list[Entry | None] = []  # None: replaced or deleted since
        self._sort_names: list[str] = []
        self._at: dict[str, int] = {}  # uid -> its live entry
        self._seen: dict[str, object] = {}  # uid -> the document bytes indexed
        self._postings: list[dict[str, set[int]]] = [{} for _ in range(RANKS)]
        self._vocab: list[str] = []  # every word of every rank, sorted
        self._known: set[str] = set()  # the same, to look up
        self._dead_at: set[int] = set()  # entries replaced or deleted since
        self._reset_derived()

    def _reset_derived(self) -> None:
        """What is worked out from the above when first needed, and kept while few
        documents change."""
        # (all digits, length) -> its words, sorted: near misses are looked for only
        # among words of a length that can reach the cutoff.
        self._lengths: dict[tuple[bool, int], list[str]] | None = None
        self._order: list[int] | None = None  # entries by folded name, then position
        self._tokens: dict[str, _Token] = {}  # query word -> what it found

    def __len__(self) -> int:
        return len(self._at)

    def refresh(
        self,
        raws: Mapping[str, Any],
        read: Callable[[Any], bytes | msgspec.Raw] = lambda raw: raw,
    ) -> int:
        """Bring the index in line with these documents (uid -> JSON bytes, or what
        `read` turns into them); returns how many were read again. A document kept
        (the same object) is not read or decoded again."""
        changed = [uid for uid, raw in raws.items() if self._seen.get(uid) is not raw]
        # Without a changed document and with as many, none is gone: skip the pass.
        same = not changed and len(self._seen) == len(raws)
        gone = [] if same else [u for u in self._seen if u not in raws]
        if len(self._dead_at) + len(changed) + len(gone) > max(1000, len(self._at)):
            self._clear()  # mostly stale: start again
            changed, gone = list(raws), []
        for uid in gone:
            self._drop(uid)
            del self._seen[uid]
        fresh: set[str] = set()
        for uid in changed:
            raw = raws[uid]
            self._drop(uid)
            try:
                doc = _decode(read(raw))
            except msgspec.DecodeError:
                continue  # validated by the store; nothing to find in it otherwise
            self._seen[uid] = raw
            fresh |= self._add(uid, doc)
        if len(fresh) > 50:
            self._vocab = sorted(self._known)
        else:
            for word in fresh:
                insort(self._vocab, word)
        if changed or gone:
            self._tokens = {}
            if len(fresh) > 50 or len(changed) > 50:
                self._reset_derived()
                self._order_by_name()  # now, with the index: not on a key
                self._words_by_length()
            else:
                self._keep_derived(fresh, changed)
        return len(changed) + len(gone)

    def _keep_derived(self, words: set[str], uids: list[str]) -> None:
        if self._lengths is not None:
            for word in words:
                insort(self._lengths.setdefault(_length_key(word), []), word)
        if self._order is not None:
            names = self._sort_names
            for uid in uids:
                at = self._at.get(uid)
                if at is not None:  # the newest entry: after any of the same name
                    insort(self._order, at, key=names.__getitem__)

    def _drop(self, uid: str) -> None:
        at = self._at.pop(uid, None)
        if at is not None:
            self._entries[at] = None
            self._dead_at.add(at)

    def _add(self, uid: str, doc: _Doc) -> set[str]:
        """Index one document; returns the words new to the vocabulary."""
        texts = texts_of(doc)
        at = len(self._entries)
        self._entries.append(Entry(uid, doc.name, doc.stage, doc.archived, texts))
        self._sort_names.append(fold(doc.name))
        self._at[uid] = at
        by_rank: list[set[str]] = [set() for _ in range(RANKS)]
        for n, text in enumerate(texts):
            if text:
                by_rank[_RANK[n]].update(_words(text))
        for rank, found in enumerate(by_rank):
            postings = self._postings[rank]
            for word in found:
                entries = postings.get(word)
                if entries is None:
                    postings[word] = {at}
                else:
                    entries.add(at)
        added = set().union(*by_rank) - self._known
        self._known |= added
        return added

    def search(self, query: str, *, limit: int = 50) -> tuple[list[Hit], int]:
        """The best `limit` contacts for the query, and how many were found in all."""
        tokens = sorted(set(_WORDS.findall(fold(query))), key=len, reverse=True)
        if not tokens:
            return [], 0
        found_by = [self._token(token) for token in tokens]
        per_token = [token.groups for token in found_by]
        matched_words = [token.words for token in found_by]
        # How many in all: found by every query word, in any field (not copied when
        # one word: a letter typed finds most contacts).
        anywhere = [token.anywhere for token in found_by]
        found = anywhere[0] if len(anywhere) == 1 else set.intersection(*anywhere)
        if self._dead_at:
            found = found - self._dead_at
        # The best `limit` of them, tier by tier; stop once there are enough.
        tiers = _Tiers(per_token)
        taken: set[int] = set()
        order: list[int] = []
        for key in TIER_ORDER:
            need = limit - len(order)
            if need <= 0 or len(taken) == len(found):
                break
            first, tier = self._first_by_name(tiers.at(key), found, taken, need)
            taken |= tier
            order += first
        every_word = set().union(*matched_words)  # once, not once a hit: "1" begins 10,000
        hits = [self._hit(at, matched_words, tokens, every_word) for at in order]
        return hits, len(found)

    def _first_by_name(
        self, group: set[int], found: set[int], taken: set[int], need: int
    ) -> tuple[list[int], set[int]]:
        """The first `need` entries by name (then by position: stable) of the tier:
        in `group` and `found`, not `taken`; and the tier, or part of it when more
        than `need` (then no later tier is looked at)."""
        names = self._sort_names
        few = min(len(group), len(found))
        if few * few * 5 < need * len(names):  # sort them
            tier = (group & found) - taken
            return heapq.nsmallest(need, sorted(tier), key=names.__getitem__), tier
        # Many (a letter or two typed): walk every entry in name order until enough
        # are in the tier; loops in C, stopping early, and no set of thousands made.
        in_tier = filter(group.__contains__, filter(found.__contains__, self._order_by_name()))
        first = list(islice(filterfalse(taken.__contains__, in_tier), need))
        return first, set(first)

    def _token(self, token: str) -> _Token:
        """The entries this query word finds, by (rank, quality), and the words it
        matched; kept for the next keys (a query grows a letter at a time, so all its
        words but the last were looked up for the key before)."""
        kept = self._tokens.pop(token, None)  # put back last: the least used goes first
        if kept is None:
            kept = self._look_up(token)
            if len(self._tokens) >= TOKENS_KEPT:
                del self._tokens[next(iter(self._tokens))]
        self._tokens[token] = kept
        return kept

    def _look_up(self, token: str) -> _Token:
        vocab = self._vocab
        by_quality: list[list[str]] = [[], []]
        # The words it begins: one slice of the sorted vocabulary.
        after = token[:-1] + chr(ord(token[-1]) + 1)
        by_quality[WORD] = vocab[bisect_left(vocab, token) : bisect_left(vocab, after)]
        if len(token) >= FUZZY_FROM and not token.isdigit():
            # limit=None is the quick path of rapidfuzz (no heap); few words pass the cutoff
            near = process.extract(
                token,
                self._near_candidates(token),
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
                limit=None,
            )
            near.sort(key=lambda n: (-n[1], n[0]))  # as over the sorted vocabulary
            by_quality[NEAR] = [w for w, _, _ in near[:FUZZY_LIMIT] if not w.startswith(token)]
        groups: dict[tuple[int, int], set[int]] = {}
        for rank, postings in enumerate(self._postings):
            get = postings.get
            for quality, found_words in enumerate(by_quality):
                groups[rank, quality] = set().union(*filter(None, map(get, found_words)))
        anywhere = set().union(*groups.values())
        return _Token(groups, set(chain.from_iterable(by_quality)), anywhere)

    def _near_candidates(self, token: str) -> list[str]:
        """The words that can be near misses of `token`: a ratio of 80 needs lengths
        within a fifth of their sum (an insertion or deletion per letter of
        difference), and an all-digit word shares no letter with a token without
        digits (ratio 0)."""
        by_length = self._words_by_length()
        size = len(token)
        digits = (False, True) if any(c.isdigit() for c in token) else (False,)
        lengths = range((2 * size) // 3, (3 * size) // 2 + 2)
        return list(chain.from_iterable(by_length.get((d, n), ()) for d in digits for n in lengths))

    def _order_by_name(self) -> list[int]:
        if self._order is None:
            self._order = sorted(range(len(self._sort_names)), key=self._sort_names.__getitem__)
        return self._order

    def _words_by_length(self) -> dict[tuple[bool, int], list[str]]:
        if self._lengths is None:
            self._lengths = {}
            for word in self._vocab:
                self._lengths.setdefault(_length_key(word), []).append(word)
        return self._lengths

    def _hit(
        self, at: int, matched: list[set[str]], tokens: list[str], every_word: set[str]
    ) -> Hit:
        """The hit as shown: the field holding the most query words, the best-ranked
        of those."""
        entry = self._entries[at]
        assert entry is not None
        best, field = 0, 0
        for n, text in enumerate(entry.texts):
            if text:
                present = set(_words(text))
                count = sum(1 for words_of_token in matched if words_of_token & present)
                if count > best:
                    best, field = count, n
                    if best == len(matched):
                        break  # no later field can hold more
        text, spans = snippet(entry.texts[field], tokens, every_word)
        code = FIELDS[field][0]
        return Hit(entry.uid, entry.name, entry.stage, entry.archived, code, text, spans)


RANKS = 4


@dataclass(frozen=True)
class _Token:
    """What one query word found."""

    groups: dict[tuple[int, int], set[int]]  # (rank, quality) -> entries
    words: set[str]  # the vocabulary words it matched
    anywhere: set[int]  # the union of the groups


def _length_key(word: str) -> tuple[bool, int]:
    return word.isdigit(), len(word)


TIER_ORDER = [(rank, quality) for rank in range(RANKS) for quality in (WORD, NEAR)]


class _Tiers:
    """The entries in each tier, (rank, quality) in TIER_ORDER: found by every query
    word with a match that good or better. Worked out tier by tier as asked for (a
    search stops at the tier that fills the page)."""

    def __init__(self, per_token: list[dict[tuple[int, int], set[int]]]) -> None:
        self._groups = per_token
        self._cumulative: list[dict[tuple[int, int], set[int]]] = [{} for _ in per_token]

    def at(self, key: tuple[int, int]) -> set[int]:
        if len(self._groups) == 1:
            return self._groups[0][key]  # earlier tiers are taken out by the caller
        rank, quality = key
        sets = []
        for groups, cumulative in zip(self._groups, self._cumulative, strict=True):
            parts = [groups[key]]
            if rank:
                parts.append(cumulative[rank - 1, quality])
            if quality:
                parts.append(cumulative[rank, quality - 1])
            cumulative[key] = set().union(*parts)
            sets.append(cumulative[key])
        return set.intersection(*sets)


def snippet(
    text: str, tokens: list[str], near: Collection[str] = ()
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """One line of `text` around the first match, and where the matches are: the
    start of a word that begins with a query word (folded: 'jose' marks 'José'),
    or the whole of a word that is a near miss of one."""
    line = " ".join(text.split())
    line = "".join(c if c.isprintable() else " " for c in line)
    folded, owner = _fold_map(line)
    spans = []
    for m in _WORDS.finditer(folded):
        word = m.group()
        length = max((len(t) for t in tokens if word.startswith(t)), default=0)
        if not length and word in near:
            length = len(word)
        if length:
            spans.append((owner[m.start()], owner[m.start() + length - 1] + 1))
    if len(line) > SNIPPET:
        start = max(0, spans[0][0] - 20) if spans else 0
        end = min(len(line), start + SNIPPET)
        start = max(0, end - SNIPPET)
        lead = "…" if start else ""
        trail = "…" if end < len(line) else ""
        shift = len(lead) - start
        spans = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
        line = lead + line[start:end] + trail
    return line, tuple(spans)


def _fold_map(text: str) -> tuple[str, list[int]]:
    """`text` folded letter by letter, with the index in `text` of each folded letter."""
    if text.isascii():  # most text: lower() keeps every letter where it is
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    owner: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char) if not char.isspace() else " "
        out.append(folded)
        owner += [i] * len(folded)
    return "".join(out), owner
