"""Printed from Chromium, every path page of the real catalogue is one A4 page with its QR code."""

from __future__ import annotations

import re

import pytest

from tests.support import CATALOG

PERSONAS = sorted(path.stem for path in (CATALOG / "personas").glob("*.yml"))


@pytest.fixture
def page(reused_page: object) -> object:
    """These tests only load and read pages: they share one (tests/browser/conftest.py)."""
    return reused_page


def pdf_pages(pdf: bytes) -> int:
    """Number of page objects in a PDF written by Chromium (Skia writes no object streams)."""
    assert pdf.startswith(b"%PDF-")
    assert b"/ObjStm" not in pdf
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("persona_id", PERSONAS)
def test_path_page_prints_on_one_a4_page(page, site_url: str, persona_id: str) -> None:
    page.goto(f"{site_url}parcours/{persona_id}/")
    page.emulate_media(media="print")
    qr = page.locator(".ads-imprime img")
    assert qr.is_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".ads-etape").count() > 0
    assert all(step.is_visible() for step in page.locator(".ads-etape").all())
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert pdf_pages(pdf) == 1


def test_qr_code_is_hidden_on_screen(page, site_url: str) -> None:
    page.goto(f"{site_url}parcours/{PERSONAS[0]}/")
    assert not page.locator(".ads-imprime").is_visible()
