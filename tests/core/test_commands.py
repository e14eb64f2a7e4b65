"""The broadsheet command's own subcommands: serve, worker, and the error pages."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string

from broadsheet.core.management.commands.serve import gunicorn_argv


def test_serve_uses_one_process_without_a_shared_cache(settings):
    settings.REDIS_URL = ""
    argv = gunicorn_argv(bind="127.0.0.1:8123", workers=None, threads=None)
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "1"
    assert int(argv[argv.index("--threads") + 1]) > 1


def test_serve_follows_the_cpu_count_with_redis(settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    argv = gunicorn_argv(bind="127.0.0.1:8123", workers=None, threads=None)
    assert argv[argv.index("--workers") + 1] == "9"


def test_worker_refuses_when_tasks_run_in_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="BROADSHEET_WORKER=1"):
        call_command("worker", batch=True)


def test_500_page_needs_no_context():
    html = render_to_string("500.html")
    assert "Something went wrong" in html and "{%" not in html


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_serve_says_first_when_its_port_is_taken():
    from broadsheet.core.management.commands.serve import check_bind

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=rf"Cannot listen on 127.0.0.1:{port}.*BIND="):
            check_bind(f"127.0.0.1:{port}")
        with pytest.raises(CommandError, match="Cannot listen"):
            call_command("serve", bind=f"127.0.0.1:{port}", no_collectstatic=True)


@pytest.mark.django_db
def test_sync_site_points_the_default_site_at_the_base_url(settings, capsys):
    from wagtail.models import Site

    settings.BASE_URL = "https://news.example.org"
    call_command("sync_site")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "news.example.org",
        443,
        "https://news.example.org",
    )
    assert "https://news.example.org" in capsys.readouterr().out
