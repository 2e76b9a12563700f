"""Printable posters for the notice board (niêm yết), made with WeasyPrint.

`render_poster(page, size="A4", mode="color") -> bytes` is the one entry point
for views, admin and commands: it renders the page's live revision from the
templates in `templates/posters/` and caches the PDF under DATA_DIR/posters/,
keyed by page, live revision, paper size, mode and a version of everything
else that shows on the poster (ward settings, SITE_URL, templates, fonts).
`render_pack(pages, size, mode) -> bytes` joins several posters into one PDF.
"""

import fcntl
import hashlib
import io
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils.translation import gettext_lazy as _
from pypdf import PdfWriter
from wagtail.models import Page

from cms.models import WardSettings

from .models import (
    CampaignPage,
    DirectivePage,
    NoticePage,
    RenditionRecord,
    linked_visible_directives,
)

SIZES = ("A4", "A3", "A5")
MODES = ("color", "bw")
POSTER_TYPES = (DirectivePage, NoticePage, CampaignPage)

# The design is for A4; A3 and A5 are the same poster scaled with the sheet
# (the A series keeps its proportions), so they break pages alike.
SCALE = {"A4": 1.0, "A3": 2**0.5, "A5": 0.5**0.5}

# Body text (by characters) shrinks with its length, but never below the last
# step: past that it flows onto further pages (readable on a notice board).
# The A4 design, in pt unless the name says mm. Every length of the rendered
# stylesheet is then scaled to the sheet by `_scale_lengths`.
A4_DIMS = {
    "margin_top_mm": 38,
    "margin_side_mm": 16,
    "margin_bottom_mm": 17,
    "header": 11.5,
    "motto": 12.5,
    "label": 21,
    "meta": 12.5,
    "slogan": 21,
    "facts": 11,
    "small": 9,
    "qr_mm": 32,
}
BODY_STEPS = (
    (300, 21.0),
    (450, 18.5),
    (650, 16.5),
    (900, 14.5),
    (1200, 13.0),
    (None, 12.0),
)
HEADLINE_STEPS = ((50, 32.0), (90, 28.0), (150, 24.0), (None, 20.0))

TEMPLATES = ("base.html", "poster.css", "directive.html", "notice.html")
TEMPLATES += ("campaign.html",)
FONTS = (
    "NotoSerif-Regular.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSerif-Italic.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
)


class PosterError(ValueError):
    """A request for a poster that cannot be made (bad size or mode, no page)."""


class PosterEngineUnavailable(RuntimeError):
    """WeasyPrint cannot load its system libraries (Pango)."""


def _weasyprint_html():
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango missing: say what to install, not a 500
        raise PosterEngineUnavailable(
            "Chưa cài thư viện Pango để in áp phích: apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0. "
            "WeasyPrint needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0."
        ) from exc
    return HTML


def check_options(size: str, mode: str) -> None:
    if size not in SIZES:
        raise PosterError(_("Khổ giấy “%s” không hợp lệ: chọn A4, A3 hoặc A5.") % size)
    if mode not in MODES:
        raise PosterError(
            _("Chế độ in “%s” không hợp lệ: để trống (in màu) hoặc chọn bw.") % mode
        )


def render_poster(page, size: str = "A4", mode: str = "color", site=None) -> bytes:
    """The PDF poster of `page`'s live revision, from the cache when it is fresh."""
    return poster_path(page, size, mode, site).read_bytes()


def poster_path(
    page, size: str = "A4", mode: str = "color", site=None, note: bool = True
) -> Path:
    """The cached PDF file of the poster, rendered first if it is missing;
    `note`: count it as made for the dashboard (staff asked for it)."""
    check_options(size, mode)
    if not isinstance(page, POSTER_TYPES):
        raise PosterError(_("Trang này không có áp phích."))
    if not page.live:
        raise PosterError(_("Trang chưa xuất bản nên chưa có áp phích."))
    site = site or page.get_site()
    if site is None:
        raise PosterError(
            _(
                "Văn bản trong thư viện dùng chung không có áp phích riêng: mỗi "
                "phường in áp phích của bản hiện trên cổng thông tin của mình."
            )
        )
    ward = WardSettings.for_site(site)
    revision = page.live_revision_id or _published_stamp(page)
    version = settings_version(ward, absolute_url(page))
    path = cache_dir() / str(page.pk) / f"{size}-{mode}-{revision}-{version}.pdf"

    poster = cached(path, lambda: fit_pdf(live_object(page), ward, size, mode))
    if note:
        RenditionRecord.note(page, RenditionRecord.Kind.POSTER)
    return poster


