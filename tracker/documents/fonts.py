"""The embedded fonts: DejaVu Sans and Sans Bold, vendored beside this module.

Vendored rather than taken from the system so that a fresh install renders Cyrillic, German
and Swedish text the same everywhere; see fonts/LICENSE.txt. reportlab embeds only the glyphs
a document uses (a subset), so documents stay small.

The subsets hold only the characters a document prints: reportlab's default (`asciiReadable`)
would also embed all 95 printable ASCII glyphs of every face in use, whether printed or not,
which made each PDF a third larger and its subsetting and compression that much slower. Text
stays searchable and copyable through each subset's ToUnicode map.

Every face a document uses costs a subset of its own when the PDF is saved, so there are two:
the receipt's SHA-256 used to be set in DejaVu Sans Mono, which cost every receipt a tenth of
its rendering time and 5 KB for one line of hex digits.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")
SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"

_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with reportlab once per process (safe to call often)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename), asciiReadable=False))
        # <b> and <i> in Paragraph markup map onto the embedded faces (no italic face is shipped).
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        _registered = True
