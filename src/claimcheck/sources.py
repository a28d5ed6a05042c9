"""Reading documents: bytes -> checked UTF-8 text -> front matter + body -> :class:`Document`.

The body is everything after a leading front-matter block, or the whole file when there
is none: YAML between ``---`` lines (Jekyll, Pandoc, Hugo) or TOML between ``+++`` lines
(Hugo), with Unix or Windows line ends. All offsets in claimcheck are indices into that
body, so the split must be exact and must never strip whitespace: a Windows file's body
keeps its ``\r\n``.
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import math
import re
import tomllib
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any, Literal
from warnings import catch_warnings, simplefilter

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode

from claimcheck.errors import InputError, InputWarning
from claimcheck.model import Source, SourceKind, body_sha256, require_safe_source_id

#: The language of the front matter each fence opens.
FENCES: dict[str, Literal["yaml", "toml"]] = {"---": "yaml", "+++": "toml"}
#: A first line that is a fence and nothing else ("---", or "+++"), with its line end.
_OPENING_FENCE = re.compile(r"(---|\+\+\+)\r?\n")
#: The line that closes each fence: the same fence alone on a line, then a line end or
#: the end of the file.
_CLOSING_FENCE = {
    fence: re.compile(rf"^{re.escape(fence)}(?:\r?\n|\Z)", re.MULTILINE) for fence in FENCES
}


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
    # The front matter exactly as written (without its fences), or None when the file
    # has none: a store writes it back with only what claimcheck changed.
    front_matter: str | None = None
    # Its language: YAML (``---`` fences) or TOML (``+++``). The store writes YAML, so a
    # TOML front matter is written there afresh from what was read.
    front_matter_format: Literal["yaml", "toml"] = "yaml"
    # Front-matter keys claimcheck read but does not use (kept in ``source.metadata``).
    warnings: tuple[InputWarning, ...] = ()
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
    """(front matter or None, body, number of lines before the body); see
    :func:`front_matter_parts`."""
    header, body, lines_before, _language = front_matter_parts(text)
    return header, body, lines_before


def front_matter_parts(
    text: str,
) -> tuple[str | None, str, int, Literal["yaml", "toml"] | None]:
    """(front matter or None, body, number of lines before the body, its language).

    The front matter opens with a first line that is ``---`` (YAML) or ``+++`` (TOML)
    and closes at the next line that is the same fence; either line may end in ``\n``
    or ``\r\n``, so files saved on Windows read as they were meant. The front matter
    keeps its own line ends, up to the one before the closing fence; the body is the
    text after the closing fence's line end, exactly. A fence that is never closed
    gives no front matter (the reader refuses the file, naming line 1).
    """
    opening = _OPENING_FENCE.match(text)
    if opening is None:
        return None, text, 0, None
    fence = opening.group(1)
    closing = _CLOSING_FENCE[fence].search(text, opening.end())
    if closing is None:
        return None, text, 0, None
    header = text[opening.end() : closing.start()]
    lines_before = text.count("\n", 0, closing.end())
    return header, text[closing.end() :], lines_before, FENCES[fence]


def opening_fence(text: str) -> str | None:
    """The fence a text's first line is (``---`` or ``+++``), closed or not."""
    opening = _OPENING_FENCE.match(text)
    return opening.group(1) if opening else None


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text of a file, or an :class:`InputError` naming the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text; claimcheck reads UTF-8: convert the file", 1)
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


#: Front-matter keys claimcheck uses -> the :class:`Source` field each fills. Site
#: generators and CMS exports write ``date``, ``source`` and ``authors``; claimcheck's own
#: store writes the field names.
FRONT_MATTER_FIELDS: dict[str, str] = {
    "id": "id",
    "title": "title",
    "author": "author",
    "authors": "author",
    "publisher": "publisher",
    "source": "publisher",
    "url": "url",
    "published": "published",
    "date": "published",
    "language": "language",
    "tags": "tags",
    "kind": "kind",
    "perspective": "perspective",
    "notes": "notes",
    "sha256": "sha256",
}
#: Front matter nested deeper than this, or with more values than this (YAML aliases
#: can multiply a small text), is refused rather than copied into the metadata.
_MAX_DEPTH = 50
_MAX_VALUES = 100_000


