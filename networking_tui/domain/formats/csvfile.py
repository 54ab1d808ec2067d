"""Contacts as a CSV file for a spreadsheet, written with the csv module.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be
read by a spreadsheet as a formula (CSV injection): it is prefixed with `'`,
which spreadsheets show as text, as OWASP recommends."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

COLUMNS = (
    "name",
    "stage",
    "priority",
    "company",
    "role",
    "email",
    "phone",
    "linkedin",
    "x",
    "website",
    "other",
    "tags",
    "where_met",
    "objective",
    "common_ground",
    "notes",
    "next_touch",
    "last_touch",
    "touches",
    "archived",
    "uid",
)
HANDLES = ("email", "phone", "linkedin", "x", "website", "other")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unguarded(value: str) -> str:
    """A cell as written before the guard (for reading our own export back)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def row(doc: dict[str, Any]) -> dict[str, str]:
    """One contact's cells, as plain text."""
    handles = doc.get("handles") or {}
    touches = doc.get("interactions") or []
    values: dict[str, Any] = {key: doc.get(key) for key in COLUMNS}
    values.update({key: handles.get(key) for key in HANDLES})
    values["tags"] = " ".join(doc.get("tags") or [])
    values["last_touch"] = max((t["at"] for t in touches), default=None)
    values["touches"] = len(touches)
    values["archived"] = "yes" if doc.get("archived") else ""
    return {key: "" if value is None else str(value) for key, value in values.items()}


def write(contacts: Iterable[dict[str, Any]]) -> str:
    """The CSV text (a header, then one row per contact), every cell guarded."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for doc in contacts:
        writer.writerow({key: guarded(value) for key, value in row(doc).items()})
    return out.getvalue()
