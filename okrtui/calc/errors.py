"""The one error type of the calculation layer."""

from __future__ import annotations


class CalcError(ValueError):
    """Input the calculations refuse.

    The message is one sentence a manager can read and act on, such as
    "Target must differ from start.", so screens can show it as it is.
    """
