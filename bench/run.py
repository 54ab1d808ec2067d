"""Benchmark at LinkedIn scale: not a test, a script that prints figures.

    python bench/run.py                    # 1,000, 10,000, 30,000 and 100,000 contacts
    python bench/run.py 30000 --runs 7     # one size, more runs
    python bench/run.py --python .venv/bin/python   # the current install instead

What a person waits for, in a real pseudo-terminal of 120x40, on the brief's data
(25,000 Strangers at 30,000 contacts, the focus in that column; tags, notes and
ten touches with notes on every contact; see generate.py):

- launch: from the process start until the detail pane shows the focused card,
  with the first screen the previous start left (ui/app.py), with none kept (as
  after the file changed elsewhere: read from the file, first_read.py), and a
  start the next day (the app's clock a day on, NETWORKING_TUI_NOW) from the
  first screen kept the day before; the very first start after the install (caches
  cold) is printed, not counted;
- a focus move: from the key until the pane shows the new card;
- a stage move: on screen, durable on disk (the first save of a session apart:
  it copies the file to .bak first), and the CPU it costs in all (save included);
- opening a contact, the edit form, the log form and the composer (key to
  the form's title; hello-world's screen push beside them), the agenda (first
  screen, then complete; the session's first `g` apart), the daily review (its
  first `r` apart), both right after a stage move, leaving
  the review, and a quick-add's save, each with its CPU;
- `networking-tui agenda` and `add` from the shell, beside the floor (Python's
  start plus reading the file);
- search (each key typed into `/` to its results) and a re-import of one
  LinkedIn row per contact (find_import.py);
- the session's peak memory, the forked validator included.

Each figure is the median of `--runs`, printed beside its target and the same
figure of a hello-world Textual app measured in the same run, with the load
average. The app runs as the README installs it: `pip install .` into a venv
under bench/data (refreshed each run; bytecode compiled by pip), unless
`--python` names another interpreter.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import find_import  # noqa: E402
from generate import generate  # noqa: E402

from networking_tui.data import storage, uistate  # noqa: E402
from networking_tui.data.store import ContactStore  # noqa: E402
from networking_tui.domain import agenda, clock  # noqa: E402
from networking_tui.domain.model import SCHEMA_VERSION, STAGE_TITLES  # noqa: E402
from networking_tui.domain.rules import sort_key  # noqa: E402
from tests.terminal import Terminal  # noqa: E402

SIZE = (120, 40)
DOWN, UP, ENTER, ESCAPE = b"\x1b[B", b"\x1b[A", b"\r", b"\x1b"
SHIFT_RIGHT, SHIFT_LEFT = b"\x1b[1;2C", b"\x1b[1;2D"
HZ = os.sysconf("SC_CLK_TCK")
VENV = ROOT / "bench" / "data" / "venv"
BOARD_ONLY_FROM = 100_000  # sizes from here: launch, moves and memory only


@dataclass
class Figure:
    label: str
    unit: str  # "s", "ms", "MB", "x"
    target: float | None = None
    hello: float | None = None  # the hello-world app's same figure
    values: list[float] = field(default_factory=list)

    @property
    def value(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    def met(self) -> str:
        if self.target is None or not self.values:
            return ""
        return "ok" if self.value <= self.target else "MISSED"


def show(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return "-"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "x":
        return f"{value:.1f}x"
    return f"{value:.0f} {unit}"


# --- the programs ---------------------------------------------------------------


def install(python: str | None) -> tuple[list[str], str]:
    """The app's command and the interpreter, as the README installs them."""
    if python is not None:
        # -P: the install of that interpreter, not the checkout in the current folder
        # (which `-m` would put first on the path, whatever `python` is).
        return [python, "-P", "-m", "networking_tui"], python
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", str(ROOT)], check=True)
    else:  # the code may have changed since: reinstall it alone
        subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(ROOT)],
            check=True,
        )
    return [str(VENV / "bin" / "networking-tui")], str(py)


def data_file(count: int) -> Path:
    # The schema in the name: a file of an older schema would be upgraded (and
    # backed up) on every launch, which is not what a user's start costs.
    path = ROOT / "bench" / "data" / f"{count}-schema{SCHEMA_VERSION}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generate(count, path)
    return path


