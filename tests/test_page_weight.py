"""Pages whose weight does not grow with the catalogue (issue #13): on synthetic catalogues of two
sizes, with small page sizes so that every kind of long listing is cut into pages, no generated page
grows with N, a module page keeps its size, every module of a listing is on exactly one of its pages,
and JSON-LD refers to courses by ``@id``."""

from __future__ import annotations

import json
import posixpath
import re
import statistics
import sys

import pytest
import yaml

from ads_catalog import render, site
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.render import html_pages, render_pages
from ads_catalog.sanitize import yaml_scalar
from ads_catalog.site import FACETS, Site, page_url, paginate, relative_url
from ads_catalog.templating import TEMPLATES
from ads_catalog.urls import initial_registry
from ads_catalog.validate import load_catalogue
from scripts import synthetic_catalog
from scripts.synthetic_catalog import write_catalogue
from tests.support import TODAY

PAGE_SIZE, MATRIX_COLUMNS = 20, 5
SMALL, LARGE = 60, 240
LISTED = re.compile(r'class="ads-(?:carte|nouveaute|etape)" data-id="([^"]+)"')


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Site, dict[str, str]]]:
    """The rendered pages of a synthetic catalogue of SMALL and of LARGE modules."""
    tmp = tmp_path_factory.mktemp("synthetic")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(synthetic_catalog, "TODAY", TODAY)
        patch.setattr(site, "PAGE_SIZE", PAGE_SIZE)
        patch.setattr(render, "MATRIX_COLUMNS", MATRIX_COLUMNS)
        patch.setitem(TEMPLATES.globals, "PAGE_SIZE", PAGE_SIZE)
        TEMPLATES.cache.clear()  # an imported macro template keeps the globals it was first loaded with
        found = {}
        for size in (SMALL, LARGE):
            write_catalogue(tmp / str(size), size)
            catalogue = load_catalogue(tmp / str(size))
            the_site = Site(catalogue, compute_learning_paths(catalogue), TODAY, initial_registry(catalogue, TODAY))
            found[size] = the_site, render_pages(the_site) | html_pages(the_site)
    TEMPLATES.cache.clear()  # the next tests load the templates with the real page size
    return found


def pages_of(pages: dict[str, str], first_doc: str) -> list[str]:
    """The pages of one listing, first page first, following its « Page suivante » links."""
    chain = [first_doc]
    while found := re.search(r'<a href="([^"]+)">Page suivante', pages[chain[-1]]):
        target = posixpath.normpath(page_url(chain[-1]) + found[1]) + "/"
        chain.append(next(d for d in pages if d.endswith(".md") and page_url(d) == target))
    return chain


def weights(pages: dict[str, str]) -> dict[str, int]:
    """Bytes of every generated Markdown page but the explorer (its own issue, point 3)."""
    return {d: len(text.encode()) for d, text in pages.items() if d.endswith(".md") and d != site.EXPLORER_PAGE}


def test_no_page_grows_with_the_catalogue(sized) -> None:
    small, large = weights(sized[SMALL][1]), weights(sized[LARGE][1])
    assert len(large) > len(small)
    biggest = max(large, key=large.get)
    assert large[biggest] <= 1.1 * max(small.values()), (biggest, large[biggest], max(small.values()))


def test_module_pages_keep_their_size(sized) -> None:
    def median(size: int) -> float:
        pages = weights(sized[size][1])
        return statistics.median(n for d, n in pages.items() if re.fullmatch(r"modules/[^/]+\.md", d))

    assert median(LARGE) == pytest.approx(median(SMALL), rel=0.1)


def test_every_long_listing_is_cut_into_pages_that_list_everything_once(sized) -> None:
    the_site, pages = sized[LARGE]
    listings = {"modules/index.md": the_site.all_modules(), site.NEWS_PAGE: the_site.news()}
    for facet in FACETS:
        for item_id in facet.items(the_site.catalogue):
            listings[site.doc(facet.folder, item_id)] = the_site.facet_modules(facet.folder, item_id)
    paged = 0
    for first_doc, modules in listings.items():
        chain = pages_of(pages, first_doc)
        listed = [m for d in chain for m in LISTED.findall(pages[d])]
        assert listed == [m.id for m in modules], first_doc
        assert all(len(LISTED.findall(pages[d])) <= PAGE_SIZE for d in chain)
        paged += len(chain) > 1
    assert paged >= 3, "the test should see listings of several pages"


