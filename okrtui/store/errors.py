"""Errors the store raises, and one function that turns any refusal into a sentence.

Every refusal is a `ValueError`, so a form can catch one kind of exception and show
`message(exc)` beside the field or at the foot of the form.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError


class StoreError(ValueError):
    """A change or a lookup the store refuses; `str(exc)` is a readable sentence."""


class NotFoundError(StoreError, LookupError):
    """No row with the asked-for id (it may have been deleted in another window)."""


class RefusedError(StoreError):
    """A rule of the domain refuses the change.

    For example a check-in dated outside its cycle, or a parent objective from
    another cycle.
    """


class PublishedError(RefusedError):
    """The bonus plan is published, and a published plan never changes."""


class DraftExistsError(RefusedError):
    """The cycle already has a draft bonus plan; there is at most one per cycle."""


class SchemaError(StoreError):
    """The file is not an okrtui database, or a newer okrtui wrote it."""


FIELD_LABELS: Mapping[str, str] = {
    "fte": "FTE",
    "left": "Left",
    "first_day": "First day",
    "last_day": "Last day",
    "cadence_days": "Check-in cadence",
    "cycle_id": "Cycle",
    "objective_id": "Objective",
    "kr_id": "Key result",
    "owner_id": "Owner",
    "parent_id": "Parent objective",
    "day": "Date",
    "base_pool": "Base pool",
    "cap_amount": "Cap amount",
    "cap_share": "Cap share",
    "cap_payout": "Cap payout",
    "min_score": "Minimum score",
    "override_reason": "Override reason",
    "published_at": "Published at",
    "created_at": "Created at",
    "superseded_by": "Superseded by",
}
"""How a model field is named in messages; other fields are capitalised as they are."""


def label(field: str) -> str:
    """Return the readable name of a model field, e.g. `first_day` -> "First day"."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    text = field.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# Phrases for pydantic's own error types, keyed by type; "{label}" is the field.
_PHRASES: Mapping[str, str] = {
    "missing": "{label} is required.",
    "string_type": "{label} must be text.",
    "string_too_short": "{label} must not be empty.",
    "string_too_long": "{label} is too long.",
    "date_type": "{label} must be a date written YYYY-MM-DD.",
    "date_parsing": "{label} must be a date written YYYY-MM-DD.",
    "date_from_datetime_parsing": "{label} must be a date written YYYY-MM-DD.",
    "date_from_datetime_inexact": "{label} must be a date without a time of day.",
    "datetime_type": "{label} must be a date and time.",
    "datetime_parsing": "{label} must be a date and time.",
    "datetime_from_date_parsing": "{label} must be a date and time.",
    "int_type": "{label} must be a whole number.",
    "int_parsing": "{label} must be a whole number.",
    "int_from_float": "{label} must be a whole number.",
    "bool_type": "{label} must be yes or no.",
    "bool_parsing": "{label} must be yes or no.",
    "decimal_type": "{label} must be a number.",
    "decimal_parsing": "{label} must be a number.",
    "dict_type": "{label} must be a mapping.",
    "list_type": "{label} must be a list.",
    "model_type": "{label} has the wrong shape.",
    "extra_forbidden": "{label} is not a field of this record.",
    "json_invalid": "{label} must be valid JSON.",
    "json_type": "{label} must be JSON text.",
}


def _validation_sentence(error: Mapping[str, Any]) -> str:
    """Turn one entry of `ValidationError.errors()` into a sentence."""
    loc = [part for part in error.get("loc", ()) if isinstance(part, str)]
    field = label(loc[-1]) if loc else "A value"
    kind = str(error.get("type", ""))
    msg = str(error.get("msg", ""))
    context = error.get("ctx") or {}
    if kind in _PHRASES:
        return _PHRASES[kind].format(label=field)
    if kind in ("literal_error", "enum"):
        return f"{field} must be {context.get('expected', 'one of the listed values')}."
    bounds = {
        "greater_than": "greater than {gt}",
        "greater_than_equal": "at least {ge}",
        "less_than": "less than {lt}",
        "less_than_equal": "at most {le}",
    }
    if kind in bounds:
        return f"{field} must be {bounds[kind].format(**context)}."
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if kind == "okrtui" or not loc:
        return _sentence(msg)
    return _sentence(f"{field}: {msg[:1].lower()}{msg[1:]}")


def _sentence(text: str) -> str:
    """Capitalise and end with a full stop, unless it already ends a sentence."""
    text = text.strip()
    if not text:
        return "The value was refused."
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "。")) else text + "."


def message(exc: BaseException) -> str:
    """Say in one sentence why an operation was refused, naming the field if any.

    Args:
        exc: A pydantic `ValidationError` from a model, a `calc.CalcError`, a
            `StoreError`, an `sqlite3.Error` or any other exception.

    Returns:
        One sentence a manager can read, such as
        "FTE must be greater than 0 and at most 1.". For a `ValidationError` with
        several problems, the first one is told.
    """
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if not errors:
            return "The value was refused."
        return _validation_sentence(errors[0])
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return "The database is busy in another window; try again."
    if isinstance(exc, sqlite3.IntegrityError):
        text = str(exc)
        if text.startswith(("FOREIGN KEY", "UNIQUE", "NOT NULL", "CHECK")):
            return _sentence(f"The database refused the change ({text})")
        return _sentence(text)
    if isinstance(exc, sqlite3.Error):
        return _sentence(f"The database could not do that ({exc})")
    text = str(exc)
    if not text:
        return _sentence(f"{type(exc).__name__} was raised")
    return _sentence(text)