def work_copy(count: int, prefix: str) -> tuple[Path, Path]:
    """A folder of its own (the app's data folder in it, not the user's) and a copy
    of the data file at `count` contacts there: (folder, file)."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["XDG_DATA_HOME"] = str(work / "xdg-data")
    path = work / "contacts.json"
    shutil.copyfile(data_file(count), path)
    return work, path


# --- reading the process --------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """CPU of the process, all its threads and its reaped children (the validator)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / HZ


def rss_mb(pid: int, key: str = "VmRSS:") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pss_mb(pid: int) -> float:
    """The process's share of memory: its own pages, and those it shares (with the
    forked validator, which starts as a copy of it) divided among the sharers, so
    that adding the parent's and the child's counts each page once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class Session:
    """The app (or hello-world) in a terminal, with the memory of it and its children."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.terminal = Terminal(argv, SIZE, env=env)
        self.pid = self.terminal.pid
        self.peak_with_child = 0.0

    def sample_memory(self) -> None:
        total = pss_mb(self.pid) + sum(pss_mb(c) for c in children(self.pid))
        self.peak_with_child = max(self.peak_with_child, total)

    def wait_for(self, needle: str, timeout: float = 60) -> float:
        """Seconds from the process start, sampling memory while waiting."""
        t = self.terminal
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.sample_memory()
            t.drain(0.005)
            if needle in t.text():
                return time.perf_counter() - t.started
        raise TimeoutError(f"{needle!r} did not appear; screen text: {t.text()[-500:]!r}")

    def key(self, keys: bytes, *needles: str, timeout: float = 30) -> list[float]:
        """Milliseconds from the key to each needle in turn (on what is drawn after it)."""
        t = self.terminal
        t.mark()
        sent = t.send(keys)
        times = []
        deadline = sent + timeout
        for needle in needles:
            while needle not in t.text():
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{needle!r} did not appear: {t.text()[-400:]!r}")
                t.drain(0.001)
            times.append((time.perf_counter() - sent) * 1000)
        return times

    def cpu(self) -> float:
        """CPU of the app so far, its living children included: the validator
        forked while the file loads counts before it is reaped, so that the app
        is not taken for idle (and stopped, keeping no first screen) meanwhile."""
        total = cpu_seconds(self.pid)
        for child in children(self.pid):
            try:
                total += cpu_seconds(child)
            except OSError:  # reaped since: its CPU is the parent's now
                continue
        return total

    def idle(self, quiet: float = 0.3, longest: float = 10) -> float:
        """Wait until the process and its children use no CPU for `quiet` seconds;
        their CPU so far."""
        end = time.perf_counter() + longest
        last, still = self.cpu(), time.perf_counter()
        while time.perf_counter() < end:
            self.terminal.drain(0.05)
            self.sample_memory()  # the load after the first screen, its child included
            now = self.cpu()
            if now != last:
                last, still = now, time.perf_counter()
            elif time.perf_counter() - still >= quiet:
                break
        return last

    def peak_mb(self) -> float:
        return max(self.peak_with_child, rss_mb(self.pid, "VmHWM:"))

    def close(self) -> None:
        self.terminal.close()


# --- what is expected on screen ----------------------------------------------------


def pane(name: str, stage: str) -> str:
    """Text only the detail pane draws: the name, two spaces, the stage."""
    return f"{name}  {STAGE_TITLES[stage]} ·"


def stranger_order(store: ContactStore) -> list[str]:
    today = clock.today().isoformat()
    cards = [c for c in store.cards.values() if c.stage == "stranger" and not c.archived]
    return [c.name for c in sorted(cards, key=lambda c: sort_key(c, today))[:2]]


def first_agenda_item(store: ContactStore) -> agenda.Item:
    contacts = ((uid, store.contact(uid)) for uid in store.cards)
    events = agenda.events_from(store.docs("events"))
    built = agenda.build(contacts, events, store.settings(), clock.now())
    return built.items[0]


def durable(session: Session, keys: bytes, path: Path, needle: str) -> tuple[float, float]:
    """A key to the screen (ms) and to the file replaced on disk (s)."""
    before = storage.signature(path)
    on_screen = session.key(keys, needle)[0]
    sent = time.perf_counter() - on_screen / 1000
    while storage.signature(path) == before:
        if time.perf_counter() - sent > 30:
            raise TimeoutError("the change never reached the disk")
        session.terminal.drain(0.002)
    return on_screen, time.perf_counter() - sent


