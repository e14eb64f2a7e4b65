"""Steps the browser tests share."""

from __future__ import annotations

import re


def log_in(page, server) -> None:
    """Sign in to the admin as the demo administrator, through the login form."""
    username, password = server.admin_credentials
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
