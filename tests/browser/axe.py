"""axe-core (axe-playwright-python) with the WCAG 2.0/2.1 A and AA rules only: one place for the
rule set, the run and the message every browser test prints on a violation."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


def violations(page, context: str | None = None) -> list[dict]:
    """axe's violations on ``page`` (or only inside the element ``context`` selects)."""
    return Axe().run(page, context=context, options=OPTIONS).response["violations"]


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_violation(page, context: str | None = None) -> None:
    found = violations(page, context)
    assert not found, f"{page.url}:\n{describe(found)}"