def hello_session(argv: list[str]) -> Session:
    """Hello-world (`argv` runs bench/hello.py) started and settled: for its own
    key and screen push."""
    hello = Session(argv)
    hello.wait_for("Hello, world")
    hello.idle()
    return hello


@contextlib.contextmanager
def first_screen_put_back() -> Iterator[Path]:
    """The first screen kept today (its file), as it is now again afterwards, so
    that the next start is today's with it."""
    kept = uistate.first_screen_path()
    saved = kept.read_bytes()
    try:
        yield kept
    finally:
        kept.write_bytes(saved)


def nothing_kept_launch(argv: list[str], needle: str) -> tuple[float, float]:
    """Seconds to `needle` for a start with no first screen kept (as after a shell
    `add`, a synced copy or a git pull changed the file), and the session's peak
    memory; the screen kept is put back after."""
    with first_screen_put_back() as kept:
        kept.unlink()
        session = Session(argv)
        seconds = session.wait_for(needle)
        session.idle()
        session.close()
    return seconds, session.peak_mb()


def next_day_launch(argv: list[str], path: Path, needle: str) -> tuple[float, float]:
    """Seconds to `needle` for a start tomorrow (the app's clock a day on) from the
    first screen the start before kept today, and the app's CPU seconds then; that
    screen is put back after."""
    tomorrow = clock.now().add(days=1)
    before = storage.signature(path)
    if uistate.load_first_screen(path, before, tomorrow.date().isoformat()) is None:
        raise RuntimeError("today's first screen is not valid tomorrow: the start would not use it")
    with first_screen_put_back():
        session = Session(argv, env={clock.NOW_ENV: tomorrow.isoformat()})
        seconds = session.wait_for(needle)
        cpu = session.cpu()
        session.idle()
        session.close()
    if storage.signature(path) != before:
        raise RuntimeError("the start tomorrow changed the data file")
    return seconds, cpu


# --- one size ----------------------------------------------------------------------


