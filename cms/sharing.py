"""What a shared link shows: a description, Open Graph and Twitter tags, and
a 1200×630 card image (`<page>/anh-chia-se.png`) that Zalo and Facebook
preview.

The card is drawn with Pillow in the portal's own fonts (Noto, full
Vietnamese coverage): the ward's header, what kind of page it is, its title
and its number or date. It is cached on disk by page, live revision and
ward settings, so a new version of the page gets a new card.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.html import strip_tags
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
DESCRIPTION_CHARS = 200
FONTS = Path(__file__).resolve().parent / "static" / "fonts"
RED, GOLD, INK, PAPER = (163, 22, 15), (255, 210, 0), (27, 27, 27), (255, 253, 248)
CACHE_VERSION = 2


def kind_label(page) -> str:
    """What the page is, as its type names itself (`kind_label`): "Thông
    báo", "Văn bản chỉ đạo"; nothing for the home page and sections."""
    return str(getattr(page, "kind_label", "") or "")


def _plain(text: str) -> str:
    return " ".join(html.unescape(strip_tags(text or "")).split())


def description(page) -> str:
    """One or two sentences for a preview and `<meta name="description">`:
    the editor's search description, else the page's own summary, lead,
    introduction or first words, else what its page type says of itself
    (`default_description`: a section with no introduction yet), cut at a
    word near DESCRIPTION_CHARS."""
    names = ("search_description", "summary", "lead", "intro", "body_text")
    for name in (*names, "default_description"):
        text = _plain(str(getattr(page, name, "") or ""))
        if text:
            break
    else:
        return ""
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text.rfind(" ", 0, DESCRIPTION_CHARS)
    return text[: cut if cut > 0 else DESCRIPTION_CHARS].rstrip(",;:") + "…"


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def _wrapped(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width` pixels, at most `max_lines`
    (the last one ending in "…" when text was left out)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
    shown = " ".join(lines)
    if len(shown) < len(" ".join(words)) and lines:
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines[-1] = last.rstrip(" ,;:") + "…"
    return lines


def _subtitle(page) -> str:
    """The card's second line: what the page type says of itself
    (`share_subtitle`: a directive's type and number, a procedure's field),
    else the day it was published."""
    subtitle = getattr(page, "share_subtitle", "")
    if subtitle:
        return subtitle
    day = getattr(page, "published_on", None)
    return f"Ngày {day:%d/%m/%Y}" if day else ""


def draw_card(page, ward) -> bytes:
    """The PNG card of `page` for `ward` (a WardSettings)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 150), fill=RED)
    draw.rectangle((0, 150, WIDTH, 158), fill=GOLD)
    draw.text((60, 30), "ỦY BAN NHÂN DÂN", font=_font(False, 30), fill=(255, 255, 255))
    committee = ward.ward_name.upper() if ward else ""
    draw.text((60, 70), committee, font=_font(True, 48), fill=(255, 255, 255))
    y = 200
    label = kind_label(page).upper()
    if label:
        draw.text((60, y), label, font=_font(True, 30), fill=RED)
        y += 56
    title_font = _font(True, 54)
    title = getattr(page, "share_title", "") or page.title
    for line in _wrapped(draw, title, title_font, WIDTH - 120, 4):
        draw.text((60, y), line, font=title_font, fill=INK)
        y += 70
    subtitle = _subtitle(page)
    if subtitle:
        draw.text((60, HEIGHT - 80), subtitle, font=_font(False, 34), fill=(80, 80, 80))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _card_key(page, ward) -> str:
    ward_part = f"{ward.ward_name}|{ward.pk}" if ward else ""
    raw = f"{CACHE_VERSION}|{page.pk}|{page.live_revision_id}|{page.title}|{ward_part}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def card(page, ward) -> bytes:
    """`draw_card`, cached on disk (DATA_DIR/share-cards)."""
    folder = Path(settings.DATA_DIR) / "share-cards"
    path = folder / f"{page.pk}-{_card_key(page, ward)}.png"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = draw_card(page, ward)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{page.pk}-*.png"):  # earlier versions of the page
        if old != path:
            old.unlink(missing_ok=True)
    # Crawlers fetch a new link at once: each request writes a temporary file
    # of its own and os.replace puts one whole file in place (as speech.py).
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=path.stem, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return data


def plain_text(page, request=None) -> str:
    """A few lines to paste into a Zalo group: what it is, its title, the
    dates that matter, a sentence of what it says, the link."""
    label = kind_label(page).capitalize()
    lines = [f"[{label}] {page.title}" if label else page.title]
    subtitle = _subtitle(page)
    if subtitle:
        lines.append(subtitle)
    valid_until = getattr(page, "valid_until", None)
    if valid_until:
        lines.append(f"Hiệu lực đến ngày {valid_until:%d/%m/%Y}")
    text = description(page)
    if text and text != page.title:
        lines.append(text)
    url = page.get_full_url(request)
    if url:
        lines.append(url)
    return "\n".join(lines)


_SLASHES = re.compile(r"/+$")


def card_url(page, request=None) -> str:
    """The absolute address of the page's card, on the page's own host ("" for
    a page outside every site)."""
    url = page.get_full_url(request)
    return _SLASHES.sub("", url) + "/anh-chia-se.png" if url else ""
