"""Batches at archive scale: the scan's pipeline on Dask, results as Parquet.

``claimcheck batch`` reads documents in partitions, extracts each partition with the
same :class:`~claimcheck.extraction.pipeline.Extractor` the scan uses, groups the whole
corpus into events with the same grouping, and compares claims grouped by event with
the same comparison (:mod:`.run`); the results are Parquet datasets with the fields of
the JSON report (:mod:`.tables`), which :func:`read_batch` turns back into the
:class:`~claimcheck.analysis.Report` every output format renders.

This package sits above the pipeline and below the CLI, and it alone imports Dask and
pyarrow, and only when a batch is run or read: the library and every other command work
without the ``scale`` extra (``pip install 'claimcheck[scale]'``).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.errors import ClaimcheckError, InputError

if TYPE_CHECKING:
    from claimcheck.analysis import Report
    from claimcheck.batch.run import BatchResult
    from claimcheck.config import Config

__all__ = ["MARKER", "MissingExtra", "is_batch_output", "read_batch", "require_extra", "run_batch"]

#: The file that marks a directory as a batch's output, and says whether it is finished.
MARKER = "batch.json"
#: The value of the marker's "format" key.
BATCH_FORMAT = "claimcheck-batch"
#: Result datasets, each a directory of ``part-NNNNN.parquet`` files.
RESULTS = ("sources", "claims", "events", "findings", "failures")
#: What a batch needs beyond the library, by import name.
EXTRA_MODULES = ("dask", "distributed", "pyarrow")
INSTALL_HINT = "pip install 'claimcheck[scale]'"


class MissingExtra(ClaimcheckError):
    """The ``scale`` extra (Dask, distributed, pyarrow) is not installed."""


def require_extra(modules: tuple[str, ...] = EXTRA_MODULES) -> None:
    """Raise :class:`MissingExtra`, saying how to install it, unless ``modules`` import."""
    missing = [name for name in modules if _missing(name)]
    if missing:
        raise MissingExtra(
            f"error: {', '.join(missing)} not installed: batches need the scale extra; "
            f"install it with: {INSTALL_HINT}"
        )


def _missing(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is None
    except (ImportError, ValueError):  # a module set to None in sys.modules
        return True


def is_batch_output(path: Path) -> bool:
    """True when ``path`` is a directory a batch wrote (it holds ``batch.json``)."""
    return (path / MARKER).is_file()


def batch_info(path: Path) -> dict[str, Any]:
    """The batch's marker: format, status, inputs fingerprint, summary."""
    try:
        info = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path / MARKER, f"cannot read the batch marker: {exc}") from None
    if not isinstance(info, dict) or info.get("format") != BATCH_FORMAT:
        raise InputError(path / MARKER, f"not a claimcheck batch marker (format {BATCH_FORMAT!r})")
    return info


def run_batch(paths, out: Path, config: Config, **options: Any) -> BatchResult:
    """Run a batch (see :func:`claimcheck.batch.run.run_batch`)."""
    require_extra()
    from claimcheck.batch.run import run_batch as run

    return run(paths, out, config, **options)


def read_batch(path: Path, bodies: bool = False) -> Report:
    """A finished batch's results as the report a scan of the same documents gives.

    With ``bodies``, each source's text is read again from its file when it is still
    there (for formats that show the text).
    """
    require_extra(("pyarrow",))
    from claimcheck.batch.output import read_report

    info = batch_info(path)
    if info.get("status") != "complete":
        raise InputError(
            path,
            "the batch has not finished: run the same claimcheck batch command again to resume it",
        )
    return read_report(path, bodies)