def bench_size(count: int, runs: int, app: list[str], py: str) -> dict[str, Figure]:
    full = count < BOARD_ONLY_FROM
    work = Path(tempfile.mkdtemp(prefix="nt-bench-"))
    # The app's own files (ui-state.json, first-screen.json) go here, not in the
    # user's data folder: the app runs with this environment.
    os.environ["XDG_DATA_HOME"] = str(work / "xdg-data")
    path = work / "contacts.json"
    shutil.copyfile(data_file(count), path)
    store = ContactStore.open(path)
    first, second = stranger_order(store)
    followers = sum(c.stage == "follower" for c in store.cards.values())
    top = first_agenda_item(store) if full else None
    del store
    app_argv = [*app, "--db", str(path)]
    hello_argv = [py, str(ROOT / "bench" / "hello.py")]
    f: dict[str, Figure] = {}

    def fig(key: str, label: str, unit: str, target: float | None = None) -> Figure:
        f[key] = Figure(label, unit, target)
        return f[key]

    load = [os.getloadavg()[0]]
    # Launch: one start of each first, not counted (caches warm, as on any start
    # but the very first after a boot).
    hello_launch = fig("hello_launch", "hello-world launch", "s")
    launch = fig("launch", "launch to the focused card in the pane", "s")
    cold = fig("launch_cold", "launch, nothing kept (new or changed file)", "s")
    ratio = fig("ratio", "launch ÷ hello-world", "x", 2.0)
    cold_ratio = fig("ratio_cold", "nothing-kept launch ÷ hello-world", "x", 2.0)
    later = fig("launch_next", "launch the next day (yesterday's screen kept)", "s")
    later_ratio = fig("ratio_next", "next day's launch ÷ hello-world", "x", 2.0)
    memory = fig("memory", "peak memory, session with the child", "MB", 400)
    for n in range(runs + 1):
        hello = Session(hello_argv)
        seconds_hello = hello.wait_for("Hello, world")
        hello.close()
        session = Session(app_argv)
        seconds = session.wait_for(pane(first, "stranger"))
        session.idle()
        memory.values.append(session.peak_mb())
        session.close()
        if n:
            hello_launch.values.append(seconds_hello)
            launch.values.append(seconds)
            ratio.values.append(seconds / seconds_hello)
            seconds, _ = next_day_launch(app_argv, path, pane(first, "stranger"))
            later.values.append(seconds)
            later_ratio.values.append(seconds / seconds_hello)
            seconds, peak = nothing_kept_launch(app_argv, pane(first, "stranger"))
            memory.values.append(peak)
            cold.values.append(seconds)
            cold_ratio.values.append(seconds / seconds_hello)
        else:  # the very first start after the install: caches cold, not counted
            print(f"first start after the install: {seconds:.2f} s", file=sys.stderr)
    launch.hello = cold.hello = later.hello = hello_launch.value
    memory.values = [max(memory.values)]

    # Hello-world's own key and screen push.
    hello = hello_session(hello_argv)
    hello_key = [hello.key(DOWN, f"Hello, world {n + 1}")[0] for n in range(runs * 4)]
    hello_push, hello_pop = [], []
    for _ in range(runs):
        hello_push.append(hello.key(ENTER, "A pushed screen")[0])
        # Escape: Textual waits 100 ms (its driver's wait for input) to tell a lone
        # Escape from the start of a sequence; the app waits 50 ms (ESCDELAY, see
        # ui/driver.py), which its Escape figures include.
        hello_pop.append(hello.key(ESCAPE, "Hello, world")[0])
    hello.close()

    # One session, as a person uses it.
    session = Session(app_argv)
    session.wait_for(pane(first, "stranger"))
    session.idle()
    focus = fig("focus", "focus move to the pane", "ms", 50)
    focus_cpu = fig("focus_cpu", "focus move CPU", "ms")
    for n in range(runs * 4):
        key, name = (DOWN, second) if n % 2 == 0 else (UP, first)
        cpu = session.cpu()
        focus.values.append(session.key(key, pane(name, "stranger"))[0])
        focus_cpu.values.append((session.idle(0.2) - cpu) * 1000)
    focus.hello = statistics.median(hello_key)
    focus.target = min(50.0, 2 * focus.hello)

    move = fig("move", "stage move on screen", "ms", 50)
    move_cpu = fig("move_cpu", "stage move CPU, save included", "ms", 100)
    first_save = fig("first_save", "first save durable (.bak)", "s", 1.0)
    save = fig("save", "later saves durable", "s", 1.0)
    for n in range(runs * 2):
        right = n % 2 == 0
        needle = f"Follower {followers + 1 if right else followers}"
        cpu = session.cpu()
        on_screen, on_disk = durable(session, SHIFT_RIGHT if right else SHIFT_LEFT, path, needle)
        move.values.append(on_screen)
        (first_save if n == 0 else save).values.append(on_disk)
        move_cpu.values.append((session.idle() - cpu) * 1000)

    if full:
        opening = fig("open", "open a contact", "ms")
        opening_cpu = fig("open_cpu", "open a contact CPU", "ms")
        for _ in range(runs):
            cpu = session.cpu()
            opening.values.append(session.key(ENTER, "Second degree")[0])
            opening_cpu.values.append((session.idle() - cpu) * 1000)
            session.key(ESCAPE, pane(first, "stranger"))
            session.idle()
        opening.hello = statistics.median(hello_push)
        opening.target = 2 * opening.hello

        # The forms, from the board's focused card: key to the form's title drawn
        # (keys typed from then on land in it), and the CPU until it is idle.
        forms = [
            ("edit", "edit form (e)", b"e", f"Edit {first}"),
            ("log", "log form (l)", b"l", f"Log a touch with {first}"),
            ("compose", "composer (m)", b"m", f"Message to {first}"),
        ]
        for key, label, keys, needle in forms:
            form = fig(key, label, "ms", 100)
            form_cpu = fig(f"{key}_cpu", f"{label} CPU", "ms")
            form.hello = statistics.median(hello_push)
            for _ in range(runs):
                cpu = session.cpu()
                form.values.append(session.key(keys, needle)[0])
                form_cpu.values.append((session.idle() - cpu) * 1000)
                session.key(ESCAPE, pane(first, "stranger"))
                session.idle()

        # The session's first `g` and first `r` apart, after a moment on the board:
        # Textual's first show of a screen costs more than showing it again, unless
        # the app built it ahead while the board was left alone (app._warm_views).
        g_once = fig("agenda_once", "agenda: session's first g, first screen", "ms", 100)
        g_once_cpu = fig("agenda_once_cpu", "agenda: session's first g CPU", "ms")
        shown = fig("agenda_first", "agenda: first screen (its footer)", "ms", 100)
        whole = fig("agenda_done", "agenda: complete (the first row's reason)", "ms", 300)
        agenda_cpu = fig("agenda_cpu", "agenda CPU", "ms")
        assert top is not None
        session.idle(quiet=1.5)  # the board looked at a moment (the app works ahead then)
        for n in range(runs + 1):
            cpu = session.cpu()
            seen, done = session.key(b"g", "New event", top.reason[:40])
            used = (session.idle() - cpu) * 1000
            if n:
                agenda_cpu.values.append(used)
                shown.values.append(seen)
                whole.values.append(done)
            else:
                g_once.values.append(seen)
                g_once_cpu.values.append(used)
            session.key(ESCAPE, pane(first, "stranger"))
            session.idle()

        r_once = fig("review_once", "review: session's first r, first person", "ms", 100)
        r_once_cpu = fig("review_once_cpu", "review: session's first r CPU", "ms")
        review = fig("review", "review: first person", "ms", 100)
        review_cpu = fig("review_cpu", "review CPU", "ms")
        leave = fig("leave", "leaving the review", "ms", 100)
        session.idle(quiet=1.5)
        for n in range(runs + 1):
            cpu = session.cpu()
            seen = session.key(b"r", "1 of ")[0]
            used = (session.idle() - cpu) * 1000
            (review if n else r_once).values.append(seen)
            (review_cpu if n else r_once_cpu).values.append(used)
            session.key(ESCAPE, "Review stopped")
            session.idle()
            leave.values.append(session.key(ESCAPE, pane(first, "stranger"))[0])
            session.idle()
        leave.hello = statistics.median(hello_pop)

        # Right after a change (a stage move there and back): the agenda and the
        # review kept are brought up to date for the contact that changed.
        changed = fig("agenda_changed", "agenda after a change: complete", "ms", 300)
        changed_cpu = fig("agenda_changed_cpu", "agenda after a change CPU", "ms")
        changed_review = fig("review_changed", "review after a change: first person", "ms", 100)
        changed_review_cpu = fig("review_changed_cpu", "review after a change CPU", "ms")
        for _ in range(runs):
            session.key(SHIFT_RIGHT, f"Follower {followers + 1}")
            session.idle()
            cpu = session.cpu()
            changed.values.append(session.key(b"g", "New event", top.reason[:40])[1])
            changed_cpu.values.append((session.idle() - cpu) * 1000)
            session.terminal.send(ESCAPE)
            session.idle()
            session.key(SHIFT_LEFT, f"Follower {followers}")
            session.idle()
            cpu = session.cpu()
            changed_review.values.append(session.key(b"r", "1 of ")[0])
            changed_review_cpu.values.append((session.idle() - cpu) * 1000)
            session.key(ESCAPE, "Review stopped")
            session.idle()
            session.key(ESCAPE, pane(first, "stranger"))
            session.idle()

        add = fig("add", "quick-add save on screen", "ms", 50)
        add_cpu = fig("add_cpu", "quick-add save CPU", "ms")
        for n in range(runs):
            name = f"Bench Person {n}"
            session.key(b"a", "Quick add")
            session.terminal.send(f"{name} #bench".encode())
            session.idle()
            cpu = session.cpu()
            add.values.append(session.key(ENTER, pane(name, "stranger"))[0])
            add_cpu.values.append((session.idle() - cpu) * 1000)
    memory.values = [max(memory.value, session.peak_mb())]
    session.close()

    if full:
        floor = fig("floor", "floor: python start + reading the file", "s")
        shell_agenda = fig("shell_agenda", "`networking-tui agenda`", "s", 0.6)
        shell_add = fig("shell_add", "`networking-tui add`", "s", 0.6)
        shell_export = fig("shell_export", "`networking-tui export ics`", "s", 5.0)
        read = f"open({str(path)!r}, 'rb').read()"
        ics = str(work / "touches.ics")
        for n in range(runs):
            floor.values.append(timed([py, "-c", read]))
            shell_agenda.values.append(timed([*app, "--db", str(path), "agenda"]))
            shell_add.values.append(timed([*app, "--db", str(path), "add", f"Shell Person {n}"]))
            shell_export.values.append(timed([*app, "--db", str(path), "export", "ics", ics]))
        shell_agenda.hello = shell_add.hello = floor.value
        ContactStore.open(path)  # the file still opens, fully valid

        # Search (issue 15) and import (issue 16), as find_import.py measures them.
        search = fig("search", "search: key to results (`/`)", "ms", 50)
        index = fig("search_index", "search: first `/`, index built", "s")
        keys, built, peak = find_import.search_keys(lambda: Session(app_argv), runs)
        search.values, index.values = keys, [built]
        memory.values = [max(memory.value, peak)]
        imported = fig("import", f"import {count:,} LinkedIn rows (re-import)", "s", 10.0)
        import_cpu = fig("import_cpu", "import CPU (command and child)", "s")
        imported.values, import_cpu.values = find_import.import_runs(
            app, data_file(count), work, count, runs
        )
    load.append(os.getloadavg()[0])
    f["load"] = Figure("load average (1 min), start → end", "", values=load)
    shutil.rmtree(work)
    return f


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - started


