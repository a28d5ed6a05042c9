"""Reading documents: bytes -> checked UTF-8 text -> front matter + body -> :class:`Document`.

The body is everything after a leading YAML front-matter block (``---`` line, YAML,
``---`` line), or the whole file when there is none. All offsets in claimcheck are
indices into that body, so the split must be exact and must never strip whitespace.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from claimcheck.errors import InputError
from claimcheck.model import Source, body_sha256, require_safe_source_id

FRONT_MATTER_OPEN = "---\n"
FRONT_MATTER_CLOSE = "\n---\n"


@dataclass(frozen=True)
class Document:
    """A source's metadata and body, with what is needed to turn offsets into lines."""

    # Metadata from the front matter (or derived from the file name).
    source: Source
    # The text all offsets index into.
    body: str
    # Where the document was read from.
    path: Path
    # Number of file lines before the body starts (front matter and its fences).
    body_line_offset: int = 0
    # Start offset of every body line, computed on first use.
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based file line and column of a body offset, as editors and SARIF count them."""
        if not self._line_starts:
            starts = [0]
            pos = self.body.find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = self.body.find("\n", pos + 1)
            self._line_starts.extend(starts)
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1 + self.body_line_offset, offset - self._line_starts[index] + 1


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, number of lines before the body)."""
    if text.startswith(FRONT_MATTER_OPEN):
        end = text.find(FRONT_MATTER_CLOSE, len(FRONT_MATTER_OPEN) - 1)
        if end != -1:
            header = text[len(FRONT_MATTER_OPEN) : end + 1]
            body = text[end + len(FRONT_MATTER_CLOSE) :]
            return header, body, text.count("\n", 0, end + len(FRONT_MATTER_CLOSE))
    return None, text, 0


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text of a file, or an :class:`InputError` naming the line of the first bad byte."""
    if b"\x00" in data[:8192] or b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(path, "binary file (contains NUL bytes); expected UTF-8 text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from exc
    return text.removeprefix("\ufeff")


def _front_matter_mapping(header: str, path: Path) -> dict:
    yaml = YAML(typ="safe")
    try:
        loaded = yaml.load(StringIO(header))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for '---'
        raise InputError(path, f"malformed front matter: {exc.problem or exc}", line) from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputError(path, "front matter must be a YAML mapping of fields", 2)
    return loaded


_FILE_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_file_name(path: Path) -> dt.date | None:
    """An ISO date in a file name ("ap_2016-09-12_vote.txt"), as news archives name files.

    Used as the publication date when front matter gives none, so that "on Tuesday" and
    "Sept. 11" can be placed in a year.
    """
    match = _FILE_NAME_DATE.search(path.name)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


#: Month names and their abbreviations, lower case -> month number.
MONTH_NUMBERS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DATELINE = re.compile(
    r"(?<!\d)(?:((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)"
    r"|([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s+((?:19|20)\d\d)\b"
    r"|(\d{1,2})\s+([A-Z][a-z]{2,8})\s+((?:19|20)\d\d)\b)"
)
#: Weekday names, lower case -> weekday number (Monday is 0, as in ``date.weekday()``).
WEEKDAY_NUMBERS: dict[str, int] = {
    name: index
    for index, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}


def date_in_dateline(body: str) -> dt.date | None:
    """A full date on the first line of a text, as wire copy and archived pages carry it.

    "WASHINGTON, Sept. 12, 2016 (AP) —" or a date stamp such as "date 2022-09-14" at the
    top: only the first line is read, so a date in the story is never taken for it.
    """
    first_line = body.lstrip()[:120].split("\n", 1)[0]
    match = _DATELINE.search(first_line)
    if match is None:
        return None
    try:
        if match[1]:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match[4]:
            month = MONTH_NUMBERS.get(match[4].lower())
            return dt.date(int(match[6]), month, int(match[5])) if month else None
        month = MONTH_NUMBERS.get(match[8].lower())
        return dt.date(int(match[9]), month, int(match[7])) if month else None
    except ValueError:
        return None


def source_from_mapping(mapping: dict, default_id: str, body: str, path: Path) -> Source:
    """A :class:`Source` from front-matter fields; the id defaults to the file stem and the
    publication date to an ISO date in the file name, else to the text's dateline."""
    fields = dict(mapping)
    fields.setdefault("id", default_id)
    if fields.get("published") is None and "published" not in mapping:
        fields["published"] = date_in_file_name(path) or date_in_dateline(body)
    require_safe_source_id(fields["id"], path, 2 if "id" in mapping else None)
    fields.setdefault("sha256", body_sha256(body))
    try:
        return Source.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "front matter"
        raise InputError(path, f"front matter field {where}: {first['msg']}", 2) from exc


def read_document(path: Path, max_bytes: int = 20_000_000) -> Document:
    """Read and check one document file (plain text or Markdown, front matter optional)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    if size > max_bytes:
        raise InputError(
            path, f"file is {size:,} bytes, over the limit of {max_bytes:,} (max_document_bytes)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    text = decode_text(data, path)
    header, body, line_offset = split_front_matter(text)
    if header is None and text.startswith(FRONT_MATTER_OPEN):
        raise InputError(path, "front matter opened with '---' is never closed", 1)
    mapping = _front_matter_mapping(header, path) if header is not None else {}
    source = source_from_mapping(mapping, _stem(path), body, path)
    return Document(source=source, body=body, path=path, body_line_offset=line_offset)


def _stem(path: Path) -> str:
    """File name without its extension; unsafe characters become '-'."""
    stem = path.name.split(".")[0] if path.name.endswith(".claims.yaml") else path.stem
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in stem).lstrip("._-")
    while ".." in safe:
        safe = safe.replace("..", ".")
    return safe or "document"
