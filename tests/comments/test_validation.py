"""``comments.submission.validation``: which characters a name, an address and a text may hold."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from broadsheet.comments.errors import CommentError
from broadsheet.comments.submission import validation

REFUSED = {
    chr(i) for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) in {"Cc", "Cs"}
}


def test_every_control_and_lone_surrogate_and_nothing_else_is_refused():
    everything = "".join(chr(i) for i in range(sys.maxunicode + 1))
    found = {m.group() for m in validation._CONTROLS.finditer(everything)}
    assert found == REFUSED
    in_text = {m.group() for m in validation._TEXT_CONTROLS.finditer(everything)}
    assert in_text == REFUSED - {"\n", "\r", "\t"}


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\ud800", "\n", "\t"])
def test_a_name_with_a_control_is_refused_and_a_text_keeps_its_line_breaks(char):
    with pytest.raises(CommentError):
        validation.check_name(f"Ayşe{char}Yılmaz")  # noqa: RUF001
    if char in "\n\t":
        validation.check_text(f"One line{char}and the next.", max_length=100)
    else:
        with pytest.raises(CommentError):
            validation.check_text(f"One line{char}and the next.", max_length=100)
