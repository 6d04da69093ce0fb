"""French full-text search: the analysis pipeline and the prebuilt lunr index.

The same pipeline runs twice: here with lunr.py when the index is built, and in the visitor's
browser with lunr.js 2.3.9 (``docs/assets/javascripts/recherche-fr.js``) when a query is typed.
Both sides register their functions under the same names, so the serialized index names the
search pipeline and lunr.js finds it. The steps, in order:

1. ``ads-fr-elision``: NFC, lower case, split on anything that is not a letter or a digit
   (apostrophes, slashes, dots…), drop elided articles (l', d', qu', jusqu'…).
2. ``ads-fr-stop-words``: drop French stop words (``data/stopwords-fr.txt``).
3. ``ads-fr-synonyms``: where a synonym or acronym variant ends (``data/synonymes.yml``),
   add its canonical term ("intelligence artificielle" → also "ia").
4. ``ads-fr-stemmer``: Snowball French stem (NLTK here, lunr-languages' ``stemmer-fr`` in the
   browser; ``tests/test_stemmer_parity.py`` checks they agree on every catalogue word).
5. ``ads-fr-fold``: fold accents, after stemming so that the stemmer sees real French words.

Snowball gives different stems to a word with and without its accents ("données" → "don",
"donnees" → "donne"), so folding alone cannot make "donnees" find "données". The browser
therefore first gives each query word its accents back from the ``vocabulary`` shipped with the
index (every indexed word; "donnees" → "données"), then runs the pipeline: a query with or
without accents yields the very same terms. Typo tolerance (edit distance 1) and prefix matching
also expand query words against that vocabulary, in the browser.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token
from nltk.stem.snowball import FrenchStemmer

from ads_catalog.model import Catalogue, Module, Persona
from ads_catalog.search_index import add_analysed, compact_index
from ads_catalog.text import fold
from ads_catalog.work_cache import digest, open_memo, paused_collector, salt

DATA_DIR = Path(__file__).parent / "data"
ELISIONS: tuple[str, ...] = (
    "l",
    "d",
    "qu",
    "j",
    "n",
    "s",
    "c",
    "m",
    "t",
    "jusqu",
    "lorsqu",
    "puisqu",
)
APOSTROPHES = "'\u2019\u02bc\u2018"
_ELISION_RE = re.compile(r"^(?:{})[{}]".format("|".join(ELISIONS), APOSTROPHES))
_CHUNK_RE = re.compile(rf"[^\w{APOSTROPHES}]+|_+")
_APOSTROPHE_RE = re.compile(rf"[{APOSTROPHES}]+")

# Field name → boost. Module and persona documents share one index.
# Few fields on purpose: lunr's serialized inverted index repeats every field for every term.
FIELDS: dict[str, int] = {
    "titre": 10,
    "metiers": 8,
    "motscles": 5,
    "resume": 3,
    "texte": 1,
}
MODULE_REF = "module:"
PERSONA_REF = "parcours:"

PipelineFn = Callable[[Token, int, list[Token]], Token | list[Token] | None]


# --- data files --------------------------------------------------------------------------------


@functools.cache
def stop_words() -> frozenset[str]:
    """French stop words, lower case, as written in the data file (with accents)."""
    lines = (DATA_DIR / "stopwords-fr.txt").read_text(encoding="utf-8").splitlines()
    words = (line.strip() for line in lines)
    return frozenset(unicodedata.normalize("NFC", w).lower() for w in words if w and w[0] != "#")


@dataclass(frozen=True)
class SynonymGroup:
    """A canonical term and its variants, each variant as a sequence of word keys."""

    term: str
    variants: tuple[tuple[str, ...], ...]


@functools.cache
def synonym_groups() -> tuple[SynonymGroup, ...]:
    raw = yaml.safe_load((DATA_DIR / "synonymes.yml").read_text(encoding="utf-8"))
    groups = []
    for entry in raw:
        term = str(entry["terme"]).lower()
        texts = [term, *(str(v) for v in entry["variantes"])]
        variants = tuple(dict.fromkeys(_variant_keys(text) for text in texts))
        groups.append(SynonymGroup(term, tuple(v for v in variants if v)))
    return tuple(groups)


def _variant_keys(text: str) -> tuple[str, ...]:
    words = [w for w in split_words(text) if w not in stop_words()]
    return tuple(word_key(w) for w in words)


# --- word-level helpers ------------------------------------------------------------------------


def split_words(text: str) -> list[str]:
    """Lower-case words of ``text`` with elided articles removed: "L'IA/ML" → ["ia", "ml"]."""
    return _split_token(text)


def _split_token(text: str) -> list[str]:
    """Split on non-word characters, then drop elided articles and split on apostrophes."""
    words = []
    for chunk in _CHUNK_RE.split(unicodedata.normalize("NFC", text).lower()):
        bare = _ELISION_RE.sub("", chunk)
        words.extend(part for part in _APOSTROPHE_RE.split(bare) if part)
    return words


_STEMMER = FrenchStemmer()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball French stem of one lower-case word (NLTK, same algorithm as lunr-languages)."""
    return _STEMMER.stem(word)


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Accent- and inflection-insensitive key used to match synonym variants."""
    return fold(stem(fold(word)))


# --- lunr pipeline functions (same names in recherche-fr.js) -----------------------------------


def elision(token: Token, i: int, tokens: list[Token]) -> list[Token]:
    return [token.clone(lambda _s, _m, w=w: w) for w in _token_words(str(token))]


@functools.lru_cache(maxsize=65536)
def _token_words(token: str) -> tuple[str, ...]:
    """:func:`_split_token` of one lunr token, once per distinct token (the vocabulary repeats)."""
    return tuple(_split_token(token))


def stop_word_filter(token: Token, i: int, tokens: list[Token]) -> Token | None:
    return None if str(token) in stop_words() else token


def synonyms(token: Token, i: int, tokens: list[Token]) -> list[Token]:
    """Keep the token and add the canonical term of every group with a variant ending on it
    (the first such variant of the group, in file order, like recherche-fr.js)."""
    result = [token]
    done: set[int] = set()
    for group_index, variant in _variants_ending_with().get(word_key(str(token)), ()):
        if group_index in done:
            continue
        covered = _window_matching(variant, i, tokens)
        term = synonym_groups()[group_index].term
        if covered is not None:
            done.add(group_index)
            if term != str(token):
                result.append(Token(term, {**token.metadata, "couvre": covered}))
    return result


@functools.cache
def _variants_ending_with() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Variants indexed by their last word key, in (group, variant) file order."""
    found: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for group_index, group in enumerate(synonym_groups()):
        for variant in group.variants:
            found.setdefault(variant[-1], []).append((group_index, variant))
    return found


