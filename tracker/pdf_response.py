"""File responses (PDFs, CSV exports): shown or saved under a meaningful file name.

`content_disposition` is the one place a file name goes into a header: every file response
uses it, so a reference such as `ШІП-001`, `R€F` or one with a line break can never break the
response.
"""

from __future__ import annotations

import unicodedata
from typing import Literal
from urllib.parse import quote

from fastapi.responses import Response


def content_disposition(
    filename: str, disposition: Literal["inline", "attachment"] = "attachment"
) -> str:
    """The `Content-Disposition` value for `filename` (RFC 6266): an ASCII `filename=` for old
    clients and, when the name is not plain ASCII, `filename*=UTF-8''…` (RFC 5987) with the
    real name. Control characters (CR, LF, NUL…) are dropped, quotes and backslashes replaced."""
    name = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C").strip()
    name = name.replace("/", "_").replace("\\", "_") or "download"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(ch if ch.isprintable() and ch != '"' else "_" for ch in ascii_name)
    if not ascii_name.removesuffix(_suffix(ascii_name)).strip(" ._-"):
        ascii_name = "download" + _suffix(name)
    value = f'{disposition}; filename="{ascii_name}"'
    if ascii_name != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    suffix = name[dot:] if dot >= 0 else ""
    return suffix if suffix.isascii() and suffix[1:].isalnum() else ""


def pdf_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(filename, "inline"),
            "Cache-Control": "private, no-store",
        },
    )
