"""``core.rows.insert`` writes the row ``save(force_insert=True)`` writes, signals included,
and stores a row's children with it or not at all."""
# ruff: noqa: RUF001 - Turkish letters are the point

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.signals import post_save, pre_save
from django.forms.models import model_to_dict

from broadsheet.comments.models import Comment
from broadsheet.core import rows
from broadsheet.moderation.models import CommentNearBand
from tests.comments.helpers import submit

pytestmark = pytest.mark.django_db

TEXT = "Quotes \" and ' and <b>markup</b>, Turkish İıŞş, an emoji 🙂 and a\nnew line."


def _comment(article, key: str, **fields) -> Comment:
    values = {
        "article_id": article.pk,
        "author_name": "Ayşe <Yılmaz>",
        "author_email": "ayse@example.org",
        "text": TEXT,
        "client_ip": "2001:db8::7",
        "idempotency_key": key,
        "risk": 0.125,
        "screening": {"risk": 0.125, "reasons": [{"code": "x", "params": {"n": 1}}]},
        "duplicate_key": "abc",
    }
    return Comment(**{**values, **fields})


def _stored(pk: int) -> dict:
    found = model_to_dict(Comment.objects.get(pk=pk))
    found.pop("id")
    found.pop("idempotency_key")
    return found


def test_the_same_row_as_save_on_this_database(article):
    parent = submit(article)
    by_save = _comment(article, "by-save", parent=parent)
    by_save._fill_thread()
    by_save.save(force_insert=True)
    by_insert = _comment(article, "by-insert", parent=parent, created_at=by_save.created_at)
    by_insert.status_changed_at = by_save.status_changed_at
    by_insert.thread_started_at = by_save.thread_started_at
    by_insert.insert_new()
    assert by_insert.pk and by_insert.pk != by_save.pk
    assert not by_insert._state.adding and by_insert._state.db == "default"
    assert _stored(by_insert.pk) == _stored(by_save.pk)
    stored = Comment.objects.get(pk=by_insert.pk)
    assert (stored.text, stored.thread_id) == (TEXT, parent.pk)


def test_signals_are_sent_as_save_sends_them(article):
    seen = []

    def before(sender, instance, **kwargs):
        seen.append(("pre", instance.pk, kwargs["raw"]))

    def after(sender, instance, created, **kwargs):
        seen.append(("post", instance.pk, created))

    pre_save.connect(before, sender=Comment)
    post_save.connect(after, sender=Comment)
    try:
        comment = _comment(article, "signals")
        rows.insert(comment)
    finally:
        pre_save.disconnect(before, sender=Comment)
        post_save.disconnect(after, sender=Comment)
    assert seen == [("pre", None, False), ("post", comment.pk, True)]


def test_a_duplicate_is_refused_and_nothing_else_changes(article):
    rows.insert(_comment(article, "once"))
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert(_comment(article, "once", text="Another text"))
    assert list(Comment.objects.filter(idempotency_key="once").values_list("text", flat=True)) == [
        TEXT
    ]


def test_an_expression_goes_through_the_orm(article):
    comment = _comment(article, "expression", risk=Value(0.5))
    rows.insert(comment)
    assert Comment.objects.get(pk=comment.pk).risk == 0.5


def _bands(comment: Comment, count: int) -> rows.Children:
    return rows.Children(
        CommentNearBand,
        "comment",
        ("band", "created_at"),
        [(f"b{i:08d}", comment.created_at) for i in range(count)],
    )


def test_children_are_stored_with_the_row(article):
    comment = _comment(article, "children")
    rows.insert(comment, _bands(comment, 3))
    stored = CommentNearBand.objects.filter(comment=comment).order_by("band")
    assert [(b.band, b.created_at) for b in stored] == [
        (f"b{i:08d}", comment.created_at) for i in range(3)
    ]
    assert Comment.objects.get(pk=comment.pk).text == TEXT


def test_many_children_fit_the_databases_parameter_limit(article):
    comment = _comment(article, "many")
    rows.insert(comment, _bands(comment, 700))  # 2,100 values: several statements on SQLite
    assert CommentNearBand.objects.filter(comment=comment).count() == 700


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_child_stores_nothing_even_in_autocommit(article):
    comment = _comment(article, "refused-child")
    children = _bands(comment, 2)
    twice = rows.Children(children.model, children.parent, children.columns, [*children.rows] * 2)
    with pytest.raises(IntegrityError):
        rows.insert(comment, twice)  # the (comment, band) constraint, after the row's INSERT
    assert not Comment.objects.filter(idempotency_key="refused-child").exists()
    assert not CommentNearBand.objects.exists()


def test_no_children_is_a_plain_insert(article):
    comment = _comment(article, "no-children")
    rows.insert(comment, _bands(comment, 0))
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert not CommentNearBand.objects.exists()
