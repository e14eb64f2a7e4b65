"""Fixtures for the screening tests: pure unit tests, no database."""

from __future__ import annotations

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
