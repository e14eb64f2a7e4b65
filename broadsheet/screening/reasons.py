"""Reason codes: a stable name and parameters for every finding, and their English wording.

A finding carries ``code`` (``"threat.quoted"``, ``"personal_data.phone"``), ``params`` (a
flat dict of str to str, int or float) and ``detail``, the English sentence rendered from
them here. Sites render the code and params in the moderator's language instead (Broadsheet:
``broadsheet.moderation.reasons``), so the wording is a table, not f-strings in the checks.

Invariants:

- Every code a shipped check can emit is a key of :func:`table` (tested against the checks'
  output on the evaluation set); a code never changes meaning, only its wording may.
- ``render(code, params)`` is ``table()[code] % params``, except that a *wrapper* code
  (:data:`WRAPPERS`) takes the code of the finding it wraps in ``params["reason"]`` and
  renders that first, with the same params, into ``%(reason)s``.
- Rule codes (one per rule label, :func:`rule_code`) are registered when their rule is built,
  so any rule's findings render; :func:`table` lists the shipped ones: those of the rule
  sequences defined at the top level of :data:`RULE_MODULES`.
- Pure Python: nothing here imports Django or the rest of Broadsheet.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping

Params = Mapping[str, str | int | float]

#: Codes whose template contains ``%(reason)s``: another finding's rendering.
WRAPPERS: frozenset[str] = frozenset({"threat.quoted", "wordlists.name"})

#: The English templates of every code that is not a pattern rule's.
TEMPLATES: dict[str, str] = {
    # wordlists
    "wordlists.banned": 'banned %(category)s term "%(phrase)s" (%(language)s): "%(typed)s"',
    "wordlists.banned_repeated": (
        'banned %(category)s term "%(phrase)s" (%(language)s): "%(typed)s" (%(count)d times)'
    ),
    "wordlists.suspect": 'suspect %(category)s term "%(phrase)s" (%(language)s): "%(typed)s"',
    "wordlists.suspect_repeated": (
        'suspect %(category)s term "%(phrase)s" (%(language)s): "%(typed)s" (%(count)d times)'
    ),
    "wordlists.name": "in the name: %(reason)s",
    # threats
    "threat.quoted": "%(reason)s (in quotation marks)",
    # hate, sexual, illegal, accusations
    "hate.stereotype": 'hateful claim about a group: "%(typed)s"',
    "sexual.remark": 'sexual remark about a person: "%(typed)s"',
    "sexual.innuendo": 'innuendo about a person: "%(typed)s"',
    "illegal.offer_with_contact": 'offer of illegal goods with a contact: "%(typed)s"',
    "illegal.offer": 'offer of illegal goods: "%(typed)s"',
    "illegal.goods_near_contact": 'illegal goods next to a contact: "%(typed)s"',
    "defamation.accusation": 'unproven accusation: "%(typed)s"',
    # personal data (numbers are masked before they get here)
    "personal_data.email": "e-mail address",
    "personal_data.phone": "phone number %(masked)s",
    "personal_data.phone_words": "phone number spelled out in words",
    "personal_data.card": "payment card number %(masked)s",
    "personal_data.named_number": 'number named as "%(what)s" %(masked)s',
    "personal_data.tr_identity": "Turkish identity number %(masked)s",
    "personal_data.us_ssn": "US social security number %(masked)s",
    "personal_data.iban": "bank account (IBAN) %(masked)s",
    "personal_data.uk_ni": "UK National Insurance number",
    "personal_data.street_address": "street address",
    "personal_data.street_address_tr": "street address (adres)",
    "personal_data.uk_postcode": "UK postcode",
    # links and spam
    "spam.blocked_link": "link to blocked domain %(domain)s",
    "spam.links": "%(count)d links",
    "spam.link": "link to %(host)s",
    "spam.advert": "advert for %(host)s (%(words)s)",
    "spam.referral_link": "referral link to %(host)s",
    "spam.only_link": "nothing but a link",
    "spam.blocked_url_field": "URL field on blocked domain %(domain)s",
    "spam.blocked_email_field": "e-mail field on blocked domain %(domain)s",
    "spam.shouting": "shouting (mostly capitals)",
    "spam.character_run": '%(count)d × "%(character)s" in a row',  # noqa: RUF001
    "spam.repeated_word": 'word repeated: "%(word)s"',
    "spam.duplicate": "same text posted recently",
    "spam.near_duplicate": "variant of a comment posted recently",
    "spam.flood": "%(count)d recent posts from this client (flood signal)",
    "spam.flood_max": "%(count)d or more recent posts from this client (flood signal)",
    "spam.name_advert": 'advertising in the name: "%(name)s"',
    # names
    "names.invisible": "name made only of invisible characters",
    "names.newsroom": 'name reads as the newsroom: "%(name)s"',
    "names.newsroom_lookalike": (
        'name reads as the newsroom: "%(name)s" (look-alike or hidden characters)'
    ),
    "names.newsroom_controls": (
        'name reads as the newsroom: "%(name)s" (zero-width or bidi controls)'
    ),
    "names.newsroom_lookalike_controls": (
        'name reads as the newsroom: "%(name)s" '
        "(look-alike or hidden characters, zero-width or bidi controls)"
    ),
    # models
    "model.abuse": "abuse model %(probability).2f",
    "model.abuse_word": 'abuse model %(probability).2f, mostly for "%(typed)s"',
    "model.spam": "spam model %(probability).2f",
    "offensive.model": "offensive-language model %(probability).2f",
    "offensive.model_word": 'offensive-language model %(probability).2f, mostly for "%(typed)s"',
    "learned.model": "resembles comments this site rejected (learned model %(probability).2f)",
}

#: The template every pattern rule's code renders with: its label, then what was typed.
RULE_TEMPLATE = '%(label)s: "%(typed)s"'

#: Modules that build pattern rules (importing them registers their codes).
RULE_MODULES: tuple[str, ...] = (
    "broadsheet.screening.threats",
    "broadsheet.screening.threats_tr",
    "broadsheet.screening.hate",
    "broadsheet.screening.illegal",
    "broadsheet.screening.sexual",
    "broadsheet.screening.offtopic",
    "broadsheet.screening.targeted",
    "broadsheet.screening.spam_rules",
    "broadsheet.screening.links_spam",
)

_RULE_TEMPLATES: dict[str, str] = {}
_SLUG = re.compile(r"[^a-z0-9]+")


def rule_code(category: str, label: str) -> str:
    """A pattern rule's code: ``threat.threat_to_kill_tr`` for ``threat to kill (tr)``."""
    return f"{category}.{_SLUG.sub('_', label.lower()).strip('_')}"


