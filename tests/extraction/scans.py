"""Scans made from known Vietnamese text, for the extraction tests and
bench/extraction.py: pages drawn with Pillow in the portal's Noto Serif (full
Vietnamese coverage), then skewed, turned and soiled like a photocopier's
output, and saved as an image PDF, PNG or JPEG; and the character error rate
of what OCR reads back.

Each page carries a running header (the document's symbol) and a page number
at the foot, which the engine must drop: `PAGES` holds the body text only, as
the engine should return it.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "cms" / "static" / "fonts" / "NotoSerif-Regular.ttf"
HEADER = "Chỉ thị số 29-CT/TU ngày 15/3/2025"

PAGES = (
    "ĐẢNG BỘ TỈNH QUẢNG NAM\n"
    "CHỈ THỊ\n"
    "về tăng cường công tác phòng cháy, chữa cháy\n"
    "trên địa bàn phường trong mùa khô năm 2025\n"
    "Thời gian qua, công tác phòng cháy, chữa cháy\n"
    "đã được cấp ủy, chính quyền các cấp quan tâm\n"
    "chỉ đạo, nhận thức của người dân được nâng lên.\n"
    "Tuy nhiên, tình hình cháy nổ vẫn diễn biến phức\n"
    "tạp, gây thiệt hại lớn về người và tài sản.\n"
    "Để chủ động phòng ngừa, Ban Thường vụ Tỉnh ủy\n"
    "yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt\n"
    "những nội dung sau đây:",
    "1. Tổ chức quán triệt sâu rộng Chỉ thị này đến\n"
    "từng chi bộ, cán bộ, đảng viên và nhân dân.\n"
    "2. Kiểm tra an toàn điện, bếp gas tại hộ gia đình,\n"
    "nhà trọ, chợ, trường học và cơ sở kinh doanh.\n"
    "3. Mỗi tổ dân phố bố trí ít nhất một bình chữa\n"
    "cháy tại nhà văn hóa, niêm yết số điện thoại 114.\n"
    "4. Ủy ban nhân dân phường chủ trì, phối hợp với\n"
    "Công an phường tổ chức diễn tập trước ngày 30/4.\n"
    "Chỉ thị này được phổ biến đến chi bộ và có hiệu\n"
    "lực kể từ ngày ký; giao Văn phòng theo dõi, đôn\n"
    "đốc, báo cáo kết quả thực hiện về Tỉnh ủy.",
)


def draw_page(
    body: str, number: int, *, dpi: int = 200, header: str | None = HEADER
) -> Image.Image:
    """One clean A5 page (148 × 210 mm) in grey, 11.5 pt text at `dpi`."""
    width, height = round(148 / 25.4 * dpi), round(210 / 25.4 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), round(11.5 / 72 * dpi))
    small = ImageFont.truetype(str(FONT), round(9 / 72 * dpi))
    margin, line = round(0.6 * dpi), round(0.26 * dpi)
    if header:
        draw.text((margin, round(0.4 * dpi)), header, font=small, fill=40)
    y = round(0.8 * dpi)
    for text in body.split("\n"):
        draw.text((margin, y), text, font=font, fill=20)
        y += line
    draw.text(
        (width // 2, height - round(0.45 * dpi)), str(number), font=small, fill=40
    )
    return image


def soil(image: Image.Image, *, angle: float, seed: int = 0) -> Image.Image:
    """`image` turned by `angle` degrees (counter-clockwise), slightly blurred,
    with grain and dust: what a photocopier hands back."""
    rng = random.Random(seed)
    turned = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    turned = turned.filter(ImageFilter.GaussianBlur(0.6))
    grainy = Image.blend(turned, Image.effect_noise(turned.size, 40), 0.15)
    draw = ImageDraw.Draw(grainy)
    for _ in range(grainy.width * grainy.height // 4000):
        x, y = rng.randrange(grainy.width), rng.randrange(grainy.height)
        draw.point((x, y), fill=rng.choice((0, 60, 255)))
    return grainy


def scanned_pages(*, dpi: int = 200, header: str | None = HEADER) -> list[Image.Image]:
    """The two pages of `PAGES` as scanned: the first skewed by 2.5°, the
    second fed upside down and skewed by 1.5° the other way."""
    return [
        soil(draw_page(PAGES[0], 1, dpi=dpi, header=header), angle=2.5, seed=1),
        soil(draw_page(PAGES[1], 2, dpi=dpi, header=header), angle=178.5, seed=2),
    ]


def save_pdf(images: list[Image.Image], path: Path, *, dpi: int = 200) -> Path:
    """An image-only PDF, one page per image (what a scanner writes)."""
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between `a` and `b`, in characters."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char_a != char_b),
                )
            )
        previous = current
    return previous[-1]


def cer(expected: str, read: str) -> float:
    """Character error rate of `read`, spaces and line breaks counted as one
    space."""
    expected, read = " ".join(expected.split()), " ".join(read.split())
    return edit_distance(expected, read) / len(expected)
