"""The import form: choose an OKR JSON file and see what importing it would do."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.widgets import Input

from okrtui.calc.display import plural
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import Store
from okrtui.store.models import Cycle


class ImportForm(FormDialog[Path]):
    """Asks for a file and previews the import; returns the file's path.

    Nothing is written here: the caller imports the file, in one transaction, off
    the UI thread.
    """

    TITLE_TEXT = "Import objectives and key results (JSON)"
    SAVE_LABEL = "Import"

    def __init__(self, store: Store, cycle: Cycle) -> None:
        """Prepare the form for an import into `cycle`."""
        self.store = store
        self.cycle = cycle
        super().__init__()

    def fields(self) -> Iterable[Field]:
        yield Field(
            "path",
            f"File to import into {self.cycle.name}",
            Input(placeholder="~/okrs/2026-q4.json"),
            self._parse_path,
            hint="Objectives with their key results (kind, unit, start, target, "
            "current); docs/import.md describes the shape.",
        )

    def _parse_path(self, raw: str) -> Path:
        from okrtui.importer import plan_import

        text = (raw or "").strip()
        if not text:
            raise ValueError("Enter the path of a JSON file.")
        path = Path(text).expanduser()
        if not path.is_file():
            raise ValueError(f"There is no file {path}.")
        # Reading the file here puts a refusal beside the field, as it is typed.
        plan_import(self.store, path, self.cycle.id or 0)
        return path

    def preview(self, values: dict[str, Any]) -> str:
        from okrtui.importer import plan_import

        plan = plan_import(self.store, values["path"], self.cycle.id or 0)
        lines = [
            f"Will import {plural(len(plan.objectives), 'objective')} and "
            f"{plural(plan.key_result_count, 'key result')}."
        ]
        lines += [f"• {problem}" for problem in plan.problems[:6]]
        if len(plan.problems) > 6:
            lines.append(f"… and {len(plan.problems) - 6} more adjustments.")
        return "\n".join(lines)

    def build(self, values: dict[str, Any]) -> Path:
        path: Path = values["path"]
        return path
