"""`Store`: the one object that reads and writes the team's SQLite file.

Everything goes through sqlite-utils. The file is created owner-only (it holds pay),
runs in WAL mode with foreign keys on, and is migrated to the newest schema when
opened. Every write runs in one transaction that takes the write lock first, so a
refused or failed change leaves the file as it was.

A `Store` belongs to the thread that opened it (SQLite connections are per thread).
A worker thread calls `store.clone()` and uses, then closes, its own `Store`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any, Self, TypeVar

from sqlite_utils import Database

from okrtui.calc.bonus import (
    Allocation,
    BonusParams,
    Dimension,
    MemberInput,
    Tier,
    allocate,
)
from okrtui.calc.display import plural
from okrtui.calc.errors import CalcError
from okrtui.calc.limits import MAX_ABS, check_magnitude
from okrtui.calc.progress import KRKind
from okrtui.calc.scoring import (
    CycleScores,
    KRInput,
    ObjectiveInput,
    score_cycle,
)
from okrtui.store import schema
from okrtui.store.errors import (
    DraftExistsError,
    NotFoundError,
    PublishedError,
    RefusedError,
    SchemaError,
)
from okrtui.store.models import (
    STORED,
    ActionItem,
    BonusPlan,
    CheckIn,
    Cycle,
    CycleStatus,
    KeyResult,
    Member,
    Objective,
    OneOnOne,
    PlanStatus,
    Record,
)

__all__ = ["Store", "stamp"]

R = TypeVar("R", bound=Record)

Clock = Callable[[], datetime]
"""Returns the current moment; tests and the sample team pass a fixed one."""

_PRIVATE_FILE = 0o600
_PRIVATE_DIR = 0o700
_BUSY_TIMEOUT_SECONDS = 5.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """Format a moment as stored: "2026-11-18T09:30:00.000000+00:00".

    Always UTC with microseconds, so that text order is time order.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _column(value: Any, json_value: Any) -> Any:
    """Turn one model value into what its column holds."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list | Record):
        return json.dumps(json_value, ensure_ascii=False, sort_keys=True)
    return value


def _to_row(record: Record, *, exclude: Sequence[str] = ()) -> dict[str, Any]:
    """The columns of a record, without its id and the named fields."""
    skip = {"id", *exclude}
    python = record.model_dump(exclude=skip)
    as_json = record.model_dump(mode="json", exclude=skip)
    return {key: _column(python[key], as_json[key]) for key in python}


_SQL_INT_MAX = 2**63 - 1


def _storable(params: Sequence[Any]) -> bool:
    """Whether every whole number among query parameters fits SQLite (a larger
    one would raise OverflowError; no row can match it anyway)."""
    return all(-_SQL_INT_MAX <= p <= _SQL_INT_MAX for p in params if isinstance(p, int))


def _join(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@contextmanager
def _private_umask() -> Iterator[None]:
    """Create files (the -wal and -shm files too) readable by the owner only.

    The umask is process-wide; it is held only while the file is opened.
    """
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


_SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""


def _check_existing(path: Path) -> None:
    """Refuse an existing file that is not an SQLite database, changing nothing.

    Only reads: the file keeps its content and its mode. An empty file is accepted
    (SQLite makes a database of it), and so is a missing one.

    Raises:
        SchemaError: If the path is not a regular file, or the file does not start
            with the SQLite header.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise SchemaError(f"{path} is not a database file; it was left as it was.")
    if info.st_size == 0:
        return
    with path.open("rb") as file:
        head = file.read(len(_SQLITE_HEADER))
    if head != _SQLITE_HEADER:
        raise SchemaError(
            f"{path} is not an okrtui database (it is not an SQLite file); it was "
            "left as it was."
        )


def _create_private(path: Path) -> int | None:
    """Create the database file with mode 0600 before SQLite opens it.

    An existing file loses any group and other permissions.

    Returns:
        The mode the existing file had when it was changed, so that a refusal can
        put it back; `None` when nothing was changed.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=_PRIVATE_DIR)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, _PRIVATE_FILE)
    try:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if mode & 0o077:
            os.fchmod(fd, mode & 0o700)
            return mode
        return None
    finally:
        os.close(fd)


def _foreign_tables(db: Database) -> bool:
    """Whether a file okrtui never migrated already holds tables (another program's)."""
    if schema.user_version(db) != 0:
        return False
    row = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"
    ).fetchone()
    return bool(row and row[0])


def _restore_mode(path: Path, mode: int | None) -> None:
    """Give a refused file back the mode `_create_private` took from it."""
    if mode is not None:
        try:
            os.chmod(path, mode)
        except OSError:  # pragma: no cover - the file was just opened
            pass


