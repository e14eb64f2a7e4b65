"""Screening's reasons in the moderator's language.

A stored finding carries ``code`` and ``params`` (``broadsheet.screening.reasons``); this module
renders them through Django's translation catalogue: one literal msgid per code (context
"screening reason"), worded exactly as the screening library's English table, so that
``makemessages`` collects every sentence a moderator can read about a finding.

Invariants:

- Every code of ``broadsheet.screening.reasons.table()`` has an entry in :data:`MESSAGES`
  whose English text is the table's template (tested against the table, not a copy of it).
- :func:`reason_text` never raises on a stored verdict: a finding stored before codes existed,
  an unknown code, or params that do not fit the message all fall back to the stored English
  ``detail``. What it returns is plain text; the caller escapes it.
- Numbers read as the active language writes them: a ``%(name).Nf`` placeholder is filled by
  ``number_format`` ("0,87" in Turkish, "0.87" in English), not by Python's ``%`` (always a
  point); the msgids keep the library's placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from broadsheet.screening.reasons import WRAPPERS

#: The message of every code, translated when rendered (not when imported).
MESSAGES: dict[str, Promise] = {
    # Word lists, threats, hate, sexual, illegal, accusations, personal data, spam, names, models.
    "wordlists.banned": pgettext_lazy(
        "screening reason", 'banned %(category)s term "%(phrase)s" (%(language)s): "%(typed)s"'
    ),
    "wordlists.banned_repeated": pgettext_lazy(
        "screening reason",
        'banned %(category)s term "%(phrase)s" (%(language)s): "%(typed)s" (%(count)d times)',
    ),
    "wordlists.suspect": pgettext_lazy(
        "screening reason", 'suspect %(category)s term "%(phrase)s" (%(language)s): "%(typed)s"'
    ),
    "wordlists.suspect_repeated": pgettext_lazy(
        "screening reason",
        'suspect %(category)s term "%(phrase)s" (%(language)s): "%(typed)s" (%(count)d times)',
    ),
    "wordlists.name": pgettext_lazy("screening reason", "in the name: %(reason)s"),
    "threat.quoted": pgettext_lazy("screening reason", "%(reason)s (in quotation marks)"),
    "hate.stereotype": pgettext_lazy(
        "screening reason", 'hateful claim about a group: "%(typed)s"'
    ),
    "sexual.remark": pgettext_lazy("screening reason", 'sexual remark about a person: "%(typed)s"'),
    "sexual.innuendo": pgettext_lazy("screening reason", 'innuendo about a person: "%(typed)s"'),
    "illegal.offer_with_contact": pgettext_lazy(
        "screening reason", 'offer of illegal goods with a contact: "%(typed)s"'
    ),
    "illegal.offer": pgettext_lazy("screening reason", 'offer of illegal goods: "%(typed)s"'),
    "illegal.goods_near_contact": pgettext_lazy(
        "screening reason", 'illegal goods next to a contact: "%(typed)s"'
    ),
    "defamation.accusation": pgettext_lazy("screening reason", 'unproven accusation: "%(typed)s"'),
    "personal_data.email": pgettext_lazy("screening reason", "e-mail address"),
    "personal_data.phone": pgettext_lazy("screening reason", "phone number %(masked)s"),
    "personal_data.phone_words": pgettext_lazy(
        "screening reason", "phone number spelled out in words"
    ),
    "personal_data.card": pgettext_lazy("screening reason", "payment card number %(masked)s"),
    "personal_data.named_number": pgettext_lazy(
        "screening reason", 'number named as "%(what)s" %(masked)s'
    ),
    "personal_data.tr_identity": pgettext_lazy(
        "screening reason", "Turkish identity number %(masked)s"
    ),
    "personal_data.us_ssn": pgettext_lazy(
        "screening reason", "US social security number %(masked)s"
    ),
    "personal_data.iban": pgettext_lazy("screening reason", "bank account (IBAN) %(masked)s"),
    "personal_data.uk_ni": pgettext_lazy("screening reason", "UK National Insurance number"),
    "personal_data.street_address": pgettext_lazy("screening reason", "street address"),
    "personal_data.street_address_tr": pgettext_lazy("screening reason", "street address (adres)"),
    "personal_data.uk_postcode": pgettext_lazy("screening reason", "UK postcode"),
    "spam.blocked_link": pgettext_lazy("screening reason", "link to blocked domain %(domain)s"),
    "spam.links": pgettext_lazy("screening reason", "%(count)d links"),
    "spam.link": pgettext_lazy("screening reason", "link to %(host)s"),
    "spam.advert": pgettext_lazy("screening reason", "advert for %(host)s (%(words)s)"),
    "spam.referral_link": pgettext_lazy("screening reason", "referral link to %(host)s"),
    "spam.only_link": pgettext_lazy("screening reason", "nothing but a link"),
    "spam.blocked_url_field": pgettext_lazy(
        "screening reason", "URL field on blocked domain %(domain)s"
    ),
    "spam.blocked_email_field": pgettext_lazy(
        "screening reason", "e-mail field on blocked domain %(domain)s"
    ),
    "spam.shouting": pgettext_lazy("screening reason", "shouting (mostly capitals)"),
    "spam.character_run": pgettext_lazy("screening reason", '%(count)d × "%(character)s" in a row'),  # noqa: RUF001
    "spam.repeated_word": pgettext_lazy("screening reason", 'word repeated: "%(word)s"'),
    "spam.duplicate": pgettext_lazy("screening reason", "same text posted recently"),
    "spam.near_duplicate": pgettext_lazy(
        "screening reason", "variant of a comment posted recently"
    ),
    "spam.flood": pgettext_lazy(
        "screening reason", "%(count)d recent posts from this client (flood signal)"
    ),
    "spam.flood_max": pgettext_lazy(
        "screening reason", "%(count)d or more recent posts from this client (flood signal)"
    ),
    "spam.name_advert": pgettext_lazy("screening reason", 'advertising in the name: "%(name)s"'),
    "names.invisible": pgettext_lazy("screening reason", "name made only of invisible characters"),
    "names.newsroom": pgettext_lazy("screening reason", 'name reads as the newsroom: "%(name)s"'),
    "names.newsroom_lookalike": pgettext_lazy(
        "screening reason",
        'name reads as the newsroom: "%(name)s" (look-alike or hidden characters)',
    ),
    "names.newsroom_controls": pgettext_lazy(
        "screening reason", 'name reads as the newsroom: "%(name)s" (zero-width or bidi controls)'
    ),
    "names.newsroom_lookalike_controls": pgettext_lazy(
        "screening reason",
        'name reads as the newsroom: "%(name)s" '
        "(look-alike or hidden characters, zero-width or bidi controls)",
    ),
    "model.abuse": pgettext_lazy("screening reason", "abuse model %(probability).2f"),
    "model.abuse_word": pgettext_lazy(
        "screening reason", 'abuse model %(probability).2f, mostly for "%(typed)s"'
    ),
    "model.spam": pgettext_lazy("screening reason", "spam model %(probability).2f"),
    "offensive.model": pgettext_lazy(
        "screening reason", "offensive-language model %(probability).2f"
    ),
    "offensive.model_word": pgettext_lazy(
        "screening reason", 'offensive-language model %(probability).2f, mostly for "%(typed)s"'
    ),
    "learned.model": pgettext_lazy(
        "screening reason",
        "resembles comments this site rejected (learned model %(probability).2f)",
    ),
    # Pattern rules: one per label.
    "hate.epithet_for_a_group": pgettext_lazy(
        "screening reason", 'epithet for a group: "%(typed)s"'
    ),
    "hate.group_hated": pgettext_lazy("screening reason", 'group hated: "%(typed)s"'),
    "hate.group_wished_dead": pgettext_lazy("screening reason", 'group wished dead: "%(typed)s"'),
    "hate.group_wished_dead_tr": pgettext_lazy(
        "screening reason", 'group wished dead (tr): "%(typed)s"'
    ),
    "hate.people_called_vermin": pgettext_lazy(
        "screening reason", 'people called vermin: "%(typed)s"'
    ),
    "hate.people_called_vermin_tr": pgettext_lazy(
        "screening reason", 'people called vermin (tr): "%(typed)s"'
    ),
    "hate.vermin_language_for_people": pgettext_lazy(
        "screening reason", 'vermin language for people: "%(typed)s"'
    ),
    "hate.replacement_conspiracy": pgettext_lazy(
        "screening reason", 'replacement conspiracy: "%(typed)s"'
    ),
    "hate.replacement_conspiracy_tr": pgettext_lazy(
        "screening reason", 'replacement conspiracy (tr): "%(typed)s"'
    ),
    "illegal.call_to_commit_a_crime": pgettext_lazy(
        "screening reason", 'call to commit a crime: "%(typed)s"'
    ),
    "illegal.call_to_commit_a_crime_tr": pgettext_lazy(
        "screening reason", 'call to commit a crime (tr): "%(typed)s"'
    ),
    "off_topic.chain_letter": pgettext_lazy("screening reason", 'chain letter: "%(typed)s"'),
    "off_topic.race_to_comment_first": pgettext_lazy(
        "screening reason", 'race to comment first: "%(typed)s"'
    ),
    "sexual.sexual_advance_without_consent": pgettext_lazy(
        "screening reason", 'sexual advance without consent: "%(typed)s"'
    ),
    "sexual.sexual_advertising": pgettext_lazy(
        "screening reason", 'sexual advertising: "%(typed)s"'
    ),
    "sexual.sexual_exposure": pgettext_lazy("screening reason", 'sexual exposure: "%(typed)s"'),
    "sexual.sexual_remark_about_a_person": pgettext_lazy(
        "screening reason", 'sexual remark about a person: "%(typed)s"'
    ),
    "spam.advertising_call_to_action": pgettext_lazy(
        "screening reason", 'advertising call to action: "%(typed)s"'
    ),
    "spam.betting_or_gambling_word": pgettext_lazy(
        "screening reason", 'betting or gambling word: "%(typed)s"'
    ),
    "spam.crypto_scheme": pgettext_lazy("screening reason", 'crypto scheme: "%(typed)s"'),
    "spam.gambling_spam": pgettext_lazy("screening reason", 'gambling spam: "%(typed)s"'),
    "spam.like_bait": pgettext_lazy("screening reason", 'like-bait: "%(typed)s"'),
    "spam.money_making_offer": pgettext_lazy("screening reason", 'money-making offer: "%(typed)s"'),
    "spam.pharmacy_spam": pgettext_lazy("screening reason", 'pharmacy spam: "%(typed)s"'),
    "spam.self_promotion": pgettext_lazy("screening reason", 'self-promotion: "%(typed)s"'),
    "threat.calls_for_a_beating_tr": pgettext_lazy(
        "screening reason", 'calls for a beating (tr): "%(typed)s"'
    ),
    "threat.calls_for_a_hanging_or_lynching_tr": pgettext_lazy(
        "screening reason", 'calls for a hanging or lynching (tr): "%(typed)s"'
    ),
    "threat.calls_for_an_attack_on_a_place": pgettext_lazy(
        "screening reason", 'calls for an attack on a place: "%(typed)s"'
    ),
    "threat.calls_for_an_execution": pgettext_lazy(
        "screening reason", 'calls for an execution: "%(typed)s"'
    ),
    "threat.calls_for_an_execution_tr": pgettext_lazy(
        "screening reason", 'calls for an execution (tr): "%(typed)s"'
    ),
    "threat.calls_for_someone_to_be_killed": pgettext_lazy(
        "screening reason", 'calls for someone to be killed: "%(typed)s"'
    ),
    "threat.calls_for_someone_to_be_killed_tr": pgettext_lazy(
        "screening reason", 'calls for someone to be killed (tr): "%(typed)s"'
    ),
    "threat.calls_on_others_to_kill": pgettext_lazy(
        "screening reason", 'calls on others to kill: "%(typed)s"'
    ),
    "threat.calls_to_kill_a_group": pgettext_lazy(
        "screening reason", 'calls to kill a group: "%(typed)s"'
    ),
    "threat.calls_to_kill_them_all": pgettext_lazy(
        "screening reason", 'calls to kill them all: "%(typed)s"'
    ),
    "threat.calls_to_kill_them_all_tr": pgettext_lazy(
        "screening reason", 'calls to kill them all (tr): "%(typed)s"'
    ),
    "threat.calls_to_silence_someone_for_good": pgettext_lazy(
        "screening reason", 'calls to silence someone for good: "%(typed)s"'
    ),
    "threat.chant_of_death": pgettext_lazy("screening reason", 'chant of death: "%(typed)s"'),
    "threat.incites_self_harm": pgettext_lazy("screening reason", 'incites self-harm: "%(typed)s"'),
    "threat.incites_self_harm_tr": pgettext_lazy(
        "screening reason", 'incites self-harm (tr): "%(typed)s"'
    ),
    "threat.knows_where_someone_lives": pgettext_lazy(
        "screening reason", 'knows where someone lives: "%(typed)s"'
    ),
    "threat.knows_where_someone_lives_tr": pgettext_lazy(
        "screening reason", 'knows where someone lives (tr): "%(typed)s"'
    ),
    "threat.menacing_warning": pgettext_lazy("screening reason", 'menacing warning: "%(typed)s"'),
    "threat.says_someone_deserves_to_die": pgettext_lazy(
        "screening reason", 'says someone deserves to die: "%(typed)s"'
    ),
    "threat.says_someone_should_hang": pgettext_lazy(
        "screening reason", 'says someone should hang: "%(typed)s"'
    ),
    "threat.sexual_threat": pgettext_lazy("screening reason", 'sexual threat: "%(typed)s"'),
    "threat.tells_someone_they_deserve_to_die": pgettext_lazy(
        "screening reason", 'tells someone they deserve to die: "%(typed)s"'
    ),
    "threat.threat_to_attack_a_place": pgettext_lazy(
        "screening reason", 'threat to attack a place: "%(typed)s"'
    ),
    "threat.threat_to_attack_a_place_tr": pgettext_lazy(
        "screening reason", 'threat to attack a place (tr): "%(typed)s"'
    ),
    "threat.threat_to_behead_or_shoot_tr": pgettext_lazy(
        "screening reason", 'threat to behead or shoot (tr): "%(typed)s"'
    ),
    "threat.threat_to_break_bones": pgettext_lazy(
        "screening reason", 'threat to break bones: "%(typed)s"'
    ),
    "threat.threat_to_break_bones_tr": pgettext_lazy(
        "screening reason", 'threat to break bones (tr): "%(typed)s"'
    ),
    "threat.threat_to_find_someone": pgettext_lazy(
        "screening reason", 'threat to find someone: "%(typed)s"'
    ),
    "threat.threat_to_find_someone_tr": pgettext_lazy(
        "screening reason", 'threat to find someone (tr): "%(typed)s"'
    ),
    "threat.threat_to_hurt": pgettext_lazy("screening reason", 'threat to hurt: "%(typed)s"'),
    "threat.threat_to_hurt_tr": pgettext_lazy(
        "screening reason", 'threat to hurt (tr): "%(typed)s"'
    ),
    "threat.threat_to_kill_or_maim": pgettext_lazy(
        "screening reason", 'threat to kill or maim: "%(typed)s"'
    ),
    "threat.threat_to_kill_tr": pgettext_lazy(
        "screening reason", 'threat to kill (tr): "%(typed)s"'
    ),
    "threat.threat_to_knock_at_the_door_tr": pgettext_lazy(
        "screening reason", 'threat to knock at the door (tr): "%(typed)s"'
    ),
    "threat.threat_to_leave_no_one_alive_tr": pgettext_lazy(
        "screening reason", 'threat to leave no one alive (tr): "%(typed)s"'
    ),
    "threat.threat_to_turn_up_at_the_door_tr": pgettext_lazy(
        "screening reason", 'threat to turn up at the door (tr): "%(typed)s"'
    ),
    "threat.veiled_threat": pgettext_lazy("screening reason", 'veiled threat: "%(typed)s"'),
    "threat.veiled_threat_tr": pgettext_lazy("screening reason", 'veiled threat (tr): "%(typed)s"'),
    "threat.wishes_someone_dead": pgettext_lazy(
        "screening reason", 'wishes someone dead: "%(typed)s"'
    ),
    "threat.wishes_someone_dead_tr": pgettext_lazy(
        "screening reason", 'wishes someone dead (tr): "%(typed)s"'
    ),
    "threat.wishes_someone_harm": pgettext_lazy(
        "screening reason", 'wishes someone harm: "%(typed)s"'
    ),
    "threat.wishes_someone_in_hell": pgettext_lazy(
        "screening reason", 'wishes someone in hell: "%(typed)s"'
    ),
    "vulgar.masked_obscenity_aimed_at_someone": pgettext_lazy(
        "screening reason", 'masked obscenity aimed at someone: "%(typed)s"'
    ),
}

#: A fixed-point placeholder, e.g. ``%(probability).2f``.
_FIXED_POINT = re.compile(r"%\((\w+)\)\.(\d)f")

#: Nesting deeper than a wrapper around a plain reason is not something the library writes.
_MAX_DEPTH = 2


def _params(raw: object) -> dict[str, str | int | float] | None:
    if not isinstance(raw, Mapping):
        return None
    values: dict[str, str | int | float] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or isinstance(value, bool):
            return None
        if not isinstance(value, str | int | float):
            return None
        values[key] = value
    return values


def render(code: str, params: Mapping[str, str | int | float], depth: int = 0) -> str:
    """The message of ``code`` in the active language (``KeyError`` for an unknown code)."""
    values = dict(params)
    if code in WRAPPERS:
        inner = params.get("reason")
        if not isinstance(inner, str) or inner in WRAPPERS or depth >= _MAX_DEPTH:
            raise KeyError(code)
        values["reason"] = render(inner, params, depth + 1)
    return _fill(str(MESSAGES[code]), values)


def _fill(message: str, values: Mapping[str, object]) -> str:
    """``message % values``, with fixed-point numbers in the active language's digits."""

    def local(match: re.Match) -> str:
        value = values[match.group(1)]
        if not isinstance(value, int | float):
            raise TypeError(f"{match.group(1)} is not a number")
        return number_format(value, int(match.group(2)))

    return _FIXED_POINT.sub(local, message) % values


def reason_text(entry: Mapping[str, object]) -> str:
    """A stored finding (``Finding.to_dict()``) as the moderator reads it; "" if it says nothing."""
    code, params = entry.get("code"), _params(entry.get("params"))
    if isinstance(code, str) and code in MESSAGES and params is not None:
        try:
            return render(code, params)
        except (KeyError, TypeError, ValueError):
            pass
    detail = entry.get("detail")
    return detail if isinstance(detail, str) else ""
