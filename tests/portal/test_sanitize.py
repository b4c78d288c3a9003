"""The body of an article is sanitized on the server whatever the browser sent: scripts, event handlers,
javascript: and data: URLs, style attributes and the nested tricks go; the allowed markup stays."""

from __future__ import annotations

import re

import pytest

from tochuc.portal.sanitize import clean_html, plain_text


def assert_harmless(html: str) -> None:
    low = html.lower()
    assert "<script" not in low
    assert "javascript:" not in low
    assert "data:" not in low
    assert not re.search(r"\son[a-z]+\s*=", low), html
    assert "style=" not in low
    assert "<iframe" not in low and "<style" not in low


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        "<img src=x oNeRrOr=alert(1)//>",
        '<a href="javascript:alert(1)">bấm</a>',
        '<a href="JaVaScRiPt:alert(1)">bấm</a>',
        '<a href="java&#x09;script:alert(1)">bấm</a>',
        '<a href=" javascript:alert(1)">bấm</a>',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<p style="background:url(javascript:alert(1))">chữ</p>',
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>script>alert(1)<</script>/script>",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<body onload="alert(1)">',
        '<div onmouseover="alert(1)">chữ</div>',
        '<table><tr><td background="javascript:alert(1)" onclick="x()">ô</td></tr></table>',
        '<object data="x.swf"></object><embed src="x.swf">',
        '<form action="https://evil.example"><button formaction="javascript:alert(1)">g</button></form>',
        '<a href="vbscript:msgbox(1)">x</a>',
        "<!--<script>alert(1)</script>-->",
    ],
)
def test_it_strips_what_could_run(dirty):
    cleaned = clean_html(dirty)
    assert_harmless(cleaned)
    assert "alert(1)</script" not in cleaned


def test_it_keeps_the_allowed_markup():
    body = (
        "<h2>Kết quả</h2><h3>Mục 1</h3><p><strong>Đậm</strong>, <em>nghiêng</em>, <u>gạch chân</u></p>"
        "<ul><li>một</li></ul><ol><li>hai</li></ol><blockquote>Trích dẫn</blockquote>"
        '<figure><img src="https://anh.example.vn/a.jpg" alt="Hội nghị"><figcaption>Chú thích</figcaption></figure>'
        '<p><img src="/portal/anh/1/a.jpg" alt="tương đối"></p>'
        "<table><thead><tr><th>Đơn vị</th></tr></thead><tbody><tr><td>Xã A</td></tr></tbody></table>"
        '<p><a href="https://www.example.vn/tin" title="Nguồn">liên kết</a> '
        '<a href="mailto:bantochuc@example.vn">thư</a></p>'
    )
    cleaned = clean_html(body)
    for kept in (
        "<h2>Kết quả</h2>",
        "<h3>Mục 1</h3>",
        "<strong>Đậm</strong>",
        "<em>nghiêng</em>",
        "<u>gạch chân</u>",
        "<ul><li>một</li></ul>",
        "<ol><li>hai</li></ol>",
        "<blockquote>Trích dẫn</blockquote>",
        '<img src="https://anh.example.vn/a.jpg" alt="Hội nghị">',
        "<figcaption>Chú thích</figcaption>",
        '<img src="/portal/anh/1/a.jpg" alt="tương đối">',
        "<th>Đơn vị</th>",
        "<td>Xã A</td>",
        'href="mailto:bantochuc@example.vn"',
    ):
        assert kept in cleaned
    assert '<a href="https://www.example.vn/tin" title="Nguồn" rel="noopener noreferrer">liên kết</a>' in cleaned


def test_links_leave_only_for_http_https_or_mail():
    assert "href" not in clean_html('<a href="/members/">nội bộ</a>')
    assert "href" not in clean_html('<a href="ftp://example.vn/a">ftp</a>')
    assert 'rel="noopener noreferrer"' in clean_html('<a href="https://a.vn" rel="opener" target="_blank">x</a>')
    assert "target" not in clean_html('<a href="https://a.vn" target="_blank">x</a>')


def test_it_keeps_alignment_classes_only():
    cleaned = clean_html('<p class="ql-align-center evil">giữa</p><p class="x">b</p>')
    assert '<p class="ql-align-center">giữa</p>' in cleaned
    assert "<p>b</p>" in cleaned


def test_a_title_heading_and_divs_keep_their_own_block():
    assert clean_html("<h1>Tiêu đề</h1><div>một</div><div>hai</div>") == "<h2>Tiêu đề</h2><p>một</p><p>hai</p>"


def test_plain_text_separates_blocks_not_inline_markup():
    html = "<h2>Tổ <b>chức</b></h2><p>Đảng&nbsp;bộ &amp; chi bộ</p><ul><li>a</li><li>b</li></ul><script>x()</script>"
    assert plain_text(html) == "Tổ chức Đảng bộ & chi bộ a b"
    assert plain_text("") == ""
