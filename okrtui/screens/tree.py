"""The main screen: the shown cycle's OKR tree with a detail pane beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static, Tree

from okrtui.calc.display import plural
from okrtui.screens.base import OkrScreen
from okrtui.widgets.detail import DetailPane
from okrtui.widgets.okr_tree import NodeRef, OkrTree

WELCOME = """\
[b]Welcome to okrtui.[/b]

This database has no cycle yet. To set up your team:

  [b]n[/b]  create the first cycle (a quarter, say 2026-Q4)
  [b]m[/b]  add the members of your team
  [b]o[/b]  add an objective, then [b]k[/b] for its key results
  [b]c[/b]  check in on a key result as the weeks go by
  [b]b[/b]  split a bonus pool at the end of the cycle

Press [b]?[/b] for every key. To look around first, quit and run
[b]okrtui --sample[/b] for a sample team kept in its own file.
"""


class TreeScreen(OkrScreen):
    """Objectives and key results of the shown cycle, and the selected row's detail."""

    BINDINGS = [
        Binding("c", "checkin", "Check in", tooltip="Record progress on a key result"),
        Binding("o", "add_objective", "Objective", tooltip="Add an objective"),
        Binding("k", "add_key_result", "Key result", tooltip="Add a key result"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected row"),
        Binding("d,delete", "delete", "Delete", tooltip="Delete the selected row"),
        Binding("b", "app.open_bonus", "Bonus", tooltip="Split the bonus pool"),
        Binding("m", "app.open_members", "Members", tooltip="The team"),
        Binding("y", "app.open_cycles", "Cycles", tooltip="Switch or add cycles"),
        Binding("n", "add_cycle", "New cycle", tooltip="Start a new cycle", show=False),
        Binding(
            "I",
            "import_okrs",
            "Import",
            tooltip="Import objectives and key results from a JSON file",
            show=False,
        ),
        Binding(
            "C",
            "correct_checkin",
            "Correct",
            tooltip="Correct the latest check-in; the old one stays in the history",
            show=False,
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(WELCOME, id="welcome")
        with Horizontal(id="okr-main"):
            yield OkrTree(id="okr-tree")
            yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "revision", self._reload, init=False)
        self.watch(self.app, "cycle_id", self._reload, init=False)
        self._reload()
        self.query_one(OkrTree).focus()

    def on_resize(self) -> None:
        # Below 100 columns the detail pane goes under the tree, not beside it.
        self.set_class(self.size.width < 100, "-narrow")

    # ---- loading ----

    def _reload(self, *_: Any) -> None:
        app = self.okr_app
        store = app.store
        empty = app.cycle_id is None
        self.query_one("#welcome").display = empty
        self.query_one("#okr-main").display = not empty
        if empty:
            self.sub_title = "no cycle yet"
            return
        cycle = store.cycle(app.cycle_id)  # type: ignore[arg-type]
        self.sub_title = f"{cycle.name} · {cycle.status}"
        self._cycle = cycle
        self._objectives = {o.id: o for o in store.objectives(cycle.id or 0)}
        self._krs = {k.id: k for k in store.key_results(cycle.id or 0)}
        self._members = {m.id: m for m in store.members()}
        self._scores = store.cycle_scores(cycle.id or 0)
        latest = store.latest_checkins(cycle.id or 0)
        tree = self.query_one(OkrTree)
        tree.show(
            cycle,
            list(self._objectives.values()),
            list(self._krs.values()),
            self._scores,
            latest,
            app.today,
        )
        # Before the first move the cursor is on no row: describe the cycle then.
        node = tree.cursor_node or tree.root
        self._show_detail(node.data)

    def _selected(self) -> NodeRef | None:
        node = self.query_one(OkrTree).cursor_node
        return node.data if node is not None else None

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        self._show_detail(event.node.data)

    def _show_detail(self, ref: NodeRef | None) -> None:
        if ref is None or self.okr_app.cycle_id is None:
            return
        pane = self.query_one(DetailPane)
        known: dict[str, dict[Any, Any]] = {
            "objective": self._objectives,
            "key_result": self._krs,
        }
        if ref.kind in known and ref.id not in known[ref.kind]:
            # A row of the cycle shown before (the tree is being rebuilt).
            ref = NodeRef("cycle", self._cycle.id or 0)
        if ref.kind == "cycle":
            pane.show_cycle(
                self._cycle,
                self._scores.team_score(),
                len(self._objectives),
                self.okr_app.today,
            )
        elif ref.kind == "objective" and ref.id in self._objectives:
            objective = self._objectives[ref.id]
            pane.show_objective(
                objective,
                self._scores.objective.get(ref.id),
                self._members.get(objective.owner_id),
                self._objectives.get(objective.parent_id),
                sum(1 for k in self._krs.values() if k.objective_id == ref.id),
                sum(1 for o in self._objectives.values() if o.parent_id == ref.id),
            )
        elif ref.kind == "key_result" and ref.id in self._krs:
            kr = self._krs[ref.id]
            pane.show_key_result(
                kr,
                self._scores.kr[ref.id],
                self._members.get(kr.owner_id),
                self.okr_app.store.checkin_history(ref.id),
            )

    # ---- actions ----

    def _changed(self, result: object) -> None:
        if result is not None:
            self.okr_app.data_changed()

    def _need_cycle(self) -> bool:
        if self.okr_app.cycle_id is None:
            self.notify("Create a cycle first: press n.", severity="warning")
            return False
        return True

    def _selected_kr(self) -> int | None:
        ref = self._selected()
        if ref is None or ref.kind != "key_result":
            self.notify("Select a key result first.", severity="warning")
            return None
        return ref.id

    def _refuse_closed(self) -> bool:
        if self._cycle.status == "closed":
            self.notify(
                f"{self._cycle.name} is closed; reopen it under Cycles (y) to edit.",
                severity="warning",
            )
            return True
        return False

    def action_checkin(self) -> None:
        """Record a check-in on the selected key result."""
        from okrtui.dialogs.checkin import CheckInDialog

        if not self._need_cycle() or self._refuse_closed():
            return
        kr_id = self._selected_kr()
        if kr_id is None:
            return
        app = self.okr_app
        dialog = CheckInDialog(app.store, self._krs[kr_id], self._cycle, app.today)
        self.app.push_screen(dialog, self._changed)

    def action_correct_checkin(self) -> None:
        """Correct the selected key result's latest check-in (the old one is kept)."""
        from okrtui.dialogs.checkin import CheckInDialog

        if not self._need_cycle() or self._refuse_closed():
            return
        kr_id = self._selected_kr()
        if kr_id is None:
            return
        app = self.okr_app
        latest = app.store.checkins(kr_id)
        if not latest:
            self.notify("There is no check-in to correct yet.", severity="warning")
            return
        dialog = CheckInDialog(
            app.store, self._krs[kr_id], self._cycle, app.today, correcting=latest[0]
        )
        self.app.push_screen(dialog, self._changed)

    def action_add_cycle(self) -> None:
        """Create a cycle and show it."""
        from okrtui.dialogs.cycle_form import CycleForm

        def done(cycle: Any) -> None:
            if cycle is not None:
                self.okr_app.data_changed()
                self.okr_app.choose_cycle(cycle.id)

        self.app.push_screen(CycleForm(self.okr_app.store), done)

    def action_add_member(self) -> None:
        """Add a member to the team."""
        from okrtui.dialogs.member_form import MemberForm

        self.app.push_screen(MemberForm(self.okr_app.store), self._changed)

    def action_add_objective(self) -> None:
        """Add an objective; aligned under the selected objective when there is one."""
        from okrtui.dialogs.objective_form import ObjectiveForm

        if not self._need_cycle() or self._refuse_closed():
            return
        ref = self._selected()
        parent = ref.id if ref is not None and ref.kind == "objective" else None
        form = ObjectiveForm(
            self.okr_app.store, self.okr_app.cycle_id or 0, parent_id=parent
        )
        self.app.push_screen(form, self._changed)

    def action_add_key_result(self) -> None:
        """Add a key result to the selected objective (or the key result's own)."""
        from okrtui.dialogs.key_result_form import KeyResultForm

        if not self._need_cycle() or self._refuse_closed():
            return
        ref = self._selected()
        objective_id: int | None = None
        if ref is not None and ref.kind == "objective":
            objective_id = ref.id
        elif ref is not None and ref.kind == "key_result":
            objective_id = self._krs[ref.id].objective_id
        if objective_id is None:
            self.notify(
                "Select the objective the key result belongs to.", severity="warning"
            )
            return
        form = KeyResultForm(self.okr_app.store, objective_id)
        self.app.push_screen(form, self._changed)

    def action_import_okrs(self) -> None:
        """Import an OKR JSON file into the shown cycle."""
        from okrtui.dialogs.import_form import ImportForm

        if not self._need_cycle() or self._refuse_closed():
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._import(path, self._cycle.id or 0)

        self.app.push_screen(ImportForm(self.okr_app.store, self._cycle), chosen)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path, cycle_id: int) -> None:
        from okrtui.importer import import_okr_json

        # SQLite connections belong to their thread: the worker opens its own.
        store = self.okr_app.store.clone()
        try:
            result = import_okr_json(store, path, cycle_id, today=self.okr_app.today)
        except ValueError as exc:
            self.app.call_from_thread(
                self.notify, f"Nothing imported: {exc}", severity="error"
            )
            return
        finally:
            store.close()
        message = (
            f"Imported {plural(len(result.objective_ids), 'objective')} and "
            f"{plural(len(result.key_result_ids), 'key result')} from {path.name}."
        )
        if result.problems:
            notes = plural(len(result.problems), "note")
            message += f" With {notes}, as the preview listed."
        self.app.call_from_thread(self.notify, message)
        self.app.call_from_thread(self.okr_app.data_changed)

    def action_edit(self) -> None:
        """Edit the selected cycle, objective or key result."""
        from okrtui.dialogs.cycle_form import CycleForm
        from okrtui.dialogs.key_result_form import KeyResultForm
        from okrtui.dialogs.objective_form import ObjectiveForm

        ref = self._selected()
        if ref is None or not self._need_cycle():
            return
        store = self.okr_app.store
        if ref.kind == "cycle":
            self.app.push_screen(CycleForm(store, self._cycle), self._changed)
            return
        if self._refuse_closed():
            return
        if ref.kind == "objective":
            form: Any = ObjectiveForm(
                store, self._cycle.id or 0, objective=self._objectives[ref.id]
            )
        else:
            kr = self._krs[ref.id]
            form = KeyResultForm(store, kr.objective_id, key_result=kr)
        self.app.push_screen(form, self._changed)

    def action_delete(self) -> None:
        """Delete the selected row after saying what goes with it."""
        from okrtui.dialogs.confirm import ConfirmDialog

        ref = self._selected()
        if ref is None or not self._need_cycle():
            return
        store = self.okr_app.store
        if ref.kind == "cycle":
            name, goes = self._cycle.name, store.cycle_dependents(ref.id)
            remove: Any = store.delete_cycle
        elif self._refuse_closed():
            return
        elif ref.kind == "objective":
            name = self._objectives[ref.id].title
            goes = store.objective_dependents(ref.id)
            remove = store.delete_objective
        else:
            name = self._krs[ref.id].title
            goes = store.key_result_dependents(ref.id)
            remove = store.delete_key_result
        message = f"With it go: {goes}." if goes else "Nothing else goes with it."

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                remove(ref.id)
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            if ref.kind == "cycle":
                current = store.current_cycle(self.okr_app.today)
                self.okr_app.choose_cycle(current.id if current else None)
            self.okr_app.data_changed()
            self.notify(f"Deleted “{name}”.")

        self.app.push_screen(ConfirmDialog(f"Delete “{name}”?", message), confirmed)
