"""The French analysis pipeline (elision, stop words, stems, accents, synonyms) and the index."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from lunr.index import Index
from lunr.tokenizer import Tokenizer

from ads_catalog import explorer, search, search_index
from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths, format_minutes
from ads_catalog.model import Catalogue, Status
from ads_catalog.text import fold, sort_key
from ads_catalog.validate import load_catalogue
from tests.support import FIXTURES, NODE_MODULES, REPO, TODAY, run_node


@pytest.fixture(scope="module")
def mini_payload() -> dict:
    return search.search_payload(load_catalogue(FIXTURES / "mini"))


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("l'intelligence", "intelligence"),
        ("L’intelligence", "intelligence"),  # curly apostrophe
        ("d'usage", "usage"),
        ("qu'une donnée", "donnée"),
        ("jusqu'aux données", "données"),
        ("lorsqu’un patient", "patient"),
        ("puisqu'elle évalue", "évalue"),
        ("n'importe", "importe"),
        ("s'inscrire", "inscrire"),
        ("c'est l'IA", "IA"),
        ("j'apprends", "apprends"),
        ("m'informer t'informer", "informer informer"),
    ],
)
def test_elided_articles_are_dropped(text: str, same_as: str) -> None:
    assert search.analyse(text) == search.analyse(same_as)


def test_upper_and_lower_case_give_the_same_terms() -> None:
    assert search.analyse("RGPD Cybersécurité") == search.analyse("rgpd cybersécurité")


def test_punctuation_and_slashes_split_words() -> None:
    assert search.analyse("RGPD/CNIL, (santé).") == search.analyse("rgpd cnil santé")


def test_stop_words_are_dropped() -> None:
    assert search.analyse("les données de la santé et du patient") == search.analyse("données santé patient")
    assert search.analyse("de la et du") == []


def test_no_acronym_is_a_stop_word() -> None:
    terms = {group.term for group in search.synonym_groups()}
    assert not terms & search.stop_words()


def test_plural_and_inflections_share_a_stem() -> None:
    assert search.analyse("données") == search.analyse("donnée")
    assert search.analyse("médicaux") == search.analyse("médical")


def test_index_terms_carry_no_accent() -> None:
    terms = search.analyse("Cybersécurité, télésurveillance, pharmacovigilance, éthique, œuvre")
    assert all(term.isascii() for term in terms), terms


def test_fold_removes_accents_and_ligatures() -> None:
    assert fold("Télésurveillance à l'hôpital, cœur, ÉTÉ") == "Telesurveillance a l'hopital, coeur, ETE"


@pytest.mark.parametrize(
    ("phrase", "acronym"),
    [
        ("intelligence artificielle", "IA"),
        ("Intelligences artificielles", "ia"),
        ("pharmacovigilance", "PV"),
        ("données de vie réelle", "RWE"),
        ("donnees de vie reelle", "RWE"),
        ("thérapies numériques", "DTx"),
        ("dispositif médical numérique", "DMN"),
        ("Health Data Hub", "HDH"),
        ("cybersécurité", "cyber"),
        ("hébergement de données de santé", "HDS"),
        ("système national des données de santé", "SNDS"),
        ("règlement général sur la protection des données", "RGPD"),
    ],
)
def test_a_phrase_also_indexes_its_acronym(phrase: str, acronym: str) -> None:
    assert set(search.analyse(acronym)) <= set(search.analyse(phrase))


def test_an_acronym_alone_is_not_expanded_into_common_words() -> None:
    # "ia" must not turn into "intelligence": a query for IA would match "intelligence économique".
    assert search.analyse("IA") == ["ia"]


def test_synonym_phrase_must_be_contiguous() -> None:
    assert "ia" not in search.analyse("intelligence économique et recherche artificielle")


def test_every_synonym_variant_yields_its_canonical_term() -> None:
    raw = yaml.safe_load((search.DATA_DIR / "synonymes.yml").read_text(encoding="utf-8"))
    for entry in raw:
        canonical = search.analyse(entry["terme"])
        for variant in entry["variantes"]:
            assert set(canonical) <= set(search.analyse(variant)), (entry["terme"], variant)


def test_serialized_index_names_the_registered_french_pipeline(mini_payload: dict) -> None:
    names = [label for _fn, label in search.PIPELINE]
    assert mini_payload["index"]["pipeline"] == names
    assert names == ["ads-fr-elision", "ads-fr-stop-words", "ads-fr-synonyms", "ads-fr-stemmer", "ads-fr-fold"]


def test_index_reloads_and_finds_modules_and_personas(mini_payload: dict) -> None:
    index = Index.load(search_index.expand_index(json.loads(json.dumps(mini_payload["index"]))))

    def refs(query: str) -> list[str]:
        return [mini_payload["documents"][int(hit["ref"])] for hit in index.search(query)]

    assert refs("intelligence artificielle")[0] == "module:ia"
    assert refs("cybersécurité")[0] == "module:cyber"
    assert any(ref.startswith("parcours:") for ref in refs("visiteur"))


TOKENIZER_TEXTS = [
    "",
    "  -- ",
    "Données de santé\u00a0: l'IA-générative, e-santé\tet\ntélé-expertise\r\n\f\vfin",
    "İstanbul ẞ ΣΑΣ Œuvre\u2009fine\u202fespace – tiret — long",
    "a-b--c---",
    "https://ads.leem.org/x?y=1&z=2 (mailto:a@b.fr)",
]


@pytest.mark.parametrize("text", TOKENIZER_TEXTS)
def test_our_tokenizer_gives_lunrs_tokens(text: str) -> None:
    def shown(tokens: list) -> list[tuple[str, dict]]:
        return [(str(token), token.metadata) for token in tokens]

    assert shown(search.tokens(text)) == shown(Tokenizer(text))


def test_compact_index_expands_back_to_lunrs_index() -> None:
    docs = search.numbered(search.documents(load_catalogue(FIXTURES / "mini")))
    serialized = search.build_index(docs).serialize()
    builder = search.index_builder(docs)
    builder.build()
    compact = search_index.compact_index(builder)
    expanded = search_index.expand_index(json.loads(json.dumps(compact)))
    assert len(json.dumps(compact)) < len(json.dumps(serialized)) / 2
    assert _by_term(expanded) == _by_term(serialized)
    assert expanded["pipeline"] == serialized["pipeline"] and expanded["version"] == serialized["version"]


def _by_term(serialized: dict) -> tuple[dict, dict]:
    """An index's postings and vectors keyed by term instead of lunr's term numbers."""
    inverted = serialized["invertedIndex"]
    term_of = {posting["_index"]: term for term, posting in inverted}
    postings = {term: {f: sorted(p[f]) for f in serialized["fields"]} for term, p in inverted}
    vectors = {
        key: {term_of[flat[i]]: flat[i + 1] for i in range(0, len(flat), 2)} for key, flat in serialized["fieldVectors"]
    }
    return postings, vectors


def test_vocabulary_keeps_accents_for_query_restoration(mini_payload: dict) -> None:
    vocabulary = mini_payload["vocabulary"]
    assert vocabulary == sorted(vocabulary)
    assert "santé" in vocabulary
    assert not set(vocabulary) & search.stop_words()


def test_browser_settings_carry_the_data_files(mini_payload: dict) -> None:
    settings = mini_payload["settings"]
    assert "de" in settings["stopWords"]
    assert ["ia", [["ia"], ["intelligent", "artificiel"]]] in settings["synonyms"]
    assert "jusqu" in settings["elisions"]


# --- the explorer page (ads_catalog/explorer.py), server side ------------------------------------


def explorer_page(folder: Path) -> tuple[Catalogue, str, dict]:
    catalogue = load_catalogue(folder)
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    page = files["catalogue/index.md"]
    data = re.search(r'<script type="application/json" id="explorateur-donnees">(.*?)</script>', page, re.S)
    return catalogue, page, json.loads(data.group(1))


def test_explorer_lists_every_module_as_a_card_without_javascript() -> None:
    catalogue, page, _data = explorer_page(FIXTURES / "mini")
    results = re.search(r'<ol id="resultats"[^>]*>(.*)</ol>', page, re.S).group(1)
    assert sorted(re.findall(r'data-id="([^"]+)"', results)) == sorted(catalogue.modules)
    assert f'<span id="nb-resultats">{len(catalogue.modules)}</span>' in page
    assert 'href="../modules/ia/"' in page
    assert 'href="../domaines/"' in page  # static index pages for visitors without JavaScript


def test_explorer_front_matter_is_json_and_files_include_index_and_vendor_scripts() -> None:
    catalogue = load_catalogue(FIXTURES / "mini")
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    front = files["catalogue/index.md"].split("---\n")[1]
    assert yaml.safe_load(front)["title"] == "Catalogue des formations"
    payload = json.loads(files["assets/generated/recherche.json"])
    assert payload["index"]["pipeline"][0] == "ads-fr-elision"
    assert files["assets/vendor/lunr.min.js"].startswith(b"/**")
    assert set(files) >= {"assets/vendor/lunr.stemmer.support.min.js", "assets/vendor/lunr.fr.min.js"}


def unpacked_modules(data: dict) -> dict[str, dict]:
    """The explorer's compact module data back to ids: {module: {param: [ids], "levels": [...]}}."""
    values = {f["param"]: [pair[0] for pair in f["values"]] for f in data["facets"]}

    def ids(param: str, packed: int | list[int]) -> list[str]:
        return [values[param][i] for i in (packed if isinstance(packed, list) else [packed])]

    modules = {}
    for module_id, own, levels, next_session in data["modules"]:
        entry: dict = {p: ids(p, v) for p, v in zip(data["moduleFields"], own, strict=True)}
        entry["levels"] = [
            {**{p: ids(p, v) for p, v in zip(data["levelFields"], lv, strict=False)}, "minutes": lv[-1]}
            for lv in levels
        ]
        entry["next"] = next_session
        modules[module_id] = entry
    return modules


