"""The HTML review page: exact highlights, escaping, self-containment, and a real browser.

The browser test opens the page in the system Chromium through Playwright (never a
downloaded browser) and skips with a reason when either is missing. It keeps a
screenshot in ``tests/artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimcheck.analysis import Report, analyse_store
from claimcheck.config import load_config
from claimcheck.model import Attribution, Claim, Value, ValueKind
from claimcheck.reports import FORMATS, json_format
from claimcheck.reports.html_format import highlight_body
from claimcheck.review import add_note, confirm, deprecate, set_field
from claimcheck.store import Store
from tests.conftest import TESTS, run_cli

CORPUS = TESTS / "data" / "corpus"
HOSTILE = TESTS / "data" / "review" / "hostile-wire.md"
ARTIFACTS = TESTS / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EDITOR = "Ana Editor"


class _Collect(HTMLParser):
    """Text of a fragment, and the text under each claim's figure marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[dict[str, str | None]] = []
        self.figure_text: dict[str, str] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.stack.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for attrs in self.stack:
            for claim_id in (attrs.get("data-claims") or "").split():
                self.figure_text[claim_id] = self.figure_text.get(claim_id, "") + data


def _claim(claim_id: str, body: str, span: tuple[int, int], value: tuple[int, int]) -> Claim:
    return Claim(
        id=claim_id,
        source="s",
        span=span,
        quote=body[span[0] : span[1]],
        value_span=value,
        value=Value(kind=ValueKind.number, text=body[value[0] : value[1]]),
        attribution=Attribution(speaker="Officials", speaker_span=(0, 9)),
    )


def test_highlights_are_exact_with_nested_and_overlapping_spans() -> None:
    body = "Officials said between 200 and 600 <b>people</b>, about 3,000 in all & more.\n"
    whole = (0, len(body) - 1)
    outer = (body.index("between"), body.index("600") + 3)
    inner = (body.index("200"), body.index("200") + 3)
    across = (body.index("600"), body.index("people") + 6)  # overlaps outer, crosses a tag
    last = (body.index("3,000"), body.index("3,000") + 5)
    claims = [
        _claim("c-000000000001", body, whole, outer),
        _claim("c-000000000002", body, whole, inner),
        _claim("c-000000000003", body, whole, across),
        _claim("c-000000000004", body, whole, last),
        _claim("c-000000000005", body, (0, 5000), (4000, 4001)),  # out of range: skipped
    ]
    parser = _Collect()
    parser.feed(highlight_body(body, claims))
    assert "".join(parser.text) == body
    for claim in claims[:4]:
        assert parser.figure_text[claim.id] == body[claim.value_span[0] : claim.value_span[1]]
    assert "b" not in parser.tags  # the document's own tag is text, not markup
    assert "c-000000000005" not in parser.figure_text


def _hostile_report(tmp_path: Path) -> str:
    result = run_cli("scan", HOSTILE, "--format", "html", "--config", CORPUS / "claimcheck.toml")
    return result.stdout


def test_document_markup_is_text_never_markup(tmp_path: Path) -> None:
    page = _hostile_report(tmp_path)
    assert "<script>window.pwned" not in page
    assert "onerror=" not in page.replace("onerror=&quot;", "").replace('onerror=\\"', "")
    assert "<img" not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    # Exactly two scripts, both ours: the data block and the code.
    assert page.count("<script") == 2 and page.count("</script>") == 2
    data = re.search(r'<script type="application/json" id="cc-data">(.*?)</script>', page, re.S)
    assert data is not None
    claims = json.loads(data.group(1))["claims"]
    assert any("<script>window.pwned=1</script>" in c["quote"] for c in claims.values())


def test_page_is_self_contained(tmp_path: Path) -> None:
    page = _hostile_report(tmp_path)
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert "<link" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    assert "default-src 'none'" in html.unescape(csp.group(1))


def test_json_report_does_not_carry_the_bodies(tmp_path: Path) -> None:
    documents = sorted(CORPUS.glob("*.md"))
    args = ("scan", *documents, "--config", CORPUS / "claimcheck.toml")
    payload = json.loads(run_cli(*args, "--format", "json").stdout)
    assert "bodies" not in payload
    report = Report(bodies={"s": "text"})
    assert "bodies" not in report.model_dump()
    assert "bodies" not in json_format.payload(report)
    assert "html" in FORMATS


