"""The import, export, backups and restore sub-commands: their arguments and
dispatch, apart from cli.py so that each stays short."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from networking_tui.domain.vocabulary import STAGES

IMPORT_HELP = (
    "Bring people in from a file. linkedin: the Connections.csv LinkedIn sends with your "
    "data (Settings > Data privacy > Get a copy of your data); everyone comes in as "
    "Connected since the day you connected, tagged linkedin, with no next touch until "
    "you log one. vcard: a .vcf file (vCard 3.0 or 4.0) from an address book; people "
    "come in as Stranger.\\n\\n"
    "Nobody is added twice: a person is matched on the LinkedIn profile, then the "
    "email, then the same name at the same company. A match gets the file's company "
    "and position where it has one, and handles and notes where the contact has none; "
    "its stage, touches, notes and tags stay as they are.\\n\\n"
    "The summary says how many were added, updated, unchanged and skipped, with the "
    "line and reason of each skipped row. The whole import is one save (and one undo "
    "in the app)."
)


def add_commands(commands: Any, db_option: argparse.ArgumentParser) -> None:
    from networking_tui.cli import _Paragraphs

    imp = commands.add_parser(
        "import",
        parents=[db_option],
        help="import people from LinkedIn's Connections.csv or a vCard file",
        description=IMPORT_HELP,
        formatter_class=_Paragraphs,
    )
    imp.add_argument("format", choices=["linkedin", "vcard"], help="linkedin or vcard")
    imp.add_argument("file", help="the file to import")
    imp.add_argument(
        "--stage",
        choices=STAGES,
        help="the stage new people start in (default: connected for linkedin, stranger for vcard)",
    )
    imp.add_argument("--dry-run", action="store_true", help="print the summary and write nothing")

    commands.add_parser(
        "backups",
        parents=[db_option],
        help="list the data file's backups (date, contacts, size)",
        description="List the backups kept in the backups folder beside the data file: one "
        "taken before the first save of each day, the last 14 days and the first of each "
        "month for a year.",
    )
    restore = commands.add_parser(
        "restore",
        parents=[db_option],
        help="restore the data file from a backup",
        description="Restore the data file from a backup: DATE (YYYY-MM-DD, that day's "
        "backup), the name of a file in the backups folder, or the path of any data file. "
        "The current file is first kept as a backup. A file that does not read as a valid "
        "data file is refused (exit 2) and nothing changes.",
    )
    restore.add_argument("backup", metavar="DATE|FILE", help="e.g. 2026-11-20")


def run(args: argparse.Namespace, path: Path) -> int:
    from networking_tui import transfer

    if args.command == "import":
        return transfer.import_file(
            path, args.format, Path(args.file).expanduser(), stage=args.stage, dry_run=args.dry_run
        )
    if args.command == "export":
        return transfer.export_file(path, args.format, args.file)
    if args.command == "backups":
        return transfer.list_backups(path)
    if args.command == "restore":
        return transfer.restore(path, args.backup)
    raise AssertionError(f"not a transfer command: {args.command}")