def test_explorer_facet_data_matches_the_catalogue() -> None:
    catalogue, page, data = explorer_page(FIXTURES / "mini")
    assert [f["param"] for f in data["facets"]] == [
        "categorie", "domaine", "niveau", "format", "duree", "disponibilite", "partenaire", "parcours", "competence",
    ]  # fmt: skip
    scopes = {f["param"]: f["scope"] for f in data["facets"]}
    assert [p for p, scope in scopes.items() if scope == "level"] == data["levelFields"]
    assert data["levelFields"] == ["niveau", "format", "duree", "competence"]
    modules = unpacked_modules(data)
    ia = modules["ia"]
    assert ia["domaine"] == [catalogue.modules["ia"].domain_id]
    assert "sessions-a-venir" in ia["disponibilite"]
    assert ia["next"]  # the next session's date
    # One entry per level: its level, formats, duration band, competences and minutes.
    for level, packed in zip(catalogue.modules["ia"].levels, ia["levels"], strict=True):
        assert packed["niveau"] == [level.level_id]
        assert packed["format"] == list(level.format_ids)
        assert packed["duree"] == [explorer.duration_band(level.duration_minutes)]
        assert packed["competence"] == list(dict.fromkeys(g.competence_id for g in level.gains))
        assert packed["minutes"] == level.duration_minutes
    archived = [m.id for m in catalogue.modules.values() if m.status is Status.ARCHIVED]
    assert archived
    assert all(modules[m]["disponibilite"][0] == "archive" for m in archived)
    order = [entry[0] for entry in data["modules"]]
    for pid, path in compute_learning_paths(catalogue).items():
        assert [order[i] for i in data["paths"][pid]] == list(dict.fromkeys(step.module_id for step in path.steps))
    count = re.search(r'for="f-niveau-acculturation">[^<]*<span class="ads-compte" data-compte>\((\d+)\)', page)
    expected = sum(any(lv.level_id == "acculturation" for lv in m.levels) for m in catalogue.modules.values())
    assert int(count.group(1)) == expected