def _yaml_error_line(exc: Exception, header: str) -> int | None:
    """File line of a YAML error (+1 for 1-based, +1 for the opening '---')."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return mark.line + 2
    position = getattr(exc, "position", None)  # ReaderError: a character position
    if isinstance(position, int):
        return header.count("\n", 0, position) + 2
    return None


def _key_lines(yaml: YAML, header: str) -> dict[str, int]:
    """File line of each top-level key written as a plain scalar."""
    node = yaml.compose(StringIO(header))
    lines: dict[str, int] = {}
    if not isinstance(node, MappingNode):
        return lines
    for key_node, _value in node.value:
        if isinstance(key_node.value, str):
            lines.setdefault(key_node.value, key_node.start_mark.line + 2)
    return lines


def bad_timestamp(text: str, first_line: int = 1) -> tuple[str, int] | None:
    """The first YAML timestamp of ``text`` that is no calendar date (``2021-02-30``), and
    its line, counting ``text``'s first line as ``first_line``. YAML readers raise a bare
    ``ValueError`` for one, with no position: this finds it."""
    try:
        with catch_warnings():
            simplefilter("ignore")
            found = _bad_timestamp(YAML(typ="safe"), text)
    except (YAMLError, ValueError, TypeError, RecursionError):
        return None
    return None if found is None else (found[0], found[1] + first_line - 2)


def _bad_timestamp(yaml: YAML, header: str) -> tuple[str, int] | None:
    """The first YAML timestamp that is no calendar date (``2021-02-30``), and its line."""
    stack = [yaml.compose(StringIO(header))]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node.value, str):
            if node.tag.endswith(":timestamp"):
                try:
                    dt.date.fromisoformat(node.value[:10])
                except ValueError:
                    return node.value, node.start_mark.line + 2
        elif isinstance(node.value, list):
            for item in reversed(node.value):
                stack.extend(reversed(item) if isinstance(item, tuple) else [item])
    return None


def load_front_matter(header: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter as a mapping with text keys, and the file line of each key.

    Anything that is not a YAML mapping of fields is an :class:`InputError` naming the
    line where that is known: bad YAML, a date that is no date, nesting without end.
    """
    yaml = YAML(typ="safe")
    try:
        with catch_warnings():  # ruamel warns of reused anchors; they are legal YAML
            simplefilter("ignore")
            lines = _key_lines(yaml, header)
            loaded = YAML(typ="safe").load(StringIO(header))
    except MarkedYAMLError as exc:
        raise InputError(
            path, f"malformed front matter: {exc.problem or exc}", _yaml_error_line(exc, header)
        ) from exc
    except YAMLError as exc:
        message = str(exc).split("\n", 1)[0]
        raise InputError(
            path, f"malformed front matter: {message}", _yaml_error_line(exc, header)
        ) from exc
    except (ValueError, OverflowError) as exc:  # a timestamp that is no calendar date
        bad = _bad_timestamp(YAML(typ="safe"), header)
        if bad is None:
            raise InputError(path, f"malformed front matter: {exc}", None) from exc
        raise InputError(
            path, f"malformed front matter: {bad[0]!r} is not a calendar date ({exc})", bad[1]
        ) from exc
    except TypeError as exc:  # a mapping or list used as a key
        raise InputError(path, f"malformed front matter: {exc}", None) from exc
    except RecursionError as exc:
        raise InputError(path, "malformed front matter: nested too deeply", 2) from exc
    if loaded is None:
        return {}, lines
    if not isinstance(loaded, dict):
        raise InputError(path, "front matter must be a YAML mapping of fields", 2)
    budget = [_MAX_VALUES]
    mapping: dict[str, Any] = {}
    for key, value in loaded.items():
        name = _key_text(key)
        if name in mapping:
            raise InputError(path, f"front matter key {name!r} is given twice", lines.get(name))
        mapping[name] = _plain(value, path, lines.get(name), budget)
    return mapping, lines


#: Where tomllib says an error is: "(at line 3, column 7)".
_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")
#: A top-level TOML key at the start of a line: bare, or quoted, maybe dotted.
_TOML_KEY = re.compile(r"""[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+)[ \t]*[.=]""")
#: A table header, ``[params]`` or ``[[menu.main]]``: its first key.
_TOML_TABLE = re.compile(
    r"""\[\[?[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+)[ \t]*[.\]]"""
)


def toml_key_lines(header: str) -> dict[str, int]:
    """File line of each top-level key of a TOML front matter (+1 for the ``+++`` line).

    tomllib gives no positions, so the lines are read for ``key =`` (or ``key.sub =``)
    at their start before the first ``[table]`` header, and for the header of each table
    (``[params]``, ``[[menu.main]]``: the key ``params``, ``menu``) after it.
    """
    lines: dict[str, int] = {}
    in_tables = False
    for number, line in enumerate(header.splitlines(), start=2):
        stripped = line.lstrip()
        if stripped.startswith("["):
            in_tables = True
            match = _TOML_TABLE.match(stripped)
        else:
            match = None if in_tables else _TOML_KEY.match(line)
        if match:
            key = match.group(1)
            if key[0] in "\"'":
                key = key[1:-1]
            lines.setdefault(key, number)
    return lines


