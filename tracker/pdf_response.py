"""PDF responses: shown in the browser, saved under a meaningful file name."""

from __future__ import annotations

from fastapi.responses import Response


def pdf_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
