"""``insert``: one new row as ``Model.save(force_insert=True)`` writes it, built once per model;
``insert_rows``: plain rows, many per statement.

A hot path (a comment submission) stores one new row per request. ``Model.save`` builds an
``InsertQuery`` and compiles it every time, which costs more CPU than the database spends on
the row. :func:`insert` writes the same row with the statement text built once per model and
database vendor: every local concrete field but an unset auto primary key, each value from the
field's own ``pre_save`` and ``get_db_prep_save`` (so defaults, ``auto_now`` and JSON encoding
are the ORM's), the primary key read back with ``RETURNING`` where the database has it.

Invariants:
- The row is the one ``save(force_insert=True)`` would write; an ``IntegrityError`` is the same.
- ``pre_save`` and ``post_save`` are sent as ``save`` sends them (``created=True``), so no
  receiver is skipped.
- When a field has a database default or is generated, the model has parents, or a value is
  an expression (statements that would differ per row), :func:`insert` calls
  ``save(force_insert=True)`` itself.
- It runs in the caller's transaction (autocommit outside one), like ``save``.
- With ``children`` (rows of another model that point at the new row), the row and its
  children are stored together or not at all: on PostgreSQL in one statement (a
  data-modifying ``WITH``), so autocommit needs no transaction of its own; elsewhere in one
  transaction (a savepoint inside the caller's). Children are plain rows: no model is
  built for them and no signal is sent.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, models, router, transaction
from django.db.models.signals import post_save, pre_save


@functools.cache
def _statement(model: type[models.Model], vendor: str) -> tuple[str, tuple, bool] | None:
    """``(sql, fields, returns_pk)`` for ``model`` on ``vendor``; None if it must use save()."""
    meta = model._meta
    fields = tuple(f for f in meta.local_concrete_fields if f is not meta.auto_field)
    if any(f.has_db_default() or f.generated for f in meta.local_concrete_fields):
        return None
    if meta.db_returning_fields != [meta.pk] or meta.parents:
        return None
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    returns_pk = connection.features.can_return_columns_from_insert
    if returns_pk:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields, returns_pk


@dataclass(frozen=True)
class Children:
    """Rows of ``model`` stored with a new row: ``parent`` names the foreign key to it.

    ``columns`` are ``model``'s other fields, in the order of each tuple of ``rows``; each
    value is prepared by its field (``get_db_prep_save``), as the ORM would.
    """

    model: type[models.Model]
    parent: str
    columns: tuple[str, ...]
    rows: Sequence[tuple]


@functools.cache
def _target(model: type[models.Model], columns: tuple[str, ...], vendor: str) -> tuple:
    """``(quoted table and columns, fields)`` for plain rows of ``model``'s ``columns``."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = tuple(model._meta.get_field(n) for n in columns)
    names = ", ".join(quote(f.column) for f in fields)
    return f"{quote(model._meta.db_table)} ({names})", fields


def _prepared(fields: tuple, rows: Sequence[Sequence[object]], connection) -> list[object]:
    """The rows' values, flat, each prepared by its field (``get_db_prep_save``) as the ORM
    would; a time shared by many rows (a comment's, on each of its bands) is adapted once."""
    times: dict[datetime, object] = {}
    flat: list[object] = []
    for row in rows:
        for field, value in zip(fields, row, strict=True):
            if isinstance(value, datetime):
                if value not in times:
                    times[value] = field.get_db_prep_save(value, connection)
                flat.append(times[value])
            else:
                flat.append(field.get_db_prep_save(value, connection))
    return flat


# Parameters per statement: within SQLite's oldest limit of 999.
_MAX_PARAMS = 999


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    using: str | None = None,
) -> None:
    """Multi-row INSERTs of ``rows`` (values of the fields named by ``columns``).

    Plain SQL rather than ``bulk_create``: no model instance is built and no signal is sent,
    since building instances and compiling their INSERT cost more than the rows themselves
    on a hot path. Statements of the same width are the same text, so PostgreSQL prepares
    them once. Runs in the caller's transaction (autocommit outside one).
    """
    if not rows:
        return
    connection = connections[using or router.db_for_write(model)]
    target, fields = _target(model, tuple(columns), connection.vendor)
    width = len(fields)
    values = _prepared(fields, rows, connection)
    one = "(" + ", ".join(["%s"] * width) + ")"
    step = (_MAX_PARAMS // width) * width
    with connection.cursor() as cursor:
        for start in range(0, len(values), step):
            chunk = values[start : start + step]
            marks = ", ".join([one] * (len(chunk) // width))
            # Only quoted names and placeholders are formatted in; every value is a parameter.
            sql = f"INSERT INTO {target} VALUES {marks}"  # noqa: S608
            cursor.execute(sql, chunk)


def _has_expression(obj: models.Model, fields: tuple) -> bool:
    return any(hasattr(getattr(obj, f.attname), "resolve_expression") for f in fields)


def insert(obj: models.Model, children: Children | None = None) -> None:
    """INSERT ``obj`` as a new row and set its primary key (see the module's invariants)."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    if children is not None and not children.rows:
        children = None
    statement = _statement(model, connection.vendor)
    if statement is not None and (obj.pk is not None or _has_expression(obj, statement[1])):
        statement = None  # save() writes it
    if children is None or (statement is not None and connection.vendor == "postgresql"):
        _write(obj, statement, children, alias, connection)  # one statement
        return
    with transaction.atomic(using=alias):
        _write(obj, statement, None, alias, connection)
        insert_rows(
            children.model,
            (children.parent, *children.columns),
            [(obj.pk, *row) for row in children.rows],
            using=alias,
        )


def _write(obj, statement: tuple | None, children: Children | None, alias: str, connection):
    """The row's INSERT (with ``children`` on PostgreSQL), or ``save`` without a statement."""
    model = type(obj)
    if statement is None:
        obj.save(force_insert=True, using=alias)
        return
    sql, fields, returns_pk = statement
    pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    values = [f.pre_save(obj, True) for f in fields]
    params = [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
    if children is not None:
        sql, params = _with_children(sql, params, children, connection, model)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returns_pk:
            (pk,) = cursor.fetchone()
        else:
            pk = connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = alias
    post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias
    )


def _with_children(
    sql: str, params: list, children: Children, connection, model: type[models.Model]
) -> tuple[str, list]:
    """PostgreSQL: the row's INSERT and its children's as one statement, its key read back."""
    pk = connection.ops.quote_name(model._meta.pk.column)
    names = ", ".join(f"c{i}" for i in range(len(children.columns)))
    one = "(" + ", ".join(["%s"] * len(children.columns)) + ")"
    marks = ", ".join([one] * len(children.rows))
    # Only quoted names and placeholders are formatted in; every value is a parameter.
    # ``sql`` is the row's INSERT, RETURNING its primary key.
    target, _ = _target(children.model, (children.parent, *children.columns), connection.vendor)
    _, fields = _target(children.model, children.columns, connection.vendor)
    statement = (
        f"WITH parent AS ({sql}), kids AS (INSERT INTO {target} "  # noqa: S608
        f"SELECT parent.{pk}, {names} FROM parent, (VALUES {marks}) AS v ({names})) "
        f"SELECT {pk} FROM parent"
    )
    return statement, [*params, *_prepared(fields, children.rows, connection)]
