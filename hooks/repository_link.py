"""MkDocs hook: ``@depot_url@`` in a hand-written page becomes the catalogue repository's address,
``extra.depot_url`` in mkdocs.yml (one value, set at deployment; see README.md).

Not Material's ``repo_url``: for a GitHub address, Material's header fetches the repository's
stars and forks from GitHub's API in every visitor's browser, and the site makes no third-party
request.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

PLACEHOLDER = "@depot_url@"


def on_page_markdown(markdown: str, page, config, files) -> str:
    if PLACEHOLDER not in markdown:
        return markdown
    url = (config.extra or {}).get("depot_url")
    if not isinstance(url, str) or not url.startswith("https://"):
        raise PluginError(f"{page.file.src_uri}: extra.depot_url (mkdocs.yml) doit être l'adresse https:// du dépôt")
    return markdown.replace(PLACEHOLDER, url)
