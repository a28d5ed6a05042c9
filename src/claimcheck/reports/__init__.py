"""Output formats. Each is one module with the same signature::

    def render(report: Report, out: TextIO) -> None

Machine formats (json) write only the payload to ``out``; messages for people go to
stderr from the CLI, never into the payload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from claimcheck.analysis import Report
from claimcheck.reports import (
    github_format,
    html_format,
    json_format,
    markdown_format,
    sarif_format,
    text_format,
)

Renderer = Callable[[Report, TextIO], None]

#: Format name -> renderer, as ``--format`` accepts them.
FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "markdown": markdown_format.render,
    "html": html_format.render,
    "sarif": sarif_format.render,
    "github": github_format.render,
}


def render(report: Report, format_name: str, out: TextIO) -> None:
    """Render ``report`` in the named format."""
    FORMATS[format_name](report, out)
