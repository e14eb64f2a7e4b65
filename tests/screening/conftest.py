"""Fixtures for the screening tests: pure unit tests, no database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.pipeline import Pipeline, get_pipeline
from broadsheet.screening.types import ScreeningInput


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return get_pipeline()


@pytest.fixture
def ctx() -> ScreeningContext:
    return ScreeningContext()


@pytest.fixture
def screen(pipeline):
    def _screen(text: str, **fields):
        return pipeline.screen(ScreeningInput(text, **fields))

    return _screen


#: The training corpora (read-only, outside the repository): ``../shared/corpora/screening``.
CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "screening"


def corpora_dir() -> Path:
    """The corpora folder; without it a test skips locally and FAILS under CI (``CI`` set)."""
    path = Path(os.environ.get("SCREENING_CORPORA", CORPORA))
    if not (path / "olid.jsonl").is_file():
        message = f"screening corpora not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set: corpus-driven tests must run)")
        pytest.skip(message)
    return path
