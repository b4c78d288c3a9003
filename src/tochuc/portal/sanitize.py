"""Article bodies are sanitized on the server, always, whatever the editor in the browser sent: `clean_html`
keeps an allow-list of tags and attributes (nh3, the Rust `ammonia` sanitizer) and drops scripts, styles,
frames, every event handler and every URL that is not http(s) (or mailto for links, or relative for images).
`plain_text` is the words of a body, for search and for descriptions."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    {
        "h2", "h3", "h4", "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# The rich-text editor (Quill) aligns paragraphs with these classes; the public style sheet knows them.
ALIGN_CLASSES = {"ql-align-center", "ql-align-right", "ql-align-justify"}
CLASSES = {tag: ALIGN_CLASSES for tag in ("p", "h2", "h3", "h4", "li", "blockquote")}
# Removed with everything inside them (other unknown tags are removed and their text kept).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "noscript", "template", "object", "embed", "svg", "math", "textarea", "select"}
)
LINK_SCHEMES = ("http://", "https://", "mailto:")
# The page's title is its only h1, and a pasted <div> is a paragraph: both are renamed before the clean-up so
# that their text keeps its own block.
_RENAME = re.compile(r"<(/?)(h1|div)(?=[\s/>])", re.IGNORECASE)
IMAGE_SCHEMES = ("http://", "https://")


def _relative(url: str) -> bool:
    """A URL without a scheme ("/portal/anh/3/", "anh.png", "//host/a.png")."""
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head


def _attribute(tag: str, name: str, value: str) -> str | None:
    url = value.strip()
    low = url.lower()
    if tag == "a" and name == "href":
        # Links leave for http(s) or mail only: a relative link would lead a reader into the office's pages.
        return url if low.startswith(LINK_SCHEMES) else None
    if tag == "img" and name == "src":
        return url if low.startswith(IMAGE_SCHEMES) or _relative(url) else None
    if name in ("colspan", "rowspan", "start"):
        return value if value.isascii() and value.isdigit() and len(value) <= 3 else None
    if name == "scope":
        return value if value in ("row", "col", "rowgroup", "colgroup") else None
    return value


def clean_html(text: str) -> str:
    """The body as it may be shown to the public: only the allow-listed markup, links with
    rel="noopener noreferrer", no script, style, frame, event handler, style attribute, javascript: or data:
    URL."""
    if not text:
        return ""
    text = _RENAME.sub(lambda m: f"<{m.group(1)}{'h2' if m.group(2).lower() == 'h1' else 'p'}", text)
    cleaned = nh3.clean(
        text,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        allowed_classes={k: set(v) for k, v in CLASSES.items()},
        strip_comments=True,
    )
    return cleaned.replace(' class=""', "").strip()


_BLOCKS = frozenset(
    {
        "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
        "figure", "figcaption", "table", "caption", "tr", "td", "th", "img", "section", "article",
    }
)  # fmt: skip


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def plain_text(text: str) -> str:
    """The words of an HTML fragment, one space between them: blocks (paragraphs, list items, cells) are
    separated, inline markup is not ("tổ <b>chức</b>" -> "tổ chức", "<p>a</p><p>b</p>" -> "a b")."""
    if not text:
        return ""
    parser = _Words()
    parser.feed(text)
    parser.close()
    return " ".join(html.unescape("".join(parser.parts)).split())
