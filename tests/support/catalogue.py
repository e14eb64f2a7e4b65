"""The English sentences of a package's Turkish catalogue, and a finder for them in a page.

A page rendered in Turkish must contain none of the English msgids of the catalogue. Each
msgid is cut at its placeholders and tags into literal fragments; a fragment counts if it
has a word of three letters or more, differs from its translation, and does not occur in
any Turkish translation of the catalogue itself (Turkish borrows "spam", "model", "Risk").
The page is reduced to what a person reads in the page's own content (``<main>``: Wagtail's
chrome around it speaks Wagtail's catalogue, not ours): text outside scripts and styles, and
the ``title``, ``aria-label``, ``placeholder`` and ``alt`` attributes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

_SPLIT = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdf]|<[^>]*>|\s*[\u2013\u2014…“”\"]\s*")
_WORD = re.compile(r"[A-Za-z]{3,}")
_READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]


def read_po(path: Path) -> list[Entry]:
    """The catalogue's entries (the header left out)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.strip().splitlines():
            if line.startswith("#"):
                continue
            if line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
                continue
            key, _, value = line.partition(" ")
            current = key
            fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            msgstrs = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
            entries.append(
                Entry(fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), msgstrs)
            )
    return entries


def english_fragments(entries: list[Entry]) -> dict[str, str]:
    """``fragment -> msgid`` for every fragment a Turkish page must not contain."""
    translations = " \n ".join(s for entry in entries for s in entry.msgstrs)
    found: dict[str, str] = {}
    for entry in entries:
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if english in entry.msgstrs:
                continue
            for fragment in _SPLIT.split(english):
                fragment = fragment.strip(" .,:;()·←→")
                if not _WORD.search(fragment) or _occurs(fragment, translations):
                    continue
                found.setdefault(fragment, entry.msgid)
    return found


def _occurs(fragment: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in _READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def main_region(html: str) -> str:
    """The page's ``<main>`` element, or the whole text when it has none (a message)."""
    start = html.find("<main")
    end = html.rfind("</main>")
    return html[start : end + len("</main>")] if start != -1 and end > start else html


def readable_text(html: str) -> str:
    reader = _Reader()
    reader.feed(main_region(html))
    return "\n".join(reader.parts)


def english_in(html: str, fragments: dict[str, str]) -> dict[str, str]:
    """The fragments (with their msgid) that a person would read on the page."""
    text = readable_text(html)
    return {frag: msgid for frag, msgid in fragments.items() if _occurs(frag, text)}
