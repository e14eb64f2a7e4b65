"""URL converters. ``id``: a database id, at most 18 digits (always within a signed 64-bit int).

Django's ``int`` converter takes any number of digits; a 20-digit article id then reached
SQLite's driver, which raised ``OverflowError`` (a 500). An ``id`` that long does not match the
route at all: a 404, with a JSON ``code`` on JSON endpoints.
"""

from __future__ import annotations


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))