def _window_matching(variant: tuple[str, ...], i: int, tokens: list[Token]) -> list[int] | None:
    start = i - len(variant) + 1
    if start < 0:
        return None
    window = tokens[start : i + 1]
    if all(word_key(str(t)) == key for t, key in zip(window, variant, strict=True)):
        return [t.metadata.get("index", i) for t in window]
    return None


def stemmer(token: Token, i: int, tokens: list[Token]) -> Token:
    return token.update(lambda s, _m: stem(s))


def fold_token(token: Token, i: int, tokens: list[Token]) -> Token:
    return token.update(lambda s, _m: fold(s))


PIPELINE: tuple[tuple[PipelineFn, str], ...] = (
    (elision, "ads-fr-elision"),
    (stop_word_filter, "ads-fr-stop-words"),
    (synonyms, "ads-fr-synonyms"),
    (stemmer, "ads-fr-stemmer"),
    (fold_token, "ads-fr-fold"),
)
for _fn, _label in PIPELINE:
    Pipeline.register_function(_fn, _label)


def french_pipeline() -> Pipeline:
    pipeline = Pipeline()
    pipeline.add(*(fn for fn, _label in PIPELINE))
    return pipeline


def analyse(text: str) -> list[str]:
    """Index terms of ``text``, in order, as the index and the browser produce them."""
    return [str(t) for t in french_pipeline().run(tokens(text))]


_LUNR_TOKEN = re.compile(r"[^ \t\n\r\f\v\xa0-]+")
"""What lunr's tokenizer keeps: runs of characters that are not its separators (``SEPARATOR_CHARS``)."""


def tokens(text: str) -> list[Token]:
    """lunr's ``Tokenizer(text)`` (same tokens and metadata) by a regular expression, not a loop."""
    lowered = text.lower()
    return [
        Token(match.group(), {"position": [match.start(), match.end() - match.start()], "index": index})
        for index, match in enumerate(_LUNR_TOKEN.finditer(lowered))
    ]


# --- documents and index -----------------------------------------------------------------------


_URL_RE = re.compile(r"https?://\S+|\]\([^)]*\)")


def _text(parts: Iterable[str]) -> str:
    return "\n".join(_URL_RE.sub(" ", p) for p in parts if p)


def module_document(catalogue: Catalogue, module: Module) -> dict[str, str]:
    domain = catalogue.domains[module.domain_id]
    category = catalogue.categories[domain.category_id]
    gains = {g.competence_id for lvl in module.levels for g in lvl.gains}
    modalities = [catalogue.levels[lvl.level_id].title for lvl in module.levels]
    modalities += [catalogue.formats[f].title for f in module.format_ids]
    competences = [catalogue.competences[c].title for c in sorted(gains)]
    objectives = [o for lvl in module.levels for o in lvl.objectives]
    partners = [catalogue.partners[p].name for p in module.partner_ids]
    return _document(
        MODULE_REF + module.id,
        titre=module.title,
        motscles=_text([*module.keywords, domain.title, category.title, *competences]),
        resume=module.summary,
        texte=_text([module.description, *objectives, *partners, *modalities]),
    )


def persona_document(persona: Persona) -> dict[str, str]:
    titles = [t for job in persona.job_titles for t in (job.title, *job.other_titles)]
    return _document(PERSONA_REF + persona.id, titre=persona.title, metiers=_text(titles))


