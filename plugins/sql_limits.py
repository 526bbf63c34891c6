"""Cap the size of any one string or blob that a query can build.

The sql_time_limit_ms setting (scripts/serve) stops a query between SQLite VM
steps, but one step can allocate a whole value: `select randomblob(1000000000)`
allocates a gigabyte in a single call, which the time limit never interrupts.
With this cap such a query fails at once with SQLite's "string or blob too big".

NOTE: a query can still hold many values under the cap (up to max_returned_rows
rows of them) before its time limit ends it, so a public deployment should
also run with a memory limit on its container.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

# The maximum cell the build accepts is 100,000 characters (at most 400,000 bytes
# of UTF-8), so every stored value fits, and so do group_concat and JSON
# aggregates over thousands of rows.
MAX_VALUE_BYTES = 5_000_000


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