def load_toml_front_matter(header: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """:func:`load_front_matter` for TOML (Hugo's ``+++`` fences), through tomllib.

    A TOML error names the file line tomllib points at; values are made plain and
    bounded as YAML ones are (a time of day alone is kept as its text).
    """
    try:
        loaded = tomllib.loads(header)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_AT.search(message)
        line = None
        if where is not None:
            message = message[: where.start()]
            line = int(where.group(1)) + 1 if where.group(1) else header.count("\n") + 1
        raise InputError(path, f"malformed front matter: {message}", line) from None
    except RecursionError:
        raise InputError(path, "malformed front matter: nested too deeply", 2) from None
    lines = toml_key_lines(header)
    budget = [_MAX_VALUES]
    mapping = {key: _plain(value, path, lines.get(key), budget) for key, value in loaded.items()}
    return mapping, lines


def _key_text(key: object) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return "null" if key is None else str(key).lower()
    if isinstance(key, dt.date):
        return key.isoformat()
    return str(key)


def _plain(value: Any, path: Path, line: int | None, budget: list[int], depth: int = 0) -> Any:
    """YAML values -> plain JSON-like values (text keys, lists), within size limits.

    What JSON cannot hold is kept as YAML text: ``.nan`` and ``.inf``, ``!!binary`` bytes
    as their base64.
    """
    budget[0] -= 1
    if depth > _MAX_DEPTH or budget[0] < 0:
        what = "nested too deeply" if depth > _MAX_DEPTH else "too many values"
        raise InputError(path, f"malformed front matter: {what}", line)
    if isinstance(value, dict):
        return {
            _key_text(key): _plain(item, path, line, budget, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item, path, line, budget, depth + 1) for item in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(item, path, line, budget, depth + 1) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, float) and not math.isfinite(value):
        return {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[str(value)]  # JSON has none
    if value is None or isinstance(value, (str, bool, int, float, dt.date)):
        return value
    return str(value)


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


_WEEKDAY = r"(?:(?P<weekday>[A-Za-z]{3,9})\.?,?\s+)?"
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
#: What may follow a written date: a time of day, with anything after it (zone, seconds).
_TIME = r"(?:[\sT,]+(?:at\s+)?\d{1,2}[:.]\d\d\b.*)?"
_WRITTEN_DATES = [
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.S),  # March 2, 2021
    re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}", re.S),  # 2 Mar 2021
    re.compile(rf"{_YEAR}[-/.](?P<month>\d{{1,2}})[-/.]{_DAY}{_TIME}", re.S),  # 2021/3/2
]


def parse_date_text(text: str) -> dt.date | None:
    """The calendar date a front-matter date is written as, or None when it is none.

    ISO dates and date-times ("2021-03-02", "2021-03-02T14:30:00+01:00"), written dates
    ("March 2, 2021", "2 March 2021", "Tue, 02 Mar 2021 14:30:00 GMT" as feeds write it)
    and "2021/03/02". A time keeps the date as written, whatever its zone. Dates such as
    "03/02/2021" that read differently in different countries are no date.
    """
    text = text.strip()
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            value = parse(text)
        except ValueError:
            continue
        return value.date() if isinstance(value, dt.datetime) else value
    for pattern in _WRITTEN_DATES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        weekday = match.groupdict().get("weekday")
        if weekday and not _is_weekday(weekday):
            return None
        month_text = match["month"]
        month = int(month_text) if month_text.isdigit() else MONTH_NUMBERS.get(month_text.lower())
        if month is None:
            return None
        try:
            return dt.date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            return None
    return None


def _is_weekday(word: str) -> bool:
    word = word.lower()
    return any(name.startswith(word) for name in WEEKDAY_NUMBERS) and len(word) >= 3


def _field_error(key: str, message: str, path: Path, line: int | None) -> InputError:
    return InputError(path, f"front matter field {key}: {message}", line)


def _kind_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value!r}"