def _document(ref: str, **fields: str) -> dict[str, str]:
    return {"ref": ref, **{name: fields.get(name, "") for name in FIELDS}}


def documents(catalogue: Catalogue) -> list[dict[str, str]]:
    modules = [module_document(catalogue, m) for m in catalogue.modules.values()]
    return modules + [persona_document(p) for p in catalogue.personas.values()]


def build_index(docs: list[dict[str, str]]) -> Index:
    """lunr's own index of ``docs``, every document added by lunr itself."""
    builder = _french_builder()
    for doc in docs:
        builder.add(doc)
    return builder.build()


def index_builder(docs: list[dict[str, str]], terms: Callable[[str], list[str]] = analyse) -> Builder:
    """A lunr builder with the French pipeline and ``docs`` added (not built yet), each field's
    text analysed by ``terms`` (default: the pipeline; a build passes the memoised analysis)."""
    builder = _french_builder()
    for doc in docs:
        add_analysed(builder, doc, terms)
    return builder


def _french_builder() -> Builder:
    builder = Builder()
    builder.pipeline.add(*(fn for fn, _label in PIPELINE))
    builder.search_pipeline.add(*(fn for fn, _label in PIPELINE))
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    return builder


def indexed_words(text: str) -> list[str]:
    """The words of ``text`` the browser may give accents back from (:func:`vocabulary`)."""
    return [w for w in split_words(text) if w not in stop_words() and not w.isdigit()]


def vocabulary(docs: list[dict[str, str]], words: Callable[[str], list[str]] = indexed_words) -> list[str]:
    """Every indexed word (lower case, with its accents), for the browser's query expansion."""
    found: set[str] = set()
    for doc in docs:
        for name in FIELDS:
            found.update(words(doc[name]))
    return sorted(found)


def _analysis_salt() -> str:
    data = (DATA_DIR / "stopwords-fr.txt", DATA_DIR / "synonymes.yml")
    versions = (version("lunr"), version("nltk"), unicodedata.unidata_version)
    return salt(("search", "search_index", "text", "work_cache"), data, versions)


def _analyses(docs: list[dict[str, str]], memo_folder: Path | None) -> dict[str, list[list[str]]]:
    """Each field text of ``docs`` → [its index terms, its indexed words]: from the memo
    « recherche » (:mod:`ads_catalog.work_cache`) for texts analysed by an earlier build, else computed."""
    with paused_collector(freeze=memo_folder is not None):
        memo = open_memo(memo_folder, "recherche", _analysis_salt() if memo_folder else "")
    found: dict[str, list[list[str]]] = {}
    for text in dict.fromkeys(doc[name] for doc in docs for name in FIELDS):
        key = digest(text)
        analysis = memo.get(key)
        if not (isinstance(analysis, list) and len(analysis) == 2 and all(isinstance(a, list) for a in analysis)):
            analysis = [analyse(text), indexed_words(text)]
            memo.put(key, analysis)
        found[text] = analysis
    memo.save()
    return found


def pipeline_settings() -> dict[str, object]:
    """The data the browser's pipeline functions need (stop words, elisions, synonyms)."""
    return {
        "elisions": list(ELISIONS),
        "apostrophes": APOSTROPHES,
        "stopWords": sorted(stop_words()),
        "synonyms": [[g.term, [list(v) for v in g.variants]] for g in synonym_groups()],
    }


def personas_payload(catalogue: Catalogue) -> dict[str, dict[str, object]]:
    return {
        p.id: {
            "title": p.title,
            "jobTitles": [t for job in p.job_titles for t in (job.title, *job.other_titles)],
        }
        for p in catalogue.personas.values()
    }


def numbered(docs: list[dict[str, str]]) -> list[dict[str, str]]:
    """The documents with their position as lunr ref: every posting and field vector repeats the
    ref, so "3" instead of "module:rgpd-donnees-sante" makes the index a third smaller."""
    return [{**doc, "ref": str(n)} for n, doc in enumerate(docs)]


def search_payload(catalogue: Catalogue, memo_folder: Path | None = None) -> dict[str, object]:
    """``documents[ref]`` gives back "module:<id>" or "parcours:<id>" for a lunr ref; ``index`` is
    lunr's index in the compact form of :mod:`ads_catalog.search_index` (which needs the builder's
    postings only: lunr's own ``build`` is never run). ``memo_folder``: see :func:`_analyses`."""
    docs = documents(catalogue)
    analyses = _analyses(docs, memo_folder)
    builder = index_builder(numbered(docs), lambda text: analyses[text][0])
    return {
        "version": 2,
        "settings": pipeline_settings(),
        "index": compact_index(builder),
        "documents": [doc["ref"] for doc in docs],
        "vocabulary": vocabulary(docs, lambda text: analyses[text][1]),
        "paths": personas_payload(catalogue),
    }


def search_json(catalogue: Catalogue, memo_folder: Path | None = None) -> str:
    """``assets/generated/recherche.json``: compact, deterministic."""
    payload = search_payload(catalogue, memo_folder)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
