"""Print which modules of ``ads_catalog`` import which (``python scripts/import_graph.py``), and
flag an output stage that imports another one: the architecture document's rule, checked."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ads_catalog"
OUTPUT_STAGES = ("render", "explorer", "export", "social", "finder")


def import_graph(package: Path = PACKAGE) -> dict[str, list[str]]:
    """``{module: [ads_catalog modules it imports]}``, from the source (nothing is imported)."""
    graph = {}
    for path in sorted(package.glob("*.py")):
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ads_catalog"):
                names = [node.module.removeprefix("ads_catalog").lstrip(".")]
                if not names[0]:  # from ads_catalog import mapping, search
                    names = [alias.name for alias in node.names]
                imported.update(names)
        graph[path.stem] = sorted(imported - {path.stem})
    return graph


def crossed_stages(graph: dict[str, list[str]]) -> list[str]:
    return [f"{stage} → {other}" for stage in OUTPUT_STAGES for other in graph.get(stage, []) if other in OUTPUT_STAGES]


def main() -> int:
    graph = import_graph()
    for module, imported in graph.items():
        print(f"{module:18} → {', '.join(imported) or '—'}")
    crossed = crossed_stages(graph)
    print("output stages importing each other:", ", ".join(crossed) or "none")
    return 1 if crossed else 0


if __name__ == "__main__":
    sys.exit(main())
