"""What the screening checks know about the site, supplied by the caller.

The comments app fills a :class:`ScreeningContext` from its database (staff
word lists, recent comments, the client's posting rate, domain lists, the
learned model); the command-line tools use the defaults. Nothing here touches
the database itself.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from broadsheet.screening.types import lazy
from broadsheet.screening.wordlists import WordLists

if TYPE_CHECKING:
    from broadsheet.screening.learned import LearnedModel


@dataclass(frozen=True)
class ScreeningContext:
    """Site knowledge for one screening call (or one batch).

    - ``wordlists``: the terms to match; defaults to the shipped lists.
    - ``recent_texts``: texts posted recently anywhere on the site, to spot
      the same comment posted again; or, cheaper, ``recent_keys``: their
      ``links_spam.duplicate_key`` values (a site may pass only the key of the
      text being screened, when it found that key among its recent comments).
    - ``recent_posts_from_client``: how many comments the same client (IP
      address or session) posted in the caller's recent window; counting
      stops mattering at ``links_spam.CLIENT_FLOOD``.
    - ``allowed_domains`` / ``blocked_domains``: host names; a sub-domain of
      a listed domain counts as listed. Allowed links never count as spam.
    - ``learned``: the model trained on the site's own decisions, consulted
      once it has seen ``learned_min_decisions`` decisions.
    - ``recent_near_keys``: ``links_spam.near_duplicate_key`` values of recent
      comments (or only those sharing a band with the text being screened):
      a variant of one of them is part of a spam wave.
    - ``reserved_names``: names only the newsroom may use (the site's title,
      its editors), compared by ``names.display_skeleton``, beside the shipped ones.
    """

    wordlists: WordLists = field(default_factory=WordLists.shipped)
    recent_texts: Sequence[str] = ()
    recent_keys: Collection[str] = frozenset()
    recent_posts_from_client: int = 0
    allowed_domains: Collection[str] = frozenset()
    blocked_domains: Collection[str] = frozenset()
    learned: LearnedModel | None = None
    learned_min_decisions: int = 50
    recent_near_keys: Collection[str] = frozenset()
    reserved_names: Collection[str] = frozenset()

    @lazy
    def reserved_skeletons(self) -> frozenset[str]:
        """``names.display_skeleton`` of the site's own names (its title, its staff)."""
        from broadsheet.screening.names import display_skeleton

        return frozenset(filter(None, map(display_skeleton, self.reserved_names)))

    @lazy
    def recent_near_duplicate_bands(self) -> frozenset[str]:
        """The near-duplicate bands of ``recent_texts`` and ``recent_near_keys``."""
        from broadsheet.screening.links_spam import near_duplicate_key

        bands = {b for t in self.recent_texts for b in near_duplicate_key(t).split()}
        bands.update(b for k in self.recent_near_keys for b in k.split())
        return frozenset(bands)

    @lazy
    def recent_duplicate_keys(self) -> frozenset[str]:
        from broadsheet.screening.links_spam import duplicate_key

        keys = frozenset(filter(None, map(duplicate_key, self.recent_texts)))
        return keys | frozenset(self.recent_keys)

    @lazy
    def allowed(self) -> frozenset[str]:
        from broadsheet.screening.links_spam import normalize_domain

        return frozenset(filter(None, map(normalize_domain, self.allowed_domains)))

    @lazy
    def blocked(self) -> frozenset[str]:
        from broadsheet.screening.links_spam import normalize_domain

        return frozenset(filter(None, map(normalize_domain, self.blocked_domains)))
