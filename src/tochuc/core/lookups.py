"""`path__under=prefix`: "everything under this org", the tree's one hot filter, index-friendly everywhere.

Django's `startswith` is `LIKE 'prefix%' ESCAPE '\\'`. PostgreSQL serves that from the pattern index Django
creates for the column; SQLite does not use an index for LIKE (it is case-insensitive there), so every
subtree query scanned the whole table. SQLite's GLOB is case-sensitive and is served by the plain index
as a range (path > ? AND path < ?). Paths hold only hex digits and dots, never a GLOB wildcard.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith

_GLOB_SPECIAL = set("*?[]")


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler, connection):
        if not isinstance(self.rhs, str) or _GLOB_SPECIAL & set(self.rhs):
            return compiler.compile(StartsWith(self.lhs, self.rhs))
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} GLOB %s", [*lhs_params, f"{self.rhs}*"]
