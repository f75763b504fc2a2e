"""`okrtui bonus`: compute a cycle's bonus split, or show a published one, on stdout.

Usage:

    okrtui bonus [--db PATH] [--cycle NAME] [--format table|csv|json|markdown]
    okrtui bonus --pool 150,000 --currency USD --method target   # what-if, not saved
    okrtui bonus --published latest        # or --published 2 (the second version)
    okrtui bonus --sample                  # the sample team (built when missing)

The draft is computed by the same code as the bonus screen, so both show the same
amounts to the cent. A cycle whose split is published, with no draft since, shows its
latest published version (as the bonus screen does), and says so. Options that change
the plan (`--pool`, `--currency`, `--method`) apply to this run only; nothing is
written to the database.

Exit status: 0 when the table was printed; 1 when there is nothing to show (no such
cycle, no plan, no published version, no draft to try other values on); 2 when an
option's value is refused. Either way, one line on stderr says why.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrtui.bonus_service import BonusSheet
    from okrtui.store import BonusPlan, Cycle, Store

OUTPUT_FORMATS = ("table", "csv", "json", "markdown")
"""The values of `--format`; "table" is a plain-text table for the terminal."""

METHODS = ("performance", "target", "contribution", "composite")
"""The values of `--method` (the keys of `calc.bonus.Method`)."""


class BonusCliError(Exception):
    """A refusal to report on one line, with the exit status to return."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `bonus` subcommand to the `okrtui` parser.

    Args:
        subparsers: What `ArgumentParser.add_subparsers()` returned.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bonus",
        help="print a cycle's bonus split (draft or published)",
        description=(
            "Compute the bonus split of a cycle from its draft plan, or show a "
            "published version. --pool, --currency and --method try other values "
            "without saving them."
        ),
    )
    # SUPPRESS: when `--db` comes after `bonus` it wins; when it is not given here,
    # the value given before `bonus` (dest "db" as well) is left alone.
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the database file (as before the subcommand)",
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
        help="the cycle's name, such as 2026-Q4 (default: the current cycle)",
    )
    parser.add_argument(
        "--published",
        metavar="latest|N",
        help="show a published version instead of the draft: latest, or 1, 2, …",
    )
    parser.add_argument(
        "--format",
        default="table",
        metavar="FORMAT",
        help="table (default), csv, json or markdown",
    )
    parser.add_argument(
        "--pool", metavar="AMOUNT", help="base pool for this run, such as 120,000.00"
    )
    parser.add_argument(
        "--currency", metavar="CODE", help="currency for this run, such as USD"
    )
    parser.add_argument(
        "--method",
        metavar="M",
        help="method for this run: performance, target, contribution or composite",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Run `okrtui bonus` with parsed arguments.

    Args:
        args: The parsed command line (the parent's `--db` and `--today` included).

    Returns:
        The exit status: 0 printed, 1 nothing to show, 2 a value refused.
    """
    try:
        text = _output(args)
    except BonusCliError as exc:
        print(f"okrtui bonus: {exc}", file=sys.stderr)
        return exc.status
    if getattr(args, "format", None) == "csv" and not sys.stdout.isatty():
        # Redirected to a file: a byte-order mark makes spreadsheets read it as
        # UTF-8 (CJK names), as the files the app exports do.
        text = "\ufeff" + text
    sys.stdout.write(text)
    return 0


def _output(args: argparse.Namespace) -> str:
    """The text to print, or a `BonusCliError` saying why there is none."""
    fmt = (args.format or "table").strip().lower()
    if fmt not in OUTPUT_FORMATS:
        raise BonusCliError(
            f"unknown format “{args.format}”; use {', '.join(OUTPUT_FORMATS)}."
        )
    if args.published is not None and _overridden(args):
        raise BonusCliError(
            "--pool, --currency and --method change a draft; "
            "a published version never changes."
        )

    from okrtui.paths import resolve_db_path

    path = resolve_db_path(getattr(args, "db", None))
    if not path.exists():
        raise BonusCliError(f"no database at {path}.", status=1)

    from okrtui.store import Store
    from okrtui.store.errors import StoreError

    try:
        store = Store.open(path)
    except (StoreError, OSError) as exc:
        raise BonusCliError(f"cannot open {path}: {_one_line(exc)}", 1) from exc
    try:
        sheet = _sheet(store, args)
    finally:
        store.close()

    from okrtui import export

    if fmt == "table":
        status = None
        if sheet.is_published and args.published is None:
            status = f"{sheet.status_text()} (the latest version; no draft)"
        return export.to_text(sheet, status=status)
    return export.render(sheet, fmt)


def _sheet(store: Store, args: argparse.Namespace) -> BonusSheet:
    """The draft computed now, or the published version asked for."""
    from okrtui import bonus_service as service
    from okrtui.calc.errors import CalcError

    today: date = getattr(args, "today", None) or date.today()
    cycle = _cycle(store, args.cycle, today)
    if args.published is not None:
        return _published(store, cycle, args.published)

    assert cycle.id is not None
    plan = store.bonus_plan(cycle.id)
    if plan is None:
        if not store.published_plans(cycle.id):
            raise BonusCliError(
                f"cycle {cycle.name} has no draft bonus plan; set one up in the app "
                "(press b).",
                status=1,
            )
        if _overridden(args):
            raise BonusCliError(
                f"cycle {cycle.name} has no draft to try --pool, --currency or "
                "--method on, and its published version never changes; press n on "
                "it in the app for a new draft.",
                status=1,
            )
        # Published and no draft since: the latest published version is the split.
        return _published(store, cycle, "latest")
    plan = _with_overrides(plan, args)
    try:
        return service.compute_sheet(store, cycle, plan)
    except CalcError as exc:
        raise BonusCliError(_one_line(exc)) from exc


def _overridden(args: argparse.Namespace) -> bool:
    """Whether --pool, --currency or --method try other values on this run."""
    return any(value is not None for value in (args.pool, args.currency, args.method))


def _cycle(store: Store, name: str | None, today: date) -> Cycle:
    """The cycle named on the command line, or the current one."""
    from okrtui.store import NotFoundError

    try:
        return store.find_cycle(name, today)
    except NotFoundError as exc:
        raise BonusCliError(str(exc), status=1) from None


def _published(store: Store, cycle: Cycle, which: str) -> BonusSheet:
    """A published version of the cycle's split: "latest" or its number, from 1."""
    from okrtui import bonus_service as service

    assert cycle.id is not None
    try:
        versions = service.published_sheets(store, cycle.id)
    except ValueError as exc:  # an allocation damaged in the file
        raise BonusCliError(_one_line(exc), status=1) from exc
    if not versions:
        raise BonusCliError(f"cycle {cycle.name} has no published bonus yet.", 1)
    text = which.strip().lower()
    if text == "latest":
        return versions[-1]
    if not text.isdigit() or not 1 <= int(text) <= len(versions):
        raise BonusCliError(
            f"--published takes latest or a version from 1 to {len(versions)}, "
            f"not “{which}”."
        )
    return versions[int(text) - 1]


def _with_overrides(plan: BonusPlan, args: argparse.Namespace) -> BonusPlan:
    """The plan with this run's --currency, --pool and --method (not saved)."""
    from pydantic import ValidationError

    from okrtui.bonus_service import parse_money
    from okrtui.calc.errors import CalcError
    from okrtui.calc.money import minor_units
    from okrtui.store.errors import message

    update: dict[str, object] = {}
    currency = plan.currency
    if args.currency is not None:
        currency = args.currency.strip().upper()
        try:
            minor_units(currency)
        except CalcError as exc:
            raise BonusCliError(_one_line(exc)) from exc
        update["currency"] = currency
    if args.pool is not None:
        try:
            update["base_pool"] = parse_money(args.pool, currency)
        except CalcError as exc:
            raise BonusCliError(f"--pool: {_one_line(exc)}") from exc
    elif currency != plan.currency:
        update["base_pool"] = _requantize(plan.base_pool, currency)
    if args.method is not None:
        method = args.method.strip().lower()
        if method not in METHODS:
            raise BonusCliError(
                f"unknown method “{args.method}”; use {', '.join(METHODS)}."
            )
        update["method"] = method
    if not update:
        return plan
    try:
        return plan.model_validate(plan.model_dump() | update)
    except ValidationError as exc:
        raise BonusCliError(_one_line(message(exc))) from exc


def _requantize(amount: Decimal, currency: str) -> Decimal:
    """The plan's base pool in another currency's digits, refused when it would
    lose a minor unit (120,000.50 cannot become yen)."""
    from okrtui.calc.money import minor_units

    step = Decimal(1).scaleb(-minor_units(currency))
    try:
        value = amount.quantize(step)
    except ArithmeticError:  # a plan saved before the size bound: far too large
        value = Decimal(-1)
    if value != amount:
        raise BonusCliError(
            f"the plan's base pool {amount} does not fit {currency}; give --pool too."
        )
    return value


def _one_line(exc: BaseException | str) -> str:
    """A message on one line."""
    return " ".join(str(exc).split())
