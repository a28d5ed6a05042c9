"""End to end on documents written for the tests: a two-day border war between invented
states, with real conflicts and tempting non-conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.analysis import Report, scan
from claimcheck.config import load_config_file
from tests.conftest import TESTS

CORPUS = TESTS / "data" / "corpus"


@pytest.fixture(scope="module")
def report() -> Report:
    config = load_config_file(CORPUS / "claimcheck.toml")
    return scan(sorted(CORPUS.glob("*.md")), config)


def _findings_with(report: Report, *texts: str) -> list:
    """Findings holding a claim for each of the figure texts given."""
    claims = report.claim_by_id()
    out = []
    for finding in report.findings:
        values = {claims[c].value.text for c in finding.claims}
        if all(any(text == v or v.endswith(text) for v in values) for text in texts):
            out.append(finding)
    return out


def test_casualty_figures_of_both_sides_conflict(report: Report) -> None:
    (finding,) = _findings_with(report, "31", "35", "60")
    assert finding.code == "CC101"
    assert finding.quantity == "eastmark soldiers killed (2025)"
    claims = report.claim_by_id()
    verdicts = {
        tuple(sorted((claims[v.a].value.text, claims[v.b].value.text))): v.verdict
        for v in finding.verdicts
    }
    # Eastmark raising its own toll two days later is a revision; Westmark's 60 conflicts.
    assert verdicts[("31", "35")] == "revised"
    assert verdicts[("35", "60")] == "conflict"


def test_the_two_sides_tolls_are_different_quantities(report: Report) -> None:
    assert not [f for f in _findings_with(report, "31", "18") if f.kind == "disagreement"]


def test_capture_dates_conflict_but_not_with_the_withdrawal_deadline(report: Report) -> None:
    (finding,) = _findings_with(report, "March 2", "March 3")
    assert finding.code == "CC102"
    assert not _findings_with(report, "March 20")


def test_compatible_displacement_figures_do_not_conflict(report: Report) -> None:
    assert not [f for f in _findings_with(report, "4,500", "4,000") if f.kind == "disagreement"]


def test_adversary_claim_is_one_sided_and_weaker(report: Report) -> None:
    (finding,) = _findings_with(report, "12")
    assert finding.code == "CC202"
    assert finding.party == "westmark"
    assert finding.own_side is False


def test_international_figure_is_not_one_sided(report: Report) -> None:
    assert not [f for f in _findings_with(report, "4,500") if f.kind == "one-sided"]


def test_every_claim_points_at_its_exact_text(report: Report) -> None:
    bodies = {
        p.stem: p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in CORPUS.glob("*.md")
    }
    for claim in report.claims:
        body = bodies[claim.source]
        assert body[claim.span[0] : claim.span[1]] == claim.quote
        assert claim.span[0] <= claim.value_span[0] < claim.value_span[1] <= claim.span[1]


def test_finding_ids_do_not_depend_on_file_order() -> None:
    config = load_config_file(CORPUS / "claimcheck.toml")
    paths: list[Path] = sorted(CORPUS.glob("*.md"))
    forward = {f.id for f in scan(paths, config).findings}
    backward = {f.id for f in scan(list(reversed(paths)), config).findings}
    assert forward == backward


def test_a_running_total_updated_by_one_voice_is_a_revision(tmp_path: Path) -> None:
    config = load_config_file(TESTS / "data" / "config.toml")
    first = tmp_path / "update-1.md"
    first.write_text(
        "---\npublished: 2023-03-02\n---\n"
        "As of March 1, 2023, the Ukrainian Defence Ministry had recorded 120 civilian deaths.\n",
        encoding="utf-8",
    )
    second = tmp_path / "update-2.md"
    second.write_text(
        "---\npublished: 2023-04-03\n---\n"
        "By April 2, 2023, the Ukrainian Defence Ministry had recorded 180 civilian deaths.\n",
        encoding="utf-8",
    )
    report = scan([first, second], config)
    (finding,) = report.disagreements
    assert finding.code == "CC104"
    assert finding.verdicts[0].verdict == "revised"
