"""The bonus table of the shown cycle: set the pool, choose the rule, assess, publish.

The five steps of the seed article are the screen's outline, shown on its first line:
set the pool, set the criteria (the method), assess each member, compute, publish.
The pool is typed at the top; the table below recomputes as anything changes, its
total row is always the effective pool, and the selected member's trace says how
their amount was found. A published version is shown read-only: every edit key
refuses and offers a new draft from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from okrtui import bonus_service as service
from okrtui.bonus_service import NUMBER_COLUMNS, BonusSheet, SheetRow, literal
from okrtui.calc.bonus import OKR_DIMENSION, Method
from okrtui.calc.display import format_score
from okrtui.calc.limits import check_magnitude
from okrtui.dialogs import parsers
from okrtui.screens.base import OkrScreen
from okrtui.store import BonusPlan, Cycle, Member, NotFoundError, message
from okrtui.widgets.cells import fit

if TYPE_CHECKING:
    pass

CURRENCIES = ("CNY", "USD", "EUR", "JPY", "GBP", "BHD", "KRW", "HKD", "SGD")
"""The currencies offered for the pool (a plan in another one keeps it)."""

UNDISTRIBUTED_KEY = "undistributed"
TOTAL_KEY = "total"

RECOGNITION_INDEX = service.TABLE_COLUMNS.index("Recognition")

STEPS = ("1 Pool", "2 Criteria", "3 Assess", "4 Compute", "5 Publish")
"""The five steps of the seed article: set the pool, set the criteria, assess each
member, compute the amounts, publish them."""

NAME_WIDTH = 20
"""Cells kept for a member's name in the table (CJK counts two); the trace shows all
of it."""

RECOGNITION_WIDTH = 18
"""Cells kept for the recognition column; the trace shows all of it."""


class AllocationView(Vertical):
    """The bonus table with its total, and the selected member's trace below it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sheet: BonusSheet | None = None
        """The allocation shown, or `None` when there is nothing to show."""
        self.members: dict[int, Member] = {}
        """The members listed while the pool cannot be split, by id."""

    def compose(self) -> ComposeResult:
        yield DataTable(id="bonus-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="bonus-empty")
        yield Static("", id="bonus-trace")

    def show(
        self,
        sheet: BonusSheet | None,
        empty: str = "",
        members: Sequence[Member] = (),
        scores: Mapping[int, Fraction | None] | None = None,
    ) -> None:
        """Fill the table from a sheet, keeping the cursor on the same row.

        Args:
            sheet: The allocation, or `None` to show `empty` instead.
            empty: What to say when there is no allocation.
            members: With no allocation, the members to list all the same, so
                that their inputs can be entered (what the split waits for).
            scores: Their OKR scores, by member id.
        """
        self.sheet = sheet
        self.members = {} if sheet is not None else {m.id or 0: m for m in members}
        table = self.query_one(DataTable)
        selected = self.selected_key()
        table.clear(columns=True)
        self.query_one("#bonus-empty", Static).update(empty)
        self.query_one("#bonus-empty").display = sheet is None
        table.display = sheet is not None or bool(self.members)
        self.query_one("#bonus-trace").display = sheet is not None
        if sheet is None:
            self._list_members(scores or {})
            if selected is not None and selected in table.rows:
                table.move_cursor(row=table.get_row_index(selected))
            return

        rows = [service.row_cells(row, sheet.currency) for row in sheet.rows]
        keys = [str(row.member_id) for row in sheet.rows]
        for cells in service.footer_cells(sheet):
            rows.append(cells)
            keys.append(UNDISTRIBUTED_KEY if cells[0] == "Undistributed" else TOTAL_KEY)
        cut = self._cut_widths(rows)
        rows = [
            tuple(
                fit(cell, cut[i]).rstrip() if i in cut else cell
                for i, cell in enumerate(cells)
            )
            for cells in rows
        ]
        # Every column gets its width now, from its widest cell: a table left to
        # measure itself when idle can be drawn before that, cut ("100,00"), and
        # keep the cut drawing.
        for i, title in enumerate(service.TABLE_COLUMNS):
            width = max(cell_len(text) for text in [title, *(c[i] for c in rows)])
            table.add_column(
                Text(title, justify="right") if i in NUMBER_COLUMNS else title,
                key=title,
                width=width,
            )
        for cells, key in zip(rows, keys, strict=True):
            style = "" if key.isdigit() else "bold"
            table.add_row(
                *(
                    Text(
                        cell,
                        style=style,
                        justify="right" if i in NUMBER_COLUMNS else "left",
                    )
                    for i, cell in enumerate(cells)
                ),
                key=key,
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        self._show_trace()

    def _list_members(self, scores: Mapping[int, Fraction | None]) -> None:
        """The members alone, with their OKR scores: no amounts until a split."""
        table = self.query_one(DataTable)
        titles = service.TABLE_COLUMNS[:2]
        rows = [
            (fit(service.one_line(m.name), NAME_WIDTH).rstrip(), format_score(s))
            for m, s in ((m, scores.get(m.id or 0)) for m in self.members.values())
        ]
        for i, title in enumerate(titles):
            width = max(cell_len(text) for text in [title, *(r[i] for r in rows)])
            header = Text(title, justify="right") if i in NUMBER_COLUMNS else title
            table.add_column(header, key=title, width=width)
        table.add_column("Note", key="Note")
        for member_id, (name, score) in zip(self.members, rows, strict=True):
            table.add_row(
                Text(name),
                Text(score, justify="right"),
                Text("i: enter the inputs", style="dim"),
                key=str(member_id),
            )

    def _cut_widths(self, rows: list[tuple[str, ...]]) -> dict[int, int]:
        """Cells for the member, recognition and note columns, which are cut to fit.

        The numbers take what they need; the member's name at most `NAME_WIDTH`,
        the recognition at most `RECOGNITION_WIDTH`, and the note what is left of
        the terminal's width. The trace below the table shows all three in full.
        """
        names = max(cell_len(cells[0]) for cells in rows)
        name = max(len(service.TABLE_COLUMNS[0]), min(names, NAME_WIDTH))
        used = name + 2
        for i in range(1, RECOGNITION_INDEX):
            texts = [service.TABLE_COLUMNS[i]] + [cells[i] for cells in rows]
            used += max(cell_len(text) for text in texts) + 2
        recognition = max(cell_len(cells[RECOGNITION_INDEX]) for cells in rows)
        recognition = max(len("Recognition"), min(recognition, RECOGNITION_WIDTH))
        note = max(10, self.app.size.width - used - recognition - 2 - 6)
        return {0: name, RECOGNITION_INDEX: recognition, RECOGNITION_INDEX + 1: note}

    def selected_key(self) -> str | None:
        """The key of the row under the cursor: a member id, "total" or None."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_row(self) -> SheetRow | None:
        """The member row under the cursor, or `None` (total row, empty table)."""
        key = self.selected_key()
        if self.sheet is None or key is None or not key.isdigit():
            return None
        return self.sheet.row(int(key))

    def selected_member(self) -> tuple[int, str] | None:
        """The id and name of the member under the cursor, with or without a split."""
        row = self.selected_row()
        if row is not None:
            return row.member_id, row.name
        key = self.selected_key()
        if key is not None and key.isdigit() and int(key) in self.members:
            return int(key), self.members[int(key)].name
        return None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_trace()

    def _show_trace(self) -> None:
        """Explain the amount of the selected row, in words."""
        if self.sheet is not None:
            text = trace_text(self.sheet, self.selected_row())
            self.query_one("#bonus-trace", Static).update(text)


def trace_text(sheet: BonusSheet, row: SheetRow | None) -> str:
    """The trace panel's text: how one amount, or the total, was found.

    Args:
        sheet: The allocation.
        row: The member's row, or `None` for the total.

    Returns:
        Console markup, names escaped.
    """
    currency = sheet.currency
    if row is None:
        shared = sum(1 for r in sheet.rows if r.amount)
        lines = [
            f"[b]Total[/b] is the pool: {literal(service.pool_text(sheet))}.",
            f"Shared: {service.amount_text(sheet.distributed, currency)} {currency}"
            f" among {shared} member{'' if shared == 1 else 's'}.",
        ]
        if sheet.undistributed:
            lines.append(
                f"Undistributed: {service.amount_text(sheet.undistributed, currency)}"
                f" {currency}. {literal(sheet.undistributed_reason or '')}"
            )
        return "\n".join(lines)
    amount = service.amount_text(row.amount, currency)
    lines = [
        f"[b]{literal(service.one_line(row.name))}[/b] gets [b]{amount} {currency}[/b]"
    ]
    if row.recognitions:
        lines.append("Recognition: " + literal("; ".join(row.recognitions)))
    lines += [f"  {literal(line)}" for line in row.trace]
    return "\n".join(lines)


def _multiplier(text: str) -> Decimal:
    """The pool multiplier typed by hand: a number ≥ 0 within the bounds."""
    return check_magnitude(parsers.non_negative(text), "The multiplier")


class BonusScreen(OkrScreen):
    """The bonus table of the shown cycle: the draft, or the latest published one."""

    BINDINGS = [
        Binding(
            "m",
            "method",
            "Method",
            tooltip="Step 2: choose the method and its parameters",
        ),
        Binding(
            "i",
            "inputs",
            "Inputs",
            tooltip="Step 3: the selected member's points, dimension values, "
            "override, cap and recognition",
        ),
        Binding(
            "p",
            "publish",
            "Publish",
            tooltip="Step 5: freeze this split and publish it (asks first)",
        ),
        Binding("v", "versions", "Versions", tooltip="Published versions of the split"),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Write the shown split as CSV, Markdown and JSON files",
        ),
        Binding(
            "n",
            "new_draft",
            "New draft",
            tooltip="Start a new draft from this published version",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the previous screen"),
        # On a published version m, i and p leave the footer; pressed all the same,
        # they say why (these take the keys only when the edits above are off).
        Binding("m", "published_note", show=False),
        Binding("i", "published_note", show=False),
        Binding("p", "published_note", show=False),
    ]

    EDIT_ACTIONS = frozenset({"method", "inputs", "publish"})
    """The actions that change the draft: not offered on a published version."""

    def __init__(self, published_plan_id: int | None = None) -> None:
        """Build the screen.

        Args:
            published_plan_id: Show this published plan, read-only; `None` shows
                the cycle's draft (or its latest published split when there is no
                draft).
        """
        super().__init__()
        self._fixed = published_plan_id
        self._cycle: Cycle | None = None
        self._draft: BonusPlan | None = None
        self._pending: BonusPlan | None = None
        """The draft with pool edits typed but not saved yet (saved on enter, on
        leaving the field, and before any other step)."""
        self._published: list[BonusPlan] = []
        self._viewing: BonusPlan | None = None
        self._error: str | None = None

    @property
    def sheet(self) -> BonusSheet | None:
        """The allocation shown (draft or published), if any."""
        return self.query_one(AllocationView).sheet

    @property
    def read_only(self) -> bool:
        """Whether a published version is shown (it never changes)."""
        return self._viewing is not None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="bonus-steps")
        with Horizontal(id="bonus-pool"):
            yield Label("Base pool", classes="pool-label")
            yield Input(
                id="pool-base",
                placeholder="120,000.00",
                tooltip="Step 1: the pool before the multiplier",
            )
            yield Select(
                [(code, code) for code in CURRENCIES],
                id="pool-currency",
                allow_blank=False,
                value="CNY",
                tooltip="The pool's currency",
            )
            yield Label("×", classes="pool-label")
            yield Input(
                id="pool-multiplier",
                placeholder="1",
                tooltip="Pool multiplier set by hand (m: derive it from the "
                "team's OKR score instead)",
            )
            yield Static("", id="pool-effective")
        yield Static("", id="pool-error")
        yield Static("", id="bonus-method")
        yield AllocationView(id="bonus-view")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "revision", self._reload, init=False)
        if self._fixed is None:
            self.watch(self.app, "cycle_id", self._reload, init=False)
        self._reload()
        self.query_one(DataTable).focus()

    # ---- loading ----

    def _reload(self, *_: Any) -> None:
        """Read the plan and compute the split again."""
        store = self.okr_app.store
        try:
            if self._fixed is not None:
                self._viewing = store.bonus_plan_by_id(self._fixed)
                cycle = store.cycle(self._viewing.cycle_id)
            elif self.okr_app.cycle_id is not None:
                cycle = store.cycle(self.okr_app.cycle_id)
            else:
                raise NotFoundError("There is no cycle yet.")
        except NotFoundError as exc:
            # The cycle was deleted behind this screen (from the command palette).
            self._cycle = self._draft = self._pending = None
            self.query_one(AllocationView).show(None, literal(str(exc)))
            return
        assert cycle.id is not None
        self._cycle = cycle
        self._draft = store.bonus_plan(cycle.id)
        if self._draft is None or self._viewing is not None:
            self._pending = None
        self._published = list(reversed(store.published_plans(cycle.id)))
        if self._fixed is None:
            latest = self._published[-1] if self._published else None
            self._viewing = latest if self._draft is None else None

        self._recompute(sync_fields=True)

    def _recompute(self, sync_fields: bool = False) -> None:
        """Compute the split of the plan as it stands (with unsaved pool edits).

        Args:
            sync_fields: Also put the plan's pool into the pool fields (after
                reading the store); while typing, the fields keep what was typed.
        """
        cycle = self._cycle
        assert cycle is not None
        sheet: BonusSheet | None = None
        self._error = None
        plan = self._pending or self._draft
        try:
            if self._viewing is not None:
                sheet = service.published_sheet(self._viewing)
            elif plan is not None:
                sheet = service.compute_sheet(self.okr_app.store, cycle, plan)
        except ValueError as exc:  # CalcError; a damaged published allocation
            self._error = message(exc)
        self._show(cycle, sheet, sync_fields)

    def _show(self, cycle: Cycle, sheet: BonusSheet | None, sync_fields: bool) -> None:
        """Put the plan and its split on screen."""
        self.sub_title = f"Bonus · {cycle.name}"
        if sync_fields:
            self._sync_pool(sheet)
        self._show_effective(sheet)
        self.query_one("#bonus-steps", Static).update(self._steps(sheet))
        self.query_one("#bonus-method", Static).update(self._method_text(sheet))
        members: list[Member] = []
        scores: dict[int, Fraction | None] = {}
        if self._error is not None:
            empty = f"[b]Cannot split the pool yet:[/b] {literal(self._error)}"
            if self._viewing is None and self._draft is not None:
                # The split may wait for the members' inputs: list them, so
                # that i can enter what it needs.
                empty += " Select a member and press [b]i[/b] for their inputs."
                members, scores = self._members_in(cycle)
        else:
            empty = (
                f"No bonus plan for {literal(cycle.name)} yet. Press [b]tab[/b] to "
                "go to the base pool above and type it to start one, or press "
                "[b]m[/b] to choose the method first."
            )
        self.query_one(AllocationView).show(sheet, empty, members, scores)
        self.refresh_bindings()

    def _members_in(
        self, cycle: Cycle
    ) -> tuple[list[Member], dict[int, Fraction | None]]:
        """The members employed during the cycle, and their OKR scores."""
        assert cycle.id is not None
        store = self.okr_app.store
        members = [
            m
            for m in store.members()
            if (m.joined is None or m.joined <= cycle.last_day)
            and (m.left is None or m.left >= cycle.first_day)
        ]
        scores = store.cycle_scores(cycle.id)
        return members, {m.id or 0: scores.member_score(m.id or 0) for m in members}

    def _sync_pool(self, sheet: BonusSheet | None) -> None:
        """Show the plan's pool in the fields, leaving text that means the same.

        Text that was refused is replaced too: it was never the pool.
        """
        base = self.query_one("#pool-base", Input)
        multiplier = self.query_one("#pool-multiplier", Input)
        currency = self.query_one("#pool-currency", Select)
        plan = self._viewing or self._pending or self._draft
        for widget in (base, multiplier, currency):
            widget.disabled = self.read_only
        self._set_pool_error("")
        if plan is None:
            with self.prevent(Input.Changed):
                base.value = ""
                multiplier.value = "1"
            return
        if plan.currency not in CURRENCIES:
            currency.set_options(
                [(code, code) for code in (*CURRENCIES, plan.currency)]
            )
        if currency.value != plan.currency:
            with self.prevent(Select.Changed):
                currency.value = plan.currency
        if self._parsed_base() != plan.base_pool:
            with self.prevent(Input.Changed):
                base.value = service.amount_text(plan.base_pool, plan.currency)
        by_hand = plan.multiplier is not None
        multiplier.disabled = self.read_only or not by_hand
        if by_hand and self._parsed_multiplier() != plan.multiplier:
            with self.prevent(Input.Changed):
                multiplier.value = str(plan.multiplier)
        if not by_hand:
            with self.prevent(Input.Changed):
                multiplier.value = "" if sheet is None else str(sheet.multiplier)

    def _show_effective(self, sheet: BonusSheet | None) -> None:
        text = ""
        if sheet is not None:
            pool = service.amount_text(sheet.pool, sheet.currency)
            text = f"= pool [b]{pool} {sheet.currency}[/b]"
            if not sheet.multiplier_note.startswith("set by hand"):
                text += "  (multiplier from the team's OKR score)"
        self.query_one("#pool-effective", Static).update(text)

    def _steps(self, sheet: BonusSheet | None) -> str:
        """The five steps, how far: "1 Pool ✓ › 2 Criteria ✓ › 3 Assess 4/6 › …"."""
        done = "[green]✓[/green]"
        if self._viewing is not None:
            number = self._version_number(self._viewing)
            when = "published"
            if sheet is not None and sheet.published_at:
                when = sheet.published_at[:16].replace("T", " ")
            steps = " › ".join(STEPS) + f" {done}"
            return (
                f"{steps}   [b]v{number} of {len(self._published)} · {when}[/b]"
                " · read-only · [b]n[/b] new draft"
            )
        plan = self._pending or self._draft
        pool = plan is not None and plan.base_pool > 0
        criteria = plan is not None and self._error is None
        assessed, total = self._assessed(plan, sheet)
        assess = f"{assessed}/{total}" if assessed < total else done if total else "·"
        computed = sheet is not None and sheet.distributed > 0
        marks = [
            done if pool else "·",
            done if criteria else "·",
            assess,
            done if computed else "·",
            f"· (v{len(self._published)} published)" if self._published else "·",
        ]
        parts = [f"{step} {mark}" for step, mark in zip(STEPS, marks, strict=True)]
        return " › ".join(parts) + "   [dim]draft, not published[/dim]"

    @staticmethod
    def _assessed(plan: BonusPlan | None, sheet: BonusSheet | None) -> tuple[int, int]:
        """How many members employed in the cycle have what the method needs."""
        if plan is None or sheet is None:
            return 0, 0
        method = Method(plan.method)
        keys = {d.key for d in plan.params.dimensions if d.weight > 0}
        count = total = 0
        for row in sheet.rows:
            if row.proration == 0:
                continue
            total += 1
            own = plan.inputs.get(row.member_id)
            if method is Method.CONTRIBUTION:
                ok = own is not None and own.points is not None
            elif method is Method.COMPOSITE:
                given = set(own.dimensions) if own else set()
                if row.okr_score is not None:
                    given.add(OKR_DIMENSION)
                ok = keys <= given
            else:
                ok = row.okr_score is not None or (
                    own is not None and own.override is not None
                )
            count += ok
        return count, total

    def _method_text(self, sheet: BonusSheet | None) -> str:
        """The method and its parameters in words."""
        plan = self._viewing or self._pending or self._draft
        if sheet is not None:
            label, summary = sheet.method_label, sheet.summary
        elif plan is not None:
            label = service.METHOD_LABELS[str(plan.method)]
            summary = service.method_summary(plan)
        else:
            return "[dim]Method: not chosen yet (m)[/dim]"
        lines = [literal(line) for line in summary if not line.startswith("Weight =")]
        return f"[b]Method: {literal(label)}[/b] · " + " · ".join(lines)

    def _version_number(self, plan: BonusPlan) -> int:
        for number, other in enumerate(self._published, start=1):
            if other.id == plan.id:
                return number
        return len(self._published)

    # ---- the pool fields ----

    def _currency(self) -> str:
        return str(self.query_one("#pool-currency", Select).value)

    def _parsed_base(self) -> Decimal | None:
        try:
            return service.parse_money(
                self.query_one("#pool-base", Input).value, self._currency()
            )
        except ValueError:
            return None

    def _parsed_multiplier(self) -> Decimal | None:
        try:
            return _multiplier(self.query_one("#pool-multiplier", Input).value)
        except ValueError:
            return None

    def _set_pool_error(self, text: str, field: str | None = None) -> None:
        error = self.query_one("#pool-error", Static)
        error.update(literal(text))
        error.set_class(bool(text), "-shown")
        for name in ("pool-base", "pool-multiplier"):
            self.query_one(f"#{name}", Input).set_class(field == name, "-invalid")

    @on(Input.Changed, "#pool-base, #pool-multiplier")
    @on(Select.Changed, "#pool-currency")
    def _pool_edited(self, event: Input.Changed | Select.Changed) -> None:
        """Check the pool as it is typed and recompute; or say why it is refused.

        Nothing is written while typing (a half-typed amount is not a pool); the
        pool is saved on enter, on leaving the field, or when the currency is
        chosen.
        """
        if self.read_only or self._cycle is None:
            return
        plan = self._draft
        base_text = self.query_one("#pool-base", Input).value
        currency = self._currency()
        if plan is None and not base_text.strip():
            self._set_pool_error("")
            return
        try:
            base = service.parse_money(base_text, currency)
        except ValueError as exc:
            self._refuse_pool(f"Base pool: {exc}", "pool-base")
            return
        update: dict[str, Any] = {"currency": currency, "base_pool": base}
        if plan is None or plan.multiplier is not None:
            try:
                update["multiplier"] = _multiplier(
                    self.query_one("#pool-multiplier", Input).value
                )
            except ValueError as exc:
                self._refuse_pool(f"Multiplier: {exc}", "pool-multiplier")
                return
        # Base and multiplier may each be fine while the pool they make is not.
        bound = update.get("multiplier")
        if bound is None and plan is not None and plan.curve is not None:
            bound = plan.curve.cap_payout
        try:
            service.check_pool(base, Decimal(1) if bound is None else bound)
        except ValueError as exc:
            edited = event.input.id if isinstance(event, Input.Changed) else None
            self._refuse_pool(str(exc), edited)
            return
        self._set_pool_error("")
        base_plan = plan or BonusPlan(cycle_id=self._cycle.id or 0)
        if plan is not None and all(
            getattr(plan, name) == value for name, value in update.items()
        ):
            pending = None
        else:
            try:
                pending = BonusPlan.model_validate(base_plan.model_dump() | update)
            except ValueError as exc:
                self._refuse_pool(message(exc), None)
                return
        if pending != self._pending:
            self._pending = pending
            self._recompute()
        if isinstance(event, Select.Changed):
            self._save_pool()

    def _refuse_pool(self, text: str, field: str | None) -> None:
        """Say why the typed pool is refused; the table goes back to the saved one."""
        self._set_pool_error(text, field)
        if self._pending is not None:
            self._pending = None
            self._recompute()

    @on(Input.Submitted, "#pool-base, #pool-multiplier")
    @on(Input.Blurred, "#pool-base, #pool-multiplier")
    def _pool_done(self) -> None:
        self._save_pool()

    def _save_pool(self) -> bool:
        """Save the pool typed so far; `False` when the store refused it."""
        pending = self._pending
        if pending is None:
            return True
        try:
            self.okr_app.store.save_bonus_plan(pending)
        except ValueError as exc:
            self.notify(message(exc), severity="error", markup=False)
            return False
        self._pending = None
        self.okr_app.data_changed()
        return True

    # ---- actions ----

    def _refuse_published(self) -> bool:
        """Say that a published version never changes; `True` when refused.

        On a draft, the pool typed so far is saved first, so the next step works
        on what is on screen.
        """
        if self._viewing is None:
            return not self._save_pool()
        number = self._version_number(self._viewing)
        self.notify(
            f"Version {number} is published and never changes. "
            "Press n for a new draft from this one.",
            title="Published",
            severity="warning",
        )
        return True

    def _changed(self, result: object) -> None:
        if result is not None:
            self.okr_app.data_changed()

    def _editable_plan(self) -> BonusPlan:
        """The draft, or a new unsaved one for the cycle."""
        assert self._cycle is not None and self._cycle.id is not None
        return self._draft or BonusPlan(cycle_id=self._cycle.id)

    def action_method(self) -> None:
        """Choose the method and its parameters."""
        from okrtui.dialogs.method_form import MethodForm

        if self._refuse_published() or self._cycle is None:
            return
        form = MethodForm(self.okr_app.store, self._cycle, self._editable_plan())
        self.app.push_screen(form, self._changed)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_inputs()

    def action_inputs(self) -> None:
        """Edit the selected member's inputs."""
        from okrtui.dialogs.member_input_form import MemberInputForm

        if self._refuse_published() or self._cycle is None:
            return
        view = self.query_one(AllocationView)
        member = view.selected_member()
        if self._draft is None:
            self.notify(
                "Start a plan first: tab to the base pool and type it.",
                severity="warning",
            )
            return
        if member is None:
            self.notify("Select a member first.", severity="warning")
            return
        member_id, name = member
        row = view.selected_row()
        if row is not None:
            okr_score = row.okr_score
        else:
            assert self._cycle.id is not None
            okr_score = self.okr_app.store.cycle_scores(self._cycle.id).member_score(
                member_id
            )
        form = MemberInputForm(
            self.okr_app.store, self._cycle, self._draft, member_id, name, okr_score
        )
        self.app.push_screen(form, self._changed)

    def action_publish(self) -> None:
        """Publish the draft's split after asking."""
        from okrtui.dialogs.confirm import ConfirmDialog

        if self._refuse_published() or self._cycle is None:
            return
        sheet, plan, cycle = self.sheet, self._draft, self._cycle
        if plan is None or sheet is None:
            reason = (
                self._error
                or "there is no plan yet; tab to the base pool and type it first"
            )
            self.notify(f"Nothing to publish: {reason}", severity="error", markup=False)
            return
        pool = service.amount_text(sheet.pool, sheet.currency)
        shared = sum(1 for row in sheet.rows if row.amount)
        text = (
            f"{pool} {sheet.currency} by {sheet.method_label.lower()}, to {shared} "
            f"of {len(sheet.rows)} members. A published split never changes; "
            "a later change makes a new draft."
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                published = service.publish(self.okr_app.store, cycle, plan)
            except ValueError as exc:
                self.notify(message(exc), severity="error", markup=False)
                return
            self.okr_app.data_changed()
            assert cycle.id is not None
            number = len(self.okr_app.store.published_plans(cycle.id))
            when = (published.published_at or "")[:16].replace("T", " ")
            self.notify(
                f"Published version {number} of the bonus of {cycle.name} at {when}.",
                markup=False,
            )

        title = f"Publish the bonus of {cycle.name}?"
        self.app.push_screen(ConfirmDialog(title, text, "Publish"), confirmed)

    def action_versions(self) -> None:
        """List the published versions and open one."""
        from okrtui.screens.published import PublishedScreen, VersionsDialog

        if not self._published:
            self.notify("Nothing is published for this cycle yet.", severity="warning")
            return
        try:
            sheets = [service.published_sheet(plan) for plan in self._published]
        except ValueError as exc:
            self.notify(message(exc), severity="error", markup=False)
            return

        def chosen(plan_id: int | None) -> None:
            if plan_id is not None and plan_id != self._fixed:
                self.app.push_screen(PublishedScreen(plan_id))

        self.app.push_screen(VersionsDialog(sheets), chosen)

    def action_new_draft(self) -> None:
        """Start a new draft from the published version shown."""
        from okrtui.dialogs.confirm import ConfirmDialog

        viewing = self._viewing
        if viewing is None or viewing.id is None:
            return
        store = self.okr_app.store
        draft = self._draft
        source_id = viewing.id

        def make(yes: bool | None = True) -> None:
            if not yes:
                return
            try:
                if draft is not None and draft.id is not None:
                    store.discard_draft(draft.id)
                store.new_draft_from(source_id)
            except ValueError as exc:
                self.notify(message(exc), severity="error", markup=False)
                return
            self.notify("New draft made from the published version.")
            if self._fixed is not None:
                self.app.pop_screen()
            self.okr_app.data_changed()

        if draft is None:
            make()
            return
        self.app.push_screen(
            ConfirmDialog(
                "Replace the current draft?",
                "The cycle already has a draft. It is discarded and a new draft is "
                "made from this published version.",
                "Replace",
            ),
            make,
        )

    def action_export(self) -> None:
        """Ask for a folder and write the shown split there, off the UI thread."""
        from okrtui.dialogs.export_form import ExportForm

        if self._viewing is None and not self._save_pool():
            return
        sheet = self.sheet
        if sheet is None:
            self.notify(
                f"Nothing to export: {self._error or 'there is no plan yet'}",
                severity="error",
                markup=False,
            )
            return
        folder = self.okr_app.store.path.parent

        def chosen(target: Path | None) -> None:
            if target is not None:
                self._export(sheet, target)

        self.app.push_screen(ExportForm(folder, sheet), chosen)

    @work(thread=True, exclusive=True, group="bonus-export", exit_on_error=False)
    def _export(self, sheet: BonusSheet, folder: Path) -> None:
        """Write the files (on a worker thread: no store is touched)."""
        from okrtui.export import write_files

        try:
            written = write_files(sheet, folder)
        except OSError as exc:
            self.app.call_from_thread(
                self.notify, f"Could not export: {exc}", severity="error", markup=False
            )
            return
        names = ", ".join(path.name for path in written)
        kind = "published" if sheet.is_published else "draft"
        self.app.call_from_thread(
            self.notify,
            f"Exported the {kind} split to {folder}: {names}",
            markup=False,
        )

    def action_back(self) -> None:
        """Go back to the previous screen (saving the pool typed so far)."""
        if self._viewing is not None or self._save_pool():
            self.app.pop_screen()

    def action_published_note(self) -> None:
        """Say that the published version shown never changes (m, i, p on it)."""
        self._refuse_published()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "new draft" only on a published version, and the edits only off it.

        The edits are hidden from the footer there, not just dimmed: pressing their
        keys says why instead (`action_published_note`).
        """
        published = self._viewing is not None
        if action in ("new_draft", "published_note"):
            return published
        if action in self.EDIT_ACTIONS:
            return not published
        return True
