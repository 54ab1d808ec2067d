"""The `networking-tui` command: the app, and its shell sub-commands."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Only what is light (no msgspec, no pendulum): a shell command starts reading the
# file before it imports the rest (_run_shell).
from networking_tui import __version__
from networking_tui.data import reading
from networking_tui.data.paths import DB_ENV, resolve_db_path
from networking_tui.data.reading import DataFileError
from networking_tui.domain.vocabulary import LOG_KINDS_HELP

EXIT_BAD_DATA = 2
ESCAPE_DELAY_MS = 50  # run_app
QUICK_ADD_GRAMMAR = (
    "The line: the name first, then any of @handle (X), li:URL or a pasted linkedin.com "
    "address (LinkedIn), an email address, #tag, !1..!3 (priority, 1 highest), >stage, "
    "'met at <place>', 'fu <date>' (next touch: tomorrow, in 3 days, next tue, 3 dec...), "
    "and after ';' a note logged as a touch (a message; with 'met at', the meeting's note). "
    "A line that starts with one of these, not a name, is refused.\n\n"
    "'fu' is the next touch only when a date follows it; otherwise it is part of the name "
    "or place (Mei Fu; met at Kung Fu club). With 'met at' and no stage the contact starts "
    "as Engaged with a meeting logged and a follow-up tomorrow.\n\n"
    "Someone already here (same name, accents and case ignored, or the same X handle, email "
    "or LinkedIn profile, archived contacts included) is refused unless --allow-duplicate."
)
LOG_GRAMMAR = (
    'Log a touch: "who: kind, note ; fu <date>".\n\n'
    "Who: a name, case and accents ignored; a unique prefix of the name or of any word of "
    "it, or the nickname stored on the contact, is enough. When several contacts answer to "
    "it, nothing is saved and they are listed with what tells them apart and their uid: "
    'pick one by its uid ("3f2a9c1b0d4e: call") or by a word of their company, role or '
    'where you met, or their stage, in brackets ("Ada Lovelace (Acme): call").\n\n'
    f"{LOG_KINDS_HELP}\n\n"
    "The rest is the note (it may contain ';'). A last '; fu <date>' sets the next touch "
    "(tomorrow, in 3 days, next tue, 3 dec...); without it the next touch moves by the "
    "contact's cadence."
)


class _Paragraphs(argparse.HelpFormatter):
    """Wraps each paragraph of a description, keeping the blank lines between them."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap  # only for --help

        return "\n\n".join(
            textwrap.fill(part, width, initial_indent=indent, subsequent_indent=indent)
            for part in text.split("\n\n")
        )


