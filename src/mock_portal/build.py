"""Building a portal's database, or reusing a database file built before.

A new file is written under a temporary name and renamed once complete, so an interrupted
generation never leaves half a data set. A file that is there already is reused as it is (with
the deletes made in it) if it was completed by a mock portal of this schema version; any other
file is refused, never overwritten: it may be someone's data.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from . import db as dbmod
from .reference import insert_base_rows
from .seed import generate

Progress = Callable[[str], None]


class DatabaseFileError(Exception):
    """A database file that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class StoredSettings:
    seed: int
    max_words: int  # the most distinct words in one invoice: more keywords match nothing


def build(
    conn: sqlite3.Connection, invoices: int, seed: int, progress: Progress | None = None
) -> None:
    """A new portal in an empty database: schema, base rows, the generated data set, indexes."""
    dbmod.create_schema(conn)
    insert_base_rows(conn)
    max_words = generate(conn, invoices, seed, progress) if invoices > 0 else 0
    if progress is not None and invoices > 0:
        progress("building indexes")
    dbmod.create_indexes(conn)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("schema", dbmod.SCHEMA_VERSION),
            ("seed", str(seed)),
            ("invoices", str(invoices)),
            ("max_words", str(max_words)),
        ],
    )


def prepare_file(path: str, invoices: int, seed: int, progress: Progress | None = None) -> None:
    """Generate the database file at `path` unless a usable one is there already."""
    if os.path.exists(path):
        check_file(path)
        return
    tmp = path + ".building"
    for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    conn = dbmod.connect(tmp, bulk=True)
    try:
        conn.execute("BEGIN")
        build(conn, invoices, seed, progress)
        conn.execute("INSERT INTO meta (key, value) VALUES ('complete', '1')")
        conn.execute("COMMIT")
        if progress is not None and invoices > 0:
            progress("analysing")
        conn.execute("ANALYZE")  # statistics, so the planner picks the right index per filter
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    os.replace(tmp, path)


def check_file(path: str) -> None:
    """Raise DatabaseFileError unless `path` is a complete database of this schema version."""
    try:
        conn = sqlite3.connect(path)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        meta = {}
    if meta.get("complete") != "1":
        raise DatabaseFileError(f"{path} exists but is not a complete mock portal database")
    found = meta.get("schema")
    if found != dbmod.SCHEMA_VERSION:
        raise DatabaseFileError(
            f"{path} was built by another mock portal version (schema {found}, this one reads "
            f"{dbmod.SCHEMA_VERSION}); delete it to generate a new one"
        )


def stored_settings(conn: sqlite3.Connection, default_seed: int) -> StoredSettings:
    """The seed and word count a database was built with."""
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    return StoredSettings(
        seed=int(meta.get("seed", default_seed)), max_words=int(meta.get("max_words", "0"))
    )
