"""Writing a bonus allocation out: CSV for spreadsheets, Markdown for the team, JSON.

Every format says whether the allocation is a published one or a draft. The files
`write_files` makes are readable by their owner only (0600), like the database: they
hold pay.

**CSV and spreadsheets.** A spreadsheet runs a cell that starts with `=`, `+`, `-`
or `@` as a formula (and some treat a leading tab or carriage return the same way),
so a member called "=SUM(A1)" could run code on the reader's machine. Every such
cell is written with a single quote in front ("'=SUM(A1)"), which spreadsheets show
as plain text. Amounts and the other numbers stay plain numbers ("333.34", no
thousands separators) so that they can be added up: they are never negative, so the
rule never touches them.

The plain-text table (`text_table`) is what `okrtui bonus` prints; it pads columns by
their width on a terminal, so Chinese, Japanese and Korean names line up.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from rich.cells import cell_len

from okrtui.bonus_service import (
    NUMBER_COLUMNS,
    TABLE_COLUMNS,
    BonusSheet,
    footer_cells,
    one_line,
    pool_text,
    row_cells,
    row_note,
    sheet_to_json,
)
from okrtui.calc.display import format_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""

CSV_COLUMNS: tuple[str, ...] = (
    "member",
    "okr_score",
    "basis",
    "proration",
    "weight",
    "share",
    "amount",
    "currency",
    "note",
    "recognitions",
    "status",
)
"""The header of the CSV export, one row per member, then undistributed and total."""

FORMATS = ("csv", "markdown", "json")
"""The export formats, in the order the files are written."""

SUFFIXES = {"csv": ".csv", "markdown": ".md", "json": ".json"}


def safe_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula.

    Args:
        value: The cell's text.

    Returns:
        The text with a single quote in front when it starts with `=`, `+`, `-`,
        `@`, a tab or a carriage return; otherwise unchanged.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _plain(value: Fraction | Decimal | None, places: int) -> str:
    """A number without grouping, rounded half-even to `places`; "" for none."""
    return "" if value is None else format_number(value, places)


def to_csv(sheet: BonusSheet) -> str:
    """The allocation as CSV text, safe to open in a spreadsheet.

    Args:
        sheet: The allocation.

    Returns:
        A header, one row per member, an "Undistributed" row when part of the pool
        is not shared, and a "Total" row whose amount is the pool.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    status = sheet.status_text()

    def write(cells: Sequence[str]) -> None:
        writer.writerow([safe_cell(cell) for cell in cells])

    for row in sheet.rows:
        write(
            [
                row.name,
                _plain(row.okr_score, 4),
                _plain(row.basis, 4),
                _plain(row.proration, 4),
                _plain(row.weight, 4),
                _plain(row.share, 6),
                str(row.amount),
                sheet.currency,
                row_note(row, sheet.currency),
                "; ".join(row.recognitions),
                status,
            ]
        )
    empty = ["", "", "", ""]
    if sheet.undistributed:
        share = Fraction(sheet.undistributed) / Fraction(sheet.pool)
        write(
            ["Undistributed", *empty, _plain(share, 6), str(sheet.undistributed)]
            + [sheet.currency, sheet.undistributed_reason or "", "", status]
        )
    whole = "1.000000" if sheet.pool else "0.000000"
    write(["Total", *empty, whole, str(sheet.pool), sheet.currency, "", "", status])
    return out.getvalue()


_MD_SPECIAL = re.compile(r"([\\|*_`\[\]<>])")


