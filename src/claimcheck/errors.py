"""Errors that name the file and line a user must fix.

Every problem a user can cause (a bad document, a malformed claim file, an unknown
option value) is raised as :class:`InputError` so that the CLI can print it as
``path:line: message`` and exit 2 instead of showing a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ClaimcheckError(Exception):
    """Base class of every error claimcheck raises on purpose."""


class InputError(ClaimcheckError):
    """Unusable input: the message names the file and, where known, the line."""

    def __init__(self, path: str | Path | None, message: str, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(self.location() + message)

    def location(self) -> str:
        """``path:line: `` prefix, as compilers and linters print it."""
        if self.path is None:
            return ""
        if self.line is None:
            return f"{self.path}: "
        return f"{self.path}:{self.line}: "


@dataclass(frozen=True)
class InputWarning:
    """Input that was read but not all used: printed as ``path:line: warning: message``."""

    # File the warning is about.
    path: str | Path | None
    # What was not used, and what was done with it.
    message: str
    # 1-based line in the file, where known.
    line: int | None = None

    def __post_init__(self) -> None:
        if self.path is not None:
            object.__setattr__(self, "path", str(self.path))

    def __str__(self) -> str:
        where = InputError(self.path, "", self.line).location()
        return f"{where}warning: {self.message}"
