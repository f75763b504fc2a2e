"""The layers hold: calc and the store import without Textual, in a fresh interpreter.

A fresh interpreter is needed because the test session itself imports Textual; only
a new process shows what importing a package pulls in on its own.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest


def _imported_by(module: str) -> set[str]:
    """The top-level names of the modules a fresh interpreter loads for `module`."""
    code = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        f"import {module}\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return {name.partition(".")[0] for name in json.loads(result.stdout)}


def test_calc_imports_the_standard_library_only() -> None:
    loaded = _imported_by("okrtui.calc")

    assert not loaded & {"textual", "sqlite3", "sqlite_utils", "pydantic"}
    outside = {n for n in loaded if n not in sys.stdlib_module_names} - {"okrtui"}
    assert not outside, f"okrtui.calc pulls in {sorted(outside)}"


def test_store_imports_without_textual() -> None:
    if importlib.util.find_spec("okrtui.store") is None:
        pytest.skip("okrtui.store does not exist yet")

    loaded = _imported_by("okrtui.store")

    assert "textual" not in loaded
