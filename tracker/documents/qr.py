"""QR codes drawn as vector rectangles: crisp at any zoom and a few hundred bytes.

The symbol comes from zxing-cpp's encoder (C++, with the standard's mask selection): 0.2 ms
a code, where segno's pure-Python mask search took 5 ms, a third of a receipt's rendering.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import zxingcpp
from reportlab.platypus import Flowable

QUIET_ZONE = 4
"""Modules of white border the QR standard asks for around the symbol."""


def qr_runs(data: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(modules per side, dark runs as (row, first column, length)) for `data`.

    Error correction level M (15 %), as for printed labels that get creased and stamped.
    """
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    dark = np.asarray(symbol.to_image(scale=1, add_quiet_zones=False)) == 0
    # A run starts where a row steps from light to dark and ends where it steps back.
    steps = np.diff(np.pad(dark, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    runs = zip(rows.tolist(), starts.tolist(), (ends - starts).tolist(), strict=True)
    return dark.shape[0], tuple(runs)


@lru_cache(maxsize=1024)
def qr_path(data: str) -> tuple[int, str]:
    """(modules per side, the dark runs as PDF path operators in module units).

    The runs are whole numbers, so the operators are written directly: going through
    reportlab's path object formats each of a symbol's ~1,200 numbers as a float.
    Cached: the same shipment or receipt URL is printed again on every download.
    """
    modules, runs = qr_runs(data)
    return modules, " ".join(f"{start} {row} {length} 1 re" for row, start, length in runs)


class QRFlowable(Flowable):
    """A square QR code of `size` points (quiet zone included) encoding `data`."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        modules, path = qr_path(self.data)
        module = self.size / (modules + 2 * QUIET_ZONE)
        canv = self.canv
        canv.saveState()
        canv.setFillColorRGB(1, 1, 1)
        canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canv.setFillColorRGB(0, 0, 0)
        # Module units, origin at the symbol's top-left corner: whole numbers print short.
        canv.translate(QUIET_ZONE * module, self.size - QUIET_ZONE * module)
        canv.scale(module, -module)
        canv.addLiteral(f"{path} f")
        canv.restoreState()
