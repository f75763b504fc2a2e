"""`okrtui import`: bring a published OKR set (JSON) into a cycle, all or nothing."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from okrtui.calc.display import plural
from okrtui.store import Store


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `import` subcommand to the `okrtui` parser.

    Args:
        subparsers: What `ArgumentParser.add_subparsers()` returned.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="import objectives and key results from an OKR JSON file",
        description=(
            "Import the objectives and key results of an OKR JSON file into a "
            "cycle in one transaction: if anything is refused, nothing is written. "
            "Key results that cannot be scored as published are adjusted, and "
            "every adjustment is listed."
        ),
    )
    parser.add_argument("file", help="the JSON file")
    parser.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="the database file"
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        default=argparse.SUPPRESS,
        help="the built-in sample team (as before the subcommand)",
    )
    parser.add_argument(
        "--cycle",
        metavar="NAME",
        help="the cycle to import into (default: the current cycle)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be imported, and write nothing",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Run `okrtui import`; returns the exit status."""
    from datetime import date

    from okrtui.importer import import_okr_json, plan_import
    from okrtui.paths import resolve_db_path

    today = args.today or date.today()
    try:
        store = Store.open(resolve_db_path(args.db))
    except (OSError, ValueError) as exc:
        print(f"okrtui import: {_message(exc)}", file=sys.stderr)
        return 2
    try:
        cycle = store.find_cycle(args.cycle, today)
        cycle_id = cycle.id or 0
        if args.dry_run:
            plan = plan_import(store, args.file, cycle_id, today=today)
            objectives, krs = len(plan.objectives), plan.key_result_count
            problems = plan.problems
            verb = "would import"
        else:
            result = import_okr_json(store, args.file, cycle_id, today=today)
            objectives, krs = len(result.objective_ids), len(result.key_result_ids)
            problems = list(result.problems)
            verb = "imported"
    except (OSError, ValueError) as exc:
        print(f"okrtui import: {_message(exc)}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(
        f"{verb} {plural(objectives, 'objective')} and "
        f"{plural(krs, 'key result')} into {cycle.name}"
    )
    for problem in problems:
        print(f"  - {problem}")
    return 0


def _message(exc: BaseException) -> str:
    """A refusal on one line, file names quoted “…” as every okrtui message does."""
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return f"“{exc.filename}”: {exc.strerror}."
    return " ".join(str(exc).split())