def test_long_paths_go_on_over_pages_with_their_steps_numbered(sized) -> None:
    the_site, pages = sized[LARGE]
    long_paths = {p: path for p, path in the_site.learning_paths.items() if len(path.steps) > PAGE_SIZE}
    assert long_paths, "the test should see a path longer than a page"
    for persona_id, path in long_paths.items():
        chain = pages_of(pages, site.doc("parcours", persona_id))
        steps = [
            (m, level)
            for d in chain
            for m, level in re.findall(r'ads-etape" data-id="([^"]+)" data-niveau="([^"]+)"', pages[d])
        ]
        assert steps == [(s.module_id, s.level_id) for s in path.steps]
        assert f'<ol class="ads-etapes" data-parcours="{persona_id}" start="{PAGE_SIZE + 1}">' in pages[chain[1]]
        positions = [e["position"] for d in chain for e in front_matter_jsonld(pages[d])["itemListElement"]]
        assert positions == list(range(1, len(path.steps) + 1))


def front_matter_jsonld(page: str) -> dict:
    return json.loads(yaml.safe_load(page.split("---\n", 2)[1])["jsonld"])


def test_path_json_ld_refers_to_the_courses_module_pages_describe(sized) -> None:
    the_site, pages = sized[LARGE]
    for persona_id in the_site.learning_paths:
        for element in front_matter_jsonld(pages[site.doc("parcours", persona_id)])["itemListElement"]:
            ref = element["item"]["@id"]
            module_id = ref.split("/modules/")[1].split("/")[0]
            assert front_matter_jsonld(pages[site.doc("modules", module_id)])["@id"] == ref
            assert set(element["item"]) == {"@id"}


def test_the_matrix_goes_on_over_pages_with_the_rows_its_columns_need(sized) -> None:
    the_site, pages = sized[LARGE]
    chain = pages_of(pages, "competences/index.md")
    personas = list(the_site.catalogue.personas)
    assert len(chain) == -(-len(personas) // MATRIX_COLUMNS) > 1
    columns = [re.findall(r'<th scope="col" data-parcours="([^"]+)"', pages[d]) for d in chain]
    assert [p for page in columns for p in page] == personas
    for d, page_columns in zip(chain, columns, strict=True):
        rows = re.findall(r'<th scope="row">', pages[d])
        needed = {n.competence_id for p in page_columns for n in the_site.catalogue.personas[p].needs}
        assert len(rows) == len(needed)


def test_pages_and_their_links() -> None:
    pages = paginate("domaines/ia.md", list(range(45)), size=20)
    assert [pager.doc for pager, _ in pages] == ["domaines/ia.md", "domaines/ia/page/2.md", "domaines/ia/page/3.md"]
    assert [len(chunk) for _, chunk in pages] == [20, 20, 5]
    assert relative_url("domaines/ia/page/2.md", pages[0][0].doc) == "../../"
    assert [pager.offset for pager, *_ in paginate("modules/index.md", [], [1] * 41, size=20)] == [0, 20, 40]
    assert paginate("nouveautes/index.md", [], size=20)[0][0].docs == ("nouveautes/index.md",)


@pytest.mark.parametrize(
    "text",
    [
        '{"a":"b"}',
        "R&amp;D : l'IA",
        "#x: y",
        "- a",
        "null",
        "'q'",
        "\\",
        'x\\y "z"',
        "é « » — ’ \ufffd",
        "😀 astral",
        "a\u2028b",
        "nbsp\u00a0",
        "\ufeffbom",
        "",
        " x ",
    ],
)
def test_front_matter_is_quoted_exactly_as_pyyaml_would(text: str) -> None:
    """yaml_scalar's fast path (printable text) writes what PyYAML's emitter writes, and reads back."""
    emitted = yaml.dump(text, Dumper=yaml.SafeDumper, allow_unicode=True, default_style='"', width=sys.maxsize)
    assert yaml_scalar(text) == emitted.removesuffix("\n")
    assert yaml.safe_load(f"k: {yaml_scalar(text)}")["k"] == text