def _text_value(key: str, value: Any, path: Path, line: int | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise _field_error(key, f"expected text, not {_kind_name(value)}", path, line)


def _text_list(key: str, value: Any, path: Path, line: int | None, split: bool) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    texts: list[str] = []
    for item in items:
        if isinstance(item, (list, dict)):
            raise _field_error(key, "expected text or a list of text", path, line)
        text = _text_value(key, item, path, line)
        if text is not None:
            parts = text.split(",") if split else [text]
            texts.extend(part.strip() for part in parts if part.strip())
    return texts


def _date_value(key: str, value: Any, path: Path, line: int | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    date = parse_date_text(value) if isinstance(value, str) else None
    if date is None:
        raise _field_error(
            key, f"{_kind_name(value)} is not a date (write it as 2021-03-02)", path, line
        )
    return date


def front_matter_value(key: str, value: Any, path: Path, line: int | None = None) -> Any:
    """The value of the :class:`Source` field a front-matter key fills, as the key gives it.

    ``author`` and ``tags`` may be text or lists (a ``tags`` text is split at commas),
    dates may be written in any form :func:`parse_date_text` reads; an unusable value is
    an :class:`InputError` naming the key as written.
    """
    name = FRONT_MATTER_FIELDS[key]
    if name == "published":
        return _date_value(key, value, path, line)
    if name in ("author", "tags"):
        return _text_list(key, value, path, line, split=name == "tags")
    if name == "id":
        return require_safe_source_id(value, path, line)
    if name == "kind":
        if value is None:
            return SourceKind.other
        text = _text_value(key, value, path, line)
        try:
            return SourceKind(text)
        except ValueError:
            kinds = ", ".join(kind.value for kind in SourceKind)
            raise _field_error(key, f"{text!r} is not one of {kinds}", path, line) from None
    return _text_value(key, value, path, line)


def source_from_mapping(
    mapping: dict,
    default_id: str,
    body: str,
    path: Path,
    lines: dict[str, int] | None = None,
    warnings: list[InputWarning] | None = None,
) -> Source:
    """A :class:`Source` from front-matter fields; the id defaults to the file stem and the
    publication date to an ISO date in the file name, else to the text's dateline.

    Keys claimcheck does not use are kept in ``metadata``, each with a warning appended
    to ``warnings``; ``lines`` gives the file line of each key for messages.
    """
    lines = lines or {}
    fields: dict[str, Any] = {}
    given_by: dict[str, str] = {}
    metadata: dict[str, Any] = {}
    for key, value in mapping.items():
        key = str(key)
        line = lines.get(key, 2)
        name = FRONT_MATTER_FIELDS.get(key)
        if name is None:
            metadata[key] = value
            if warnings is not None:
                warnings.append(
                    InputWarning(
                        path,
                        f"front matter key {key!r} is not one claimcheck uses; kept as metadata",
                        lines.get(key),
                    )
                )
            continue
        converted = front_matter_value(key, value, path, line)
        if name in fields and fields[name] != converted:
            raise _field_error(
                key,
                f"{value!r} disagrees with {given_by[name]}: {mapping[given_by[name]]!r}",
                path,
                line,
            )
        fields[name] = converted
        given_by[name] = key
    if "id" not in fields:
        fields["id"] = require_safe_source_id(default_id, path)
    if "published" not in fields:
        # A file named by the id its front matter gives (as a store names its documents)
        # carries no date in its name: "2000-01-01.md" of `id: 2000-01-01` is that name.
        named_by_id = "id" in given_by and fields["id"] == _stem(path)
        fields["published"] = (None if named_by_id else date_in_file_name(path)) or (
            date_in_dateline(body)
        )
    fields.setdefault("sha256", body_sha256(body))
    fields["metadata"] = metadata
    try:
        return Source.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        key = given_by.get(name, name) or "front matter"
        where = ".".join([key, *(str(part) for part in first["loc"][1:])])
        raise _field_error(where, first["msg"], path, lines.get(key, 2)) from exc


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
    header, body, line_offset, language = front_matter_parts(text)
    if header is None and opening_fence(text):
        raise InputError(
            path, f"front matter opened with '{opening_fence(text)}' is never closed", 1
        )
    if header is None:
        mapping: dict[str, Any] = {}
        lines: dict[str, int] = {}
    elif language == "toml":
        mapping, lines = load_toml_front_matter(header, path)
    else:
        mapping, lines = load_front_matter(header, path)
    warnings: list[InputWarning] = []
    source = source_from_mapping(mapping, _stem(path), body, path, lines, warnings)
    return Document(
        source=source,
        body=body,
        path=path,
        body_line_offset=line_offset,
        front_matter=header,
        front_matter_format=language or "yaml",
        warnings=tuple(warnings),
    )


def _stem(path: Path) -> str:
    """File name without its extension; unsafe characters become '-'."""
    stem = path.name.split(".")[0] if path.name.endswith(".claims.yaml") else path.stem
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in stem).lstrip("._-")
    while ".." in safe:
        safe = safe.replace("..", ".")
    return safe or "document"
