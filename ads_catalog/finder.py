"""Output stage: the job finder's data and the generated pieces of the home page.

* ``assets/generated/metiers.json``: every job title with the words it matches (each form of a
  « masculine / feminine » title, each other name), its learning path's site path and title. The
  finder (``docs/assets/javascripts/trouver-metier.js``) answers from it as the visitor types; it
  folds what is typed as :func:`ads_catalog.text.sort_key` folded these words.
* ``fragments/*.md``: the finder, the next sessions and the latest modules, included by the
  hand-written ``docs/index.md`` with ``--8<--`` (pymdownx.snippets); the prose stays there.
"""

from __future__ import annotations

import json
import re

from ads_catalog.model import JobTitle
from ads_catalog.site import HOME_PAGE, JOBS_DATA, Site, fragment_doc, page_path, relative_url
from ads_catalog.templating import render
from ads_catalog.text import sort_key

NEXT_SESSIONS = 4
LATEST_MODULES = 3
_WORD = re.compile(r"[a-z0-9]+")
_SAME_WORD_PREFIX = 3
"""A feminine word and its masculine share at least this many letters (chef/cheffe, directeur/directrice)."""


def finder_files(site: Site) -> dict[str, str]:
    def url(to_doc: str) -> str:
        return relative_url(HOME_PAGE, to_doc)

    context = {"site": site, "catalogue": site.catalogue, "url": url}
    return {
        JOBS_DATA: jobs_json(site),
        fragment_doc("trouver-metier.md"): render("accueil_trouver.md.j2", **context),
        fragment_doc("prochaines-sessions.md"): render(
            "accueil_sessions.md.j2", sessions=site.next_sessions(NEXT_SESSIONS), **context
        ),
        fragment_doc("derniers-modules.md"): render(
            "accueil_nouveautes.md.j2", modules=site.news()[:LATEST_MODULES], **context
        ),
    }


def jobs_json(site: Site) -> str:
    """The finder's data, sorted A to Z (the order of equally good matches)."""
    personas = site.catalogue.personas
    jobs = sorted(site.catalogue.job_titles, key=lambda job: sort_key(job.title))
    data = {"jobs": [_job(job, personas[job.persona_id].title) for job in jobs]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _job(job: JobTitle, path_title: str) -> dict:
    return {
        "title": job.title,
        "forms": [words(form) for form in forms(job.title)],
        "others": [{"name": name, "forms": [words(form) for form in forms(name)]} for name in job.other_titles],
        "path": page_path("parcours", job.persona_id),
        "pathTitle": path_title,
    }


def words(text: str) -> list[str]:
    """The folded words someone may type: « Chargé d'études (R&D) » → charge, d, etudes, r, d."""
    return _WORD.findall(sort_key(text))


def forms(title: str) -> list[str]:
    """Each form of a title written « masculine / feminine », the shared head and tail repeated:
    « Responsable médical / médicale en région » → « Responsable médical en région », « Responsable
    médicale en région »; « Chargé / chargée d'études » → « Chargé d'études », « chargée d'études »."""
    parts = title.split("/")
    if len(parts) != 2 or not parts[0].split() or not parts[1].split():
        return [title]
    left, right = parts[0].split(), parts[1].split()
    start = next((i for i, word in enumerate(left) if _same_word(word, right[0])), 0)
    gendered = len(left) - start
    head, tail = left[:start], right[gendered:]
    return [" ".join(left + tail), " ".join(head + right)]


def _same_word(masculine: str, feminine: str) -> bool:
    a, b = sort_key(masculine), sort_key(feminine)
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common >= min(_SAME_WORD_PREFIX, len(a))
