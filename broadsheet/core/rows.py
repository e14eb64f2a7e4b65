"""``insert``: one new row as ``Model.save(force_insert=True)`` writes it, built once per model.

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
"""

from __future__ import annotations

import functools

from django.db import connections, models, router
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


def _has_expression(obj: models.Model, fields: tuple) -> bool:
    return any(hasattr(getattr(obj, f.attname), "resolve_expression") for f in fields)


def insert(obj: models.Model) -> None:
    """INSERT ``obj`` as a new row and set its primary key (see the module's invariants)."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    statement = _statement(model, connection.vendor)
    if statement is None or obj.pk is not None or _has_expression(obj, statement[1]):
        obj.save(force_insert=True, using=alias)
        return
    sql, fields, returns_pk = statement
    pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    values = [f.pre_save(obj, True) for f in fields]
    params = [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
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
