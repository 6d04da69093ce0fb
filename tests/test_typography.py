"""French typography at the root (ads_catalog/typography.py, hooks/typography.py): the pure rules,
then what a reader of the built real site sees."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from ads_catalog.typography import NARROW_NBSP as N
from ads_catalog.typography import NBSP, typeset, typeset_html
from tests.support import CATALOG


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IA en santé : comprendre", f"IA en santé{N}: comprendre"),
        ("Fin :", f"Fin{N}:"),
        ("a ; b", f"a{N}; b"),
        ("Pourquoi ? Parce que", f"Pourquoi{N}? Parce que"),
        ("Vraiment ?!", f"Vraiment{N}?!"),
        ("(pourquoi ?)", f"(pourquoi{N}?)"),
        ("Attention !", f"Attention{N}!"),
        (f"déjà{NBSP}: insécable", f"déjà{N}: insécable"),
        ("« Santé numérique »", f"«{N}Santé numérique{N}»"),
        ("«collé»", f"«{N}collé{N}»"),
        ("100 000 salariés", f"100{N}000 salariés"),
        ("1 234 567 €", f"1{N}234{N}567 €"),
        ("n° 1356", f"n°{NBSP}1356"),
        ("N° 2022-1767", f"N°{NBSP}2022-1767"),
        # only a space already there is changed
        ("9:30", "9:30"),
        ("https://ads.leem.org/?q=ia", "https://ads.leem.org/?q=ia"),
        ("sans espace: ici", "sans espace: ici"),
        ("Super :) et ;) et :D", "Super :) et ;) et :D"),
        ("09 69 39 00 00", "09 69 39 00 00"),
        ("en 2024 et 2025", "en 2024 et 2025"),
        ("3,5 000", "3,5 000"),
    ],
)
def test_typeset(text: str, expected: str) -> None:
    assert typeset(text) == expected
    assert typeset(expected) == expected  # idempotent: a page typeset twice is unchanged


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<h1 title="a : b">Titre : sous-titre</h1>', f'<h1 title="a : b">Titre{N}: sous-titre</h1>'),
        ("<p><strong>Durée</strong> : 2 h</p>", f"<p><strong>Durée</strong>{N}: 2 h</p>"),
        ("<p>« <em>mot</em>»</p>", f"<p>«{N}<em>mot</em>{N}»</p>"),
        ("<code>a : b</code> c ?", f"<code>a : b</code> c{N}?"),
        ("<pre><code>x ; y</code></pre>", "<pre><code>x ; y</code></pre>"),
        ("<script>if (a) { b ; }</script>", "<script>if (a) { b ; }</script>"),
        ("<style>a::after { content: ' :' }</style>", "<style>a::after { content: ' :' }</style>"),
        ("<textarea>a : b</textarea>", "<textarea>a : b</textarea>"),
        ("<!-- a : b --><p>a : b</p>", f"<!-- a : b --><p>a{N}: b</p>"),
        ('<a href="x?y=1 :">lien ?</a>', f'<a href="x?y=1 :">lien{N}?</a>'),
        ('<img alt="a > b : c"> d : e', f'<img alt="a > b : c"> d{N}: e'),
        ("<pre><code>a :</code> b :</pre> c :", f"<pre><code>a :</code> b :</pre> c{N}:"),
        ("</code> a : <code>b :</code> c !", f"</code> a{N}: <code>b :</code> c{N}!"),
        ("<code/> a : <SCRIPT>x ? y : z</script > d ?", f"<code/> a{N}: <SCRIPT>x ? y : z</script > d{N}?"),
        ("<p>a :\0 b</p>", "<p>a :\0 b</p>"),  # NUL, a parse error in HTML: the page is left as it is
    ],
)
def test_typeset_html_changes_text_nodes_only(markup: str, expected: str) -> None:
    assert typeset_html(markup) == expected


# --- the built real site ---------------------------------------------------------------------------

_NOT_TEXT = re.compile(r"<(script|style|code|pre|textarea|kbd|samp)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


_PLAIN = "[ \t\n\r\u00a0]"
_PLAIN_SPACE = re.compile(rf"{_PLAIN}[:;](?=\s|$)|{_PLAIN}[?!](?=\s|$|[!?)\]»….,])|{_PLAIN}»|«{_PLAIN}")
"""A plain (or wide no-break) space before « : ; ? ! » used as punctuation, or inside « »."""


def text_nodes(html: str) -> list[str]:
    return _TAG.split(_NOT_TEXT.sub("<x>", html))


def test_module_title_with_a_colon_has_a_narrow_no_break_space_in_the_built_page(real_project: Path) -> None:
    modules = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((CATALOG / "modules").glob("*.yml"))]
    module = next(m for m in modules if " : " in m["titre"])
    page = (real_project / "site" / "modules" / module["id"] / "index.html").read_text("utf-8")
    heading = html.unescape(re.search(r"<h1\b[^>]*>(.*?)</h1>", page, re.DOTALL).group(1))
    before = module["titre"].partition(" : ")[0]
    assert f"{before}{N}:" in heading
    assert " : " not in heading


def test_no_plain_space_before_high_punctuation_in_any_built_page(real_project: Path) -> None:
    pages = sorted((real_project / "site").rglob("*.html"))
    assert len(pages) > 10
    found = []
    for page in pages:
        for node in text_nodes(page.read_text("utf-8")):
            found += [f"{page.name}: {node[max(0, m.start() - 30) : m.end()]!r}" for m in _PLAIN_SPACE.finditer(node)]
    assert not found, found[:10]
