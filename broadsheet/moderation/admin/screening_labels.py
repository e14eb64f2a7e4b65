"""Screening's names (checks, categories, recommendations) in the moderator's language.

The screening library is free of Django and stores plain codes in a verdict ("links_spam",
"insult", "review"); the queue shows them through these lazy translations. A code this module
does not know (a site's own check, an older verdict) is shown as stored, escaped by the
caller, so a new check never breaks the queue.

The English names are the codes themselves, as the queue has always shown them (a moderator
working in English learns them from the staff terms' categories and the docs); other
languages give them real names. ``screening.types.CATEGORIES`` and every check that stores
findings are covered (tested).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

CHECK_LABELS: dict[str, Promise] = {
    "accusations": pgettext_lazy("screening check", "accusations"),
    "hate": pgettext_lazy("screening check", "hate"),
    "illegal": pgettext_lazy("screening check", "illegal"),
    "learned": pgettext_lazy("screening check", "learned"),
    "links_spam": pgettext_lazy("screening check", "links_spam"),
    "model": pgettext_lazy("screening check", "model"),
    "names": pgettext_lazy("screening check", "names"),
    "offensive": pgettext_lazy("screening check", "offensive"),
    "offtopic": pgettext_lazy("screening check", "offtopic"),
    "personal_data": pgettext_lazy("screening check", "personal_data"),
    "sexual": pgettext_lazy("screening check", "sexual"),
    "targeted": pgettext_lazy("screening check", "targeted"),
    "threats": pgettext_lazy("screening check", "threats"),
    "wordlists": pgettext_lazy("screening check", "wordlists"),
}

CATEGORY_LABELS: dict[str, Promise] = {
    "illegal": pgettext_lazy("screening category", "illegal"),
    "threat": pgettext_lazy("screening category", "threat"),
    "insult": pgettext_lazy("screening category", "insult"),
    "vulgar": pgettext_lazy("screening category", "vulgar"),
    "sexual": pgettext_lazy("screening category", "sexual"),
    "hate": pgettext_lazy("screening category", "hate"),
    "defamation": pgettext_lazy("screening category", "defamation"),
    "personal_data": pgettext_lazy("screening category", "personal_data"),
    "spam": pgettext_lazy("screening category", "spam"),
    "off_topic": pgettext_lazy("screening category", "off_topic"),
}

RECOMMENDATION_LABELS: dict[str, Promise] = {
    "publish": pgettext_lazy("screening recommendation", "publish"),
    "review": pgettext_lazy("screening recommendation", "review"),
    "reject": pgettext_lazy("screening recommendation", "reject"),
}


def check_label(check: str) -> str:
    label = CHECK_LABELS.get(check)
    return str(label) if label is not None else check


def category_label(category: str) -> str:
    label = CATEGORY_LABELS.get(category)
    return str(label) if label is not None else category


def recommendation_label(recommendation: str) -> str:
    label = RECOMMENDATION_LABELS.get(recommendation)
    return str(label) if label is not None else recommendation