class Store:
    """The team's database, with every record okrtui keeps.

    Open one with `Store.open(path)`; close it with `close()` or use it as a
    context manager. Reads return pydantic models; `save_*` methods insert a record
    whose id is `None` and update one that has an id, then return the stored
    record. Refusals raise `StoreError` subclasses or `ValidationError`, both
    `ValueError`s that `okrtui.store.errors.message` turns into a sentence.

    A `Store` must be used only on the thread that opened it; call `clone()` to get
    one for a worker thread.
    """

    path: Path
    """The database file."""

    def __init__(self, db: Database, path: Path, clock: Clock = _utc_now) -> None:
        """Wrap an open, migrated database; use `Store.open` instead.

        Args:
            db: The sqlite-utils database, foreign keys on.
            path: The file it was opened from.
            clock: Source of the current moment for time stamps.
        """
        self._db = db
        self.path = path
        self._clock = clock

    # -- opening and closing -------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock | None = None) -> Store:
        """Open (creating if needed) a database file and bring its schema up to date.

        The parent directory is created (mode 0700 when new) and the file is created
        with mode 0600 before SQLite touches it; SQLite gives the -wal and -shm files
        the same mode. Foreign keys are switched on and WAL journaling is used.

        Args:
            path: The database file; `~` is expanded.
            clock: Source of the current moment for time stamps; the default is
                the system clock in UTC.

        Returns:
            The open store.

        An existing file that is not an SQLite database, or that holds another
        program's tables, is refused before anything is changed: its content and
        its mode stay as they were.

        Raises:
            SchemaError: If the file is not an okrtui database or a newer okrtui
                wrote it.
            OSError: If the file cannot be created or opened.
        """
        file = Path(path).expanduser()
        _check_existing(file)
        with _private_umask():
            old_mode = _create_private(file)
            conn = sqlite3.connect(str(file), timeout=_BUSY_TIMEOUT_SECONDS)
            try:
                db = Database(conn, execute_plugins=False)
                db.execute("PRAGMA foreign_keys = ON")
                if _foreign_tables(db):
                    raise SchemaError(
                        f"{file} is a database of another program, not an okrtui "
                        "one; it was left as it was."
                    )
                db.enable_wal()
                schema.migrate(db)
            except sqlite3.DatabaseError as exc:
                conn.close()
                _restore_mode(file, old_mode)
                if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                    raise
                raise SchemaError(f"{file} is not an okrtui database ({exc}).") from exc
            except BaseException:
                conn.close()
                _restore_mode(file, old_mode)
                raise
        return cls(db, file, clock or _utc_now)

    def clone(self) -> Store:
        """Open another `Store` on the same file, for use on another thread.

        Returns:
            A new store with its own connection; close it when done.
        """
        return Store.open(self.path, clock=self._clock)

    def close(self) -> None:
        """Close the connection. The store cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def db(self) -> Database:
        """The underlying sqlite-utils database, for exports and tests."""
        return self._db

    def schema_version(self) -> int:
        """The schema version recorded in the file (`PRAGMA user_version`)."""
        return schema.user_version(self._db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several writes into one transaction: all of them or none.

        The write lock is taken at the start, so checks made inside still hold when
        the writes happen. Inside another transaction this is a savepoint.
        """
        if self._db.conn.in_transaction:
            with self._db.atomic():
                yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        try:
            self._db.execute("COMMIT")
        except BaseException:
            self._db.rollback()
            raise

    # -- helpers -------------------------------------------------------------------

    def _now(self) -> datetime:
        return self._clock()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        if not _storable(params):
            return []  # no row has an id SQLite cannot even hold
        return list(self._db.query(sql, list(params)))

    def _records(self, model: type[R], sql: str, params: Sequence[Any] = ()) -> list[R]:
        return [
            model.model_validate(row, context=STORED) for row in self._rows(sql, params)
        ]

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        if not _storable(params):
            return 0
        row = self._db.execute(sql, list(params)).fetchone()
        return int(row[0]) if row else 0

    def _get(self, model: type[R], table: str, row_id: int, what: str) -> R:
        rows = self._records(model, f"SELECT * FROM {table} WHERE id = ?", [row_id])
        if not rows:
            raise NotFoundError(
                f"There is no {what} #{row_id}; it may have been deleted."
            )
        return rows[0]

    def _insert(self, table: str, record: Record) -> int:
        row = _to_row(record)
        if "created_at" in row and row["created_at"] is None:
            row["created_at"] = stamp(self._now())
        pk = self._db.table(table).insert(row).last_pk
        return self._id(pk if isinstance(pk, int) else None)

    def _update(self, table: str, row_id: int, record: Record) -> None:
        row = _to_row(record, exclude=["created_at"])
        self._db.table(table).update(row_id, row)

    def _delete(self, table: str, row_id: int) -> None:
        self._db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])

    # -- members -------------------------------------------------------------------

    def members(
        self, include_left: bool = True, today: date | None = None
    ) -> list[Member]:
        """The team's members in the order they were added.

        Args:
            include_left: Whether to list members whose last day has passed.
            today: The day that decides who has left; default the local date.

        Returns:
            The members.
        """
        if include_left:
            return self._records(Member, "SELECT * FROM members ORDER BY id")
        day = (today or date.today()).isoformat()
        return self._records(
            Member,
            'SELECT * FROM members WHERE "left" IS NULL OR "left" >= ? ORDER BY id',
            [day],
        )

    def member(self, member_id: int) -> Member:
        """One member.

        Raises:
            NotFoundError: If there is no such member.
        """
        return self._get(Member, "members", member_id, "member")

    def save_member(self, m: Member) -> Member:
        """Insert a member when `m.id` is `None`, else update it.

        Returns:
            The member as stored.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If updating a member that does not exist.
        """
        m = m.checked()
        with self.transaction():
            if m.id is None:
                new_id = self._insert("members", m)
            else:
                self.member(m.id)
                self._update("members", m.id, m)
                new_id = m.id
        return self.member(new_id)

    def delete_member(self, member_id: int) -> None:
        """Delete a member; what they owned passes to the team.

        Their objectives and key results stay, owned by the team (owner `None`);
        their one-on-one notes and action items go; their inputs leave any draft
        bonus plan. Published plans keep them, as published. To keep a member in
        past scores, set their `left` date instead.

        Raises:
            NotFoundError: If there is no such member.
        """
        with self.transaction():
            self.member(member_id)
            for plan in self._records(
                BonusPlan, "SELECT * FROM bonus_plans WHERE status = 'draft'"
            ):
                if member_id in plan.inputs:
                    inputs = {k: v for k, v in plan.inputs.items() if k != member_id}
                    assert plan.id is not None
                    self._update(
                        "bonus_plans",
                        plan.id,
                        plan.model_copy(update={"inputs": inputs}),
                    )
            self._delete("members", member_id)

    def member_dependents(self, member_id: int) -> str:
        """Say what deleting a member would change, for a confirmation prompt.

        Returns:
            For example "owns 2 objectives and 3 key results (they pass to the
            team), has 4 one-on-one notes (deleted)"; empty text when nothing
            depends on the member.
        """
        self.member(member_id)
        owned = []
        objectives = self._count(
            "SELECT count(*) FROM objectives WHERE owner_id = ?", [member_id]
        )
        krs = self._count(
            "SELECT count(*) FROM key_results WHERE owner_id = ?", [member_id]
        )
        if objectives:
            owned.append(plural(objectives, "objective"))
        if krs:
            owned.append(plural(krs, "key result"))
        parts = []
        if owned:
            pronoun = "they pass" if objectives + krs > 1 else "it passes"
            parts.append(f"owns {_join(owned)} ({pronoun} to the team)")
        notes = self._count(
            "SELECT count(*) FROM one_on_ones WHERE member_id = ?", [member_id]
        )
        items = self._count(
            "SELECT count(*) FROM action_items WHERE member_id = ?", [member_id]
        )
        if notes or items:
            kept = [
                plural(n, one)
                for n, one in ((notes, "one-on-one note"), (items, "action item"))
                if n
            ]
            parts.append(f"has {_join(kept)} (deleted with the member)")
        drafts = sum(
            1
            for plan in self._records(
                BonusPlan, "SELECT * FROM bonus_plans WHERE status = 'draft'"
            )
            if member_id in plan.inputs
        )
        if drafts:
            parts.append(
                f"has inputs in {plural(drafts, 'draft bonus plan')} (removed)"
            )
        return "; ".join(parts)

    # -- cycles --------------------------------------------------------------------

    def cycles(self) -> list[Cycle]:
        """Every cycle, the latest first (by first day)."""
        return self._records(
            Cycle, "SELECT * FROM cycles ORDER BY first_day DESC, id DESC"
        )

    def cycle(self, cycle_id: int) -> Cycle:
        """One cycle.

        Raises:
            NotFoundError: If there is no such cycle.
        """
        return self._get(Cycle, "cycles", cycle_id, "cycle")

    def current_cycle(self, today: date) -> Cycle | None:
        """The cycle to show first.

        Returns:
            The active cycle covering `today`, else the latest by first day; `None`
            when there is no cycle.
        """
        day = today.isoformat()
        active = self._records(
            Cycle,
            "SELECT * FROM cycles WHERE status = ? AND first_day <= ? AND last_day >= ?"
            " ORDER BY first_day DESC, id DESC LIMIT 1",
            [CycleStatus.ACTIVE.value, day, day],
        )
        if active:
            return active[0]
        latest = self.cycles()
        return latest[0] if latest else None

    def find_cycle(self, name: str | None, today: date) -> Cycle:
        """The cycle called `name` (ignoring case), or the current one for `None`.

        Raises:
            NotFoundError: If there is no such cycle, or no cycle at all.
        """
        if name is None:
            current = self.current_cycle(today)
            if current is None:
                raise NotFoundError("the database has no cycle yet; create one first.")
            return current
        cycles = self.cycles()
        wanted = name.strip().casefold()
        for cycle in cycles:
            if cycle.name.casefold() == wanted:
                return cycle
        known = ", ".join(c.name for c in cycles) or "none"
        raise NotFoundError(f"no cycle called “{name}” (cycles: {known}).")

    def save_cycle(self, c: Cycle) -> Cycle:
        """Insert a cycle when `c.id` is `None`, else update it.

        Returns:
            The cycle as stored.

        Raises:
            ValidationError: If a value is refused.
            RefusedError: If another cycle has the same name (ignoring case), or
                new dates would leave check-ins outside the cycle.
            NotFoundError: If updating a cycle that does not exist.
        """
        c = c.checked()
        with self.transaction():
            old = None if c.id is None else self.cycle(c.id)
            self._refuse_same_name(c, old)
            if c.id is None:
                new_id = self._insert("cycles", c)
            else:
                outside = self._count(
                    "SELECT count(*) FROM checkins ch"
                    " JOIN key_results k ON k.id = ch.kr_id"
                    " JOIN objectives o ON o.id = k.objective_id"
                    " WHERE o.cycle_id = ? AND ch.superseded_by IS NULL"
                    " AND (ch.day < ? OR ch.day > ?)",
                    [c.id, c.first_day.isoformat(), c.last_day.isoformat()],
                )
                if outside:
                    raise RefusedError(
                        f"{plural(outside, 'check-in')} would fall outside "
                        f"{c.first_day.isoformat()} to {c.last_day.isoformat()}; "
                        "keep dates that include every check-in."
                    )
                self._update("cycles", c.id, c)
                new_id = c.id
        return self.cycle(new_id)

    def _refuse_same_name(self, c: Cycle, old: Cycle | None) -> None:
        """Refuse a cycle named like another one (trimmed, ignoring case).

        A cycle that keeps its own name is not refused, even in an older file
        that already has two cycles of that name.
        """
        key = c.name.strip().casefold()
        if old is not None and old.name.strip().casefold() == key:
            return
        for row in self._rows("SELECT id, name FROM cycles"):
            if row["id"] != c.id and str(row["name"]).strip().casefold() == key:
                raise RefusedError(f"A cycle named {row['name']} already exists.")

    def delete_cycle(self, cycle_id: int) -> None:
        """Delete a cycle with everything in it, its draft bonus plan included.

        Raises:
            NotFoundError: If there is no such cycle.
            PublishedError: If the cycle has a published bonus plan, which is kept
                for good.
        """
        with self.transaction():
            cycle = self.cycle(cycle_id)
            if self._published_count(cycle_id):
                raise PublishedError(
                    f"Cycle {cycle.name} has a published bonus plan, which is kept "
                    "for good; the cycle cannot be deleted."
                )
            self._delete("cycles", cycle_id)

    def cycle_dependents(self, cycle_id: int) -> str:
        """Say what deleting a cycle would take with it, for a confirmation prompt.

        Returns:
            For example "3 objectives, 8 key results, 41 check-ins and 1 draft
            bonus plan"; with a published plan, says the cycle cannot be deleted;
            empty text when the cycle is empty.
        """
        self.cycle(cycle_id)
        objectives = self._count(
            "SELECT count(*) FROM objectives WHERE cycle_id = ?", [cycle_id]
        )
        krs = self._count(
            "SELECT count(*) FROM key_results k JOIN objectives o"
            " ON o.id = k.objective_id WHERE o.cycle_id = ?",
            [cycle_id],
        )
        checkins = self._count(
            "SELECT count(*) FROM checkins ch JOIN key_results k ON k.id = ch.kr_id"
            " JOIN objectives o ON o.id = k.objective_id WHERE o.cycle_id = ?",
            [cycle_id],
        )
        drafts = self._count(
            "SELECT count(*) FROM bonus_plans WHERE cycle_id = ? AND status = 'draft'",
            [cycle_id],
        )
        parts = [
            plural(n, one)
            for n, one in (
                (objectives, "objective"),
                (krs, "key result"),
                (checkins, "check-in"),
                (drafts, "draft bonus plan"),
            )
            if n
        ]
        text = _join(parts)
        published = self._published_count(cycle_id)
        if published:
            kept = f"{plural(published, 'published bonus plan')}, kept for good"
            text = f"{text}; {kept}" if text else kept
            text += ", so the cycle cannot be deleted"
        return text

    def _published_count(self, cycle_id: int) -> int:
        return self._count(
            "SELECT count(*) FROM bonus_plans WHERE cycle_id = ? AND status = ?",
            [cycle_id, PlanStatus.PUBLISHED.value],
        )

    # -- objectives ----------------------------------------------------------------

    def objectives(self, cycle_id: int) -> list[Objective]:
        """A cycle's objectives, by position then creation."""
        return self._records(
            Objective,
            "SELECT * FROM objectives WHERE cycle_id = ? ORDER BY position, id",
            [cycle_id],
        )

    def objective(self, objective_id: int) -> Objective:
        """One objective.

        Raises:
            NotFoundError: If there is no such objective.
        """
        return self._get(Objective, "objectives", objective_id, "objective")

    def save_objective(self, o: Objective) -> Objective:
        """Insert an objective when `o.id` is `None`, else update it.

        The cycle, owner and parent must exist; the parent must be in the same
        cycle and alignment cannot loop. An objective stays in its cycle.

        Returns:
            The objective as stored.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If the objective, its cycle, owner or parent is missing.
            RefusedError: If the parent is in another cycle or would make a loop,
                or the update moves it to another cycle.
        """
        o = o.checked()
        with self.transaction():
            self.cycle(o.cycle_id)
            if o.owner_id is not None:
                self.member(o.owner_id)
            if o.id is not None:
                old = self.objective(o.id)
                if old.cycle_id != o.cycle_id:
                    raise RefusedError(
                        "An objective stays in its cycle; create a new one in the "
                        "other cycle instead."
                    )
            if o.parent_id is not None:
                self._check_parent(o)
            if o.id is None:
                new_id = self._insert("objectives", o)
            else:
                self._update("objectives", o.id, o)
                new_id = o.id
        return self.objective(new_id)

    def _check_parent(self, o: Objective) -> None:
        assert o.parent_id is not None
        parent = self.objective(o.parent_id)
        if parent.cycle_id != o.cycle_id:
            raise RefusedError(
                "Parent objective must be in the same cycle as the objective."
            )
        seen: set[int] = set()
        ancestor: Objective | None = parent
        while ancestor is not None and ancestor.id not in seen:
            assert ancestor.id is not None
            if o.id is not None and ancestor.id == o.id:
                raise RefusedError(
                    "Parent objective cannot be one aligned under this objective; "
                    "alignment cannot loop."
                )
            seen.add(ancestor.id)
            ancestor = (
                None
                if ancestor.parent_id is None
                else self.objective(ancestor.parent_id)
            )

    def delete_objective(self, objective_id: int) -> None:
        """Delete an objective with its key results and their check-ins.

        Objectives aligned to it become top-level (their parent becomes `None`).

        Raises:
            NotFoundError: If there is no such objective.
        """
        with self.transaction():
            self.objective(objective_id)
            self._delete("objectives", objective_id)

    def objective_dependents(self, objective_id: int) -> str:
        """Say what deleting an objective would change, for a confirmation prompt.

        Returns:
            For example "3 key results and 12 check-ins; 2 aligned objectives
            become top-level"; empty text when nothing depends on it.
        """
        self.objective(objective_id)
        krs = self._count(
            "SELECT count(*) FROM key_results WHERE objective_id = ?", [objective_id]
        )
        checkins = self._count(
            "SELECT count(*) FROM checkins ch JOIN key_results k ON k.id = ch.kr_id"
            " WHERE k.objective_id = ?",
            [objective_id],
        )
        children = self._count(
            "SELECT count(*) FROM objectives WHERE parent_id = ?", [objective_id]
        )
        text = _join(
            [
                plural(n, one)
                for n, one in ((krs, "key result"), (checkins, "check-in"))
                if n
            ]
        )
        if children:
            verb = "becomes" if children == 1 else "become"
            aligned = f"{plural(children, 'aligned objective')} {verb} top-level"
            text = f"{text}; {aligned}" if text else aligned
        return text

    # -- key results ---------------------------------------------------------------

    def key_results(self, cycle_id: int) -> list[KeyResult]:
        """A cycle's key results, grouped by objective in the objectives' order."""
        return self._records(
            KeyResult,
            "SELECT k.* FROM key_results k JOIN objectives o ON o.id = k.objective_id"
            " WHERE o.cycle_id = ? ORDER BY o.position, o.id, k.position, k.id",
            [cycle_id],
        )

    def key_result(self, kr_id: int) -> KeyResult:
        """One key result.

        Raises:
            NotFoundError: If there is no such key result.
        """
        return self._get(KeyResult, "key_results", kr_id, "key result")

    def save_key_result(self, k: KeyResult) -> KeyResult:
        """Insert a key result when `k.id` is `None`, else update it.

        The objective and owner must exist. An update can move the key result to
        another objective of the same cycle, and can make it a milestone only when
        its check-ins are all 0 or 1.

        Returns:
            The key result as stored.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If the key result, its objective or owner is missing.
            RefusedError: If the update would move it to another cycle or make
                its check-ins unreadable.
        """
        k = k.checked()
        with self.transaction():
            objective = self.objective(k.objective_id)
            if k.owner_id is not None:
                self.member(k.owner_id)
            if k.id is None:
                new_id = self._insert("key_results", k)
            else:
                old = self.key_result(k.id)
                if self.objective(old.objective_id).cycle_id != objective.cycle_id:
                    raise RefusedError(
                        "A key result stays in its cycle; its check-ins are dated "
                        "within it."
                    )
                if k.kind is KRKind.MILESTONE and self._count(
                    "SELECT count(*) FROM checkins WHERE kr_id = ?"
                    " AND superseded_by IS NULL AND CAST(value AS REAL) NOT IN (0, 1)",
                    [k.id],
                ):
                    raise RefusedError(
                        "This key result has check-ins other than 0 and 1, so it "
                        "cannot become a milestone (done is 1, not done 0)."
                    )
                self._update("key_results", k.id, k)
                new_id = k.id
        return self.key_result(new_id)

    def delete_key_result(self, kr_id: int) -> None:
        """Delete a key result with its check-ins.

        Raises:
            NotFoundError: If there is no such key result.
        """
        with self.transaction():
            self.key_result(kr_id)
            self._delete("key_results", kr_id)

    def key_result_dependents(self, kr_id: int) -> str:
        """Say what deleting a key result would take with it: "5 check-ins", or ""."""
        self.key_result(kr_id)
        n = self._count("SELECT count(*) FROM checkins WHERE kr_id = ?", [kr_id])
        return plural(n, "check-in") if n else ""

    # -- check-ins -----------------------------------------------------------------

    _NEWEST_FIRST = " ORDER BY day DESC, created_at DESC, id DESC"

    def checkins(self, kr_id: int) -> list[CheckIn]:
        """A key result's check-ins that count (not corrected), newest first."""
        return self._records(
            CheckIn,
            "SELECT * FROM checkins WHERE kr_id = ? AND superseded_by IS NULL"
            + self._NEWEST_FIRST,
            [kr_id],
        )

    def checkin_history(self, kr_id: int) -> list[CheckIn]:
        """Every check-in of a key result, corrected ones included, newest first."""
        return self._records(
            CheckIn,
            "SELECT * FROM checkins WHERE kr_id = ?" + self._NEWEST_FIRST,
            [kr_id],
        )

    def checkin(self, checkin_id: int) -> CheckIn:
        """One check-in, counting or corrected.

        Raises:
            NotFoundError: If there is no such check-in.
        """
        return self._get(CheckIn, "checkins", checkin_id, "check-in")

    def latest_checkins(self, cycle_id: int) -> dict[int, CheckIn]:
        """The newest counting check-in of each key result of a cycle.

        Returns:
            Check-ins by key-result id; key results without one are absent.
        """
        found = self._rows(
            "SELECT * FROM ("
            " SELECT ch.*, row_number() OVER ("
            "  PARTITION BY ch.kr_id"
            "  ORDER BY ch.day DESC, ch.created_at DESC, ch.id DESC) AS newest"
            " FROM checkins ch JOIN key_results k ON k.id = ch.kr_id"
            " JOIN objectives o ON o.id = k.objective_id"
            " WHERE o.cycle_id = ? AND ch.superseded_by IS NULL"
            ") WHERE newest = 1",
            [cycle_id],
        )
        for row in found:
            row.pop("newest")
        rows = [CheckIn.model_validate(row, context=STORED) for row in found]
        return {c.kr_id: c for c in rows}

    def _check_checkin(self, c: CheckIn) -> None:
        """Refuse a check-in dated outside its cycle or unreadable for its kind."""
        kr = self.key_result(c.kr_id)
        cycle = self.cycle(self.objective(kr.objective_id).cycle_id)
        if not cycle.contains(c.day):
            raise RefusedError(
                f"Date {c.day.isoformat()} is outside cycle {cycle.name} "
                f"({cycle.first_day.isoformat()} to {cycle.last_day.isoformat()})."
            )
        if kr.kind is KRKind.MILESTONE and c.value not in (Decimal(0), Decimal(1)):
            raise RefusedError("A milestone is either done (1) or not done (0).")

    def add_checkin(self, c: CheckIn) -> CheckIn:
        """Record a new check-in.

        Returns:
            The check-in as stored.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If the key result does not exist.
            RefusedError: If the date is outside the cycle, a milestone value is not
                0 or 1, or the check-in already has an id (use `correct_checkin`).
        """
        c = c.checked()
        if c.id is not None or c.superseded_by is not None:
            raise RefusedError(
                "A check-in is never edited; record a correction instead."
            )
        with self.transaction():
            self._check_checkin(c)
            new_id = self._insert("checkins", c)
        return self.checkin(new_id)

    def correct_checkin(self, old_id: int, new: CheckIn) -> CheckIn:
        """Replace a check-in by a corrected one, keeping the old one in history.

        Both rows are written in one transaction: the new check-in is inserted and
        the old one's `superseded_by` points to it.

        Args:
            old_id: The check-in being corrected; it must still count.
            new: The corrected check-in, for the same key result (its `id` is
                ignored).

        Returns:
            The new check-in as stored.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If the old check-in does not exist.
            RefusedError: If the old one was already corrected, the new one is for
                another key result, or its date or value is refused.
        """
        new = new.checked().model_copy(update={"id": None, "superseded_by": None})
        with self.transaction():
            old = self.checkin(old_id)
            if old.superseded_by is not None:
                raise RefusedError(
                    "That check-in was already corrected; correct the newest "
                    "version instead."
                )
            if new.kr_id != old.kr_id:
                raise RefusedError(
                    "A correction must be for the same key result as the check-in "
                    "it corrects."
                )
            self._check_checkin(new)
            new_id = self._insert("checkins", new)
            self._db.execute(
                "UPDATE checkins SET superseded_by = ? WHERE id = ?", [new_id, old_id]
            )
        return self.checkin(new_id)

    # -- scores --------------------------------------------------------------------

    def cycle_scores(self, cycle_id: int) -> CycleScores:
        """Score every key result, objective and member of a cycle.

        Uses the newest counting check-in of each key result; reads everything in
        one transaction so the scores are of one moment.

        Returns:
            The scores, as `calc.score_cycle` computes them.

        Raises:
            NotFoundError: If there is no such cycle.
            CalcError: If a key result cannot be scored.
        """
        with self._db.atomic():
            self.cycle(cycle_id)
            objectives = self.objectives(cycle_id)
            krs = self.key_results(cycle_id)
            latest = self.latest_checkins(cycle_id)
        objective_inputs = [
            ObjectiveInput(
                id=self._id(o.id),
                parent_id=o.parent_id,
                weight=o.weight,
                owner_id=o.owner_id,
            )
            for o in objectives
        ]
        kr_inputs = [
            KRInput(
                id=self._id(k.id),
                objective_id=k.objective_id,
                kind=k.kind,
                start=k.start,
                target=k.target,
                weight=k.weight,
                owner_id=k.owner_id,
                current=latest[k.id].value if k.id in latest else None,
            )
            for k in krs
        ]
        return score_cycle(objective_inputs, kr_inputs)

    @staticmethod
    def _id(value: int | None) -> int:
        if value is None:
            raise ValueError("A stored record has no id.")
        return value

    # -- one-on-ones ---------------------------------------------------------------

    def one_on_ones(self, member_id: int) -> list[OneOnOne]:
        """A member's one-on-one notes, newest first."""
        return self._records(
            OneOnOne,
            "SELECT * FROM one_on_ones WHERE member_id = ? ORDER BY day DESC, id DESC",
            [member_id],
        )

    def save_one_on_one(self, n: OneOnOne) -> OneOnOne:
        """Insert a one-on-one note when `n.id` is `None`, else update it.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If the member or the note does not exist.
        """
        n = n.checked()
        with self.transaction():
            self.member(n.member_id)
            if n.id is None:
                new_id = self._insert("one_on_ones", n)
            else:
                self._get(OneOnOne, "one_on_ones", n.id, "one-on-one note")
                self._update("one_on_ones", n.id, n)
                new_id = n.id
        return self._get(OneOnOne, "one_on_ones", new_id, "one-on-one note")

    def delete_one_on_one(self, note_id: int) -> None:
        """Delete a one-on-one note; its action items stay with the member.

        Raises:
            NotFoundError: If there is no such note.
        """
        with self.transaction():
            self._get(OneOnOne, "one_on_ones", note_id, "one-on-one note")
            self._delete("one_on_ones", note_id)

    def action_items(
        self, member_id: int, include_done: bool = False
    ) -> list[ActionItem]:
        """A member's action items, open ones first, oldest first (they carry over).

        Args:
            member_id: The member.
            include_done: Whether to list the done ones too.
        """
        where = "" if include_done else " AND done_on IS NULL"
        return self._records(
            ActionItem,
            "SELECT * FROM action_items WHERE member_id = ?"
            + where
            + " ORDER BY done_on IS NOT NULL, done_on, id",
            [member_id],
        )

    def save_action_item(self, a: ActionItem) -> ActionItem:
        """Insert an action item when `a.id` is `None`, else update it.

        Setting `done_on` closes the item.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If the member, note or item does not exist.
        """
        a = a.checked()
        with self.transaction():
            self.member(a.member_id)
            if a.one_on_one_id is not None:
                self._get(OneOnOne, "one_on_ones", a.one_on_one_id, "one-on-one note")
            if a.id is None:
                new_id = self._insert("action_items", a)
            else:
                self._get(ActionItem, "action_items", a.id, "action item")
                self._update("action_items", a.id, a)
                new_id = a.id
        return self._get(ActionItem, "action_items", new_id, "action item")

    def delete_action_item(self, item_id: int) -> None:
        """Delete an action item.

        Raises:
            NotFoundError: If there is no such item.
        """
        with self.transaction():
            self._get(ActionItem, "action_items", item_id, "action item")
            self._delete("action_items", item_id)

    # -- bonus plans ---------------------------------------------------------------

    def bonus_plan(self, cycle_id: int) -> BonusPlan | None:
        """The cycle's draft bonus plan, or `None` (none is created)."""
        rows = self._records(
            BonusPlan,
            "SELECT * FROM bonus_plans WHERE cycle_id = ? AND status = ?",
            [cycle_id, PlanStatus.DRAFT.value],
        )
        return rows[0] if rows else None

    def bonus_plan_by_id(self, plan_id: int) -> BonusPlan:
        """One bonus plan, draft or published.

        Raises:
            NotFoundError: If there is no such plan.
        """
        return self._get(BonusPlan, "bonus_plans", plan_id, "bonus plan")

    def published_plans(self, cycle_id: int) -> list[BonusPlan]:
        """The cycle's published bonus plans, the latest first."""
        return self._records(
            BonusPlan,
            "SELECT * FROM bonus_plans WHERE cycle_id = ? AND status = ?"
            " ORDER BY published_at DESC, id DESC",
            [cycle_id, PlanStatus.PUBLISHED.value],
        )

    def save_bonus_plan(self, p: BonusPlan) -> BonusPlan:
        """Insert a draft bonus plan when `p.id` is `None`, else update the draft.

        Returns:
            The plan as stored.

        Raises:
            ValidationError: If a value is refused.
            NotFoundError: If the plan, its cycle or an input's member is missing
                (an input the draft already had, for a member deleted since, is
                dropped instead).
            PublishedError: If the plan is published (it never changes).
            DraftExistsError: If inserting while the cycle already has a draft.
            RefusedError: If the plan claims to be published (use
                `publish_bonus_plan`) or moves to another cycle.
        """
        p = p.checked()
        with self.transaction():
            old = None if p.id is None else self.bonus_plan_by_id(p.id)
            if old is not None and old.is_published:
                raise PublishedError(
                    "This bonus plan is published and never changes; make a new "
                    "draft from it."
                )
            if p.status is not PlanStatus.DRAFT:
                raise RefusedError(
                    "Save a bonus plan as a draft; publishing is its own step."
                )
            cycle = self.cycle(p.cycle_id)
            existing = self._member_ids()
            gone = {k for k in p.inputs if k not in existing}
            for member_id in gone:
                if old is None or member_id not in old.inputs:
                    self.member(member_id)  # a new input for a missing member
            if gone:
                # Deleting a member takes their inputs out of drafts; a draft
                # saved before that rule (or copied from a published plan) may
                # still hold some.
                p = p.model_copy(
                    update={
                        "inputs": {k: v for k, v in p.inputs.items() if k not in gone}
                    }
                )
            if p.id is None or old is None:
                self._refuse_second_draft(cycle)
                new_id = self._insert("bonus_plans", p)
            else:
                if old.cycle_id != p.cycle_id:
                    raise RefusedError("A bonus plan stays with its cycle.")
                self._update(
                    "bonus_plans", p.id, p.model_copy(update={"based_on": old.based_on})
                )
                new_id = p.id
        return self.bonus_plan_by_id(new_id)

    def _member_ids(self) -> set[int]:
        return {int(row[0]) for row in self._db.execute("SELECT id FROM members")}

    def _refuse_second_draft(self, cycle: Cycle) -> None:
        assert cycle.id is not None
        if self.bonus_plan(cycle.id) is not None:
            raise DraftExistsError(
                f"Cycle {cycle.name} already has a draft bonus plan; edit it, or "
                "discard it first."
            )

    def publish_bonus_plan(self, plan_id: int, allocation_json: str) -> BonusPlan:
        """Publish a draft: freeze it with its allocation and the time, for good.

        Args:
            plan_id: The draft to publish.
            allocation_json: The allocation as computed, as JSON text.

        Returns:
            The published plan.

        Raises:
            NotFoundError: If there is no such plan.
            PublishedError: If it is already published.
            RefusedError: If the allocation is not valid JSON.
        """
        try:
            json.loads(allocation_json)
        except (TypeError, ValueError):
            raise RefusedError("The allocation to publish is not valid JSON.") from None
        with self.transaction():
            plan = self.bonus_plan_by_id(plan_id)
            if plan.is_published:
                raise PublishedError("This bonus plan is already published.")
            self._db.table("bonus_plans").update(
                plan_id,
                {
                    "status": PlanStatus.PUBLISHED.value,
                    "published_at": stamp(self._now()),
                    "allocation": allocation_json,
                },
            )
        return self.bonus_plan_by_id(plan_id)

    def new_draft_from(self, plan_id: int) -> BonusPlan:
        """Start a new draft for the plan's cycle, copying its settings and inputs.

        The allocation and publishing time are not copied; `based_on` names the
        source plan. Inputs of members deleted since are left out of the draft,
        as deleting a member takes their inputs out of drafts; the source plan
        keeps them, and a published plan loses nothing.

        Returns:
            The new draft.

        Raises:
            NotFoundError: If there is no such plan.
            DraftExistsError: If the cycle already has a draft; discard it first.
        """
        with self.transaction():
            source = self.bonus_plan_by_id(plan_id)
            self._refuse_second_draft(self.cycle(source.cycle_id))
            existing = self._member_ids()
            draft = source.model_copy(
                update={
                    "id": None,
                    "status": PlanStatus.DRAFT,
                    "published_at": None,
                    "allocation": None,
                    "based_on": source.id,
                    "created_at": None,
                    "inputs": {k: v for k, v in source.inputs.items() if k in existing},
                }
            )
            new_id = self._insert("bonus_plans", draft)
        return self.bonus_plan_by_id(new_id)

    def discard_draft(self, plan_id: int) -> None:
        """Delete a draft bonus plan.

        Raises:
            NotFoundError: If there is no such plan.
            PublishedError: If the plan is published (it is kept for good).
        """
        with self.transaction():
            plan = self.bonus_plan_by_id(plan_id)
            if plan.is_published:
                raise PublishedError(
                    "A published bonus plan is kept for good; it cannot be discarded."
                )
            self._delete("bonus_plans", plan_id)

    def allocate_plan(self, plan: BonusPlan) -> Allocation:
        """Compute a plan's allocation from the cycle's current scores and members.

        The members employed during the cycle take part, in the order they were
        added, with any member the plan has inputs for (proration 0 if not
        employed then); the inputs add points, overrides, dimensions and caps.

        Args:
            plan: A draft (or published) plan; it is not saved.

        Returns:
            The allocation, as `calc.allocate` computes it.

        Raises:
            NotFoundError: If the cycle does not exist.
            CalcError: If an input is refused, such as a number too large (a plan
                from an older file, or one changed without being validated).
        """
        _check_plan_numbers(plan)
        cycle = self.cycle(plan.cycle_id)
        scores = self.cycle_scores(plan.cycle_id)

        def in_cycle(m: Member) -> bool:
            return (m.joined is None or m.joined <= cycle.last_day) and (
                m.left is None or m.left >= cycle.first_day
            )

        members = [m for m in self.members() if in_cycle(m) or m.id in plan.inputs]
        inputs = []
        for order, m in enumerate(members):
            member_id = self._id(m.id)
            extra = plan.inputs.get(member_id)
            inputs.append(
                MemberInput(
                    member_id=member_id,
                    name=m.name,
                    order=order,
                    fte=m.fte,
                    joined=m.joined,
                    left=m.left,
                    okr_score=scores.member_score(member_id),
                    override=extra.override if extra else None,
                    override_reason=extra.override_reason if extra else "",
                    points=extra.points if extra else None,
                    dimensions=dict(extra.dimensions) if extra else {},
                    cap_amount=extra.cap_amount if extra else None,
                    cap_share=extra.cap_share if extra else None,
                )
            )
        params = BonusParams(
            method=plan.method,
            currency=plan.currency,
            base_pool=plan.base_pool,
            multiplier=plan.multiplier,
            curve=plan.curve.to_calc() if plan.curve else None,
            team_score=scores.team_score(),
            threshold=Fraction(plan.params.threshold),
            tiers=tuple(
                Tier(Fraction(t.min_score), t.multiplier) for t in plan.params.tiers
            ),
            dimensions=tuple(
                Dimension(d.key, d.label or d.key, d.weight, d.rule, d.target)
                for d in plan.params.dimensions
            ),
        )
        return allocate(params, inputs, cycle.first_day, cycle.last_day)


