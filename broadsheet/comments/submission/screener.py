"""The submission's screening port: how a comment is screened before it is stored.

The comments layer knows only this interface. The site's screener (word lists edited by
staff, recent posts, the learned model and the screening policy) lives in
``moderation.site_screening`` and is installed by the moderation app when it starts; until
then, and in a deployment without it, ``ShippedScreener`` screens with the shipped lists
alone and moves nothing.

Invariants:
- ``screen`` only reads, so it runs before the write transaction and keeps it short.
- ``stored_with`` names the rows the screener keeps beside the comment (its near-duplicate
  bands); they are written with the comment or not at all (``core.rows.insert``), in one
  statement where the database allows it.
- ``placement`` decides whether the comment leaves PENDING at once (a policy's auto-approve
  or auto-spam). It returns a function that the submission calls inside the INSERT's
  transaction, or None: pure pre-moderation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from broadsheet.core.rows import Children
from broadsheet.screening import links_spam
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.pipeline import get_pipeline
from broadsheet.screening.types import ScreeningInput, Verdict

if TYPE_CHECKING:
    from broadsheet.comments.models import Comment


@dataclass(frozen=True)
class Screened:
    """What screening found, as stored with the comment.

    ``near_key`` is the text's near-duplicate key (``screening.nearduplicates``), which the
    site's screener stores beside the comment (``stored_with``); "" when it is not kept.
    """

    verdict: Verdict
    duplicate_key: str
    near_key: str = ""


class Screener(Protocol):
    #: Site-setting models the screener reads (fetched with the comment rules, in one round
    #: trip of the settings cache) and passed back to ``screen`` and ``placement``.
    settings_models: tuple[type, ...]

    def screen(
        self, *, settings: tuple, text: str, name: str, email: str, client_ip: str | None
    ) -> Screened: ...

    def stored_with(self, comment: Comment, screened: Screened) -> Children | None: ...

    def placement(
        self, comment: Comment, screened: Screened, *, settings: tuple
    ) -> Callable[[Comment], None] | None: ...


class ShippedScreener:
    """The shipped word lists and checks, no site history, no policy: nothing is moved."""

    settings_models: tuple[type, ...] = ()

    def screen(
        self, *, settings: tuple, text: str, name: str, email: str, client_ip: str | None
    ) -> Screened:
        inp = ScreeningInput(text=text, name=name, email=email)
        verdict = get_pipeline().screen(inp, ScreeningContext())
        return Screened(verdict=verdict, duplicate_key=links_spam.input_duplicate_key(inp))

    def stored_with(self, comment: Comment, screened: Screened) -> Children | None:
        return None

    def placement(
        self, comment: Comment, screened: Screened, *, settings: tuple
    ) -> Callable[[Comment], None] | None:
        return None


_screener: Screener = ShippedScreener()


def install(screener: Screener) -> None:
    """Make ``screener`` the one every submission uses (called once, at start-up)."""
    global _screener
    _screener = screener


def current() -> Screener:
    return _screener
