"""Messages the app's screens use to tell each other that something changed."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Something in the store was written; screens showing it should reload.

    Attributes:
        what: What kind of record changed ("cycle", "member", "objective",
            "key_result", "checkin", "bonus"), for screens that care about only some.
    """

    what: str


@dataclass
class CycleChosen(Message):
    """The manager switched the cycle that the screens show."""

    cycle_id: int | None