def _defer_dateutil_parser() -> None:
    """pendulum imports dateutil's parser when it is imported, for strings not in
    ISO form, which the app never gives it: 12 ms of every start (a sixth of a
    shell command's imports). The standard library's LazyLoader runs that module
    on first use instead."""
    if "dateutil.parser" in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec("dateutil.parser")
    except ImportError:  # not installed: pendulum's own import says so
        return
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dateutil.parser"] = module
    spec.loader.exec_module(module)
    # An import of it reads its __spec__, which would run it: pendulum's `from
    # dateutil import parser` finds it on the package instead.
    vars(sys.modules["dateutil"])["parser"] = module


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="networking-tui",
        description=(
            "Grow professional relationships on purpose: a pipeline from stranger to "
            "follower, engaged, connected and ask, in your terminal."
        ),
        epilog=f"The data file is --db PATH, else ${DB_ENV} (if set and not empty), else "
        "contacts.json in your user data folder. Press ? in the app for every key.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the data file to open")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away copy filled with sample contacts (your file is not touched)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="the data file (default as above)"
    )
    add = commands.add_parser(
        "add",
        parents=[db_option],
        help="add a contact from a quick-add line",
        description="Add a contact. " + QUICK_ADD_GRAMMAR,
        formatter_class=_Paragraphs,
    )
    add.add_argument("line", help='e.g. "Ada Lovelace @ada met at PyCon fu tomorrow"')
    add.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="add even if a contact with that name or handle exists",
    )
    add.add_argument(
        "--allow-early-ask",
        action="store_true",
        help="add straight into Ask even with too little history (the Ask check)",
    )
    log = commands.add_parser(
        "log",
        parents=[db_option],
        help="log a touch from one line",
        description=LOG_GRAMMAR,
        formatter_class=_Paragraphs,
    )
    log.add_argument("line", help='e.g. "Ada: call, she will intro me to Grace ; fu in 3 days"')
    log.add_argument(
        "--allow-early-ask",
        action="store_true",
        help="log an ask even with too little history (the Ask check)",
    )
    agenda = commands.add_parser(
        "agenda",
        parents=[db_option],
        help="print today's agenda (for a shell or cron mail)",
        description="Print today's agenda: who is due and why, this week's figures, and "
        "events. Exit 2 if the data file is missing or cannot be read.",
    )
    agenda.add_argument("--json", action="store_true", help="print it as JSON")
    agenda.add_argument(
        "--days",
        type=int,
        default=30,
        metavar="N",
        help="list what is due in the next N days, and events in them (default 30); "
        "Overdue and Today are always listed",
    )
    add_query_commands(commands, db_option)
    export = commands.add_parser(
        "export",
        parents=[db_option],
        help="export your contacts (csv, vcard, json) or next touches and events (ics)",
        description="ics: the next touches (overdue ones on today) and the events as an "
        "iCalendar file a calendar app can subscribe to. csv: one row per contact for a "
        "spreadsheet (cells that would run as formulas are prefixed with '). vcard: "
        "vCard 4.0 for an address book. json: the whole data file (touches, stage "
        "history, events, templates, settings, archived contacts). The file's folder "
        "must exist; - writes to standard output (not for ics).",
    )
    export.add_argument(
        "format", choices=["ics", "csv", "vcard", "json"], help="ics, csv, vcard or json"
    )
    export.add_argument("file", help="where to write it (- for standard output)")
    from networking_tui.cli_transfer import add_commands

    add_commands(commands, db_option)
    driver = commands.add_parser(
        "merge-driver",
        help="git merge driver for the data file (see the README's Two machines)",
        description="Merge two branches' versions of the data file as git's merge "
        "driver: networking-tui merge-driver %%O %%A %%B writes the merge into %%A.",
    )
    driver.add_argument("base", help="%%O: the common ancestor")
    driver.add_argument("ours", help="%%A: our version, where the merge is written")
    driver.add_argument("theirs", help="%%B: their version")
    # A development tool (it renders the README's images): no `help=`, so the
    # user's --help does not list it; `networking-tui screenshot --help` still works.
    shot = commands.add_parser(
        "screenshot", description="Render the README's screenshots (SVG) from the demo data."
    )
    shot.add_argument("scenes", nargs="*", help="which screens (default: all)")
    shot.add_argument("--out", default="screenshots", help="folder for the SVG files")
    return parser


# Shell commands that end their process once done: what they read need not be freed.
ENDS_AT_ONCE = ("add", "log", "agenda", "export")


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up allocates ~100,000 objects at 30,000 contacts that all live until
    # exit: collecting garbage meanwhile only walks them again and again.
    gc.disable()
    _defer_dateutil_parser()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        args.ends_at_once = argv is None and args.command in ENDS_AT_ONCE
        code = _main(parser, args)
    finally:
        if argv is None:
            # The command's own process, about to end: what is still alive is not
            # walked by a last collection (35 ms after an agenda at 30,000 contacts).
            gc.freeze()
        gc.enable()
    if argv is None and args.command in ENDS_AT_ONCE:
        _exit_now(code)
    return code


def _in_shell(args: argparse.Namespace) -> bool:
    """Whether the command is one of shell.py's."""
    command = args.command
    return command in ("add", "log", "agenda") or (command == "export" and args.format == "ics")


def _run_shell(args: argparse.Namespace, path: Path) -> int:
    """add, log, agenda and export ics (shell.py)."""
    # The file is read on a thread while shell.py's modules are imported: add and
    # log use those bytes under the file lock only if the file is still the same;
    # the agenda's are read into a private mapping, cut in two where it is.
    changes = args.command in ("add", "log")
    plain = reading.Prefetch(path, reading.read_bytes) if changes else None
    buffered: reading.Prefetch[reading.Buffer] | None = None
    if not changes:
        buffered = reading.Prefetch(path, reading.read_buffer)
    from networking_tui import shell

    if args.ends_at_once:
        shell.keep_until_exit()  # what it reads is not freed: the process ends with it
    if args.command == "add":
        return shell.add(
            path,
            args.line,
            allow_duplicate=args.allow_duplicate,
            allow_early_ask=args.allow_early_ask,
            prefetch=plain,
        )
    if args.command == "log":
        return shell.log(path, args.line, allow_early_ask=args.allow_early_ask, prefetch=plain)
    if args.command == "agenda":
        return shell.agenda(path, as_json=args.json, days=args.days, prefetch=buffered)
    return shell.export_ics(path, Path(args.file), prefetch=buffered)


