"""The choices of the CLI's options, without importing the library that defines them.

``claimcheck --help`` (and each command's own help) must start fast, so the command
modules import the pipeline only when a command runs. Typer needs an option's choices
when the command is declared, so they are spelled here, as plain enums; each command
turns a choice into the library's own value (``tests/test_cli.py`` checks both agree).
"""

from __future__ import annotations

from enum import StrEnum

#: The renderers of claimcheck.reports.FORMATS, by name.
REPORT_FORMATS = ("text", "json", "markdown", "html", "sarif", "github")


class Severity(StrEnum):
    """claimcheck.findings.Severity."""

    info = "info"
    minor = "minor"
    moderate = "moderate"
    major = "major"


class FailOn(StrEnum):
    """claimcheck.checking.FailOn."""

    conflict = "conflict"
    one_sided = "one-sided"
    any = "any"


class QueueFilter(StrEnum):
    """claimcheck.review.QueueFilter."""

    unreviewed = "unreviewed"
    conflicts = "conflicts"
    one_sided = "one-sided"


#: The field names of claimcheck.review.EDITABLE_FIELDS (``claimcheck claim set``).
EDITABLE_FIELD_NAMES = (
    "value",
    "subject",
    "speaker",
    "party",
    "cue",
    "measure",
    "side",
    "place",
    "event",
    "as_of",
)
