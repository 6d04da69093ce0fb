#!/usr/bin/env python3
"""Validate the ADS catalogue and build its pages: see ``--help`` (messages are in French)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ads_catalog.cli import main

if __name__ == "__main__":
    sys.exit(main())
