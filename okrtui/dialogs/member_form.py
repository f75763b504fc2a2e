"""The form that adds or edits a team member: name, role, level, FTE and dates.

Names may be written in any script (张伟 as well as Anna); FTE is more than 0 and at
most 1; the day someone left cannot come before the day they joined.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from textual import on
from textual.widgets import Input, Select

from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import Store
from okrtui.store.models import Member, MemberLevel

LEVEL_OPTIONS: list[tuple[str, MemberLevel]] = [
    ("frontline", MemberLevel.FRONTLINE),
    ("middle", MemberLevel.MIDDLE),
    ("senior", MemberLevel.SENIOR),
]


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


class MemberForm(FormDialog[Member]):
    """Add a member, or edit one; returns the saved `Member`."""

    def __init__(self, store: Store, member: Member | None = None) -> None:
        """Build the form.

        Args:
            store: Where the member is saved.
            member: The member to edit; `None` for a new one.
        """
        self._store = store
        self._member = member
        self.TITLE_TEXT = "New member" if member is None else f"Edit {member.name}"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        """Name, role, level, FTE, joined and left."""
        member = self._member
        self._joined = Input(
            _iso(member.joined if member else None), placeholder="YYYY-MM-DD"
        )
        yield Field(
            "name",
            "Name",
            Input(member.name if member else "", placeholder="e.g. 张伟"),
            parsers.text,
        )
        yield Field(
            "role",
            "Role",
            Input(
                member.role if member else "", placeholder="Customer success manager"
            ),
            parsers.optional_text,
        )
        yield Field(
            "level",
            "Level",
            Select(
                LEVEL_OPTIONS,
                value=MemberLevel(member.level) if member else MemberLevel.FRONTLINE,
                allow_blank=False,
            ),
        )
        yield Field(
            "fte",
            "FTE",
            Input(str(member.fte) if member else "1", placeholder="1"),
            parsers.fte,
            hint="1 = full time, 0.5 = half time; prorates the bonus.",
        )
        yield Field("joined", "Joined (optional)", self._joined, parsers.optional_day)
        yield Field(
            "left",
            "Left (optional)",
            Input(_iso(member.left if member else None), placeholder="YYYY-MM-DD"),
            self._left,
        )

    def _left(self, raw: str) -> date | None:
        """Parse the day someone left and refuse one before the day they joined."""
        left = parsers.optional_day(raw)
        try:
            joined = parsers.optional_day(self._joined.value)
        except ValueError:
            return left
        if left is not None and joined is not None and left < joined:
            raise ValueError("The day someone left cannot come before they joined.")
        return left

    @on(Input.Changed, "#field-joined")
    def _recheck_left(self) -> None:
        self.check_field(self.field("left").widget)

    def build(self, values: dict[str, Any]) -> Member:
        """The member with the typed values."""
        data = self._member.model_dump() if self._member is not None else {}
        return Member.model_validate({**data, **values})

    def commit(self, value: Member) -> Member:
        """Save the member."""
        return self._store.save_member(value)
