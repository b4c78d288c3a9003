"""The picture of an article: checked with Pillow (JPEG, PNG or WebP, at most 5 MB, a real image), then
written anew without its metadata (a phone's photo carries where it was taken) and at most 2000 pixels
wide, so that what the public downloads is a clean, reasonably sized file."""

from __future__ import annotations

import io
import os

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tochuc.core.errors import DomainError

from .rules import slug_base

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def image_clean(upload, *, field: str = "image") -> ContentFile:
    """The uploaded file as a clean image file, or a DomainError in Vietnamese on `field`."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    if size > MAX_BYTES:
        raise DomainError(_("Ảnh không được lớn hơn 5 MB."), field=field)
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        kind = FORMATS.get(image.format or "")
        if kind is None:
            raise DomainError(_("Chỉ nhận ảnh JPG, PNG hoặc WebP."), field=field)
        image.load()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError(_("Tệp tải lên không phải là ảnh hợp lệ (JPG, PNG hoặc WebP)."), field=field) from None
    image = ImageOps.exif_transpose(image)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind == "jpg":
        image.convert("RGB").save(out, "JPEG", quality=86, optimize=True, progressive=True)
    elif kind == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=86)
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "anh"))[0]
    return ContentFile(out.getvalue(), name=f"{slug_base(stem, fallback='anh')[:60]}.{kind}")
