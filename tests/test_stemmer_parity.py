"""Python (build time) and the browser (query time) must analyse French text identically.

The index is built with NLTK's Snowball French stemmer; queries are stemmed in the browser by
lunr-languages' ``stemmer-fr``. Both run here on every word of the catalogue (as written and
without accents, the two forms the pipeline can feed the stemmer), then the whole pipeline runs
on every text of the catalogue on both sides. Any difference means a query would miss a module.
"""

from __future__ import annotations

import json

import pytest
import yaml

from ads_catalog import search
from ads_catalog.text import fold
from tests.support import CATALOG, NODE_MODULES, REPO, run_node

PIPELINE_JS = REPO / "docs" / "assets" / "javascripts" / "recherche-fr.js"

NODE_SCRIPT = """
const lunr = require(process.argv[1] + "/lunr");
require(process.argv[1] + "/lunr-languages/lunr.stemmer.support.js")(lunr);
require(process.argv[1] + "/lunr-languages/lunr.fr.js")(lunr);
const recherche = require(process.argv[2])(lunr);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
recherche.configure(input.settings);
const out = {
  stems: input.words.map((w) => recherche.stem(w)),
  analyses: input.texts.map((t) => recherche.analyse(t)),
};
process.stdout.write(JSON.stringify(out));
"""


def catalogue_texts() -> list[str]:
    """Every string value of every catalog/*.yml file (read as plain strings)."""
    texts: list[str] = []
    for path in sorted(CATALOG.rglob("*.yml")):
        collect_strings(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader), texts)
    return texts


def collect_strings(node: object, out: list[str]) -> None:
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, dict):
        for value in node.values():
            collect_strings(value, out)
    elif isinstance(node, list):
        for value in node:
            collect_strings(value, out)


def catalogue_words(texts: list[str]) -> list[str]:
    words = {w for text in texts for w in search.split_words(text)}
    return sorted(words | {fold(w) for w in words})


def node_pipeline(words: list[str], texts: list[str]) -> dict:
    """The browser's stemmer on ``words`` and its whole pipeline on ``texts``, in Node."""
    stdin = {"settings": search.pipeline_settings(), "words": words, "texts": texts}
    output = run_node(NODE_SCRIPT, str(NODE_MODULES), str(PIPELINE_JS), stdin=stdin, needs=("lunr", "lunr-languages"))
    return json.loads(output)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = catalogue_texts()
    # Nested values are collected too: every job title of every persona file.
    personas = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CATALOG.glob("personas/*.yml"))]
    job_titles = {job["titre"] for persona in personas for job in persona["metiers"]}
    assert job_titles and job_titles <= set(found)
    return found


@pytest.fixture(scope="module")
def node_output(texts: list[str]) -> dict:
    return node_pipeline(catalogue_words(texts), texts)


def test_nltk_and_lunr_languages_stem_every_catalogue_word_alike(texts: list[str], node_output: dict) -> None:
    words = catalogue_words(texts)
    assert set(search.split_words(texts[0])) <= set(words)
    mismatches = [
        f"{word}: NLTK {search.stem(word)!r} ≠ stemmer-fr {js!r}"
        for word, js in zip(words, node_output["stems"], strict=True)
        if search.stem(word) != js
    ]
    assert not mismatches, f"{len(mismatches)} of {len(words)} words differ:\n" + "\n".join(mismatches)


def test_python_and_browser_pipelines_agree_on_every_catalogue_text(texts: list[str], node_output: dict) -> None:
    mismatches = [
        f"{text!r}:\n  Python  {search.analyse(text)}\n  browser {js}"
        for text, js in zip(texts, node_output["analyses"], strict=True)
        if search.analyse(text) != js
    ]
    assert not mismatches, f"{len(mismatches)} of {len(texts)} texts differ:\n" + "\n".join(mismatches[:50])


def test_tricky_inputs_agree() -> None:
    tricky = [
        "L’IA générative, jusqu'à l'hôpital : « données de vie réelle »",
        "RGPD/CNIL — cœur, œuvre, Æsop, naïve, Noël, maïs",
        "e-santé   télé-consultation\u00a0HDS\u202fSNDS",
        "décomposé: e\u0301tude",
        "snake_case 3D 2027 n°1 ½",
    ]
    output = node_pipeline([], tricky)
    assert output["analyses"] == [search.analyse(t) for t in tricky]
