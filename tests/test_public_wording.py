"""The public word is « parcours métier », never « persona »: no text a visitor reads or hears on
any built page (text, page title, alt, title, aria-label, placeholder, description) contains it.

Code identifiers do not count: ``persona`` inside a URL, a file path (``personas/<id>.yml``), an
attribute such as ``data-parcours`` or a script is not visible text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

WORD = re.compile(r"(?<![\w/._-])personas?(?![\w/_-]|\.yml)", re.IGNORECASE)
SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
NOT_SHOWN = ("script", "style", "template")


class VisibleText(HTMLParser):
    """Text nodes outside scripts and styles, plus the attributes a browser shows or reads out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_SHOWN:
            self.hidden_depth += 1
        values = dict(attrs)
        spoken = [values.get(name) or "" for name in SPOKEN_ATTRIBUTES]
        if tag == "meta" and values.get("name") == "description":
            spoken.append(values.get("content") or "")
        self.found += [f"{tag}[…]: {text}" for text in spoken if WORD.search(text)]

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_SHOWN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth and WORD.search(data):
            self.found.append(" ".join(data.split())[:160])


def persona_mentions(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>Choisissez votre persona.</p>", True),
        ("<h1>Parcours par PERSONA</h1>", True),
        ('<div aria-label="Matrice personas × compétences"></div>', True),
        ('<a href="../parcours/personas/x/" data-persona="x">Parcours métier</a>', False),
        ("<p>Fichiers <code>catalog/personas/&lt;id&gt;.yml</code></p>", False),
        ('<script>const persona = "x";</script><p>Parcours métier</p>', False),
    ],
)
def test_the_rule_tells_visible_text_from_identifiers(html: str, found: bool) -> None:
    assert bool(persona_mentions(html)) is found


def test_no_built_page_shows_the_word_persona(real_project: Path) -> None:
    site = real_project / "site"
    pages = sorted(site.rglob("*.html"))
    assert pages
    offending = {
        str(page.relative_to(site)): mentions
        for page in pages
        if (mentions := persona_mentions(page.read_text(encoding="utf-8")))
    }
    assert not offending, "« persona » in visible text (say « parcours métier »):\n" + "\n".join(
        f"  {page}: {mentions[:3]}" for page, mentions in offending.items()
    )