def _published_stamp(page) -> str:
    # Pages published without a revision (raw imports) key on their publish time.
    published = page.last_published_at
    return f"p{int(published.timestamp())}" if published else "p0"


def render_pack(pages, size: str = "A4", mode: str = "color") -> bytes:
    """One PDF with the poster of each page in turn, in the order given."""
    check_options(size, mode)
    writer = PdfWriter()
    for page in pages:
        writer.append(str(poster_path(page, size, mode)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def current_notices(site=None) -> list:
    """The notices in force, of one ward when `site` is given."""
    return list(NoticePage.objects.current().in_site(site))


def pages_by_id(ids) -> list:
    """The live pages with these ids that have posters, in the order given."""
    found = {p.pk: p for p in Page.objects.filter(pk__in=ids, live=True).specific()}
    missing = [i for i in ids if not isinstance(found.get(i), POSTER_TYPES)]
    if missing:
        raise PosterError(
            _(
                "Không có áp phích cho trang: %s (chưa xuất bản hoặc không phải văn "
                "bản, thông báo, đợt tuyên truyền)."
            )
            % ", ".join(map(str, missing))
        )
    return [found[i] for i in ids]


def campaign_material(campaign: CampaignPage) -> list:
    """The campaign's own poster, then its directives and its current notices."""
    directives = linked_visible_directives(campaign)
    notices = NoticePage.objects.current().filter(campaign=campaign)
    return [campaign, *directives, *notices]


# Rendering ------------------------------------------------------------------


def live_object(page):
    """What the public sees: the live revision, never a later draft. A
    ward's copy of a city-library page (cms.wards) has no revisions of its
    own (its `live_revision` is the original's): Wagtail keeps the copy's
    own fields as the original was last published."""
    if page.live_revision_id and not page.alias_of_id:
        return page.live_revision.as_object()
    return page


def _dims(**extra: float) -> dict[str, str]:
    """CSS lengths for A4; strings, so no locale decimal comma slips in."""
    out = {}
    for name, value in {**A4_DIMS, **extra}.items():
        unit = "mm" if name.endswith("_mm") else "pt"
        out[name.removesuffix("_mm")] = f"{value:.2f}{unit}"
    return out


LENGTH = re.compile(r"(?<![\w.#-])(\d+(?:\.\d+)?)(pt|mm)\b")


def _scale_lengths(css: str, scale: float) -> str:
    """Every pt and mm of the A4 stylesheet, scaled: A3 and A5 break alike."""
    if scale == 1:
        return css
    return LENGTH.sub(lambda m: f"{float(m[1]) * scale:.2f}{m[2]}", css)


def _step_index(steps, length: int) -> int:
    """The first step whose limit `length` stays within (the last has none)."""
    return next(
        i for i, (limit, _v) in enumerate(steps) if limit is None or length <= limit
    )


def _label(page) -> str:
    """The big word above the headline, unless the title already starts with it."""
    label = str(page.poster_label)
    if page.title.casefold().startswith(label.casefold()):
        return ""
    return label.upper()


def fit_pdf(page, ward, size: str = "A4", mode: str = "color") -> bytes:
    """The poster PDF, its body a step smaller while that keeps it on one sheet.

    The first step comes from the text's length, so most posters render once;
    below the last step the text stays readable and flows onto more sheets.
    """
    HTML = _weasyprint_html()
    first = _step_index(BODY_STEPS, len(page.poster_text()))
    for step in range(first, len(BODY_STEPS)):
        html = poster_html(page, ward, size, mode, body_step=step)
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        if len(document.pages) == 1:
            break
    return document.write_pdf()


def poster_html(
    page, ward, size: str = "A4", mode: str = "color", body_step: int | None = None
) -> str:
    """The poster as HTML for WeasyPrint; body size from its length by default."""
    text = page.poster_text()
    if body_step is None:
        body_step = _step_index(BODY_STEPS, len(text))
    headline_step = _step_index(HEADLINE_STEPS, len(page.title))
    dims = _dims(
        body=BODY_STEPS[body_step][1], headline=HEADLINE_STEPS[headline_step][1]
    )
    url = absolute_url(page)
    context = {
        "page": page,
        "kind": page.kind,
        "label": _label(page),
        "ward": ward,
        "place": _place(ward),
        "committee_lines": _committee_lines(ward),
        "size": size,
        "mode": mode,
        "d": dims,
        "directives": page.poster_directives(),
        "paragraphs": [p for p in text.split("\n\n") if p.strip()],
        "url": url,
        "display_url": url.split("://", 1)[-1],
        "qr_svg": _qr_data_uri(url),
        "fonts": font_urls(),
        "logo": _logo_uri(ward) if ward.logo_id else "",
    }
    css = render_to_string("posters/poster.css", context)
    context["css"] = _scale_lengths(css, SCALE[size])
    return render_to_string(f"posters/{page.kind}.html", context)


def absolute_url(page) -> str:
    """The page's address as printed and in the QR code: from the Site that
    serves it, or SITE_URL (`WardPageMixin.get_url_parts`)."""
    return page.get_full_url()


def _qr_data_uri(url: str) -> str:
    # Vector QR: sharp at any paper size; the quiet zone is part of the image.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def _committee_lines(ward) -> list[str]:
    """“ỦY BAN NHÂN DÂN” / “XÃ HÒA CHÂU”, as the official header sets it."""
    return ["ỦY BAN NHÂN DÂN", ward.parsed_name.in_sentence.upper()]


def _place(ward) -> str:
    """“Hòa Châu”: the place name of the date line (“Hòa Châu, ngày …”)."""
    return ward.parsed_name.place


def _logo_uri(ward) -> str:
    try:
        return Path(ward.logo.file.path).as_uri()
    except (ValueError, NotImplementedError, OSError):
        return ""


def font_urls() -> dict[str, str]:
    # Template variables cannot hold "-": NotoSans-Bold.ttf is NotoSans_Bold.
    return {
        name.removesuffix(".ttf").replace("-", "_"): _font_path(name).as_uri()
        for name in FONTS
    }


def _font_path(name: str) -> Path:
    return Path(finders.find(f"fonts/{name}"))


def cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "posters"


@lru_cache(maxsize=1)
def design_version() -> str:
    """Changes when a poster template or font changes: a deploy renders afresh."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(Path(get_template(f"posters/{name}").origin.name).read_bytes())
    for name in FONTS:
        digest.update(_font_path(name).read_bytes())
    return digest.hexdigest()


def settings_version(ward, url: str) -> str:
    """A short hash of everything besides the page's content that shows on
    its poster: the ward's settings, the page's address (QR code), design."""
    values = [(f.attname, getattr(ward, f.attname)) for f in ward._meta.concrete_fields]
    if ward.logo_id:
        values.append(("logo_file", ward.logo.file.name))
    key = repr((values, url, design_version()))
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def cached(path: Path, produce) -> Path:
    """`path`, written by `produce()` if missing; concurrent callers render once.

    Workers may be separate processes, so the guard is a file lock (one per
    page), and the PDF appears by atomic rename: a reader never sees half a file.
    """
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():  # rendered by another worker while we waited
            return path
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        tmp.write_bytes(produce())
        os.replace(tmp, path)
        _prune(path)
    return path


def _prune(path: Path) -> None:
    """Drop the same poster's older renditions (earlier revisions or settings)."""
    size_mode = "-".join(path.name.split("-")[:2])
    for old in path.parent.glob(f"{size_mode}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
