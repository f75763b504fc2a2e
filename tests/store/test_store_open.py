"""Opening a database: file permissions, pragmas, migrations, threads."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from okrtui.store import Member, SchemaError, Store, schema


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_creates_parent_directory_and_owner_only_file(db_path: Path) -> None:
    assert not db_path.parent.exists()
    with Store.open(db_path) as store:
        store.save_member(Member(name="Anna Berg"))
        assert _mode(db_path) == 0o600
        assert _mode(db_path.parent) == 0o700
        # While the connection is open, WAL keeps its side files; owner-only too.
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            assert side.exists()
            assert _mode(side) == 0o600


def test_side_files_stay_private_under_a_permissive_umask(db_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with Store.open(db_path) as store:
            store.save_member(Member(name="李娜"))
            assert _mode(Path(f"{db_path}-wal")) == 0o600
    finally:
        os.umask(previous)


def test_existing_readable_file_is_made_private(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    Store.open(db_path).close()
    os.chmod(db_path, 0o644)
    Store.open(db_path).close()
    assert _mode(db_path) == 0o600


def test_open_restores_the_umask(db_path: Path) -> None:
    before = os.umask(0o022)
    try:
        Store.open(db_path).close()
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(before)


def test_wal_foreign_keys_and_version(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version() == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_tilde_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    with Store.open("~/okr/team.db") as store:
        assert store.path == tmp_path / "okr" / "team.db"
    assert (tmp_path / "okr" / "team.db").exists()


def test_migrations_run_once_and_reopening_changes_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    db = Database(db_path)
    try:
        assert schema.migrate(db) == 0
        tables = set(db.table_names())
        assert schema.migrate(db) == 0
        assert set(db.table_names()) == tables
        assert schema.user_version(db) == schema.SCHEMA_VERSION
    finally:
        db.close()
    with Store.open(db_path) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION


def test_upgrade_from_version_1_keeps_data(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db = Database(db_path)
    db.execute("PRAGMA foreign_keys = ON")
    assert schema.migrate(db, schema.MIGRATIONS[:1]) == 1
    assert schema.user_version(db) == 1
    assert "one_on_ones" not in db.table_names()
    db.execute(
        "INSERT INTO members (name, level, fte, created_at)"
        " VALUES ('王芳', 'frontline', '1', '2026-01-01T00:00:00.000000+00:00')"
    )
    db.close()

    with Store.open(db_path) as store:
        assert store.schema_version() == 2
        assert "one_on_ones" in store.db.table_names()
        assert [m.name for m in store.members()] == ["王芳"]


def test_failed_migration_leaves_the_previous_version(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db = Database(db_path)

    def broken(d: Database) -> None:
        d.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        schema.migrate(db, [schema.MIGRATIONS[0], broken])
    assert schema.user_version(db) == 1
    assert "half_done" not in db.table_names()
    assert "members" in db.table_names()
    db.close()


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    db = Database(db_path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(SchemaError, match="newer"):
        Store.open(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not sqlite at all, just some text that is long enough" * 20)
    with pytest.raises(SchemaError, match="not an okrtui database"):
        Store.open(path)


def test_store_is_per_thread_and_clone_serves_a_worker(store: Store) -> None:
    store.save_member(Member(name="Anna Berg"))
    seen: dict[str, object] = {}

    def worker() -> None:
        try:
            store.members()
        except sqlite3.ProgrammingError as exc:
            seen["error"] = exc
        clone = store.clone()
        try:
            clone.save_member(Member(name="陈静"))
            seen["names"] = [m.name for m in clone.members()]
        finally:
            clone.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert isinstance(seen["error"], sqlite3.ProgrammingError)
    assert seen["names"] == ["Anna Berg", "陈静"]
    assert [m.name for m in store.members()] == ["Anna Berg", "陈静"]


def test_store_imports_without_textual() -> None:
    code = (
        "import sys; import okrtui.store, okrtui.store.sample, okrtui.importer, "
        "okrtui.paths; bad = [m for m in sys.modules if m.split('.')[0] == 'textual']; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    "content",
    [b"some notes\n" * 50, b"SQLite format 2\x00" + bytes(100), b"x"],
    ids=["text", "almost", "one byte"],
)
def test_a_file_that_is_not_sqlite_is_left_as_it_was(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    os.chmod(path, 0o644)
    with pytest.raises(SchemaError) as caught:
        Store.open(path)
    assert str(caught.value) == (
        f"{path} is not an okrtui database (it is not an SQLite file); it was left "
        "as it was."
    )
    assert _mode(path) == 0o644
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="is not a database file"):
        Store.open(tmp_path)


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    with Store.open(path) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
    assert _mode(path) == 0o600


def test_another_programs_database_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    os.chmod(path, 0o644)
    before = path.read_bytes()
    with pytest.raises(SchemaError, match="a database of another program"):
        Store.open(path)
    assert _mode(path) == 0o644
    assert path.read_bytes() == before
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert tables == ["recipes"]
