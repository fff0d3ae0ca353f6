"""The HTML side: static files and the pages of each domain."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tracker.config import Settings
from tracker.receipts.views import router as receipt_pages
from tracker.templating import STATIC_DIR


def mount_web(app: FastAPI, settings: Settings) -> None:
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(receipt_pages)
