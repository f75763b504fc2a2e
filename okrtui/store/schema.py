"""The database schema and the migrations that build it, one version at a time.

`MIGRATIONS` is a list of functions; the one at index `i` brings a database from
version `i` to version `i + 1`. The version lives in `PRAGMA user_version` (0 for a
new file). `migrate()` applies the pending ones in order, each in its own
transaction together with the new version number, so a failed step leaves the
database at the version before it. Add a step at the end; never edit a released one.

Conventions: ids are never reused (AUTOINCREMENT), so a published allocation's
member ids cannot come to mean someone else; decimals are TEXT (exact, as written);
dates are ISO `YYYY-MM-DD` TEXT; time stamps are UTC ISO TEXT; JSON is TEXT.
Deleting a cycle takes its objectives, key results, check-ins and draft bonus plans
with it; deleting a member hands what they owned to the team (owner becomes NULL).
Triggers keep published bonus plans from ever being changed or deleted, whatever
path the change takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from okrtui.store.errors import SchemaError

PUBLISHED_PLAN_MESSAGE = (
    "A published bonus plan never changes; make a new draft from it instead."
)
"""The trigger's message when something tries to change a published plan."""

PUBLISHED_PLAN_DELETE_MESSAGE = "A published bonus plan is never deleted."
"""The trigger's message when something tries to delete a published plan."""

_V1 = [
    """
    CREATE TABLE members (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role TEXT NOT NULL DEFAULT '',
        level TEXT NOT NULL DEFAULT 'frontline'
            CHECK (level IN ('frontline', 'middle', 'senior')),
        fte TEXT NOT NULL DEFAULT '1',
        joined TEXT,
        "left" TEXT,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE cycles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        first_day TEXT NOT NULL,
        last_day TEXT NOT NULL CHECK (last_day >= first_day),
        cadence_days INTEGER NOT NULL DEFAULT 7 CHECK (cadence_days >= 1),
        status TEXT NOT NULL DEFAULT 'planning'
            CHECK (status IN ('planning', 'active', 'closed')),
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE objectives (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cycle_id INTEGER NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        level TEXT NOT NULL DEFAULT 'team'
            CHECK (level IN ('company', 'team', 'individual')),
        owner_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        parent_id INTEGER REFERENCES objectives (id) ON DELETE SET NULL,
        committed INTEGER NOT NULL DEFAULT 1 CHECK (committed IN (0, 1)),
        weight TEXT NOT NULL DEFAULT '1',
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX objectives_by_cycle ON objectives (cycle_id, position)",
    "CREATE INDEX objectives_by_owner ON objectives (owner_id)",
    "CREATE INDEX objectives_by_parent ON objectives (parent_id)",
    """
    CREATE TABLE key_results (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        objective_id INTEGER NOT NULL REFERENCES objectives (id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        kind TEXT NOT NULL CHECK (
            kind IN ('increase', 'decrease', 'at_least', 'at_most', 'milestone')
        ),
        unit TEXT NOT NULL DEFAULT '',
        start TEXT NOT NULL,
        target TEXT NOT NULL,
        weight TEXT NOT NULL DEFAULT '1',
        owner_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX key_results_by_objective ON key_results (objective_id, position)",
    "CREATE INDEX key_results_by_owner ON key_results (owner_id)",
    """
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kr_id INTEGER NOT NULL REFERENCES key_results (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        value TEXT NOT NULL,
        confidence INTEGER CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 10),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        superseded_by INTEGER REFERENCES checkins (id) ON DELETE SET NULL
    )
    """,
    "CREATE INDEX checkins_by_kr ON checkins (kr_id, day)",
    "CREATE INDEX checkins_by_successor ON checkins (superseded_by)",
    """
    CREATE TABLE bonus_plans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cycle_id INTEGER NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        currency TEXT NOT NULL,
        base_pool TEXT NOT NULL,
        multiplier TEXT,
        curve TEXT,
        method TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        inputs TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'published')),
        published_at TEXT,
        allocation TEXT,
        based_on INTEGER,
        created_at TEXT NOT NULL,
        CHECK (
            status = 'draft' OR (published_at IS NOT NULL AND allocation IS NOT NULL)
        )
    )
    """,
    # At most one draft per cycle; published plans are any number.
    """
    CREATE UNIQUE INDEX bonus_plans_one_draft_per_cycle
    ON bonus_plans (cycle_id) WHERE status = 'draft'
    """,
    f"""
    CREATE TRIGGER bonus_plans_published_never_change
    BEFORE UPDATE ON bonus_plans
    WHEN OLD.status = 'published'
    BEGIN
        SELECT RAISE(ABORT, '{PUBLISHED_PLAN_MESSAGE}');
    END
    """,
    f"""
    CREATE TRIGGER bonus_plans_published_never_deleted
    BEFORE DELETE ON bonus_plans
    WHEN OLD.status = 'published'
    BEGIN
        SELECT RAISE(ABORT, '{PUBLISHED_PLAN_DELETE_MESSAGE}');
    END
    """,
]


def _v1_tables(db: Database) -> None:
    """Version 1: members, cycles, objectives, key results, check-ins, bonus plans."""
    for statement in _V1:
        db.execute(statement)


_V2 = [
    """
    CREATE TABLE one_on_ones (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX one_on_ones_by_member ON one_on_ones (member_id, day)",
    """
    CREATE TABLE action_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        one_on_one_id INTEGER REFERENCES one_on_ones (id) ON DELETE SET NULL,
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        done_on TEXT,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX action_items_by_member ON action_items (member_id, done_on)",
]


def _v2_one_on_ones(db: Database) -> None:
    """Version 2: one-on-one notes, and action items that carry over until done."""
    for statement in _V2:
        db.execute(statement)


Migration = Callable[[Database], None]
"""A step that brings the schema up by one version, inside a transaction."""

MIGRATIONS: list[Migration] = [_v1_tables, _v2_one_on_ones]
"""The steps in order; `MIGRATIONS[i]` takes version `i` to `i + 1`."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The version this code writes and reads."""


def user_version(db: Database) -> int:
    """Return the schema version recorded in the file (0 for a new file)."""
    row = db.execute("PRAGMA user_version").fetchone()
    return int(row[0]) if row else 0


@contextmanager
def _write_transaction(db: Database) -> Iterator[None]:
    """Hold the write lock from the start, so another process cannot interleave."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    try:
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def migrate(db: Database, migrations: list[Migration] | None = None) -> int:
    """Bring the database up to the newest schema version.

    Each pending step runs in its own transaction, together with setting
    `user_version`; running it again on an up-to-date file does nothing.

    Args:
        db: An open database, not inside a transaction.
        migrations: The steps to apply; the default is `MIGRATIONS` (tests pass a
            shorter or failing list).

    Returns:
        How many steps were applied.

    Raises:
        SchemaError: If a newer okrtui wrote the file.
    """
    steps = MIGRATIONS if migrations is None else migrations
    found = user_version(db)
    if found > len(steps):
        raise SchemaError(
            f"This database has schema version {found}, newer than this okrtui "
            f"understands ({len(steps)}); update okrtui to open it."
        )
    applied = 0
    for number in range(found + 1, len(steps) + 1):
        with _write_transaction(db):
            # Another process may have migrated while this one waited for the lock.
            if user_version(db) >= number:
                continue
            steps[number - 1](db)
            db.execute(f"PRAGMA user_version = {number:d}")
            applied += 1
    return applied
