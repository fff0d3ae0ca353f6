"""What an uploaded file really is, judged by its content (never its name), and the bytes we
keep of it.

Accepted: JPEG, PNG and WebP photos, and PDFs. A photo is decoded by Pillow (its pixel count
read from the header first, so a decompression bomb is refused before it is decoded), turned
upright, re-encoded without its metadata (EXIF, GPS location, XMP, comments), scaled down to
`MAX_SIDE` on its longest side, and given a JPEG thumbnail. A PDF must open in pypdf and have
pages; it is kept as sent.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from PIL import Image, ImageOps, UnidentifiedImageError

from tracker.errors import N_, Invalid

MAX_SIDE = 2560
THUMBNAIL_SIDE = 320
# 50 megapixels: every phone camera's photo, far below what a bomb asks for.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow itself refuses twice this, whatever calls it

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
IMAGE_TYPES = (JPEG, PNG, WEBP)
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp", PDF: ".pdf"}
_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}

NOT_ACCEPTED = N_(
    "This file is not a JPEG, PNG or WebP photo nor a PDF (the content is checked, not the "
    "name); send a photo or a scan as one of these."
)
BROKEN_IMAGE = N_("This photo cannot be read: the file is damaged or incomplete.")
TOO_MANY_PIXELS = N_(
    "This image has too many pixels to open (more than %(limit)s megapixels): it may be a "
    "decompression bomb; send an ordinary photo."
)
BROKEN_PDF = N_("This PDF cannot be read: the file is damaged, incomplete or has no pages.")
EMPTY = N_("The file is empty.")


@dataclass(frozen=True)
class Checked:
    content_type: str
    data: bytes
    thumbnail: bytes | None
    filename: str


def sniff(data: bytes) -> str | None:
    """The type the first bytes announce, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def check(data: bytes, filename: str) -> Checked:
    """The file as we keep it, or `Invalid` (422) saying why it is refused."""
    if not data:
        raise Invalid(EMPTY, "file")
    content_type = sniff(data)
    if content_type is None:
        raise Invalid(NOT_ACCEPTED, "file")
    name = clean_filename(filename, content_type)
    if content_type == PDF:
        _check_pdf(data)
        return Checked(PDF, data, None, name)
    stored, thumbnail = _reencode(data, content_type)
    return Checked(content_type, stored, thumbnail, name)


def clean_filename(filename: str, content_type: str) -> str:
    """The base name without control characters, at most 120 characters, with the extension
    of what the file really is."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[:100] or "file"
    return stem + EXTENSIONS[content_type]


def _open(data: bytes, content_type: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[content_type]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Invalid(TOO_MANY_PIXELS, "file", limit=MAX_PIXELS // 1_000_000) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Invalid(BROKEN_IMAGE, "file") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise Invalid(TOO_MANY_PIXELS, "file", limit=MAX_PIXELS // 1_000_000)
    return image


def _reencode(data: bytes, content_type: str) -> tuple[bytes, bytes]:
    image = _open(data, content_type)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            image = ImageOps.exif_transpose(image) or image
    except Image.DecompressionBombWarning:
        raise Invalid(TOO_MANY_PIXELS, "file", limit=MAX_PIXELS // 1_000_000) from None
    except (OSError, SyntaxError, ValueError):
        raise Invalid(BROKEN_IMAGE, "file") from None
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    stored = _save(image, content_type)
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return stored, _save(_rgb(small), JPEG)


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _save(image: Image.Image, content_type: str) -> bytes:
    """Encode a fresh image made of the pixels alone: no EXIF, GPS, XMP, ICC or text chunk
    can come along, whatever the encoder copies from `info`."""
    if content_type == JPEG:
        image = _rgb(image)
    elif image.mode not in ("L", "LA", "RGB", "RGBA"):
        image = image.convert("RGBA")
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    if content_type == JPEG:
        fresh.save(out, "JPEG", quality=85, optimize=True)
    elif content_type == PNG:
        fresh.save(out, "PNG", optimize=True)
    else:
        fresh.save(out, "WEBP", quality=85)
    return out.getvalue()


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = len(reader.pages)
    except Exception:  # noqa: BLE001 — pypdf raises many kinds for a broken file
        raise Invalid(BROKEN_PDF, "file") from None
    if pages < 1:
        raise Invalid(BROKEN_PDF, "file")