def md_cell(value: str) -> str:
    """Escape a cell for a Markdown table: pipes, emphasis marks, line breaks."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(value))


def to_markdown(sheet: BonusSheet) -> str:
    """The allocation as a Markdown document to post to the team.

    Args:
        sheet: The allocation.

    Returns:
        A heading with the cycle and status, the pool and the rule, the table with
        its total, recognitions, and how each amount was found.
    """
    lines = [
        f"# Bonus {md_cell(sheet.cycle_name)}: {sheet.status_text()}",
        "",
        f"- Pool: {md_cell(pool_text(sheet))}",
        f"- Method: {md_cell(sheet.method_label)}",
    ]
    lines += [f"  - {md_cell(line)}" for line in sheet.summary]
    lines += [f"- Cycle: {sheet.first_day} to {sheet.last_day}", ""]

    lines.append("| " + " | ".join(TABLE_COLUMNS) + " |")
    rule = ("---:" if i in NUMBER_COLUMNS else "---" for i in range(len(TABLE_COLUMNS)))
    lines.append("|" + "|".join(rule) + "|")
    for row in sheet.rows:
        cells = [md_cell(c) for c in row_cells(row, sheet.currency)]
        lines.append("| " + " | ".join(cells) + " |")
    for label, *rest in footer_cells(sheet):
        cells = [f"**{md_cell(label)}**", *(md_cell(c) for c in rest)]
        lines.append("| " + " | ".join(cells) + " |")

    lines += ["", "## How each amount was found", ""]
    for row in sheet.rows:
        lines.append(f"**{md_cell(row.name)}**")
        lines.append("")
        lines += [f"- {md_cell(line)}" for line in row.trace]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_json(sheet: BonusSheet) -> str:
    """The allocation as JSON: exact numbers as strings, names as written."""
    return sheet_to_json(sheet)


def render(sheet: BonusSheet, fmt: str) -> str:
    """The allocation in one of `FORMATS`.

    Raises:
        ValueError: If the format is not one of `FORMATS`.
    """
    if fmt == "csv":
        return to_csv(sheet)
    if fmt == "markdown":
        return to_markdown(sheet)
    if fmt == "json":
        return to_json(sheet)
    raise ValueError(f"Unknown export format “{fmt}”; use csv, markdown or json.")


def file_stem(sheet: BonusSheet) -> str:
    """The name shared by the exported files: "bonus-2026-Q4-draft".

    A published allocation carries its publication time, so that exporting two
    versions never overwrites one with the other.
    """
    cycle = re.sub(r"[^\w.-]+", "_", sheet.cycle_name).strip("_") or "cycle"
    if sheet.is_published and sheet.published_at:
        stamp = re.sub(r"[^0-9]", "", sheet.published_at)[:12]
        return f"bonus-{cycle}-published-{stamp}"
    return f"bonus-{cycle}-draft"


def write_files(
    sheet: BonusSheet, folder: Path, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write the allocation into a folder, one file per format, owner-only (0600).

    Args:
        sheet: The allocation.
        folder: Where to write; created when missing (readable by the owner
            only, like the files).
        formats: Which of `FORMATS` to write.

    Returns:
        The files written.

    Raises:
        OSError: If the folder or a file cannot be written.
        ValueError: If a format is unknown.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = file_stem(sheet)
    written: list[Path] = []
    for fmt in formats:
        text = render(sheet, fmt)
        path = folder / f"{stem}{SUFFIXES[fmt]}"
        # utf-8-sig for CSV: spreadsheets then read CJK names correctly.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        newline = "" if fmt == "csv" else None
        handle = os.fdopen(_open_private(path), "w", encoding=encoding, newline=newline)
        with handle:
            handle.write(text)
        written.append(path)
    return written


PRIVATE_MODE = 0o600
"""Exported files hold pay, like the database: readable and writable by the owner
only."""


def _open_private(path: Path) -> int:
    """Open `path` for writing, emptied, readable by its owner only.

    A new file is created with `PRIVATE_MODE`; an existing one (an earlier export
    of the draft) is emptied and set to it. A symbolic link in its place is refused
    rather than followed.

    Returns:
        The file descriptor.

    Raises:
        OSError: If the file cannot be opened or its mode set.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, PRIVATE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_MODE)
    except OSError:
        os.close(fd)
        raise
    return fd


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: frozenset[int] = frozenset(),
) -> str:
    """A plain-text table with columns padded to their terminal width.

    Args:
        headers: The column titles.
        rows: The cells, row by row, as text.
        right: The indexes of columns to align right (numbers).

    Returns:
        The lines, a rule under the header, ending with a newline.
    """
    widths = [cell_len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - cell_len(cell))
            parts.append(pad + cell if i in right else cell + pad)
        return "  ".join(parts).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    return "\n".join(out) + "\n"


def to_text(sheet: BonusSheet, status: str | None = None) -> str:
    """The allocation as a plain-text table with a heading, as `okrtui bonus` prints.

    Args:
        sheet: The allocation.
        status: What the heading says after the cycle; default the sheet's status
            ("draft, not published", "published 2026-11-18 16:30").

    Returns:
        The cycle and status, the pool and the rule, then the table.
    """
    head = [
        f"Bonus {one_line(sheet.cycle_name)}: {status or sheet.status_text()}",
        f"Pool {pool_text(sheet)}",
        f"Method: {sheet.method_label}",
        *(f"  {line}" for line in sheet.summary),
        "",
    ]
    rows = [row_cells(row, sheet.currency) for row in sheet.rows]
    rows += footer_cells(sheet)
    table = text_table(TABLE_COLUMNS, rows, right=NUMBER_COLUMNS)
    return "\n".join(head) + "\n" + table
