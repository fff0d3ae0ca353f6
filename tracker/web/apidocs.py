"""/docs: Swagger UI from our own static files (vendored from npm swagger-ui-dist 5.35.0).

FastAPI's built-in page loads Swagger UI from a CDN (blank offline) and starts it with an
inline script (refused by our Content-Security-Policy); this one needs neither. ReDoc, also
from a CDN, is not offered.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

SWAGGER = "/static/vendor/swagger-ui-5.35.0"

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} · API</title>
  <link rel="stylesheet" href="{swagger}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
  <script src="{swagger}/swagger-ui-bundle.js"></script>
  <script src="/static/js/apidocs.js"></script>
</body>
</html>
"""


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """The interactive API documentation, working offline and under the CSP."""
    app = request.app
    return HTMLResponse(
        PAGE.format(
            title=escape(app.title),
            swagger=SWAGGER,
            openapi_url=escape(app.openapi_url or "/openapi.json"),
        )
    )
