"""The two screen sizes every layout is checked at: a phone (many employees only ever see this one)
and a desktop."""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
SIZES = {"telephone": PHONE, "bureau": DESKTOP}


def sized(page, size: str):
    """``page`` at the screen size named ``size`` (a key of :data:`SIZES`)."""
    page.set_viewport_size(SIZES[size])
    return page
