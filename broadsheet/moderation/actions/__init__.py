"""Moderation actions (``base``), their registry and the built-in ones.

Importing this package registers the built-in actions.
"""

from broadsheet.moderation.actions import builtin  # noqa: F401 - registers the actions
from broadsheet.moderation.actions.base import ModerationAction
from broadsheet.moderation.actions.registry import all_actions, get, register

__all__ = ["ModerationAction", "all_actions", "get", "register"]
