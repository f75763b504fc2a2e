"""The `okrtui` command: open the app, or compute a bonus allocation without it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from okrtui import __version__


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date (YYYY-MM-DD)"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `okrtui` and its `bonus` and `import` subcommands."""
    parser = argparse.ArgumentParser(
        prog="okrtui",
        description="Team OKRs, check-ins and a transparent bonus split.",
    )
    parser.add_argument("--version", action="version", version=f"okrtui {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the database file (default: $OKRTUI_DB, else the user data directory)",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="open the built-in sample team (kept in its own file); also for the "
        "bonus and import subcommands",
    )
    parser.add_argument(
        "--reset-sample",
        action="store_true",
        help="with --sample: rebuild the sample team from scratch",
    )
    parser.add_argument(
        "--where",
        action="store_true",
        help="print the database file okrtui would open, and exit",
    )
    parser.add_argument(
        "--today", type=_day, metavar="YYYY-MM-DD", help="treat this date as today"
    )
    sub = parser.add_subparsers(dest="command")
    from okrtui.bonus_cli import add_parser as add_bonus_parser
    from okrtui.import_cli import add_parser as add_import_parser

    add_bonus_parser(sub)
    add_import_parser(sub)
    return parser


def _remove_sample(args: argparse.Namespace) -> None:
    """With --sample --reset-sample: delete the sample's file, to be built afresh.

    Only the sample's own file (`paths.sample_db_path()`): a file named by --db may
    be a team's real data, and is never deleted.

    Raises:
        ValueError: If --db is given too.
    """
    from pathlib import Path

    from okrtui.paths import sample_db_path

    if args.db is not None:
        raise ValueError(
            "--reset-sample rebuilds the sample's own file; it never deletes the "
            "file --db names."
        )
    path = sample_db_path()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _use_sample(args: argparse.Namespace) -> None:
    """With --sample, point a subcommand at the sample team's file, as the app does.

    The file is the sample's own (`paths.sample_db_path()`) unless --db names one;
    when it does not exist yet, the sample team is built into it.

    Raises:
        OSError, ValueError: If the sample cannot be built.
    """
    from pathlib import Path

    from okrtui.paths import sample_db_path
    from okrtui.store.sample import build_sample

    path = sample_db_path() if args.db is None else Path(args.db).expanduser()
    if not path.exists():
        build_sample(path, args.today or date.today()).close()
    args.db = str(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run okrtui with command-line arguments; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in ("bonus", "import"):
        if args.sample:
            try:
                if args.reset_sample:
                    _remove_sample(args)
                _use_sample(args)
            except (OSError, ValueError) as exc:
                print(f"okrtui {args.command}: {exc}", file=sys.stderr)
                return 2
        if args.command == "bonus":
            from okrtui.bonus_cli import run as run_bonus

            return run_bonus(args)
        from okrtui.import_cli import run as run_import

        return run_import(args)

    from okrtui.app import create_app
    from okrtui.paths import resolve_db_path, sample_db_path

    if args.where:
        if args.sample:
            print(args.db or sample_db_path())
        else:
            print(resolve_db_path(args.db))
        return 0

    try:
        if args.sample and args.reset_sample:
            _remove_sample(args)
        app = create_app(args.db, sample=args.sample, today=args.today)
    except (OSError, ValueError) as exc:
        print(f"okrtui: {exc}", file=sys.stderr)
        return 2
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
