"""The error every comment endpoint answers with: a stable code, a message, maybe a field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CommentError(Exception):
    """A refused submission. ``status`` is the HTTP status the endpoints answer with.

    Not frozen: Python sets ``__traceback__`` on exceptions as they travel.
    """

    code: str
    message: str
    field: str | None = None
    status: int = 400

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}