def register_rule(category: str, label: str) -> str:
    """Record a rule's template under its code and return the code.

    Two rules may share a label (one reason, two patterns); two labels may not share a code.
    """
    code = rule_code(category, label)
    template = label.replace("%", "%%") + RULE_TEMPLATE.removeprefix("%(label)s")
    known = _RULE_TEMPLATES.setdefault(code, template)
    if known != template or code in TEMPLATES:
        raise ValueError(f"reason code {code!r} is taken")
    return code


def table() -> dict[str, str]:
    """Every code the shipped checks can emit, with its English template."""
    rules: dict[str, str] = {}
    for name in RULE_MODULES:
        for value in vars(importlib.import_module(name)).values():
            # A sequence of rules (told by their pattern and code: importing ``rules`` here
            # would make a cycle, since rules register their codes here).
            if isinstance(value, tuple | list) and value and _is_rule(value[0]):
                rules.update((r.code, _RULE_TEMPLATES[r.code]) for r in value)
    return {**TEMPLATES, **rules}


def _is_rule(value: object) -> bool:
    return hasattr(value, "pattern") and isinstance(getattr(value, "code", None), str)


def template(code: str) -> str:
    """The English template of ``code`` (``KeyError`` for an unknown code)."""
    found = TEMPLATES.get(code)
    return found if found is not None else _RULE_TEMPLATES[code]


def render(code: str, params: Params) -> str:
    """The English sentence for ``code`` with ``params`` (see the module's invariants)."""
    values: dict[str, str | int | float] = dict(params)
    if code in WRAPPERS:
        inner = str(params["reason"])
        if inner in WRAPPERS:
            raise ValueError("a wrapper cannot wrap a wrapper")
        values["reason"] = render(inner, params)
    return template(code) % values
