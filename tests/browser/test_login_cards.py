"""Login cards in Debian chromium: the print button, and A4 pages of whole cards, six a page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import csv_text, publish_sample_bank, roster_rows, write

pytestmark = pytest.mark.browser

MM = 96 / 25.4  # CSS pixels per millimetre
A4_CONTENT = (round((210 - 16) * MM), round((297 - 16) * MM))  # inside the 8 mm @page margin
CARDS = 12


@pytest.fixture
def cards_html(app, runner, tmp_path) -> str:
    from assessment_app.imports.cards import render_cards

    with app.app_context():
        publish_sample_bank()
        roster = write(tmp_path / "r.csv", csv_text(roster_rows(CARDS, tests="MANSOS;TEK-AK")))
        result = runner.invoke(args=["roster", "import", roster])
        assert result.exit_code == 0, result.output
        return render_cards("S1", url="https://asesmen.kotacontoh.go.id/ujian")


def test_print_button_prints_and_hides_on_paper(page, cards_html):
    page.set_content(cards_html)
    button = page.get_by_test_id("print-cards")
    expect(button).to_be_visible()
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    button.click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_test_id("login-card")).to_have_count(CARDS)


def test_a4_pages_hold_six_whole_cards(page, cards_html):
    width, height = A4_CONTENT
    page.set_viewport_size({"width": width, "height": height})
    page.set_content(cards_html)
    page.emulate_media(media="print")
    boxes = [card.bounding_box() for card in page.get_by_test_id("login-card").all()]
    assert len(boxes) == CARDS
    assert len({round(b["x"]) for b in boxes}) == 2  # two cards side by side
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
    gap = 4 * MM  # the margin under each card
    assert all(3 * (b["height"] + gap) <= height for b in boxes), "three rows must fit a page"

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert len(pages) == CARDS // 6  # six a page, none split over two
    assert re.search(rb"/MediaBox\s*\[0 0 59[45]\.\d+ 841\.\d+\]", pdf)  # A4 in points
