"""The CI check at store scale: a ~10k-claim store in git, one new source, beside a scan.

    python benchmarks/store_bench.py [DOCS_DIR] [--docs 730] [--copies 1] [--keep DIR]
                                     [--from-repo DIR]

Builds a store from the first ``--docs`` PolNeAR train documents (default
``../shared/polnear/train/docs``) with ``claimcheck extract`` in a temporary git
repository, commits it, writes and commits a baseline, and then times, each as its own
``claimcheck`` process (as CI runs it):

* ``check`` with nothing new;
* ``extract`` of one new document (the next one in the folder);
* ``check`` after it, and ``check --since HEAD``;
* ``report`` of the whole store;

beside ``scan`` of the same raw documents from scratch, the baseline every figure is
given against (as a fraction of it). ``--copies K`` makes a store K times larger without
extracting K times: each further copy of a document gets a line of its own at the end
(so every claim's offsets still hold), a source id and claim ids of its own; the scan
baseline is then that of the original documents times K. The first ``check`` after a
build (or after changing many files) fills the store's cache (``.claimcheck/``); it is
timed too, as ``check (cold cache)``, and so is the check after the new document with the
cache deleted, as a fresh CI checkout runs it. Each command is timed on the clock and in
processor seconds (the latter moves less when other work shares the machine), and runs
with its bytecode written and reused, as an installed claimcheck does. Speed is measured
here, never asserted in tests. ``--from-repo DIR`` takes the extracted store from the first
commit of a repository an earlier run kept (``--keep``), to measure other sizes or
versions without extracting again.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = ROOT.parent / "shared" / "polnear" / "train" / "docs"
CLAIMCHECK = [sys.executable, "-m", "claimcheck"]


#: The commands run as an installed claimcheck does: their bytecode written once and then
#: reused (an environment that turns that off would compile every module on each run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class Timed(NamedTuple):
    """A command's wall-clock and processor seconds, and what it printed."""

    seconds: float
    cpu: float
    output: str


def _run(args: list[str], cwd: Path, check: bool = True) -> Timed:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if check and done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return Timed(seconds, cpu, done.stdout + done.stderr)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


#: Group the copied store into events again and record them, as ``extract`` does.
REGROUP = (
    "from pathlib import Path; from claimcheck.analysis import record_events; "
    "from claimcheck.config import load_config; from claimcheck.store import Store; "
    "record_events(Store.open(Path('claims')), load_config(None, store=Path('claims')))"
)

_ID = re.compile(r"\bc-[0-9a-f]{12}\b")


