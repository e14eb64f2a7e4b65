"""Outside programs the suite drives (varnishd, nginx): found, or the test skipped or failed.

``make test`` installs them from Debian's packages when they are missing. On a developer's
machine without them the tests that need them are skipped and say so; in CI (``CI=true``) a
missing program fails those tests instead, so a broken install step cannot pass unnoticed.
"""

from __future__ import annotations

import os

import pytest


def require_tool(path: str | None, *, program: str, package: str) -> str:
    """``path`` when the program was found; otherwise skip the test, or fail it in CI."""
    if path:
        return path
    message = f"{program} is not installed (Debian: {package}; `make test` installs it)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: required in CI", pytrace=False)
    pytest.skip(message)
