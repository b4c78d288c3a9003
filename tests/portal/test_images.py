"""An article's picture: JPG, PNG or WebP of at most 5 MB, checked with Pillow and refused in Vietnamese
otherwise; written anew without its metadata; served to the public only with a public article, and named in
og:image with an absolute address."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tochuc.portal.choices import ArticleStatus
from tochuc.portal.services.articles import article_create

pytestmark = pytest.mark.django_db


def picture(fmt: str = "PNG", size=(64, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (179, 0, 27)).save(out, fmt, **save)
    return out.getvalue()


def upload(data: bytes, name: str = "hoi-nghi.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def write(editor, category, image):
    return article_create(actor=editor, category=category, title="Hội nghị", body="<p>Nội dung</p>", image=image)


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_it_takes_jpg_png_and_webp(editor, category, fmt, ext):
    article = write(editor, category, upload(picture(fmt), f"anh.{ext}"))
    assert article.image.name.endswith(f".{ext}")
    with article.image.open("rb") as f:
        assert Image.open(f).format == fmt


def test_it_refuses_another_type_a_fake_and_a_large_file(editor, category, refused):
    with refused(field="image") as info:
        write(editor, category, upload(picture("GIF"), "anh.gif", "image/gif"))
    assert "JPG, PNG hoặc WebP" in info.value.message
    with refused(field="image"):
        write(editor, category, upload(b"<?php echo 1; ?>", "anh.png"))
    big = upload(b"\0" * (5 * 1024 * 1024 + 1), "lon.png")
    with refused(field="image") as info:
        write(editor, category, big)
    assert "5 MB" in info.value.message


def test_it_drops_the_metadata_and_bounds_the_size(editor, category):
    exif = Image.Exif()
    exif[0x010F] = "Điện thoại"  # Make
    article = write(editor, category, upload(picture("JPEG", size=(3000, 1000), exif=exif.tobytes()), "anh.jpg"))
    with article.image.open("rb") as f:
        image = Image.open(f)
        assert not image.getexif()
        assert max(image.size) == 2000


def test_the_picture_is_public_only_with_a_public_article(client, editor, make_article, category):
    article = make_article(image=upload(picture()))
    name = article.image.name.rsplit("/", 1)[1]
    page = client.get(reverse("portal:article", kwargs={"slug": article.slug, "pk": article.pk})).content.decode()
    src = reverse("portal:image", kwargs={"pk": article.pk, "name": name})
    assert f'<meta property="og:image" content="http://testserver{src}">' in page
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "max-age" in response["Cache-Control"]
    assert client.get(reverse("portal:image", kwargs={"pk": article.pk, "name": "khac.png"})).status_code == 404
    draft = make_article("Nháp có ảnh", status=ArticleStatus.DRAFT, image=upload(picture()))
    draft_name = draft.image.name.rsplit("/", 1)[1]
    assert client.get(reverse("portal:image", kwargs={"pk": draft.pk, "name": draft_name})).status_code == 404


def test_the_office_uploads_through_the_form_and_sees_a_refusal_beside_the_field(client, editor, category):
    client.force_login(editor)
    data = {"category": category.pk, "title": "Bài có ảnh", "body": "<p>Nội dung</p>"}
    response = client.post(reverse("portal:article_create"), {**data, "image": upload(picture("GIF"), "a.gif")})
    assert response.status_code == 400 and "Chỉ nhận ảnh JPG, PNG hoặc WebP." in response.content.decode()
    response = client.post(reverse("portal:article_create"), {**data, "image": upload(picture())})
    assert response.status_code == 302
