"""The demo's attached files: a one-page PDF for each public document,
drawn at load time with WeasyPrint in the portal's Noto fonts, saying that
it is sample data. Where WeasyPrint cannot load Pango there are no files."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

DEMO_NOTE = (
    "Tài liệu mẫu của cổng thông tin phường: số liệu giả định, dùng để minh "
    "họa, không phải văn bản thật của phường."
)


def public_document_pdf(page) -> bytes | None:
    """A short PDF of the demo public document `page` (title, number, year,
    summary, its text as plain lines), or None without WeasyPrint's Pango."""
    try:
        from weasyprint import HTML
    except OSError:  # Pango missing: the demo goes on without files
        return None
    html = render_to_string(
        "cms/demo/public_document.html",
        {
            "page": page,
            "lines": [line for line in page.body_text.splitlines() if line.strip()],
            "note": DEMO_NOTE,
            "font": Path(finders.find("fonts/NotoSans-Regular.ttf")).as_uri(),
            "font_bold": Path(finders.find("fonts/NotoSans-Bold.ttf")).as_uri(),
        },
    )
    return HTML(string=html).write_pdf()
