"""``field__in_array=values``: membership in a list sent as one array, for the long lists of a bulk ingest.

Django writes ``field__in=values`` with a placeholder a value. For the 2,000 keys of
an ingest batch that costs twice: Python compiles 2,000 parameters, and PostgreSQL,
planning ``IN (...)`` with that many constants, estimates each against the column's
statistics (unpacking them each time). One array, unnested, costs neither: the
planner takes it as a set to hash. Keep ``__in`` for short lists; it is what the
rest of Django (and its readers) expect.
"""

from django.db.models import Field, Lookup


@Field.register_lookup
class InArray(Lookup):
    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # The cast gives an empty list a type, and the values the column's own.
        element = self.lhs.output_field.db_type(connection)
        return f"{lhs} IN (SELECT unnest(%s::{element}[]))", [*lhs_params, list(self.rhs)]
