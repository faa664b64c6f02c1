"""SQLite storage: connections, schema and indexes.

A file database runs in WAL mode with one connection per thread (readers never block the single
writer); `:memory:` uses one shared connection behind a lock, which is what tests want.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

# Written into every new database file and checked when a file is reused: bump it whenever the
# schema or the meaning of a stored value changes.
SCHEMA_VERSION = "2"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS currency (
    abbreviation TEXT PRIMARY KEY, title TEXT NOT NULL, symbol TEXT NOT NULL,
    culture_name TEXT NOT NULL, is_convertable INTEGER NOT NULL, is_basic INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS user (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, uuid TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL, title TEXT NOT NULL, avatar_small TEXT NOT NULL,
    profile_url TEXT NOT NULL, is_admin INTEGER NOT NULL, crm_access INTEGER NOT NULL);
-- share_type: 0 None (private: only the access list reads it), 1 ReadWrite, 2 Read
CREATE TABLE IF NOT EXISTS contact (
    id INTEGER PRIMARY KEY, display_name TEXT NOT NULL, is_company INTEGER NOT NULL,
    share_type INTEGER NOT NULL, currency TEXT);
CREATE TABLE IF NOT EXISTS contact_access (
    contact_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
    PRIMARY KEY (contact_id, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deal (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, is_private INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS deal_access (
    deal_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
    PRIMARY KEY (deal_id, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tax (id INTEGER PRIMARY KEY, name TEXT NOT NULL, rate REAL NOT NULL);
CREATE TABLE IF NOT EXISTS invoice (
    id INTEGER PRIMARY KEY,
    status INTEGER NOT NULL,
    number TEXT NOT NULL,
    issue_date INTEGER NOT NULL,           -- ticks (100 ns) since 1970-01-01 UTC
    template_type INTEGER NOT NULL,
    contact_id INTEGER,
    contact_name TEXT,                     -- copy of the contact's display name, for sorting
    consignee_id INTEGER,
    deal_id INTEGER,
    due_date INTEGER NOT NULL,
    language TEXT NOT NULL,
    currency TEXT,                         -- NULL: the portal's default currency
    exchange_rate REAL NOT NULL,           -- decimal(10,2) on a portal: two decimals
    purchase_order_number TEXT NOT NULL,
    terms TEXT NOT NULL,
    description TEXT NOT NULL,
    file_id INTEGER NOT NULL,
    create_on INTEGER NOT NULL,
    create_by INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS invoice_line (
    id INTEGER PRIMARY KEY, invoice_id INTEGER NOT NULL, sort_order INTEGER NOT NULL,
    description TEXT NOT NULL, quantity REAL NOT NULL, price REAL NOT NULL,
    discount REAL NOT NULL, tax1_id INTEGER, tax2_id INTEGER);
-- every word start of number and description, lower-cased: filterValue looks words up here
CREATE TABLE IF NOT EXISTS invoice_word (word TEXT NOT NULL, invoice_id INTEGER NOT NULL);
"""


class InvoiceRow(NamedTuple):
    """One row of the invoice table: the one list of its columns that every insert names."""

    id: int | None  # None: SQLite picks the next id
    status: int
    number: str
    issue_date: int
    template_type: int
    contact_id: int | None
    contact_name: str | None
    consignee_id: int | None
    deal_id: int | None
    due_date: int
    language: str
    currency: str | None
    exchange_rate: float
    purchase_order_number: str
    terms: str
    description: str
    file_id: int
    create_on: int
    create_by: int


INSERT_INVOICE = (
    f"INSERT INTO invoice ({', '.join(InvoiceRow._fields)}) "
    f"VALUES ({', '.join('?' for _ in InvoiceRow._fields)})"
)
INSERT_LINE = (
    "INSERT INTO invoice_line (id, invoice_id, sort_order, description, quantity, price, discount, "
    "tax1_id, tax2_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

# Built after a bulk load: one per filter and per sort, plus the combinations the usual
# selective filters need to read rows already in number order.
INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS invoice_number ON invoice (number);
CREATE INDEX IF NOT EXISTS invoice_issue_date ON invoice (issue_date);
CREATE INDEX IF NOT EXISTS invoice_due_date ON invoice (due_date);
CREATE INDEX IF NOT EXISTS invoice_status ON invoice (status);
CREATE INDEX IF NOT EXISTS invoice_status_number ON invoice (status, number);
CREATE INDEX IF NOT EXISTS invoice_currency_number ON invoice (currency, number);
CREATE INDEX IF NOT EXISTS invoice_currency_status_number ON invoice (currency, status, number);
CREATE INDEX IF NOT EXISTS invoice_contact ON invoice (contact_id);
CREATE INDEX IF NOT EXISTS invoice_deal ON invoice (deal_id);
CREATE INDEX IF NOT EXISTS invoice_contact_sort
    ON invoice (contact_name IS NULL, contact_name, number);
CREATE INDEX IF NOT EXISTS invoice_contact_sort_desc
    ON invoice (contact_name IS NULL, contact_name DESC, number);
CREATE INDEX IF NOT EXISTS invoice_line_invoice ON invoice_line (invoice_id);
CREATE UNIQUE INDEX IF NOT EXISTS invoice_word_word ON invoice_word (word, invoice_id);
CREATE INDEX IF NOT EXISTS contact_private ON contact (share_type);
"""


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


def connect(path: str, *, bulk: bool = False) -> sqlite3.Connection:
    # autocommit mode: transactions are opened explicitly
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    if path != ":memory:":
        if bulk:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
        else:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a commit survives a killed process (not a power cut)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA mmap_size=268435456")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA cache_size=-32768")
    # SQLite folds case for ASCII only: filterValue patterns compare Unicode-lowered text
    conn.create_function("unicode_lower", 1, _lower, deterministic=True)
    if not bulk:  # index builds after a bulk load sort in temporary files, not in memory
        conn.execute("PRAGMA temp_store=MEMORY")
    return conn


class Database:
    """Connections for readers and the single writer."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.memory = path == ":memory:"
        self._write_lock = threading.Lock()
        self._closed = False
        if self.memory:
            self._shared: sqlite3.Connection | None = connect(path)
            self._shared_lock = threading.RLock()
        else:
            self._shared = None
            self._local = threading.local()
            self._all: list[sqlite3.Connection] = []
            self._all_lock = threading.Lock()

    def _thread_conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise RuntimeError("database closed")
            conn = connect(self.path)
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection inside a read transaction: one snapshot for the page and its count."""
        if self._shared is not None:
            with self._shared_lock:
                yield self._shared
            return
        conn = self._thread_conn()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A connection inside a write transaction, committed at the end or rolled back."""
        with self._write_lock:
            if self._shared is not None:
                with self._shared_lock:
                    yield from _transaction(self._shared)
                return
            yield from _transaction(self._thread_conn())

    def close(self) -> None:
        self._closed = True
        if self._shared is not None:
            self._shared.close()
            return
        with self._all_lock:
            for conn in self._all:
                # a connection of a thread that is gone may refuse; process exit closes it
                with contextlib.suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._all.clear()


def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _run(conn: sqlite3.Connection, script: str) -> None:
    # statement by statement: executescript() would commit the caller's transaction
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def create_schema(conn: sqlite3.Connection) -> None:
    _run(conn, SCHEMA)


def create_indexes(conn: sqlite3.Connection) -> None:
    _run(conn, INDEXES)
