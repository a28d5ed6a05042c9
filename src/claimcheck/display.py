"""Text from documents and notes, made safe to show to a person.

A document or a review note may hold characters that act on the reader's display
instead of showing: control characters (terminal escape sequences start with ESC) and
the bidirectional controls that reorder what is shown (U+202E can make "3,000" read as
"000,3"). Every human-facing output passes such text through :func:`shown`.
"""

from __future__ import annotations

import re

_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """Text safe to display: each active character written as its escape ("\\x1b",
    "\\u202e"), so a reader sees that it is there and it cannot act."""
    return _ACTIVE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
