"""The moderation actions in the order the queue shows them.

Invariant: everything that lists actions (buttons, URLs, bulk actions, keys, help) asks
``all_actions`` or ``get``; registering an action is all it takes to add one.
"""

from __future__ import annotations

from broadsheet.moderation.actions.base import ModerationAction

_actions: dict[str, ModerationAction] = {}


def register(action: ModerationAction) -> ModerationAction:
    if action.name in _actions:
        raise ValueError(f"moderation action {action.name!r} is registered twice")
    if action.key and any(a.key == action.key for a in _actions.values()):
        raise ValueError(f"keyboard key {action.key!r} is taken")
    _actions[action.name] = action
    return action


def get(name: str) -> ModerationAction | None:
    return _actions.get(name)


def all_actions() -> list[ModerationAction]:
    return list(_actions.values())
