"""Staff terms match Turkish text whatever its casing (dotted and dotless i), through the site's
screener: the screening library folds both sides the same way."""

# Turkish text is full of the dotless i that ruff takes for a look-alike of "i".
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from broadsheet.moderation.models import ScreeningTerm
from tests.comments.helpers import submit

pytestmark = pytest.mark.django_db


def _wordlist_phrases(comment) -> set[str]:
    return {
        r.get("params", {}).get("phrase", "")
        for r in comment.screening["reasons"]
        if r["check"] == "wordlists"
    }


@pytest.mark.parametrize(
    "text",
    [
        "Bu yazar İzmirli dolandırıcı biri",
        "BU YAZAR İZMİRLİ DOLANDIRICI BİRİ",
        "bu yazar izmirli dolandırıcı biri",
        "BU YAZAR IZMIRLI DOLANDIRICI",
    ],
)
def test_a_staff_term_typed_with_capitals_matches_every_casing(article, text):
    ScreeningTerm.objects.create(
        phrase="İzmirli dolandırıcı", language="tr", severity="banned", category="insult"
    )
    assert _wordlist_phrases(submit(article, text=text)) == {"İzmirli dolandırıcı"}


def test_an_allowed_staff_term_in_capitals_lifts_a_shipped_term(article):
    """Allowed terms remove shipped terms (staff terms are added after them)."""
    assert "gerizekalı*" in _wordlist_phrases(submit(article, text="GERİZEKALI herif"))
    ScreeningTerm.objects.create(phrase="GERIZEKALI*", language="tr", severity="allowed")
    assert "gerizekalı*" not in _wordlist_phrases(submit(article, text="gerizekalı herif"))
