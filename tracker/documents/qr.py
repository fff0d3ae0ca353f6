"""QR codes (segno) drawn as vector rectangles: crisp at any zoom and a few hundred bytes."""

from __future__ import annotations

from functools import lru_cache

import segno
from reportlab.platypus import Flowable

QUIET_ZONE = 4
"""Modules of white border the QR standard asks for around the symbol."""


@lru_cache(maxsize=1024)
def qr_runs(data: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(modules per side, dark runs as (row, first column, length)) for `data`.

    Cached: segno's choice of the best mask costs a few milliseconds, and the same shipment or
    receipt URL is printed again on every download of its document.
    """
    matrix = segno.make(data, error="m", micro=False).matrix
    runs: list[tuple[int, int, int]] = []
    for row_index, row in enumerate(matrix):
        col, width = 0, len(row)
        while col < width:
            if row[col]:
                start = col
                while col < width and row[col]:
                    col += 1
                runs.append((row_index, start, col - start))
            else:
                col += 1
    return len(matrix), tuple(runs)


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
        modules, runs = qr_runs(self.data)
        module = self.size / (modules + 2 * QUIET_ZONE)
        canv = self.canv
        canv.saveState()
        canv.setFillColorRGB(1, 1, 1)
        canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canv.setFillColorRGB(0, 0, 0)
        path = canv.beginPath()
        top = self.size - QUIET_ZONE * module
        for row, start, length in runs:
            path.rect(
                (start + QUIET_ZONE) * module, top - (row + 1) * module, length * module, module
            )
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()
