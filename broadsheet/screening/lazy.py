"""``lazy``: a cached attribute without a lock, shared by the screening modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["lazy"]

T = TypeVar("T")
V = TypeVar("V")


class lazy(Generic[T, V]):  # lower case: used like the decorator it replaces
    """``functools.cached_property`` without its lock (Python 3.11 takes one per call).

    The value is computed on first access and stored in the instance ``__dict__``
    (which also works on frozen dataclasses), after which plain attribute lookup
    finds it. Two threads racing may both compute it; the functions are pure.
    """

    def __init__(self, fn: Callable[[T], V]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: T | None, owner: type | None = None) -> V:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)
        return value
