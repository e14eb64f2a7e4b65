"""The queue's text search, with Turkish casing: "istanbul", "İSTANBUL" and "ISTANBUL" meet.

Databases fold case by rules that do not know Turkish: SQLite's ``LIKE`` folds ASCII only (so
"ŞİŞLİ" never finds "şişli"), and PostgreSQL's ``UPPER`` turns "i" into "I", never "İ". The
search therefore matches either way:

- the database's own case-insensitive match (``icontains``), as before, and
- both sides folded the same way: the Turkish capitals (``İ I Ç Ğ Ö Ş Ü``) and the dotless
  i replaced by their small letters, dotted and dotless i made one letter, then the
  database's ``LOWER`` (which both databases apply at least to ASCII).

Invariant: every comment the plain ``icontains`` finds is still found; the folded match only
adds the Turkish spellings of the same letters. Dotless and dotted i are the same letter to
the search (a bilingual queue cannot know whether "I" was typed in English or Turkish).
"""

from __future__ import annotations

from django.db.models import F, Q, TextField, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Lower, Replace

# Applied in this order, in the database and in Python alike.
FOLDS: tuple[tuple[str, str], ...] = (
    ("İ", "i"),
    ("I", "i"),
    ("\u0131", "i"),  # dotless i
    ("Ç", "ç"),
    ("Ğ", "ğ"),
    ("Ö", "ö"),
    ("Ş", "ş"),
    ("Ü", "ü"),
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """``text`` as the database folds a column for the search (Turkish letters, ASCII case)."""
    for capital, small in FOLDS:
        text = text.replace(capital, small)
    return text.translate(_ASCII_LOWER)


def folded(field: str) -> Combinable:
    """The database expression of ``fold`` applied to ``field``."""
    expression: Combinable = F(field)
    for capital, small in FOLDS:
        expression = Replace(expression, Value(capital), Value(small), output_field=TextField())
    return Lower(expression, output_field=TextField())


def text_or_name_matches(query: str) -> tuple[dict[str, Combinable], Q]:
    """Annotations and the filter for comments whose text or name contains ``query``."""
    needle = fold(query)
    annotations = {"_folded_text": folded("text"), "_folded_name": folded("author_name")}
    match = (
        Q(text__icontains=query)
        | Q(author_name__icontains=query)
        | Q(_folded_text__contains=needle)
        | Q(_folded_name__contains=needle)
    )
    return annotations, match
