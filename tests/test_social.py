"""Sharing: OpenGraph/Twitter meta on every page, social card images, QR codes, embeddable snippets."""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import segno
import yaml
from PIL import Image, ImageChops

from ads_catalog import card_cache, glyphs, social
from ads_catalog.build import site_files
from ads_catalog.learning_paths import compute_learning_paths
from ads_catalog.model import Registry
from ads_catalog.site import SITE_URL
from ads_catalog.social import CARD_SIZE, _fit
from ads_catalog.urls import initial_registry
from ads_catalog.validate import load_catalogue
from tests.support import CATALOG, FIXTURES, TODAY, run_cli


class Head(HTMLParser):
    """The ``<meta property|name>`` values, and the iframe-unsafe elements, of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found.get("property") or found.get("name")
        if tag == "meta" and key and found.get("content") is not None:
            self.meta[key] = found["content"] or ""
        if tag == "script":
            self.scripts.append(found)


def head(page: Path) -> Head:
    parsed = Head()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture(scope="module")
def site(real_project: Path) -> Path:
    return real_project / "site"


def material_pages(site: Path) -> list[Path]:
    """Every page MkDocs rendered (redirect pages and embeddable snippets are static files)."""
    return [
        p for p in sorted(site.rglob("*.html")) if 'name="generator" content="mkdocs-' in p.read_text(encoding="utf-8")
    ]


def local_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL)


def test_every_page_has_og_and_twitter_meta_with_an_existing_image(site: Path) -> None:
    pages = material_pages(site)
    assert len(pages) > len(list(CATALOG.glob("modules/*.yml"))) + len(list(CATALOG.glob("personas/*.yml")))
    for page in pages:
        meta = head(page).meta
        for key in ("og:title", "og:description", "og:image", "twitter:card", "twitter:title", "twitter:image"):
            assert meta.get(key), f"{page.relative_to(site)}: no {key}"
        image = local_file(site, meta["og:image"])
        assert image.is_file(), f"{page.relative_to(site)}: {meta['og:image']} missing"
        with Image.open(image) as picture:
            assert picture.format == "PNG"
            assert picture.size == CARD_SIZE


def test_module_and_path_pages_have_their_own_card_and_canonical_url(site: Path) -> None:
    for kind, folder in (("modules", "modules"), ("parcours", "personas")):
        for source in sorted((CATALOG / folder).glob("*.yml")):
            meta = head(site / kind / source.stem / "index.html").meta
            assert meta["og:image"] == f"{SITE_URL}assets/generated/cartes/{kind}/{source.stem}.png"
            assert meta["og:url"] == f"{SITE_URL}{kind}/{source.stem}/"


@pytest.mark.parametrize("built", ["mini_project", "real_project"])
def test_meta_values_are_the_partner_text_escaped_once(request: pytest.FixtureRequest, built: str) -> None:
    """Read back by an HTML parser, meta values are the YAML text (mini's summaries hold apostrophes)."""
    root = request.getfixturevalue(built)
    for module_file in sorted((root / "catalog" / "modules").glob("*.yml")):
        module = yaml.safe_load(module_file.read_text(encoding="utf-8"))
        meta = head(root / "site" / "modules" / module_file.stem / "index.html").meta
        assert (meta["og:title"], meta["og:description"]) == (module["titre"], module["resume"]), module_file.name


def test_cards_fit_long_titles_in_three_lines() -> None:
    face, lines = _fit(
        "Travailler avec les outils collaboratifs et l'IA générative au quotidien " * 3, CARD_SIZE[0] - 120
    )
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(face.getlength(line) <= CARD_SIZE[0] - 120 for line in lines)


@pytest.mark.parametrize("catalog", [CATALOG, FIXTURES / "mini"], ids=["reel", "mini"])
def test_path_card_says_the_step_count_and_total_of_the_path_page(
    monkeypatch: pytest.MonkeyPatch, catalog: Path
) -> None:
    """The text fed to the card renderer reads « N étapes · durée » with the N and the duration
    the path page shows (a module taken at two levels is two steps on both)."""
    fed: dict[str, str] = {}

    def fake_draw(label: str, title: str, facts: str, footer: str) -> bytes:
        fed[f"{label}:{title}"] = facts
        return b""

    monkeypatch.setattr(social, "draw_card", fake_draw)
    monkeypatch.setenv(card_cache.ENV_WORKERS, "1")  # drawn here, where ``fed`` is, not in a pool process
    catalogue = load_catalogue(catalog)
    files = site_files(catalogue, compute_learning_paths(catalogue), TODAY)
    for persona in catalogue.personas.values():
        page = files[f"parcours/{persona.id}.md"]
        steps = int(re.search(r"<dt>Étapes</dt><dd>(\d+)</dd>", page).group(1))
        assert page.count('<li class="ads-etape"') == steps
        total = re.search(r"<dt>Durée totale</dt><dd>([^<]+)</dd>", page).group(1)
        facts = fed[f"Parcours:{persona.title}"].split(" · ")
        assert facts[:2] == [f"{steps} étape{'s' if steps > 1 else ''}", total], persona.id


def test_every_module_and_path_has_a_qr_code_of_its_short_link(site: Path) -> None:
    for kind, folder in (("modules", "modules"), ("parcours", "personas")):
        for source in sorted((CATALOG / folder).glob("*.yml")):
            svg = site / "assets" / "generated" / "qr" / kind / f"{source.stem}.svg"
            root = ET.parse(svg).getroot()
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
            page = (site / kind / source.stem / "index.html").read_text(encoding="utf-8")
            short = re.search(r'<a id="lien-court" href="[^"]+">(https://[^<]+)</a>', page).group(1)
            assert root.findtext("{http://www.w3.org/2000/svg}title") == short
            assert f'href="../../assets/generated/qr/{kind}/{source.stem}.svg" download' in page


def svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (row, column) drawn by segno's SVG path (« M x y » moves, « h n » runs)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, numbers in re.findall(r"([mMh])([-\d. ]+)", path):
        values = [float(v) for v in numbers.split()]
        if command == "h":
            dark |= {(int(y), int(x) + i) for i in range(int(values[0]))}
            x += values[0]
        else:
            x, y = (x + values[0], y + values[1]) if command == "m" else (values[0], values[1])
    return dark


def test_a_qr_code_is_its_short_link_at_error_level_m_or_better_with_mask_0() -> None:
    """The code a phone reads: the documented options (error correction at least M, raised when the
    version has room; data mask 0), smallest version; the SVG draws exactly that matrix."""
    for url in (f"{SITE_URL}m/3/", f"{SITE_URL}p/1234567/"):
        expected = segno.make(url, error="m", mask=0, micro=False)
        assert expected.error in ("M", "Q", "H") and expected.version <= 3
        border = 2
        matrix = {(r + border, c + border) for r, row in enumerate(expected.matrix) for c, v in enumerate(row) if v}
        assert svg_modules(social.qr_svg(url)) == matrix, url


def test_qr_svg_is_the_one_segnos_own_writer_gives() -> None:
    """Written by hand for speed, the SVG is byte for byte what segno's writer gives (escaped title)."""
    for url in (f"{SITE_URL}m/3/", f"{SITE_URL}p/1234567/", f"{SITE_URL}m/<&>/"):
        out = io.BytesIO()
        qr = segno.make(url, error="m", mask=0, micro=False)
        qr.save(out, kind="svg", scale=4, border=2, title=url, dark="#000000")
        assert social.qr_svg(url) == out.getvalue().decode("utf-8")


def test_qr_codes_are_svg_images_shown_on_path_pages(site: Path) -> None:
    for source in sorted((CATALOG / "personas").glob("*.yml")):
        svg = site / "assets" / "generated" / "qr" / "parcours" / f"{source.stem}.svg"
        root = ET.parse(svg).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        page = (site / "parcours" / source.stem / "index.html").read_text(encoding="utf-8")
        assert f'src="../../assets/generated/qr/parcours/{source.stem}.svg"' in page


def test_embeddable_snippet_is_self_contained_and_escapes_partner_text(mini_catalog: Path) -> None:
    persona_file = mini_catalog / "personas" / "terrain.yml"
    persona_file.write_text(
        persona_file.read_text(encoding="utf-8").replace(
            "titre: Force terrain", 'titre: "Terrain <script>alert(1)</script>"'
        ),
        encoding="utf-8",
    )
    catalogue = load_catalogue(mini_catalog)
    paths = compute_learning_paths(catalogue)
    files = site_files(catalogue, paths, TODAY)
    snippet = files["integrer/parcours/terrain.html"]
    parsed = head_of_text(snippet)
    assert parsed.scripts == []
    assert "Terrain &lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert snippet.count("<li ") == len(paths["terrain"].steps)
    assert f'href="{SITE_URL}parcours/terrain/"' in snippet
    assert "<link" in snippet and "stylesheet" not in snippet, "no external resource"


def head_of_text(text: str) -> Head:
    parsed = Head()
    parsed.feed(text)
    return parsed


# --- card cache and cold path (issue #13, point 1) ---------------------------------------------------


@pytest.fixture(scope="module")
def mini_inputs() -> tuple:
    catalogue = load_catalogue(FIXTURES / "mini")
    return catalogue, compute_learning_paths(catalogue)


def card_files(inputs: tuple, cards: card_cache.CardCache | None, registry: Registry | None = None) -> dict:
    """The cards (PNG) and QR codes (SVG) of a build."""
    files = site_files(*inputs, TODAY, registry, vendor=False, cards=cards)
    return {path: content for path, content in files.items() if path.endswith((".png", ".svg"))}


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the cards and the URLs of the QR codes actually drawn (not taken from the cache)."""
    drawn: list[str] = []
    draw, qr_svg = social.draw_card, social.qr_svg

    def counting(label: str, title: str, facts: str, footer: str) -> bytes:
        drawn.append(title)
        return draw(label, title, facts, footer)

    def counting_qr(url: str) -> str:
        drawn.append(url)
        return qr_svg(url)

    monkeypatch.setattr(social, "draw_card", counting)
    monkeypatch.setattr(social, "qr_svg", counting_qr)
    return drawn


def test_second_build_draws_no_card_nor_qr_code_and_gives_the_same_bytes(
    tmp_path: Path, mini_inputs: tuple, draws: list[str]
) -> None:
    cold = card_files(mini_inputs, None)
    assert len(draws) == len(cold) > 6
    assert sum(path.endswith(".svg") for path in cold) > 3
    first = card_files(mini_inputs, card_cache.CardCache(tmp_path / "cache"))
    assert len(draws) == 2 * len(cold)
    second = card_files(mini_inputs, warm := card_cache.CardCache(tmp_path / "cache"))
    assert len(draws) == 2 * len(cold), "the second build drew cards or QR codes the cache holds"
    assert (warm.hits, warm.misses) == (len(cold), 0)
    assert cold == first == second


def test_a_changed_title_redraws_only_its_card(tmp_path: Path, mini_inputs: tuple, draws: list[str]) -> None:
    catalogue, paths = mini_inputs
    card_files(mini_inputs, card_cache.CardCache(tmp_path / "cache"))
    module = next(iter(catalogue.modules.values()))
    renamed = dataclasses.replace(module, title="Un titre tout neuf")
    changed = dataclasses.replace(catalogue, modules={**catalogue.modules, module.id: renamed})
    draws.clear()
    card_files((changed, paths), card_cache.CardCache(tmp_path / "cache"))
    assert draws == ["Un titre tout neuf"]


def test_a_changed_short_link_redraws_only_its_card_and_its_qr_code(
    tmp_path: Path, mini_inputs: tuple, draws: list[str]
) -> None:
    catalogue, _ = mini_inputs
    registry = initial_registry(catalogue, TODAY)
    card_files(mini_inputs, card_cache.CardCache(tmp_path / "cache"), registry)
    module = next(iter(catalogue.modules.values()))
    code = max(entry.code for entry in registry.modules.values()) + 1
    moved = dataclasses.replace(registry.modules[module.id], code=code)
    changed = dataclasses.replace(registry, modules={**registry.modules, module.id: moved})
    draws.clear()
    files = card_files(mini_inputs, card_cache.CardCache(tmp_path / "cache"), changed)
    assert sorted(draws) == sorted([module.title, f"{SITE_URL}m/{code}/"])
    assert f"<title>{SITE_URL}m/{code}/</title>" in files[f"assets/generated/qr/modules/{module.id}.svg"]


def test_corrupt_or_foreign_cache_entries_are_drawn_again(tmp_path: Path, mini_inputs: tuple, draws: list[str]) -> None:
    cold = card_files(mini_inputs, card_cache.CardCache(tmp_path / "cache"))
    entries = sorted((tmp_path / "cache").rglob("*.card"))
    assert len(entries) == len(cold)
    entries[0].write_bytes(entries[0].read_bytes()[:-100])  # truncated
    entries[1].write_bytes(entries[2].read_bytes())  # another card's entry
    damaged = bytearray(entries[3].read_bytes())
    damaged[-200] ^= 0xFF  # one flipped byte inside the PNG
    entries[3].write_bytes(bytes(damaged))
    draws.clear()
    assert card_files(mini_inputs, card_cache.CardCache(tmp_path / "cache")) == cold
    assert len(draws) == 3
    draws.clear()
    card_files(mini_inputs, card_cache.CardCache(tmp_path / "cache"))
    assert draws == [], "the damaged entries were not replaced"


def test_build_without_a_usable_cache_folder_draws_every_card(
    tmp_path: Path, mini_inputs: tuple, draws: list[str]
) -> None:
    cold = card_files(mini_inputs, None)
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    unusable = card_cache.CardCache(tmp_path / "a-file" / "cache")  # cannot be created: as read-only
    assert card_files(mini_inputs, unusable) == cold
    assert len(draws) == 2 * len(cold)


def test_cache_keeps_this_build_and_prunes_the_oldest_others(tmp_path: Path, mini_inputs: tuple) -> None:
    cache = card_cache.CardCache(tmp_path / "cache", limit=0)
    for n in range(5):  # entries of other builds: foreign to this catalogue
        cache.put(card_cache.card_key("autre", ("modules", str(n))), social.draw_card("M", str(n), "", ""))
    built = card_files(mini_inputs, cache)
    assert len(list((tmp_path / "cache").rglob("*.card"))) == len(built)
    roomy = card_cache.CardCache(tmp_path / "cache", limit=len(built) + 2)
    for n in range(5):
        roomy.put(card_cache.card_key("autre", ("modules", str(n))), social.draw_card("M", str(n), "", ""))
    card_files(mini_inputs, roomy)
    assert len(list((tmp_path / "cache").rglob("*.card"))) == len(built) + 2


def test_cards_drawn_by_a_process_pool_come_in_order_and_equal_serial_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [("modules", "Module", f"Titre numéro {n}", f"{n} niveaux", "pied") for n in range(8)]
    serial = social.draw_chunk(jobs)
    monkeypatch.setattr(card_cache, "POOL_MIN", 2)
    monkeypatch.setenv(card_cache.ENV_WORKERS, "2")
    assert card_cache.draw_all(jobs, social.draw_chunk) == serial
    assert len(set(serial)) == len(jobs)


def test_cache_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(card_cache.ENV_DIR, raising=False)
    assert card_cache.from_env().folder == Path(".cache/cartes")
    monkeypatch.setenv(card_cache.ENV_DIR, str(tmp_path))
    assert card_cache.from_env().folder == tmp_path
    monkeypatch.setenv(card_cache.ENV_DIR, "off")
    assert card_cache.from_env() is None


def test_a_card_shows_its_title_in_as_many_lines_as_it_needs() -> None:
    """The title is drawn in ink, line by line, and only the title area differs between two cards."""
    ink = tuple(int(social.INK[i : i + 2], 16) for i in (1, 3, 5))
    for title in ("Cybersécurité", "Travailler avec les outils collaboratifs et l'IA générative au quotidien"):
        face, lines = _fit(title, CARD_SIZE[0] - 120)
        with Image.open(io.BytesIO(social.draw_card("Module", title, "2 niveaux", "pied"))) as card:
            picture = card.convert("RGB")
        step = int(face.size * 1.18)
        bands = [picture.crop((0, 170 + i * step, CARD_SIZE[0], 170 + (i + 1) * step)) for i in range(len(lines) + 1)]
        inked = [{colour: n for n, colour in band.getcolors(1 << 16)}.get(ink, 0) for band in bands]
        assert all(inked[: len(lines)]), (title, inked)
        assert inked[len(lines)] == 0, (title, inked)
    one = Image.open(io.BytesIO(social.draw_card("Module", "Cybersécurité", "2 niveaux", "pied"))).convert("RGB")
    two = Image.open(io.BytesIO(social.draw_card("Module", "Données de santé", "2 niveaux", "pied"))).convert("RGB")
    _, top, _, bottom = ImageChops.difference(one, two).getbbox()
    assert top >= 150 and bottom <= CARD_SIZE[1] - 200, "a different title changed more than the title"


@pytest.mark.parametrize(
    "text",
    [
        "Efficacité, fiabilité et flux : l'affiche « officielle »",  # the « fi » and « fl » ligatures
        "AVANT-PROJET : Tâches, Vœux, Wy, « 12 h 30 » · ads.leem.org/m/1234567/",  # kerning, overlaps
        unicodedata.normalize("NFD", "Sécurité à l'hôpital, fïabilité"),  # accents as combining marks
    ],
)
@pytest.mark.parametrize(("weight", "size"), [("Black", 72), ("Black", 48), ("Regular", 38), ("Bold", 30)])
def test_text_set_from_cached_glyphs_has_pillows_pixels_and_width(weight: str, size: int, text: str) -> None:
    face = social.font(weight, size)
    expected_core, expected_offset = face.getmask2(text, mode="L", anchor="la")
    expected = Image.new("L", (1400, 200))
    expected.paste(Image.Image()._new(expected_core), (20 + expected_offset[0], 20 + expected_offset[1]))
    coverage, offset = glyphs.coverage(face, text, "la")
    composed = Image.new("L", (1400, 200))
    composed.paste(coverage, (20 + offset[0], 20 + offset[1]))
    assert ImageChops.difference(expected, composed).getbbox() is None
    assert glyphs.length(face, text) == face.getlength(text)


def test_a_card_png_holds_the_drawn_pixels_and_checks_out() -> None:
    """The PNG laid out of background bands and deflated text bands decodes to the drawn image, and
    its checksums hold (chunk CRCs are checked by Pillow, the zlib stream's Adler-32 by zlib)."""
    image = social._background().copy()
    social._text(image, (60, 170), "Données de santé", social.font("Black", 72), social.INK, "la")
    social._text(image, (60, 480), "3 niveaux · 2 h", social.font("Regular", 38), social.FACTS, "ls")
    png = social._encoder().encode(image)
    with Image.open(io.BytesIO(png)) as decoded:
        decoded.load()
        assert decoded.mode == "P" and decoded.size == CARD_SIZE
        assert decoded.tobytes() == image.tobytes()
        assert decoded.getpalette()[: len(social._palette())] == social._palette()
    start = png.index(b"IDAT")
    length = int.from_bytes(png[start - 4 : start], "big")
    width = CARD_SIZE[0]
    rows = image.tobytes()
    expected = b"".join(b"\0" + rows[i : i + width] for i in range(0, len(rows), width))
    assert zlib.decompress(png[start + 4 : start + 4 + length]) == expected


def test_rebuilding_a_built_project_draws_no_card_and_publishes_the_same_cards(
    mini_project: Path, mini_built: Path, draws: list[str]
) -> None:
    """What the CLI does by default: its first build kept the cards (``.cache/cartes`` or
    ``$ADS_CARD_CACHE``), so the second one draws none, and the published PNGs are byte-identical."""
    assert run_cli("--site", "site", cwd=mini_built).returncode == 0
    assert draws == []
    cards = sorted(p.relative_to(mini_project) for p in (mini_project / "site").rglob("cartes/**/*.png"))
    assert len(cards) > 3
    for card in cards:
        assert (mini_built / card).read_bytes() == (mini_project / card).read_bytes(), card
