"""Where okrtui keeps its database files.

The real team's database and the sample team's database are separate files in the
per-user data directory, so exploring the sample never touches real data. The
`--db` option of the command line wins over the `OKRTUI_DB` environment variable,
which wins over the default location.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "okrtui"
"""The directory name used under the platform's per-user data directory."""

DB_ENV_VAR = "OKRTUI_DB"
"""Environment variable naming the database file; the command line overrides it."""

DB_FILE_NAME = "okrtui.db"
SAMPLE_FILE_NAME = "sample.db"


def data_dir() -> Path:
    """Return the per-user data directory for okrtui (it may not exist yet).

    Returns:
        For example `~/.local/share/okrtui` on Linux.
    """
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """Return the default database file: `okrtui.db` in the data directory."""
    return data_dir() / DB_FILE_NAME


def sample_db_path() -> Path:
    """Return the sample team's own database file: `sample.db` in the data directory.

    The sample lives apart from the real database so that the two never mix.
    """
    return data_dir() / SAMPLE_FILE_NAME


def resolve_db_path(cli_value: str | None) -> Path:
    """Decide which database file to open.

    Args:
        cli_value: The `--db` value given on the command line, or `None`.

    Returns:
        The `--db` value when given, else `$OKRTUI_DB` when set and not empty, else
        the default location. `~` is expanded; the path is not required to exist.
    """
    if cli_value is not None and cli_value.strip():
        return Path(cli_value.strip()).expanduser()
    env_value = os.environ.get(DB_ENV_VAR, "").strip()
    if env_value:
        return Path(env_value).expanduser()
    return default_db_path()
