"""Small helpers shared by the store tests."""

from __future__ import annotations

from okrtui.store import Store


def count(store: Store, table: str) -> int:
    """Rows in a table."""
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every okrtui table, for comparing two databases."""
    tables = [
        "members",
        "cycles",
        "objectives",
        "key_results",
        "checkins",
        "bonus_plans",
        "one_on_ones",
        "action_items",
    ]
    return {
        t: [tuple(r) for r in store.db.execute(f"SELECT * FROM {t} ORDER BY id")]
        for t in tables
    }
