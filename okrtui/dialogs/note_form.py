"""Forms of the one-on-one review: a meeting note, and an action item."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from textual.widgets import Input

from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import Store
from okrtui.store.models import ActionItem, Member, OneOnOne


class NoteForm(FormDialog[OneOnOne]):
    """Writes down a one-on-one: its date, what was said, and new action items.

    Action items are typed in one field, separated by semicolons; each becomes an item
    that carries over to the next meeting until it is marked done.
    """

    def __init__(
        self, store: Store, member: Member, today: date, note: OneOnOne | None = None
    ) -> None:
        """Prepare the form.

        Args:
            store: Where the note is saved.
            member: Whom the one-on-one was with.
            today: The default date.
            note: A note to edit; `None` for a new one.
        """
        self.store = store
        self.member = member
        self.today = today
        self.note = note
        self.TITLE_TEXT = f"One-on-one with {member.name}"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        note = self.note
        yield Field(
            "day", "Date", Input(str(note.day if note else self.today)), self._day
        )
        yield Field(
            "text",
            "Notes",
            Input(note.text if note else "", placeholder="What you talked about"),
            parsers.text,
        )
        if note is None:
            yield Field(
                "items",
                "New action items (optional)",
                Input(placeholder="Send the QBR deck; book the renewal review"),
                _items,
                hint="Separate items with semicolons; open ones carry over until done.",
            )

    def _day(self, raw: str) -> date:
        day = parsers.day(raw)
        if day > self.today:
            raise ValueError(
                f"A note records a meeting held: date it {self.today} or before."
            )
        return day

    def build(self, values: dict[str, Any]) -> OneOnOne:
        note = OneOnOne(
            id=self.note.id if self.note else None,
            member_id=self.member.id or 0,
            day=values["day"],
            text=values["text"],
        )
        # Check the items now, so that a refused one keeps the form open.
        self._items = [
            ActionItem(member_id=self.member.id or 0, text=text)
            for text in values.get("items", [])
        ]
        return note

    def commit(self, value: OneOnOne) -> OneOnOne:
        with self.store.transaction():
            saved = self.store.save_one_on_one(value)
            for item in self._items:
                self.store.save_action_item(
                    item.model_copy(update={"one_on_one_id": saved.id})
                )
        return saved


class ActionItemForm(FormDialog[ActionItem]):
    """Adds one action item for a member, outside a meeting note."""

    def __init__(self, store: Store, member: Member) -> None:
        """Prepare the form for `member`'s new action item."""
        self.store = store
        self.member = member
        self.TITLE_TEXT = f"Action item for {member.name}"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        yield Field("text", "What is to be done", Input(), parsers.text)

    def build(self, values: dict[str, Any]) -> ActionItem:
        return ActionItem(member_id=self.member.id or 0, text=values["text"])

    def commit(self, value: ActionItem) -> ActionItem:
        return self.store.save_action_item(value)


def _items(raw: str) -> list[str]:
    return [part.strip() for part in (raw or "").split(";") if part.strip()]