def _reviewed_store(tmp_path: Path) -> Path:
    """The corpus and the hostile document in a store, with a few reviews made."""
    root = tmp_path / "claims"
    root.mkdir()
    shutil.copy(CORPUS / "claimcheck.toml", root / "claimcheck.toml")
    run_cli("extract", *sorted(CORPUS.glob("*.md")), HOSTILE, "--store", root)
    store = Store(root)
    claims = store.all_claims()
    by_value = {
        c.value.text: c for c in claims if c.measure == "killed" and c.value.kind.value == "number"
    }
    deprecate(store, by_value["60"].id, EDITOR, "Westmark's count of its adversary's dead")
    confirm(store, by_value["35"].id, EDITOR)
    set_field(store, by_value["31"].id, "speaker", "Eastmarker officials", EDITOR, "lede")
    add_note(store, by_value["35"].id, "Latest official toll.", EDITOR)
    return root


def test_report_command_writes_the_page(tmp_path: Path) -> None:
    root = _reviewed_store(tmp_path)
    out = tmp_path / "report.html"
    result = run_cli("report", root, "--format", "html", "-o", out)
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Westmark&#x27;s count of its adversary&#x27;s dead" in page
    report = analyse_store(Store(root), load_config(store=root))
    assert page.count('class="finding"') == len(report.disagreements)


def _browser():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    return sync_playwright


def test_page_in_a_real_browser(tmp_path: Path) -> None:
    sync_playwright = _browser()
    root = _reviewed_store(tmp_path)
    out = tmp_path / "report.html"
    run_cli("report", root, "--format", "html", "-o", out)
    report = analyse_store(Store(root), load_config(store=root))
    deprecated = next(c for c in Store(root).all_claims() if c.review.rank == "deprecated")
    thirty_five = next(c for c in report.claims if c.value.text == "35")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            requests: list[str] = []
            errors: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(out.as_uri())
            page.wait_for_load_state("load")

            # The injected script and handler never ran; the markup shows as text.
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("img").count() == 0
            hostile = page.locator('section.source[data-source="hostile-wire"] .body')
            assert "<script>window.pwned=1</script>" in hostile.inner_text()
            assert 'onerror="window.pwned=1"' in hostile.inner_text()
            assert "<img src=x" in page.locator("#src-hostile-wire h3").inner_text()

            # Disagreements, side by side, with the deprecated value shown beside them.
            findings = page.locator("article.finding")
            assert findings.count() == len(report.disagreements) >= 1
            killed = page.locator("article.finding", has_text="soldiers killed").first
            cards = killed.locator(".value-card")
            values = [v.strip() for v in cards.locator(".big").all_inner_texts()]
            assert {"31", "35", "40", "60"} <= set(values)
            assert "deprecated" in killed.locator(".value-card.rk-deprecated").inner_text()

            # Every claim's figure is highlighted, exactly.
            for claim in report.claims:
                mark = page.locator(f'mark[data-claims~="{claim.id}"]').first
                assert mark.count() == 1, claim.id
            mark = page.locator(f'mark[data-claim="{thirty_five.id}"]')
            assert mark.inner_text() == "35"

            # Clicking a claim shows its attribution and history.
            mark.click()
            detail = page.locator("#detail")
            assert detail.get_attribute("data-shown") == thirty_five.id
            text = detail.inner_text()
            assert "Eastmark's government" in text
            assert EDITOR in text and "confirm" in text and "Latest official toll." in text
            killed.locator(f'.value-card[data-claim="{deprecated.id}"]').click()
            text = detail.inner_text()
            assert "deprecate" in text and "Westmark's count of its adversary's dead" in text

            # Filters: by party, by source.
            page.select_option("#f-party", "icrc")
            assert killed.is_hidden()
            page.select_option("#f-party", "")
            assert killed.is_visible()
            page.select_option("#f-source", "hostile-wire")
            assert page.locator("section.source:visible").count() == 1
            page.select_option("#f-source", "")
            page.select_option("#f-verdict", "one-sided")
            assert findings.first.is_hidden()
            page.select_option("#f-verdict", "")

            mark.scroll_into_view_if_needed()
            mark.click()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert errors == []
            assert requests and all(url.startswith("file://") for url in requests), requests
        finally:
            browser.close()
