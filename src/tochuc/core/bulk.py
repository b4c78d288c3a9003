"""Writing many rows at once: the importers and the generator of national data go through `bulk_insert`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.utils import timezone

_PLAIN = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.ForeignKey,
          models.DateField)  # fmt: skip


def bulk_insert(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, same: dict[str, Any] | None = None
) -> None:
    """Write rows (attribute name -> value, the same names in every row) with one executemany, or one COPY on
    PostgreSQL; `same` gives values every row shares, and the fields named in neither take their defaults.
    bulk_create would build and compile every value through the ORM and, on SQLite, send at most 999 of them a
    statement: several times slower for the same rows."""
    if not rows:
        return
    ops = connection.ops
    now = timezone.now()

    def converter(f: models.Field) -> Callable[[Any], Any] | None:
        """None where the driver takes the Python value as it is (dates have an adapter on SQLite too)."""
        if isinstance(f, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(f, models.JSONField):
            return lambda v: ops.adapt_json_value(v, f.encoder)
        if isinstance(f, _PLAIN):
            return None
        return lambda v: f.get_db_prep_save(v, connection)

    def prepared(f: models.Field, value: Any) -> Any:
        convert = converter(f)
        return value if convert is None else convert(value)

    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    names = list(rows[0])
    constant = {name: prepared(fields[name], value) for name, value in (same or {}).items()}
    for name, f in fields.items():
        if name not in constant and name not in names:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            constant[name] = prepared(f, now if auto else f.get_default())
    tail = tuple(constant.values())
    get = itemgetter(*names) if len(names) > 1 else lambda r: (r[names[0]],)
    converted = [(i, c) for i, name in enumerate(names) if (c := converter(fields[name])) is not None]

    def values(row: dict[str, Any]) -> tuple:
        got = list(get(row))
        for i, convert in converted:
            got[i] = convert(got[i])
        return (*got, *tail)

    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(fields[name].column) for name in (*names, *constant))
    params = [values(r) for r in rows] if converted else [get(r) + tail for r in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs on PostgreSQL
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (len(names) + len(constant)))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)


def analyze(*models_: type[models.Model]) -> None:
    """Gather PostgreSQL's planner statistics of tables just filled in bulk inside a transaction still open.
    Autovacuum cannot see those rows before the commit, so the planner takes the tables for empty and joins
    them by nested loops over every row: a count of members under a path went from milliseconds to seconds
    each. Nothing to do on SQLite, whose planner needs no statistics here."""
    if connection.vendor != "postgresql" or not models_:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
