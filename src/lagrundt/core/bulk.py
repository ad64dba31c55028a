"""Appending and changing many rows in one statement, without a model instance per row.

Used where a page or a run writes thousands of rows (a list's audit entries, the routine engine's
tasks): building model instances and Django's bulk SQL cost more there than the database does.
Values are passed as parameters; table and column names come from the models only.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction


def _memo(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Dates repeat across thousands of rows; adapt each distinct one once."""
    seen: dict[Any, Any] = {}

    def converted(value):
        if value not in seen:
            seen[value] = convert(value)
        return seen[value]

    return converted


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return _memo(ops.adapt_datetimefield_value)
    if internal == "DateField":
        return _memo(ops.adapt_datefield_value)
    if internal == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _prepare(fields: list[models.Field], rows: Iterable[Sequence[Any]]) -> list[tuple]:
    convert = [_converter(f) for f in fields]
    if not any(convert):
        return [tuple(row) for row in rows]
    return [tuple(v if c is None else c(v) for c, v in zip(convert, row, strict=True)) for row in rows]


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT rows (tuples in the order of ``names``) in one transaction; returns how many."""
    fields = _columns(model, names)
    prepared = _prepare(fields, rows)
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model, values as parameters)
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(prepared)


def update_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """UPDATE by primary key: each row is (pk, *values in the order of ``names``)."""
    fields = _columns(model, names)
    rows = list(rows)
    prepared = [
        (*values, row[0]) for values, row in zip(_prepare(fields, (r[1:] for r in rows)), rows, strict=True)
    ]
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(prepared)
