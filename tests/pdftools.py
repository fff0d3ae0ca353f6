"""Read PDFs the way a person would: their text (poppler's pdftotext) and their QR codes
(rendered with pdftoppm, read with zxing-cpp). Shared by the document and the API tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest


def normalize(text: str) -> str:
    """Collapse whitespace (incl. Babel's no-break spaces) so wrapped cells still match."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


@pytest.fixture(scope="session")
def pdf_text() -> Callable[..., str]:
    """pdf bytes → normalized text of all pages (or of page `page`), via poppler's pdftotext."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (Debian: apt-get install poppler-utils)")

    def extract(
        pdf: bytes, page: int | None = None, raw: bool = False, layout: bool = False
    ) -> str:
        """`layout` keeps each table row on one line; `raw` skips whitespace normalizing."""
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else [])]
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        out = subprocess.run(
            [*args, "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode("utf-8")
        return out if raw else normalize(out)

    return extract


@pytest.fixture(scope="session")
def qr_codes() -> Callable[[bytes], list[str]]:
    """pdf bytes → texts of the QR codes on page 1, rendered at 150 dpi and read by zxing-cpp."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed (Debian: apt-get install poppler-utils)")
    import zxingcpp
    from PIL import Image

    def decode(pdf: bytes) -> list[str]:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp, "doc.pdf")
            source.write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "150",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    str(source),
                    str(Path(tmp, "page")),
                ],
                check=True,
                capture_output=True,
            )
            (png,) = Path(tmp).glob("page*.png")
            with Image.open(png) as image:
                found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        return [b.text for b in found]

    return decode
