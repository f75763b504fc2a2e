"""The form that adds or edits an objective of a cycle.

An objective has a level, an owner (the team or one member), an optional parent it
aligns with, a kind (committed, expected at 1.0; aspirational, expected at 0.7) and a
weight in its parent's score. The parent can be any other objective of the same cycle,
except the objective itself and those aligned under it, so the tree never loops.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import Input, Select

from okrtui.dialogs import parsers
from okrtui.dialogs.form import Field, FormDialog
from okrtui.store import Store
from okrtui.store.models import Member, Objective, ObjectiveLevel

NONE = 0
"""The option value that stands for "no one" or "nothing" (store ids start at 1)."""

LEVEL_OPTIONS: list[tuple[str, ObjectiveLevel]] = [
    ("company", ObjectiveLevel.COMPANY),
    ("team", ObjectiveLevel.TEAM),
    ("individual", ObjectiveLevel.INDIVIDUAL),
]

KIND_OPTIONS: list[tuple[str, bool]] = [
    ("committed: expected 1.0", True),
    ("aspirational: expected 0.7", False),
]


def member_options(members: Iterable[Member], none_label: str) -> list[tuple[str, int]]:
    """Select options for an owner: `none_label` first, then each member by name.

    Args:
        members: The members to offer.
        none_label: The label of the first option, whose value is `NONE`.

    Returns:
        (label, id) pairs; members who have left say so.
    """
    options = [(none_label, NONE)]
    for member in members:
        gone = f" (left {member.left})" if member.left is not None else ""
        options.append((f"{member.name}{gone}", member.id or NONE))
    return options


def or_none(raw: object) -> int | None:
    """The id a Select holds, or `None` for the `NONE` option."""
    return raw if isinstance(raw, int) and raw != NONE else None


def descendants(objectives: Iterable[Objective], root: int) -> set[int]:
    """The ids of the objectives aligned under `root`, at any depth.

    Args:
        objectives: The objectives of one cycle.
        root: The id of the objective whose descendants are wanted.

    Returns:
        Their ids, not including `root`.
    """
    children: dict[int, list[int]] = {}
    for objective in objectives:
        if objective.parent_id is not None and objective.id is not None:
            children.setdefault(objective.parent_id, []).append(objective.id)
    found: set[int] = set()
    stack = list(children.get(root, []))
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


class ObjectiveForm(FormDialog[Objective]):
    """Add an objective to a cycle, or edit one; returns the saved `Objective`."""

    def __init__(
        self,
        store: Store,
        cycle_id: int,
        objective: Objective | None = None,
        parent_id: int | None = None,
    ) -> None:
        """Build the form.

        Args:
            store: Where the objective is saved.
            cycle_id: The cycle the objective belongs to.
            objective: The objective to edit; `None` for a new one.
            parent_id: For a new objective, the objective it aligns under at first.
        """
        self._store = store
        self._cycle_id = cycle_id
        self._objective = objective
        self._parent_id = objective.parent_id if objective else parent_id
        self._cycle_objectives = store.objectives(cycle_id)
        self.TITLE_TEXT = "New objective" if objective is None else "Edit objective"
        super().__init__()

    def fields(self) -> Iterable[Field]:
        """Title, level, owner, parent, kind and weight."""
        objective = self._objective
        yield Field(
            "title",
            "Title",
            Input(
                objective.title if objective else "",
                placeholder="Customers succeed with the product",
            ),
            parsers.text,
        )
        yield Field(
            "level",
            "Level",
            Select(
                LEVEL_OPTIONS,
                value=ObjectiveLevel(objective.level) if objective else self._level(),
                allow_blank=False,
            ),
        )
        owner = objective.owner_id if objective else None
        yield Field(
            "owner_id",
            "Owner",
            Select(
                member_options(self._store.members(), "the team"),
                value=owner or NONE,
                allow_blank=False,
            ),
            or_none,
        )
        yield Field(
            "parent_id",
            "Aligned under",
            Select(
                self._parent_options(), value=self._parent_id or NONE, allow_blank=False
            ),
            or_none,
            hint="Its score counts towards the parent's score.",
        )
        yield Field(
            "committed",
            "Kind",
            Select(
                KIND_OPTIONS,
                value=objective.committed if objective else True,
                allow_blank=False,
            ),
        )
        yield Field(
            "weight",
            "Weight",
            Input(str(objective.weight) if objective else "1", placeholder="1"),
            parsers.non_negative,
            hint="Relative to its siblings; 0 leaves it out of the parent's score.",
        )

    def _level(self) -> ObjectiveLevel:
        """The level a new objective starts with: one below its parent's, if any."""
        parent = next(
            (o for o in self._cycle_objectives if o.id == self._parent_id), None
        )
        if parent is None or parent.level == ObjectiveLevel.COMPANY:
            return ObjectiveLevel.TEAM
        return ObjectiveLevel.INDIVIDUAL

    def _parent_options(self) -> list[tuple[str, int]]:
        """No parent, or any objective of the cycle not this one nor under it."""
        excluded: set[int] = set()
        if self._objective is not None and self._objective.id is not None:
            excluded = {self._objective.id} | descendants(
                self._cycle_objectives, self._objective.id
            )
        options = [("nothing: a top-level objective", NONE)]
        for objective in self._cycle_objectives:
            if objective.id is not None and objective.id not in excluded:
                options.append((objective.title, objective.id))
        return options

    def build(self, values: dict[str, Any]) -> Objective:
        """The objective with the typed values."""
        if self._objective is not None:
            data = self._objective.model_dump()
        else:
            # A new objective goes after the others of its cycle.
            taken = [o.position for o in self._cycle_objectives]
            data = {"position": max(taken, default=-1) + 1}
        return Objective.model_validate({**data, "cycle_id": self._cycle_id, **values})

    def commit(self, value: Objective) -> Objective:
        """Save the objective."""
        return self._store.save_objective(value)
