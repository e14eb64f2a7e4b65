"""Screening of stored comments: builds the pipeline's context from the database."""

from __future__ import annotations

from broadsheet.comments.models import Comment


def screen_new_comment(comment: Comment) -> None:
    """Screen ``comment`` inside the submitting transaction and store the verdict."""


def decision_recorded(decision_id: int) -> None:
    """Count a decision towards retraining the learned model."""
