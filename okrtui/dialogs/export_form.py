"""The small form that asks where to export a bonus split.

The files go next to the database by default; any folder can be typed (`~` works,
a missing folder is created). Like the database, the files are readable by their
owner only. The form only returns the folder: the bonus screen writes the files on
a worker thread.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.widgets import Input

from okrtui.bonus_service import BonusSheet
from okrtui.dialogs.form import Field, FormDialog
from okrtui.export import FORMATS, SUFFIXES, file_stem


def folder(raw: str) -> Path:
    """A folder to write into: it may not exist yet, but must not be a file."""
    text = (raw or "").strip()
    if not text:
        raise ValueError("Enter a folder.")
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError(f"{path} is a file, not a folder.")
    # The nearest part that exists must be a folder okrtui may write in, or the
    # export would fail after the form has closed.
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise ValueError(f"{existing} is a file, so {path} cannot be made.")
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise ValueError(f"{existing} cannot be written to.")
    return path


class ExportForm(FormDialog[Path]):
    """Ask for the folder to export a bonus split into; returns it."""

    TITLE_TEXT = "Export the bonus split"
    SAVE_LABEL = "Export"

    def __init__(self, default: Path, sheet: BonusSheet) -> None:
        """Build the form.

        Args:
            default: The folder offered (the database's folder).
            sheet: The split to export, to name the files in the preview.
        """
        self._default = default
        self._sheet = sheet
        kind = "published version" if sheet.is_published else "draft"
        self.TITLE_TEXT = f"Export the {kind} of {sheet.cycle_name}"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        """The folder."""
        yield Field(
            "folder",
            "Folder",
            Input(str(self._default)),
            folder,
            hint="CSV (safe to open in a spreadsheet), Markdown and JSON, readable "
            "by you only (they hold pay); a missing folder is created.",
        )

    def preview(self, values: dict[str, Any]) -> str:
        """The names of the files that will be written."""
        stem = file_stem(self._sheet)
        return "Writes " + ", ".join(f"{stem}{SUFFIXES[f]}" for f in FORMATS)

    def build(self, values: dict[str, Any]) -> Path:
        """The folder typed."""
        path: Path = values["folder"]
        return path