def test_explorer_cards_list_each_level_with_its_formats_and_duration() -> None:
    catalogue, page, _data = explorer_page(FIXTURES / "mini")
    card = re.search(r'<li class="ads-carte[^"]*" data-id="ia">(.*?)</li>\n', page, re.S).group(1)
    for level in catalogue.modules["ia"].levels:
        item = re.search(rf'<li data-niveau="{level.level_id}">([^<]*)</li>', card).group(1)
        assert item.startswith(catalogue.levels[level.level_id].title + " · ")
        assert all(catalogue.formats[f].title in item for f in level.format_ids)
        assert item.endswith(" · " + format_minutes(level.duration_minutes))


EXPLORER_TAGS = {
    "p", "div", "form", "label", "input", "fieldset", "legend", "ul", "li", "span", "button", "section",
    "h2", "h3", "ol", "a", "dl", "dt", "dd", "nav", "script", "select", "option",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_explorer_escapes_hostile_partner_text() -> None:
    catalogue, page, data = explorer_page(FIXTURES / "xss")
    parser = _Tags()
    parser.feed(page.split("---\n", 2)[2])
    names = {tag for tag, _attrs in parser.tags}
    assert names <= EXPLORER_TAGS
    assert [tag for tag, _ in parser.tags].count("script") == 1 + len(explorer.SCRIPTS)
    handlers = [(tag, name) for tag, attrs in parser.tags for name, _value in attrs if name.startswith("on")]
    assert handlers == []
    links = [value for _tag, attrs in parser.tags for name, value in attrs if name in ("href", "src", "action")]
    assert all(not (value or "").strip().lower().startswith(("javascript:", "data:")) for value in links)
    island = re.search(r'id="explorateur-donnees">(.*?)</script>', page, re.S).group(1)
    assert "<" not in island and ">" not in island and "&" not in island
    assert sorted(entry[0] for entry in data["modules"]) == sorted(catalogue.modules)  # the escaped JSON parses back


# --- the browser's query side (recherche-fr.js) in node, on the small catalogue ---------------------

NODE_SEARCH = """
const lunr = require(process.argv[1] + "/lunr");
require(process.argv[1] + "/lunr-languages/lunr.stemmer.support.js")(lunr);
require(process.argv[1] + "/lunr-languages/lunr.fr.js")(lunr);
const recherche = require(process.argv[2])(lunr);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const searcher = new recherche.Searcher(input.payload);
const out = {};
for (const q of input.queries) {
  const r = searcher.search(q);
  out[q] = r && {modules: r.modules.map((m) => m.id), parcours: r.paths.map((p) => p.id), approche: r.approximate};
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def browser_search(mini_payload: dict) -> Callable[..., dict]:
    script = REPO / "docs" / "assets" / "javascripts" / "recherche-fr.js"

    def run(*queries: str) -> dict:
        stdin = {"payload": mini_payload, "queries": list(queries)}
        output = run_node(NODE_SEARCH, str(NODE_MODULES), str(script), stdin=stdin, needs=("lunr", "lunr-languages"))
        return json.loads(output)

    return run


NODE_EXPAND = """
const recherche = require(process.argv[1])(require(process.argv[2] + "/lunr"));
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(recherche.expandIndex(input)));
"""


def test_browser_computes_the_same_index_as_lunr_from_the_compact_form(mini_payload: dict) -> None:
    script = REPO / "docs" / "assets" / "javascripts" / "recherche-fr.js"
    output = run_node(NODE_EXPAND, str(script), str(NODE_MODULES), stdin=mini_payload["index"], needs=("lunr",))
    serialized = search.build_index(search.numbered(search.documents(load_catalogue(FIXTURES / "mini")))).serialize()
    assert _by_term(json.loads(output)) == _by_term(serialized)


def test_query_with_or_without_accents_gives_the_same_results(browser_search: Callable[..., dict]) -> None:
    found = browser_search("cybersécurité", "cybersecurite", "CYBERSECURITE", "donnees de sante", "données de santé")
    assert found["cybersecurite"]["modules"][0] == "cyber"
    assert found["cybersécurité"] == found["cybersecurite"] == found["CYBERSECURITE"]
    assert found["donnees de sante"] == found["données de santé"]
    assert found["données de santé"]["modules"][0] == "rgpd"


def test_typos_and_prefixes_still_find_the_module(browser_search: Callable[..., dict]) -> None:
    found = browser_search("cybersecurit", "cybersécuritée", "hameconage", "cybers", "hébergem")
    assert found["cybersecurit"]["modules"][0] == "cyber"  # prefix of the folded word
    assert found["cybersécuritée"]["modules"][0] == "cyber"  # one letter too many
    assert found["hameconage"]["modules"][0] == "cyber"  # one letter missing, no accent
    assert found["cybers"]["modules"][0] == "cyber"
    assert found["hébergem"]["modules"][0] == "rgpd"


def test_every_query_word_must_match_unless_none_does(browser_search: Callable[..., dict]) -> None:
    found = browser_search("rgpd santé", "rgpd hameçonnage", "zzzz")
    assert found["rgpd santé"] == {"modules": ["rgpd"], "parcours": [], "approche": False}
    # No module has both words: the modules with either are offered, flagged as approximate.
    assert found["rgpd hameçonnage"]["approche"] is True
    assert set(found["rgpd hameçonnage"]["modules"]) == {"rgpd", "cyber"}
    assert found["zzzz"] == {"modules": [], "parcours": [], "approche": False}


def test_a_job_title_query_returns_its_persona(browser_search: Callable[..., dict]) -> None:
    found = browser_search("visiteur medical", "délégué médical", "technicienne de maintenance")
    assert found["visiteur medical"]["parcours"] == ["terrain"]
    assert found["délégué médical"]["parcours"] == ["terrain"]  # another name of the same job
    assert found["technicienne de maintenance"]["parcours"] == ["production"]


def test_stop_words_only_is_no_query(browser_search: Callable[..., dict]) -> None:
    assert browser_search("de la", "  ")["de la"] is None


# --- the explorer at scale: paged list without JavaScript, card data in blocks ----------------------


def test_explorer_list_is_paged_and_card_blocks_cover_every_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explorer, "PAGE_CARDS", 2)
    monkeypatch.setattr(explorer, "CARD_BLOCK", 3)
    catalogue, page, data = explorer_page(FIXTURES / "mini")
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    titles = [m.title for m in sorted(catalogue.modules.values(), key=lambda m: sort_key(m.title))]
    pages = [page] + [files[f"catalogue/page/{n}.md"] for n in range(2, -(-len(titles) // 2) + 1)]
    listed = [re.findall(r'class="ads-carte__titre"><a href="[^"]*">([^<]*)</a>', p) for p in pages]
    assert [html.unescape(t) for shown in listed for t in shown] == titles
    assert all(len(shown) == 2 for shown in listed[:-1])
    for number, text in enumerate(pages, start=1):
        nav = re.search(r'<nav class="ads-pagination[^"]*"[^>]*>(.*?)</nav>', text, re.S).group(1)
        assert re.findall(r"<a href=[^>]*>(\d+)</a>", nav) == [str(n) for n in range(1, len(pages) + 1) if n != number]
        assert f'<a aria-current="page">{number}</a>' in nav
    blocks = [json.loads(files[f"assets/generated/explorateur/{n}.json"]) for n in range(-(-len(titles) // 3))]
    assert [entry[1] for block in blocks for entry in block] == titles
    moved = json.loads(files["assets/generated/explorateur/modules.json"])
    assert "modules" not in data and "paths" not in data
    assert data["donnees"] == "../assets/generated/explorateur/modules.json"
    assert [entry[0] for block in blocks for entry in block] == [entry[0] for entry in moved["modules"]]
    assert set(moved["paths"]) == set(catalogue.personas)
    assert data["pageSize"] == 2 and data["cards"] == {"base": "../assets/generated/explorateur/", "block": 3}


def test_explorer_small_catalogue_has_one_page_and_no_card_blocks() -> None:
    catalogue, page, _data = explorer_page(FIXTURES / "mini")
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    assert "ads-pagination" not in page
    assert not [path for path in files if path.startswith(("catalogue/page/", "assets/generated/explorateur/"))]
