"""Body blocks shared by directives, notices and articles."""

from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.rich_text import RichText

RICH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"), features=RICH_FEATURES, icon="pilcrow"
    )
    heading = blocks.CharBlock(
        label=_("Tiêu đề mục"),
        icon="title",
        form_classname="title",
        help_text=_("Ví dụ: I. MỤC ĐÍCH, YÊU CẦU"),
    )
    list = blocks.ListBlock(
        blocks.CharBlock(label=_("Ý")), label=_("Danh sách"), icon="list-ul"
    )
    quote = blocks.BlockQuoteBlock(label=_("Trích dẫn"), icon="openquote")

    class Meta:
        block_counts = {}


def paragraphs_to_stream(text: str) -> list[tuple[str, object]]:
    """Plain text, paragraphs separated by a blank line, as body blocks."""
    stream = []
    for para in split_paragraphs(text):
        html = "<br/>".join(escape(line) for line in para.split("\n"))
        stream.append(("paragraph", RichText(f"<p>{html}</p>")))
    return stream


def split_paragraphs(text: str) -> list[str]:
    parts = (p.strip() for p in text.replace("\r\n", "\n").split("\n\n"))
    return [p for p in parts if p]


def stream_to_text(stream) -> str:
    """The body as plain text, one paragraph per block, for search and scripts."""
    out = []
    for child in stream:
        value = child.value
        if child.block_type == "paragraph":
            html = value.source.replace("<br/>", "\n").replace("</p>", "\n\n")
            out.append(unescape(strip_tags(html)).strip())
        elif child.block_type == "list":
            out.append("\n".join(f"- {item}" for item in value))
        else:
            out.append(str(value).strip())
    return "\n\n".join(part for part in out if part)
