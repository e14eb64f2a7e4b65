"""The English messages of the committed catalogues, and a finder for them in what readers see.

A reader-facing string left unmarked for translation stays English on a Turkish site. Its
sentence is in the catalogues' msgids whenever the same words are marked somewhere (or were,
before a template was rewritten), so rendering the pages in Turkish and finding none of those
msgids shows the marking is complete where it is checked. The list comes from the .po files
themselves (every msgid and msgid_plural whose translation differs from it), so it grows with
the catalogues and cannot be empty by accident.

Matching: a message is cut at its placeholders (``%(name)s``) and markup; a piece of two
words or more is looked for anywhere in the page's visible text (text nodes and the
attributes people read: ``aria-label``, ``placeholder``, ``title``, ``alt``); a one-word piece
("Reply", "Print") only as a whole text node or attribute, so an article's own words do not
count as a leftover label, and a label ending in a colon ("Source:") also at the start of one.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# The readers' side: the project's templates and the packages readers meet.
READER_CATALOGUES = tuple(
    REPO_ROOT / "broadsheet" / part / "locale" / "tr" / "LC_MESSAGES" / name
    for part, name in [
        (".", "django.po"),
        ("core", "django.po"),
        ("news", "django.po"),
        ("comments", "django.po"),
        ("comments", "djangojs.po"),
    ]
)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|<[^>]+>")
_READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Message:
    msgid: str
    pieces: tuple[str, ...]  # what of the English text may show on a page


def _entries(po: Path) -> list[dict[str, str]]:
    """Each entry's fields (``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``...), unquoted."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = None
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = {}, None
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries


def _pieces(text: str) -> tuple[str, ...]:
    parts = (unescape(part).strip(" \t\n:;,.()“”\"'") for part in _PLACEHOLDER.split(text))
    return tuple(part for part in parts if _WORD.search(part))


def english_messages(catalogues: tuple[Path, ...] = READER_CATALOGUES) -> list[Message]:
    """Every English message of ``catalogues`` that its Turkish translation replaces."""
    messages: list[Message] = []
    for po in catalogues:
        for entry in _entries(po):
            msgid = entry.get("msgid", "")
            if not msgid:
                continue  # the header
            translations = [value for key, value in entry.items() if key.startswith("msgstr")]
            for english in filter(None, (msgid, entry.get("msgid_plural", ""))):
                if english in translations:
                    continue  # the same in both languages ("RSS")
                pieces = _pieces(english)
                if pieces:
                    messages.append(Message(msgid=english, pieces=pieces))
    return messages


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in _READ_ATTRIBUTES and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


def visible_chunks(html: str) -> list[str]:
    """The text a reader sees or hears on ``html``: text nodes and read attributes."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return [" ".join(chunk.split()) for chunk in parser.chunks]


def english_found(chunks: list[str], messages: list[Message]) -> list[str]:
    """The English messages of which a piece shows in ``chunks`` (plain texts, not markup)."""
    whole = "\n".join(chunks)
    exact = {chunk.strip(" :;,.()“”\"'") for chunk in chunks}
    found = []
    for message in messages:
        if message.msgid.endswith(":") and any(c.startswith(message.msgid) for c in chunks):
            found.append(message.msgid)
            continue
        for piece in message.pieces:
            if (" " in piece and piece in whole) or piece in exact:
                found.append(message.msgid)
                break
    return found
