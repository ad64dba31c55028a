"""The audit log's hash chain: each entry carries the hash of the one before it.

An entry's hash is SHA-256 over a canonical serialisation of its own columns and the previous
entry's hash (``entry_hash``). Changing an entry changes its hash; removing one leaves the next
entry pointing at a hash that is not there; so ``verify`` finds either, and names the entry.

The chain covers the entry's own columns only. Anonymisation changes persons, never the log, whose
entries name a person by id: the chain still verifies after retention has done its work.

Appending is serialised so that two writers never take the same previous hash: on PostgreSQL
with a transaction-scoped advisory lock (``lock``), held from reading the chain's head to the
commit; on SQLite every write transaction already begins IMMEDIATE, which takes the database's
write lock at BEGIN. Entries are chained in the order of their ids, which the lock keeps equal to
the order of appending.

The serialisation is versioned: entries written with another version can be told apart if it
ever has to change. This module knows the columns by name and imports no model, so that the
migrations that fill in the chain can use it on the historical model.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

VERSION = "lagrundt-audit-v1"
GENESIS = ""  # the previous hash of the first entry

# The columns an entry's hash covers, in this order (then the previous hash).
CHAINED_FIELDS = (
    "at",
    "user_id",
    "username",
    "sector",
    "role",
    "unit_id",
    "unit_name",
    "municipality_id",
    "person_id",
    "subject_user_id",
    "section",
    "action",
    "channel",
    "changes",
    "detail",
)
# What ``verify`` reads of each entry: its id, the chained columns, the previous hash and its own.
VERIFY_FIELDS = ("id", *CHAINED_FIELDS, "prev_hash", "hash")

# A fixed 63-bit key for pg_advisory_xact_lock: the letters of "lagrundt".
LOCK_KEY = int.from_bytes(b"lagrundt", "big") & (2**63 - 1)


def _moment(value: Any) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    return str(value)


def canonical(values: Mapping[str, Any], prev_hash: str) -> bytes:
    """The bytes an entry's hash is taken of: its chained columns and the previous hash, as JSON."""
    payload = [VERSION]
    for name in CHAINED_FIELDS:
        value = values.get(name)
        if name == "at":
            value = _moment(value)
        elif name == "changes":
            value = value or {}
        elif value is None and name in ("username", "sector", "role", "unit_name", "section", "detail"):
            value = ""
        payload.append(value)
    payload.append(prev_hash or GENESIS)
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode()


def entry_hash(values: Mapping[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(values, prev_hash)).hexdigest()


def seal(rows: Iterable[dict[str, Any]], prev_hash: str) -> str:
    """Give each row (a dict of the chained columns) its ``prev_hash`` and ``hash``, in order.

    Returns the last hash, the chain's new head."""
    for row in rows:
        row["prev_hash"] = prev_hash
        row["hash"] = prev_hash = entry_hash(row, prev_hash)
    return prev_hash


def lock(connection) -> None:
    """Serialise appends to the chain until the end of the current transaction (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def head(queryset) -> str:
    """The hash of the newest entry (``GENESIS`` for an empty log): one indexed query."""
    return queryset.order_by("-pk").values_list("hash", flat=True).first() or GENESIS


# ---------------------------------------------------------------------------- verifying
@dataclass(frozen=True)
class Break:
    """Where the chain breaks: the entry, and what is wrong with it."""

    entry_id: int
    at: Any
    reason: str  # "altered": its hash does not match it; "gap": the entry before it was removed or altered

    def describe(self) -> str:
        when = _moment(self.at)[:19].replace("T", " ")
        if self.reason == "altered":
            return f"entry #{self.entry_id} ({when} UTC) has been altered: its hash does not match it"
        return (
            f"entry #{self.entry_id} ({when} UTC) does not follow the entry before it: "
            "an entry before it has been removed or altered"
        )


@dataclass(frozen=True)
class Verification:
    checked: int
    first_id: int | None
    last_id: int | None
    last_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(rows: Iterable[Mapping[str, Any]], *, expect_prev: str | None = GENESIS) -> Verification:
    """Check entries in the order of their ids (dicts with ``VERIFY_FIELDS``).

    ``expect_prev`` is the hash the first row must point at: ``GENESIS`` from the start of the log,
    the hash of the row before when checking only the newest entries, or None not to check it.
    """
    checked, first_id, last_id, prev, broken = 0, None, None, expect_prev, None
    for row in rows:
        if first_id is None:
            first_id = row["id"]
        if entry_hash(row, row["prev_hash"]) != row["hash"]:
            broken = Break(row["id"], row["at"], "altered")
            break
        if prev is not None and row["prev_hash"] != prev:
            broken = Break(row["id"], row["at"], "gap")
            break
        checked += 1
        last_id, prev = row["id"], row["hash"]
    return Verification(checked, first_id, last_id, prev or "", broken)
