"""Screening's reasons rendered for moderators: every code the library can emit, in gettext."""

# ruff: noqa: RUF001 - a Turkish translation is the subject here

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from broadsheet.moderation.reasons import MESSAGES, reason_text
from broadsheet.screening import reasons as library
from tests.screening.test_reasons import sample_params


def test_every_code_of_the_library_has_a_message_in_the_same_english():
    table = library.table()
    with translation.override("en"):
        missing = sorted(set(table) - set(MESSAGES))
        stale = sorted(set(MESSAGES) - set(table))
        assert (missing, stale) == ([], [])
        for code, template in table.items():
            assert str(MESSAGES[code]) == template, code


@pytest.mark.parametrize("code", sorted(library.table()))
def test_every_message_renders_like_the_library(code):
    template = library.table()[code]
    params = {"reason": "spam.duplicate"} if code in library.WRAPPERS else sample_params(template)
    entry = {"code": code, "params": params, "detail": "stored"}
    with translation.override("en"):
        assert reason_text(entry) == library.render(code, params)


def test_a_stored_finding_without_a_code_shows_its_stored_detail():
    assert reason_text({"check": "rules", "detail": "insulting word"}) == "insulting word"
    assert reason_text({"check": "rules"}) == ""
    assert reason_text({"detail": 7}) == ""


@pytest.mark.parametrize(
    "entry",
    [
        {"code": "no.such_code", "params": {}, "detail": "old words"},
        {"code": "spam.link", "params": {}, "detail": "old words"},  # %(host)s missing
        {"code": "spam.links", "params": {"count": "many"}, "detail": "old words"},  # %d of a str
        {"code": "spam.link", "params": ["host"], "detail": "old words"},
        {"code": "spam.link", "params": {"host": {"x": 1}}, "detail": "old words"},
        {"code": "threat.quoted", "params": {"reason": "threat.quoted"}, "detail": "old words"},
        {"code": "threat.quoted", "params": {}, "detail": "old words"},
    ],
)
def test_a_finding_that_does_not_fit_its_message_falls_back_to_the_detail(entry):
    assert reason_text(entry) == "old words"


def test_a_wrapper_renders_the_reason_it_wraps():
    entry = {
        "code": "threat.quoted",
        "params": {"reason": "threat.threat_to_kill_or_maim", "typed": "I will kill you"},
        "detail": "stored",
    }
    with translation.override("en"):
        assert (
            reason_text(entry) == 'threat to kill or maim: "I will kill you" (in quotation marks)'
        )


def test_the_message_is_looked_up_in_the_active_language(monkeypatch):
    # A translator's entry, as the Turkish catalogue will hold it (context \x04 msgid).
    messages = trans_real.translation("tr")._catalog._catalogs[0]
    key = "screening reason\x04link to %(host)s"
    monkeypatch.setitem(messages, key, "%(host)s adresine bağlantı")
    entry = {"code": "spam.link", "params": {"host": "example.org"}, "detail": "link to x"}
    with translation.override("tr"):
        assert reason_text(entry) == "example.org adresine bağlantı"
    with translation.override("en"):
        assert reason_text(entry) == "link to example.org"


@pytest.mark.parametrize(
    ("language", "expected"), [("tr", "taciz modeli 0,87"), ("en", "abuse model 0.87")]
)
def test_a_models_probability_is_written_as_the_moderators_language_writes_numbers(
    language, expected
):
    entry = {"code": "model.abuse", "params": {"probability": 0.8712}, "detail": "stored"}
    with translation.override(language):
        assert reason_text(entry) == expected


def test_a_probability_that_is_not_a_number_falls_back_to_the_detail():
    entry = {"code": "model.abuse", "params": {"probability": "high"}, "detail": "stored"}
    with translation.override("tr"):
        assert reason_text(entry) == "stored"