# --- the report -------------------------------------------------------------------


def report(rows: dict[int, dict[str, Figure]], how: str) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; app {how}",
    ]
    for count, figures in rows.items():
        load = figures["load"].values
        lines += ["", f"## {count:,} contacts (load average {load[0]:.2f} → {load[1]:.2f})", ""]
        lines.append(f"{'figure':<44} {'median':>9} {'target':>9} {'hello-world':>12}  status")
        for key, fig in figures.items():
            if key == "load":
                continue
            lines.append(
                f"{fig.label:<44} {show(fig.value, fig.unit):>9} "
                f"{show(fig.target, fig.unit):>9} {show(fig.hello, fig.unit):>12}  {fig.met()}"
            )
    return "\n".join(lines)


def table(rows: dict[int, dict[str, Figure]]) -> str:
    """The README's table: one row per size."""
    keys = [
        ("launch", "launch"),
        ("ratio", "÷ hello"),
        ("launch_cold", "nothing kept"),
        ("ratio_cold", "÷ hello"),
        ("launch_next", "next day's launch"),
        ("ratio_next", "÷ hello"),
        ("focus", "focus move"),
        ("move", "stage move"),
        ("move_cpu", "move CPU"),
        ("first_save", "first save"),
        ("save", "later saves"),
        ("open", "open contact"),
        ("edit", "`e` form"),
        ("log", "`l` form"),
        ("compose", "`m` composer"),
        ("agenda_once", "first `g` of a session"),
        ("agenda_first", "`g` first screen"),
        ("agenda_done", "`g` complete"),
        ("review_once", "first `r` of a session"),
        ("review", "`r`"),
        ("agenda_changed", "`g` after a change"),
        ("review_changed", "`r` after a change"),
        ("leave", "leave review"),
        ("add", "quick-add"),
        ("shell_agenda", "shell `agenda`"),
        ("shell_add", "shell `add`"),
        ("shell_export", "shell `export ics`"),
        ("floor", "floor"),
        ("search", "search key"),
        ("import", "import"),
        ("memory", "peak memory"),
    ]
    head = "| contacts | load | " + " | ".join(label for _, label in keys) + " |"
    lines = [head, "|" + "---:|" * (len(keys) + 2)]
    for count, figures in rows.items():
        load = figures["load"].values
        cells = [show(figures[k].value, figures[k].unit) if k in figures else "" for k, _ in keys]
        lines.append(f"| {count:,} | {max(load):.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 30000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--python", help="run the app with this interpreter's install")
    args = parser.parse_args()
    app, py = install(args.python)
    how = f"run as `{' '.join(app)}`" + (
        "" if args.python else " (`pip install .` into bench/data/venv)"
    )
    how += ", PYTHONDONTWRITEBYTECODE=" + os.environ.get("PYTHONDONTWRITEBYTECODE", "unset")
    rows: dict[int, dict[str, Figure]] = {}
    for count in args.sizes:
        print(f"benchmarking {count:,} contacts…", file=sys.stderr)
        rows[count] = bench_size(count, args.runs, app, py)
        print(report({count: rows[count]}, how), file=sys.stderr)
    print(report(rows, how))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
