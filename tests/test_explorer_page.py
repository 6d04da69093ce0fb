"""The explorer page's weight does not grow with the catalogue (issue #13): on synthetic catalogues
of two sizes, the page keeps its size, a long filter group renders a few values only, and every
value it leaves out reaches the script through the data file, with its label."""

from __future__ import annotations

import json
import re

import pytest

from ads_catalog import explorer
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.site import Site
from ads_catalog.urls import initial_registry
from ads_catalog.validate import load_catalogue
from scripts import synthetic_catalog
from scripts.synthetic_catalog import write_catalogue
from tests.support import TODAY

SMALL, LARGE = 60, 600
VALUE = re.compile(r'<input type="checkbox" id="f-([a-z]+)-[^"]+" name="\1" value="([^"]+)">')


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, str]]:
    """The explorer's files for a synthetic catalogue of SMALL and of LARGE modules."""
    tmp = tmp_path_factory.mktemp("synthetic")
    found = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(synthetic_catalog, "TODAY", TODAY)
        for size in (SMALL, LARGE):
            write_catalogue(tmp / str(size), size)
            catalogue = load_catalogue(tmp / str(size))
            site = Site(catalogue, compute_learning_paths(catalogue), TODAY, initial_registry(catalogue, TODAY))
            found[size] = explorer.explorer_files(site, vendor=False)
    return found


def test_the_explorer_page_keeps_its_size(files) -> None:
    small, large = (len(files[size][explorer.PAGE].encode()) for size in (SMALL, LARGE))
    assert large <= 1.1 * small, (small, large)


def test_a_long_filter_group_leaves_its_other_values_to_the_data_file(files) -> None:
    page, data = files[LARGE][explorer.PAGE], json.loads(files[LARGE][explorer.MODULES_DATA])
    rendered: dict[str, set[str]] = {}
    for param, value in VALUE.findall(page):
        rendered.setdefault(param, set()).add(value)
    facets = {facet["param"]: dict(facet["values"]) for facet in data["facets"]}
    assert set(rendered) == set(facets)
    long_groups = [param for param, values in facets.items() if len(values) > explorer.COLLAPSE_OVER]
    assert long_groups
    for param in long_groups:
        assert len(rendered[param]) == explorer.FIRST_VALUES
        assert rendered[param] < set(facets[param])
        assert f"Voir les {len(facets[param]) - explorer.FIRST_VALUES} autres" in page
    in_page = json.loads(page.split('id="explorateur-donnees">', 1)[1].split("</script>", 1)[0])
    assert "facets" not in in_page and in_page["donnees"].endswith("modules.json")
