"""The words around the comments are translated once per page, and escaped like the rest."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import translation

from broadsheet.comments import rendering
from broadsheet.comments.selectors import CommentNode, PublicComment


def _thread(pk: int, *, removed: bool = False, replies: int = 1) -> CommentNode:
    def comment(number: int, gone: bool = False) -> PublicComment:
        return PublicComment(
            pk=number,
            parent_id=None,
            author_name="" if gone else f'Okur "{number}" <b>',
            text="" if gone else "Bir yorum.",
            created_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
            removed=gone,
        )

    children = [CommentNode(comment=comment(pk * 100 + n)) for n in range(1, replies + 1)]
    return CommentNode(comment=comment(pk, removed), replies=children)


def _lookups(monkeypatch, threads: list[CommentNode]) -> int:
    calls = []
    real = rendering.gettext

    def counting(message: str) -> str:
        calls.append(message)
        return real(message)

    monkeypatch.setattr(rendering, "gettext", counting)
    with translation.override("tr"):
        rendering.render_threads(threads, reply_url="/comments/articles/1/post/", reply_depth=2)
    return len(calls)


def test_lookups_do_not_grow_with_the_comments(monkeypatch):
    one = _lookups(monkeypatch, [_thread(1)])
    many = _lookups(monkeypatch, [_thread(n, removed=n % 3 == 0, replies=3) for n in range(1, 51)])
    assert one == many == 4


def test_turkish_words_are_used_and_names_stay_escaped():
    threads = [_thread(1), _thread(2, removed=True)]
    with translation.override("tr"):
        html = rendering.render_threads(threads, reply_url="/c/", reply_depth=2)
    assert 'aria-label="Okur &quot;1&quot; &lt;b&gt; adlı okurun yorumu"' in html  # noqa: RUF001
    assert ">Yanıtla</a>" in html  # noqa: RUF001
    assert "Bu yorum kaldırıldı." in html  # noqa: RUF001
    assert "1 Aralık 2026, 09:30" in html  # noqa: RUF001
    assert "<b>" not in html
