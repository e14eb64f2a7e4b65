"""Events: how a lower layer tells the layers above it that something happened.

A package emits an event (a frozen dataclass of its own) with ``emit_on_commit``; packages
above it subscribe to the event's class in their ``AppConfig.ready``. The emitter never
imports its subscribers.

Invariants:
- An event emitted inside a transaction is dispatched once, after that transaction commits,
  and never if it rolls back. Outside a transaction it is dispatched at once.
- Subscribers run in the order they subscribed. One that fails is logged and does not stop
  the others, nor undo what was committed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

Subscriber = Callable[[object], None]
_subscribers: defaultdict[type, list[Subscriber]] = defaultdict(list)


def subscribe(event_type: type, subscriber: Subscriber) -> None:
    """Call ``subscriber(event)`` for every ``event_type`` dispatched (once per subscriber)."""
    if subscriber not in _subscribers[event_type]:
        _subscribers[event_type].append(subscriber)


def dispatch(event: object) -> None:
    """Run every subscriber of ``type(event)`` now."""
    for subscriber in list(_subscribers.get(type(event), ())):
        try:
            subscriber(event)
        except Exception:
            logger.exception("event subscriber %r failed on %r", subscriber, event)


def emit_on_commit(event: object) -> None:
    """Dispatch ``event`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: dispatch(event))