def _check_plan_numbers(plan: BonusPlan) -> None:
    """Refuse a plan whose numbers are too large or too fine to compute with.

    Raises:
        CalcError: Naming the number, as `calc.check_magnitude` does.
    """
    check_magnitude(plan.base_pool, "The base pool")
    top = plan.multiplier
    if top is not None:
        check_magnitude(top, "The pool multiplier")
    elif plan.curve is not None:
        top = plan.curve.cap_payout
        check_magnitude(top, "The curve's cap payout")
    pool = None if top is None else Fraction(plan.base_pool) * Fraction(top)
    if pool is not None and pool >= Fraction(MAX_ABS):
        raise CalcError(
            f"The pool (base pool × multiplier) is too large: keep it below "
            f"{MAX_ABS:,.0f}."
        )
    for tier in plan.params.tiers:
        check_magnitude(tier.multiplier, "A tier's multiplier")
    for d in plan.params.dimensions:
        check_magnitude(d.weight, f"The weight of dimension {d.key}")
        if d.target is not None:
            check_magnitude(d.target, f"The target of dimension {d.key}")
    for extra in plan.inputs.values():
        for value, what in (
            (extra.points, "Points"),
            (extra.override, "An override"),
            (extra.cap_amount, "A cap amount"),
            (extra.cap_share, "A cap share"),
            *((v, f"Dimension {k}") for k, v in extra.dimensions.items()),
        ):
            if value is not None:
                check_magnitude(value, what)
