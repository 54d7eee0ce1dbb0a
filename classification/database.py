"""The text rules of classification/text.py in the database, on PostgreSQL and SQLite alike.

- ``AZ_COLLATION`` ("az"): ORDER BY in the Azerbaijani alphabet, ``Collate(field,
  AZ_COLLATION)``. PostgreSQL has it as an ICU collation (migration 0004, which needs a
  PostgreSQL built with ICU, as Debian's is); SQLite gets the same order from
  ``text.sort_key`` through a collation registered on every new connection.
- ``__azcontains``: case-insensitive "contains" that folds Azerbaijani capitals (İ, I
  and ı all match i), so the admin search for "inşaat" finds "İnşaat" on both
  databases. Admin ``search_fields`` name it: ``"legal_name__azcontains"``.
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField
from django.db.models.functions import Collate
from django.db.models.lookups import Contains

from .text import sort_key

AZ_COLLATION = "az"
# ICU locale of the collation: Azerbaijani, punctuation ignored ("“Xəzər” MMC" under X).
AZ_ICU_LOCALE = "az-u-ka-shifted"
_CASE_FOLD = str.maketrans({"İ": "i", "I": "i", "ı": "i"})


def case_fold(text: str) -> str:
    """Return ``text`` in small letters with every kind of i made one: the search's case rule."""
    return str(text).translate(_CASE_FOLD).lower()


def az_order(field: str) -> Collate:
    """Return an ordering expression for ``field`` in the Azerbaijani alphabet."""
    return Collate(field, AZ_COLLATION)


@CharField.register_lookup
@TextField.register_lookup
class AzContains(Contains):
    """``field__azcontains=text``: contains, ignoring case by Azerbaijani rules."""

    lookup_name = "azcontains"

    def get_prep_lookup(self):
        value = super().get_prep_lookup()
        return case_fold(value) if isinstance(value, str) else value

    def get_rhs_op(self, connection, rhs):
        return connection.operators["contains"] % rhs

    def process_lhs(self, compiler, connection, lhs=None):
        sql, params = super().process_lhs(compiler, connection, lhs)
        if connection.vendor == "sqlite":
            return f"az_case_fold({sql})", params
        return f"LOWER(TRANSLATE({sql}, 'İIı', 'iii'))", params


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left, "az"), sort_key(right, "az")
    return (a > b) - (a < b)


def _fold_or_none(value):
    return None if value is None else case_fold(value)


def _register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("az_case_fold", 1, _fold_or_none, deterministic=True)
    connection.connection.create_collation(AZ_COLLATION, _compare)


connection_created.connect(_register_sqlite_functions, dispatch_uid="classification-az-text")
