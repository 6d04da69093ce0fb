"""Every listing of modules uses one order: A to Z by the folded title (« Éthique » with the E)."""

from __future__ import annotations

import re
from pathlib import Path

from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.validate import load_catalogue
from tests.support import TODAY


def listed_ids(text: str) -> list[str]:
    return re.findall(r'class="ads-carte[^"]*" data-id="([a-z0-9-]+)"', text)


def test_modules_index_facet_pages_and_explorer_list_modules_in_one_order(mini_catalog: Path) -> None:
    module = mini_catalog / "modules" / "rgpd.yml"
    text = module.read_text(encoding="utf-8")
    module.write_text(re.sub(r"(?m)^titre: .*$", "titre: Éthique et RGPD", text), encoding="utf-8")
    catalogue = load_catalogue(mini_catalog)
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    everything = listed_ids(files["modules/index.md"])
    assert everything == ["ancien", "cyber", "rgpd", "ia"]  # Ancien…, Cybersécurité…, Éthique…, L'IA…
    assert listed_ids(files["catalogue/index.md"]) == everything
    facet_pages = [
        path for path in files if re.fullmatch(r"(categories|domaines|niveaux|formats|partenaires)/.+\.md", path)
    ]
    assert facet_pages
    for path in facet_pages:
        ids = listed_ids(files[path])
        assert ids == [module_id for module_id in everything if module_id in ids], path
