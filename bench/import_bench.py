"""How long `networking-tui import linkedin` takes to re-import 30,000 connections
into a file of 30,000 contacts (every row a match; a share of them with a new
position, so that they are updated and the file is written).

    python bench/import_bench.py [--contacts 30000] [--changed 0.1] [--runs 3]

Each run starts from a fresh copy of the generated file and times the whole
command in a subprocess: start-up, reading both files, matching, the one save.
Target: under 10 s at 30,000.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # the bench folder's own module

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def connections(path: Path, total: int, changed: float) -> Path:
    """LinkedIn's export of the generated people, addresses copied in several ways."""
    every = max(1, round(1 / changed)) if changed else 0
    forms = [
        "https://www.linkedin.com/in/person-{n}",
        "https://www.linkedin.com/in/person-{n}/",
        "linkedin.com/in/person-{n}",
        "https://uk.linkedin.com/in/person-{n}?trk=x",
    ]
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        out.write('Notes:\n"Some email addresses may be missing."\n\n')
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(total):
            position = "Staff Engineer" if every and n % every == 0 else "Engineer"
            url = forms[n % len(forms)].format(n=n)
            writer.writerow(
                ["Person", str(n), url, "", f"Company {n % 997}", position, "01 Jan 2024"]
            )
    return path


def _cpu() -> float:
    """CPU seconds of the finished children (the command and the child it forks)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--changed", type=float, default=0.1, help="share of rows updated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        source = generate(args.contacts, work / "source.json")
        csv_file = connections(work / "Connections.csv", args.contacts, args.changed)
        times: list[float] = []
        cpu: list[float] = []  # on a loaded machine, closer to what an idle one takes
        for _ in range(args.runs):
            db = work / "contacts.json"
            shutil.copyfile(source, db)
            shutil.rmtree(work / "backups", ignore_errors=True)
            env = {**os.environ, "NETWORKING_TUI_DB": str(db)}
            command = [sys.executable, "-m", "networking_tui", "import", "linkedin", str(csv_file)]
            start, used = time.perf_counter(), _cpu()
            result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
            times.append(time.perf_counter() - start)
            cpu.append(_cpu() - used)
            if result.returncode != 0:
                raise SystemExit(result.stderr)
            summary = result.stdout.splitlines()[0]
        print(summary)
        print(
            f"{args.contacts:,} rows into {args.contacts:,} contacts "
            f"({source.stat().st_size / 1e6:.0f} MB): median {statistics.median(times):.2f} s "
            f"of {args.runs} runs ({', '.join(f'{t:.2f}' for t in times)}); CPU time "
            f"median {statistics.median(cpu):.2f} s (the command and its forked check)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