def _copy_store(store: Path, copies: int) -> None:
    """Add ``copies - 1`` copies of every source, each with its own ids and last line."""
    documents = sorted(p for p in store.glob("*.md") if p.name.lower() != "readme.md")
    for k in range(1, copies):
        for path in documents:
            sid = path.name[: -len(".md")]
            new = f"{sid}-copy{k}"
            text = path.read_text(encoding="utf-8")
            text = text.replace(f"id: {sid}\n", f"id: {new}\n", 1)
            # A line of the copy's own at the end: offsets of every claim still hold, and
            # the body hash in the front matter is dropped (recomputed when read).
            text = re.sub(r"^sha256: .*\n", "", text, count=1, flags=re.M)
            text += f"\nRepublished as copy {k}.\n"
            (store / f"{new}.md").write_text(text, encoding="utf-8")
            claims = store / f"{sid}.claims.yaml"
            if claims.exists():
                body = claims.read_text(encoding="utf-8").replace(
                    f"source: {sid}\n", f"source: {new}\n"
                )
                body = _ID.sub(
                    lambda m, k=k: "c-" + hashlib.sha1(f"{m[0]}{k}".encode()).hexdigest()[:12],
                    body,
                )
                (store / f"{new}.claims.yaml").write_text(body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs_dir", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--docs", type=int, default=730, help="documents in the store")
    parser.add_argument("--copies", type=int, default=1, help="store size multiplier")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--from-repo",
        type=Path,
        help="take the store from the first commit of a repository this script built "
        "(--keep) instead of extracting it again",
    )
    args = parser.parse_args()
    paths = sorted(args.docs_dir.glob("*.txt"))
    if len(paths) <= args.docs:
        raise SystemExit(f"{args.docs_dir}: need more than {args.docs} .txt documents")
    stored, new_doc = paths[: args.docs], paths[args.docs]

    work = args.keep or Path(tempfile.mkdtemp(prefix="claimcheck-store-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cpus"
    try:
        repo = work / "repo"
        if repo.exists():
            shutil.rmtree(repo)
        store = repo / "claims"
        store.mkdir(parents=True)
        shutil.copy(ROOT / "claims" / "claimcheck.toml", store / "claimcheck.toml")
        _git(repo, "init", "-q")
        _git(repo, "config", "user.email", "bench@example.org")
        _git(repo, "config", "user.name", "bench")

        if args.from_repo:
            first = subprocess.run(
                ["git", "rev-list", "--max-parents=0", "HEAD"],
                cwd=args.from_repo,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[0]
            archive = subprocess.run(
                ["git", "archive", first, "claims"], cwd=args.from_repo, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x"], cwd=repo, input=archive, check=True)
            build = 0.0
        else:
            build = _run(
                [*CLAIMCHECK, "extract", *map(str, stored), "--store", "claims"], repo
            ).seconds
        if args.copies > 1:
            _copy_store(store, args.copies)
            _run([sys.executable, "-c", REGROUP], repo)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "store")
        claims = sum(
            p.read_text(encoding="utf-8").count("\n  - id: c-") for p in store.glob("*.claims.yaml")
        )
        print(f"store: {len(stored) * args.copies} sources, {claims:,} claims ({env_note})")
        if not args.from_repo:
            print(f"{'extract (build the store)':<34} {build:8.2f} s")

        cache = store / ".claimcheck"
        shutil.rmtree(cache, ignore_errors=True)
        rows: list[tuple[str, Timed]] = [
            (
                "check (cold cache, no baseline)",
                _run([*CLAIMCHECK, "check", "claims", "--no-baseline"], repo),
            ),
            ("baseline write", _run([*CLAIMCHECK, "baseline", "write", "claims"], repo)),
        ]
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "baseline")

        scan_one = _run([*CLAIMCHECK, "scan", *map(str, stored), "-f", "json"], repo)
        scan = Timed(scan_one.seconds * args.copies, scan_one.cpu * args.copies, "")
        rows.append(("check, nothing new", _run([*CLAIMCHECK, "check", "claims"], repo)))
        rows.append(
            (
                "extract one new document",
                _run([*CLAIMCHECK, "extract", str(new_doc), "--store", "claims"], repo),
            )
        )
        after = _run([*CLAIMCHECK, "check", "claims"], repo)
        rows.append(("check after it", after))
        shutil.rmtree(cache, ignore_errors=True)  # as in a fresh CI checkout
        rows.append(("check after it, cold cache", _run([*CLAIMCHECK, "check", "claims"], repo)))
        since = _run([*CLAIMCHECK, "check", "claims", "--since", "HEAD"], repo)
        rows.append(("check --since HEAD", since))
        rows.append(("report", _run([*CLAIMCHECK, "report", "claims", "-f", "json"], repo)))

        label = "scan of the same raw documents" + (f" (x{args.copies})" if args.copies > 1 else "")
        print(f"{'':<34} {'wall':>8}   {'cpu':>8}   wall/scan  cpu/scan")
        print(f"{label:<34} {scan.seconds:8.2f} s {scan.cpu:8.2f} s   (baseline)")
        for name, timed in rows:
            print(
                f"{name:<34} {timed.seconds:8.2f} s {timed.cpu:8.2f} s   "
                f"{timed.seconds / scan.seconds:6.3f}    {timed.cpu / scan.cpu:6.3f}"
            )
        for line in (after.output + since.output).splitlines():
            if line.strip().startswith(
                ("new ", "no new", "--since", "claimcheck check", "compared")
            ):
                print("   ", line.strip())
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
