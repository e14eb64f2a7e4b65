"""Spam signals: links and domain lists, offers, shouting, repeats, duplicates, floods."""

from __future__ import annotations

from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.links_spam import (
    CLIENT_BURST,
    CLIENT_FLOOD,
    MAX_LINKS,
    check,
    duplicate_key,
    find_links,
    fingerprint,
    normalize_domain,
)
from broadsheet.screening.types import ScreeningInput


def found(text: str, ctx: ScreeningContext | None = None, **fields) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in check(ScreeningInput(text, **fields), ctx or ScreeningContext()):
        out[f.detail] = max(out.get(f.detail, 0.0), f.score)
    return out


def test_normalize_domain():
    assert normalize_domain("https://WWW.Example.com:8080/x?y") == "example.com"
    assert normalize_domain("shop.example.co.uk/") == "shop.example.co.uk"
    assert normalize_domain("someone@Mail.Example.org") == "mail.example.org"
    assert normalize_domain("") == ""


def test_find_links():
    hosts = [
        h for _, _, h in find_links("see https://a.example.com/x, www.b.org and c-d.biz. t.me/abc")
    ]
    assert hosts == ["a.example.com", "b.org", "c-d.biz", "t.me"]
    assert find_links("I agree.In fact it is fine.") == []


def test_link_count():
    few = found("Compare https://a.example.com with https://b.example.com please")
    many = found(" ".join(f"https://{c}.example.com" for c in "abcdef"))
    assert max(few.values()) < 0.35
    assert f"{6} links" in many and many["6 links"] == 0.8
    assert MAX_LINKS == 2


def test_blocked_and_allowed_domains():
    ctx = ScreeningContext(blocked_domains={"spam.example"}, allowed_domains={"broadsheet.example"})
    blocked = found("see https://www.spam.example/offer", ctx)
    assert max(blocked.values()) == 0.95
    sub = found("see http://x.spam.example", ctx)
    assert max(sub.values()) == 0.95
    allowed = found(
        "more: https://broadsheet.example/a https://broadsheet.example/b "
        "https://news.broadsheet.example/c",
        ctx,
    )
    assert allowed == {}
    assert max(found("hi", ctx, url="http://spam.example").values()) == 0.95
    assert max(found("hi", ctx, email="x@spam.example").values()) == 0.95


def test_offers():
    assert max(found("Work from home and earn $5000 a week!").values()) >= 0.6
    assert max(found("Buy cheap viagra online").values()) >= 0.6
    assert max(found("Bitcoin doubler, guaranteed profit").values()) >= 0.6
    assert max(found("Deneme bonusu veren bahis siteleri").values()) >= 0.6
    assert max(found("Free bets every day at https://bets.example.net").values()) >= 0.6
    assert found("Care workers earn £400 a week less than they should.") == {}


def test_promotional_link():
    out = found("Great article! Best online pokies here: https://pokies.example.com")
    assert max(out.values()) >= 0.6


def test_only_a_link_is_off_topic():
    f = check(ScreeningInput("https://x.example.com/offer"), ScreeningContext())
    assert "off_topic" in {x.category for x in f}


def test_shouting_and_runs():
    assert "shouting (mostly capitals)" in found("THIS IS AN OUTRAGE AND EVERYONE SHOULD BE ANGRY")
    assert "shouting (mostly capitals)" not in found("The BBC and NHS said the MoD was wrong today")
    assert any("in a row" in d for d in found("Wow!!!!!!!!!! great"))
    assert any("repeated" in d for d in found("buy buy buy buy now"))


def test_duplicates_of_recent_comments():
    spam = "Visit my channel for the best football predictions every single weekend"
    ctx = ScreeningContext(recent_texts=["older comment", spam.upper() + "!!!"])
    assert "same text posted recently" in found(spam, ctx)
    short = ScreeningContext(recent_texts=["Well said!"])
    assert "same text posted recently" not in found("well said", short)
    assert fingerprint("Hello,   WORLD!") == fingerprint("hello world")


def test_duplicates_by_stored_key():
    spam = "Visit my channel for the best football predictions every single weekend"
    key = duplicate_key(spam.upper() + "!!!")
    assert key == duplicate_key(spam) and len(key) == 32
    assert duplicate_key("Well said!") == ""
    assert duplicate_key(spam + " today") != key
    assert "same text posted recently" in found(spam, ScreeningContext(recent_keys={key}))
    other = ScreeningContext(recent_keys={duplicate_key(spam + " today")})
    assert "same text posted recently" not in found(spam, other)


def test_client_flood():
    calm = ScreeningContext(recent_posts_from_client=CLIENT_BURST - 1)
    busy = ScreeningContext(recent_posts_from_client=CLIENT_BURST)
    flood = ScreeningContext(recent_posts_from_client=3 * CLIENT_BURST)
    assert found("hello", calm) == {}
    assert max(found("hello", busy).values()) == 0.5
    assert max(found("hello", flood).values()) == 0.8
    assert f"{CLIENT_BURST} recent posts from this client" in found("hello", busy)
    more = ScreeningContext(recent_posts_from_client=CLIENT_FLOOD + 30)
    assert found("hello", more) == {f"{CLIENT_FLOOD} or more recent posts from this client": 0.8}


def test_spammy_name():
    assert found("Nice article", name="Cheap Viagra Online")
    assert found("Nice article", name="https://casino.example")
    assert found("Nice article", name="Jo Bloggs") == {}
