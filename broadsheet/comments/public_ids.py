"""The id a poster is told for the comment they sent: opaque, never the database's sequence.

Sequential ids would tell anyone who posts how many comments the whole site receives and when.
The 202 answer carries ``public_id(comment.pk)`` instead (``core.opaque``: a keyed permutation,
so no table and no extra query).

Invariants: ``comment_pk(public_id(pk)) == pk``; ``comment_pk`` raises ``ValueError`` for any
string that is not such an id. ``secret_key`` defaults to the site's ``SECRET_KEY``.
"""

from __future__ import annotations

from broadsheet.core import opaque

NAMESPACE = "comment"


def public_id(pk: int, *, secret_key: str | None = None) -> str:
    return opaque.encode(pk, NAMESPACE, secret_key=secret_key)


def comment_pk(text: str, *, secret_key: str | None = None) -> int:
    return opaque.decode(text, NAMESPACE, secret_key=secret_key)
