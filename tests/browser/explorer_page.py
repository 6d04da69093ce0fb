"""Shared by the browser tests of the explorer (``/catalogue/``): when its script is ready, and what
it shows — the ids of the result cards, in order, and the count it announces."""

from __future__ import annotations

READY = "#explorateur[data-etat=pret]"
"""The explorer's script has loaded its data and drawn the results."""


def result_ids(page) -> list[str]:
    return page.eval_on_selector_all("#resultats > [data-id]", "els => els.map(e => e.getAttribute('data-id'))")


def shown_count(page) -> int:
    return int(page.text_content("#nb-resultats"))
