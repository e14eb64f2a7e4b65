"""Single-use tokens: one purpose each, retries of that purpose allowed, in the real cache."""

from __future__ import annotations

from broadsheet.core.single_use import claim, release


def test_a_token_serves_one_purpose_and_its_retries():
    assert claim("form", "token-1", "comment-a", seconds=60)
    assert claim("form", "token-1", "comment-a", seconds=60)  # the same comment again
    assert not claim("form", "token-1", "comment-b", seconds=60)
    assert claim("form", "token-2", "comment-b", seconds=60)


def test_a_released_token_can_be_used_again():
    assert claim("form", "token-3", "first try", seconds=60)
    release("form", "token-3", "another purpose")  # not its purpose: nothing happens
    assert not claim("form", "token-3", "corrected", seconds=60)
    release("form", "token-3", "first try")
    assert claim("form", "token-3", "corrected", seconds=60)
