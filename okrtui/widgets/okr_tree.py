"""The OKR tree: a cycle, its objectives with aligned ones nested under their parent,
and each objective's key results, every row with score, progress bar and pace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from okrtui.calc import CycleScores, Pace, grade, is_stale, pace
from okrtui.store.models import CheckIn, Cycle, KeyResult, Objective
from okrtui.widgets.cells import GRADE_STYLE, bar, fit, percent

PACE_STYLE = {Pace.ON_TRACK: "green", Pace.AT_RISK: "yellow", Pace.OFF_TRACK: "red"}


@dataclass(frozen=True)
class NodeRef:
    """What a tree row stands for.

    Attributes:
        kind: "cycle", "objective" or "key_result".
        id: The record's id.
    """

    kind: str
    id: int


# Width of the columns right of the title: bar, percentage and pace or grade.
_PCT = 6
_STATUS = 11


def _bar_width(width: int) -> int:
    """The progress bar's width: shorter, then none, as the tree gets narrow."""
    return 10 if width >= 70 else 5 if width >= 52 else 0


class OkrTree(Tree[NodeRef]):
    """A tree of one cycle's objectives and key results.

    Rows are rebuilt by `show()`; the row under the cursor stays selected when the
    same record is still there.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id)
        self.guide_depth = 3
        self._last: tuple[object, ...] | None = None
        self._width = 0

    def _content_width(self) -> int:
        return max(self.scrollable_content_region.width, 40)

    def show(
        self,
        cycle: Cycle,
        objectives: Sequence[Objective],
        key_results: Sequence[KeyResult],
        scores: CycleScores,
        latest: dict[int, CheckIn],
        today: date,
    ) -> None:
        """Rebuild the rows for `cycle`.

        Args:
            cycle: The cycle at the root.
            objectives: The cycle's objectives.
            key_results: The key results of those objectives.
            scores: The cycle's scores (calc.score_cycle).
            latest: Each key result's latest check-in, by key result id.
            today: The date pace and staleness are judged on.
        """
        self._last = (cycle, objectives, key_results, scores, latest, today)
        selected = self.cursor_node.data if self.cursor_node is not None else None
        self._width = width = self._content_width()

        self.clear()
        root = self.root
        root.data = NodeRef("cycle", cycle.id or 0)
        team = scores.team_score()
        root.set_label(
            self._row(cycle.name, 0, width, team, self._status(cycle, team, today))
        )

        by_parent: dict[int | None, list[Objective]] = {}
        ids = {o.id for o in objectives}
        for objective in objectives:
            parent = objective.parent_id if objective.parent_id in ids else None
            by_parent.setdefault(parent, []).append(objective)
        krs_of: dict[int, list[KeyResult]] = {}
        for kr in key_results:
            krs_of.setdefault(kr.objective_id, []).append(kr)

        def add(node: TreeNode[NodeRef], parent_id: int | None, depth: int) -> None:
            for objective in by_parent.get(parent_id, []):
                oid = objective.id or 0
                score = scores.objective.get(oid)
                label = self._row(
                    objective.title,
                    depth,
                    width,
                    score,
                    self._status(cycle, score, today),
                    prefix="◆ " if objective.committed else "◇ ",
                )
                child = node.add(label, data=NodeRef("objective", oid), expand=True)
                for kr in krs_of.get(oid, []):
                    kid = kr.id or 0
                    progress = scores.kr[kid]
                    check = latest.get(kid)
                    stale = cycle.status != "closed" and is_stale(
                        check.day if check else None,
                        today,
                        cycle.cadence_days,
                        cycle.first_day,
                    )
                    status = self._status(
                        cycle, progress.score, today, stale=stale, checked=check
                    )
                    child.add_leaf(
                        self._row(
                            kr.title,
                            depth + 1,
                            width,
                            progress.score,
                            status,
                            leaf=True,
                        ),
                        data=NodeRef("key_result", kid),
                    )
                add(child, oid, depth + 1)

        add(root, None, 1)
        root.expand()
        if selected is not None and selected != root.data:
            # Rows get their line numbers on the next refresh; move the cursor then.
            self.call_after_refresh(self.select_ref, selected)

    def select_ref(self, ref: NodeRef) -> bool:
        """Move the cursor to the row for `ref`; False when there is none."""

        def walk(node: TreeNode[NodeRef]) -> TreeNode[NodeRef] | None:
            if node.data == ref:
                return node
            for child in node.children:
                found = walk(child)
                if found is not None:
                    return found
            return None

        node = walk(self.root)
        if node is None:
            return False
        self.move_cursor(node)
        return True

    def on_resize(self) -> None:
        if self._last is not None and self._width != self._content_width():
            self.show(*self._last)  # type: ignore[arg-type]

    @staticmethod
    def _status(
        cycle: Cycle,
        score: Fraction | None,
        today: date,
        *,
        stale: bool = False,
        checked: CheckIn | None | bool = True,
    ) -> Text:
        if score is None:
            return Text("no score", style="dim")
        if cycle.status == "closed":
            band = grade(score)
            return Text(band.value, style=GRADE_STYLE[band])
        if checked is None:
            return Text("no check-in", style="dim italic")
        if stale:
            return Text("stale", style="bold magenta")
        state = pace(score, cycle.first_day, cycle.last_day, today)
        return Text(state.value, style=PACE_STYLE[state])

    def _row(
        self,
        title: str,
        depth: int,
        width: int,
        score: Fraction | None,
        status: Text,
        prefix: str = "",
        leaf: bool = False,
    ) -> Text:
        # Each level is indented by the guide; a fold icon takes two more cells.
        bar_width = _bar_width(width)
        tail = 1 + (bar_width + 1 if bar_width else 0) + _PCT + 1 + _STATUS
        room = width - depth * self.guide_depth - (0 if leaf else 2) - tail
        label = Text(fit(prefix + title, max(room, 8)))
        if depth == 0:
            label.stylize("bold")
        pct = Text(percent(score).rjust(_PCT))
        if score is not None:
            pct.stylize(GRADE_STYLE[grade(score)])
        label.append(" ")
        if bar_width:
            label.append_text(bar(score, bar_width))
        label.append_text(pct)
        label.append(" ")
        label.append_text(status)
        return label