def _exit_now(code: int) -> None:
    """End the process without freeing every object one by one (50 ms after an
    agenda at 30,000 contacts): the command's files are written and closed, and its
    output is flushed here. If that flush fails (a closed pipe), Python's own exit
    reports it as before."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return
    os._exit(code)


def _main(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if getattr(args, "db", None) is not None and not args.db.strip():
        # Not the default file: `--db "$UNSET"` must not open the real contacts.
        parser.error("--db needs the path of a data file; it was given an empty one")
    # Contradictions are refused rather than half obeyed: the one ignored could be
    # the one the user relied on (their real file, or the demo's throw-away copy).
    if args.demo and args.command is not None:
        parser.error(
            f"--demo opens the app on a throw-away copy of sample contacts; it does not go "
            f"with the {args.command} command (run `networking-tui {args.command}` without it)"
        )
    if args.demo and args.db is not None:
        parser.error(
            "--demo opens a throw-away copy of sample contacts and --db opens your file: "
            "use one or the other"
        )
    if args.command == "screenshot":
        from networking_tui.ui.scenes import render_all

        for written in render_all(args.scenes, Path(args.out)):
            print(written)
        return 0
    if args.command == "merge-driver":  # git's three files, not the data path
        from networking_tui.data.conflicts import merge_files

        try:
            merge_files(Path(args.base), Path(args.ours), Path(args.theirs))
        except DataFileError as error:
            print(error.explain(), file=sys.stderr)
            return EXIT_BAD_DATA
        return 0
    if args.demo:
        return run_app(args, None)
    try:
        # A link's target, once: every read, lock and write then goes there.
        path = reading.data_path(resolve_db_path(args.db))
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_BAD_DATA
    if args.command == "agenda" and args.days < 0:
        print("networking-tui agenda: --days must be 0 or more", file=sys.stderr)
        return EXIT_BAD_DATA
    if args.command in ("find", "show", "list"):
        return run_query(args, parser, path)
    if args.command == "export" and args.format == "ics" and args.file == "-":
        parser.error("export ics needs a file name; - (standard output) is for csv, vcard, json")
    if _in_shell(args):
        return _run_shell(args, path)
    if args.command in ("import", "export", "backups", "restore"):
        from networking_tui.cli_transfer import run

        return run(args, path)
    return run_app(args, path)


def add_query_commands(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """`find`, `show` and `list` (queries.py): read only; exit 0 with results, 1 with
    none, 2 on a bad argument."""
    find = commands.add_parser(
        "find",
        parents=[db_option],
        help="find contacts by anything written about them",
        description="Print the contacts matching TEXT, best first: name, stage, the field "
        "that matched, uid. Searched: name, nickname, handles, company, role, tags, where "
        "met, common ground, notes and touch notes; case, accents and word order ignored, "
        "near misses found. Exit 0 with matches, 1 with none, 2 on a bad argument.",
    )
    find.add_argument("text", help='e.g. "jose garcia", pycon, acme')
    find.add_argument("--json", action="store_true", help="print them as JSON")
    show = commands.add_parser(
        "show",
        parents=[db_option],
        help="print one contact in full",
        description="Print one contact: every field, the stage history and the touches. "
        "WHO is a uid or a name (a unique prefix of it, or the nickname; case and accents "
        "ignored). Exit 0 when found, 1 when nobody answers to it, 2 when several do "
        "(they are listed with their uids) or on a bad argument.",
    )
    show.add_argument("who", help="a name or a uid")
    show.add_argument("--json", action="store_true", help="print it as JSON")
    listing = commands.add_parser(
        "list",
        parents=[db_option],
        help="list contacts, filtered as with f in the app",
        description="Print the contacts on the board (not archived) that match every "
        "option given, in board order; an option given twice keeps either value. Exit 0 "
        "with contacts, 1 with none, 2 on a bad argument.",
    )
    listing.add_argument("--tag", action="append", default=[], help="a tag (without #)")
    listing.add_argument("--stage", action="append", default=[], help="a stage (or a prefix)")
    listing.add_argument(
        "--due", action="append", default=[], help="overdue, today or week (today to Sunday)"
    )
    listing.add_argument("--priority", action="append", default=[], help="1, 2 or 3")
    listing.add_argument("--objective", action="append", default=[], help="e.g. advice")
    listing.add_argument(
        "--days-in-stage", type=int, metavar="N", help="in their stage for more than N days"
    )
    listing.add_argument("--no-next-touch", action="store_true", help="no next touch set")
    listing.add_argument("--met-at", metavar="PLACE", help="where met, or an event's name")
    listing.add_argument("--json", action="store_true", help="print them as JSON")


def run_query(args: argparse.Namespace, parser: argparse.ArgumentParser, path: Path) -> int:
    from networking_tui import queries
    from networking_tui.domain import filters

    if args.command == "find":
        return queries.find(path, args.text, as_json=args.json)
    if args.command == "show":
        return queries.show(path, args.who, as_json=args.json)
    try:
        if args.days_in_stage is not None and args.days_in_stage < 0:
            raise filters.FilterError("--days-in-stage must be 0 or more")
        value = filters.Filter(
            tags=tuple(t.lstrip("#") for t in args.tag),
            stages=tuple(filters.stage_named(s) for s in args.stage),
            due=tuple(filters.due_named(d) for d in args.due),
            priorities=tuple(filters.priority_named(p) for p in args.priority),
            objectives=tuple(args.objective),
            stage_days=args.days_in_stage,
            no_next_touch=args.no_next_touch,
            met_at=(args.met_at or "").strip(),
        )
    except filters.FilterError as error:
        print(f"networking-tui list: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    return queries.list_contacts(path, value, as_json=args.json)


def run_app(args: argparse.Namespace, path: Path | None) -> int:
    """`path`: the data file (None with --demo: a throw-away copy)."""
    # How long a lone Escape waits for the rest of a key's sequence: Textual reads
    # it when imported (below). 50 ms, as Neovim's ttimeoutlen, unless the user
    # set it: Escape is the app's "back" (ui/driver.py lets it through on time).
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))
    import shutil
    import tempfile

    from networking_tui.data import storage
    from networking_tui.data.storage import SaveError

    if path is None:
        from networking_tui.data.demo import write_demo_file

        path = write_demo_file(Path(tempfile.mkdtemp(prefix="networking-tui-demo-")) / "demo.json")
    from networking_tui.data import uistate
    from networking_tui.domain import clock

    # The last session's first screen of this very file, today: shown at once,
    # while the file loads on a thread after it (ui/app.py); else the file is
    # loaded first, read while the modules below are imported.
    kept = None
    if not args.demo:
        kept = uistate.load_first_screen(path, storage.signature(path), clock.today().isoformat())
    from_file = None
    if kept is None and not args.demo and path.exists():
        from networking_tui.data import first_read

        # None kept: the first screen read straight from the file, in a forked
        # child (before any thread) while the app's modules are imported.
        from_file = first_read.Reading(path, clock.today())
    prefetch = None
    if kept is None and from_file is None:
        prefetch = storage.Prefetch(path, storage.read_bytes)
    from networking_tui.data.store import ContactStore, SyncResult

    try:
        if from_file is not None:
            from networking_tui.ui.app import NetworkingApp

            kept = from_file.result()  # None: an unusual file, loaded first as before
        if kept is not None:
            store = ContactStore.later(path, backup=True)
            from networking_tui.ui.app import NetworkingApp
        else:
            store, confirm_valid = ContactStore.open_fast(
                path, backup=not args.demo, prefetch=prefetch
            )
            from networking_tui.ui.app import NetworkingApp  # imports while it is checked

            confirm_valid()
    except DataFileError as error:
        print(error.explain(), file=sys.stderr)
        return EXIT_BAD_DATA
    try:
        storage.check_writable(path)  # before the UI: saving could never succeed
    except SaveError as error:
        print(
            f"networking-tui: {error}. Nothing was changed; choose another file with --db PATH.",
            file=sys.stderr,
        )
        return EXIT_BAD_DATA
    storage.tidy(path)  # full copies of the data a killed save left behind
    if not path.exists():
        first = store.sync()  # create the file now, so the user can find it
        if first.error:
            print(f"networking-tui: {first.error}. The app did not start.", file=sys.stderr)
            return EXIT_BAD_DATA

    app = NetworkingApp(store, demo=args.demo, first=kept)
    # What is loaded now lives until exit: keep the garbage collector from walking
    # it again and again (a pause every few key presses at 30,000 contacts).
    gc.freeze()
    gc.enable()
    try:
        app.run()
        # The app stopped it already unless it crashed; never before the file was
        # loaded and checked (nothing changed then, and nothing may be written).
        final = app.saver.stop() if app.ready else SyncResult()
    finally:
        if args.demo:  # a throw-away copy: leave nothing behind
            try:
                shutil.rmtree(path.parent)
            except OSError as error:
                print(
                    f"networking-tui: the demo copy {path.parent} stays: {error}", file=sys.stderr
                )
    if app.load_error is not None:
        print(app.load_error.explain(), file=sys.stderr)
        return EXIT_BAD_DATA
    if final.error:
        print(
            f"networking-tui: {final.pending} change(s) could not be saved and are lost: "
            f"{final.error}. The file holds what was saved before.",
            file=sys.stderr,
        )
        return 1
    return app.return_code or 0
