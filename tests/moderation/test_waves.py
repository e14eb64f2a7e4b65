"""Spam waves: near-duplicate bands stored with each comment, grouped in the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation import selectors, waves
from broadsheet.moderation import site_screening as screening
from broadsheet.moderation.models import CommentNearBand
from broadsheet.screening import nearduplicates
from tests.comments.helpers import submit
from tests.moderation.test_selectors import make_comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"
WAVE = "Earn $500 a day from home with this simple trick, message me on WhatsApp for details"
VARIANTS = [
    WAVE,
    WAVE.replace("simple", "easy"),
    WAVE.replace("$500", "700"),
    WAVE.upper().replace(",", "!!"),
]
OTHER = "The harbour works start on Monday and the road will be closed for two weeks"


def _bands(comment: Comment) -> set[str]:
    return set(CommentNearBand.objects.filter(comment=comment).values_list("band", flat=True))


def _variant_found(comment: Comment) -> bool:
    return any(r.get("code") == "spam.near_duplicate" for r in comment.screening["reasons"])


@pytest.fixture
def mod_client(client):
    user = User.objects.create_user("mod", password="unused-password")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    client.force_login(user)
    return client


def test_a_submission_stores_its_bands_with_the_comments_time(article):
    comment = submit(article, text=WAVE)
    assert _bands(comment) == set(nearduplicates.near_duplicate_key(WAVE).split())
    assert set(
        CommentNearBand.objects.filter(comment=comment).values_list("created_at", flat=True)
    ) == {comment.created_at}
    assert _bands(submit(article, text="Well said!")) == set()  # too short to compare


def test_the_bands_are_written_with_the_comment_or_not_at_all(article, monkeypatch):
    real = waves.bands_of
    # A band twice breaks the (comment, band) constraint after the comment's own row.
    monkeypatch.setattr(waves, "bands_of", lambda key: [*real(key), real(key)[0]])
    with pytest.raises(IntegrityError):
        submit(article, text=WAVE)
    assert not Comment.objects.exists()  # no comment without its bands
    assert not CommentNearBand.objects.exists()


def test_a_submission_without_a_policy_move_is_one_statement_on_postgresql(article):
    submit(article, text=OTHER)  # warm: settings and statements cached
    with CaptureQueriesContext(connection) as queries:
        comment = submit(article, text=WAVE)
    writes = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"].upper()]
    if connection.vendor == "postgresql":
        assert len(writes) == 1 and writes[0].startswith("WITH parent AS (INSERT")
    else:  # the comment's INSERT and its bands', in one transaction
        assert len(writes) == 2
    assert _bands(comment) == set(nearduplicates.near_duplicate_key(WAVE).split())


def test_a_variant_of_a_recent_comment_is_flagged_from_the_stored_bands(article):
    first = submit(article, text=VARIANTS[0])
    assert not _variant_found(first)
    variant = submit(article, text=VARIANTS[1], client_ip="203.0.113.20")
    assert _variant_found(variant)
    assert not _variant_found(submit(article, text=OTHER, client_ip="203.0.113.21"))
    CommentNearBand.objects.update(created_at=timezone.now() - screening.RECENT_WINDOW * 2)
    assert not _variant_found(submit(article, text=VARIANTS[2], client_ip="203.0.113.22"))


def test_rescreening_fills_and_replaces_the_bands(article):
    old = make_comment(article, text=WAVE)  # stored before bands were kept
    edited = submit(article, text=OTHER)
    Comment.objects.filter(pk=edited.pk).update(text=VARIANTS[1])  # as an import might
    assert _bands(old) == set()
    screening.rescreen()
    assert _bands(old) == set(nearduplicates.near_duplicate_key(WAVE).split())
    assert _bands(edited) == set(nearduplicates.near_duplicate_key(VARIANTS[1]).split())
    assert CommentNearBand.objects.count() == 2 * nearduplicates.BANDS


def test_similar_counts_are_per_status_and_one_query(article):
    wave = [submit(article, text=t, client_ip=f"203.0.113.{i}") for i, t in enumerate(VARIANTS)]
    lone = submit(article, text=OTHER)
    Comment.objects.filter(pk=wave[3].pk).update(status=CommentStatus.SPAM)
    ids = [c.pk for c in (*wave, lone)]
    with CaptureQueriesContext(connection) as queries:
        counts = selectors.similar_counts(ids, status=CommentStatus.PENDING)
    assert len(queries) == 1
    assert counts == {wave[0].pk: 2, wave[1].pk: 2, wave[2].pk: 2, wave[3].pk: 3}
    assert selectors.similar_counts(ids, status=CommentStatus.SPAM) == {
        wave[0].pk: 1,
        wave[1].pk: 1,
        wave[2].pk: 1,
    }
    assert selectors.similar_counts([], status=CommentStatus.PENDING) == {}


def test_the_queue_filters_to_one_wave(article):
    wave = [submit(article, text=t, client_ip=f"203.0.113.{i}") for i, t in enumerate(VARIANTS)]
    submit(article, text=OTHER)
    page = selectors.moderation_queue(status=CommentStatus.PENDING, similar_to=wave[1].pk)
    assert {c.pk for c in page.rows} == {c.pk for c in wave}


def test_the_queue_shows_n_similar_with_constant_queries(mod_client, article):
    for i, text in enumerate(VARIANTS[:2]):
        submit(article, text=text, client_ip=f"203.0.113.{i}")
    submit(article, text=OTHER)
    mod_client.get(QUEUE)  # fills the settings and counts caches
    with CaptureQueriesContext(connection) as few:
        content = mod_client.get(QUEUE).content.decode()
    assert content.count("1 similar</a>") == 2
    assert 'href="/admin/comments/?status=pending&amp;order=risk&amp;similar=' in content
    for i, text in enumerate(VARIANTS[2:] * 5):
        submit(article, text=f"{text} {i}", client_ip=f"203.0.113.{50 + i}")
    for i in range(10):
        submit(article, text=f"{OTHER} number {i} of many", client_ip=f"198.51.100.{i}")
    mod_client.get(QUEUE)  # the counts cache again (it lasts seconds; the posts took a while)
    with CaptureQueriesContext(connection) as many:
        content = mod_client.get(QUEUE).content.decode()
    assert len(many) == len(few)
    assert "11 similar</a>" in content


def test_the_wave_link_lists_the_group(mod_client, article):
    wave = [submit(article, text=t, client_ip=f"203.0.113.{i}") for i, t in enumerate(VARIANTS)]
    lone = submit(article, text=OTHER)
    content = mod_client.get(QUEUE, {"similar": wave[0].pk}).content.decode()
    assert all(f'id="comment-{c.pk}"' in content for c in wave)
    assert f'id="comment-{lone.pk}"' not in content
    assert f"share most of their wording with comment {wave[0].pk}" in content
    assert "Clear filters" in content


def test_malformed_keys_store_nothing():
    assert waves.bands_of("") == []
    assert waves.bands_of("0abc 1def") == []
    assert waves.bands_of(" ".join(f"{i}0000000{i}" for i in range(6))) != []


def test_bands_go_with_their_comment(article):
    comment = submit(article, text=WAVE)
    Comment.objects.filter(pk=comment.pk).delete()
    assert not CommentNearBand.objects.exists()


def test_old_bands_do_not_count_as_recent(article):
    comment = submit(article, text=WAVE)
    CommentNearBand.objects.update(created_at=timezone.now() - timedelta(days=1))
    key = nearduplicates.near_duplicate_key(VARIANTS[1])
    assert screening._history(duplicate_key="", client_ip=None, near_key=key) == (
        False,
        0,
        False,
    )
    CommentNearBand.objects.filter(comment=comment).update(created_at=timezone.now())
    assert screening._history(duplicate_key="", client_ip=None, near_key=key)[2] is True
