"""Poster benchmark: render_poster against bare WeasyPrint, in the same run.

    .venv/bin/python bench/posters.py [--runs 7] [--cached-runs 200]

Builds a throw-away ward in a temporary DATA_DIR (migrate, load_demo, then
notices until there are 30 printable pages) and prints medians of:

- first render of an A4 poster (empty cache) beside WeasyPrint alone writing
  the same HTML: the ratio is what templates, QR code, cache and lock cost;
- cached render, both the function and the whole `poster.pdf` request;
- a 30-poster print pack, cold and warm, beside bare WeasyPrint for the 30.

First and bare runs alternate, after a warm-up, so drift hits both alike.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="bench-posters-")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "*")


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def build_ward(pages_wanted: int) -> list:
    from django.core.management import call_command
    from wagtail.models import Page

    from cms.demo.loader import load_demo
    from cms.site_structure import ensure_site_structure
    from directives import posters
    from directives.blocks import paragraphs_to_stream
    from directives.models import NoticePage

    call_command("migrate", verbosity=0)
    load_demo()
    index = ensure_site_structure()["NoticeIndexPage"]
    pages = list(Page.objects.live().type(*posters.POSTER_TYPES).specific())
    for n in range(pages_wanted - len(pages)):
        notice = NoticePage(
            title=f"Thông báo lịch thu gom rác thải tổ dân phố số {n + 1}",
            posted_at="Nhà văn hóa tổ dân phố",
            body=paragraphs_to_stream(
                "Xe thu gom rác đi qua các kiệt, hẻm từ 17 giờ 00 đến 19 giờ 00 "
                "hằng ngày. Bà con để rác đúng giờ, đúng nơi quy định.\n\n"
                "Không đổ rác xuống cống thoát nước và bờ sông Hàn."
            ),
        )
        index.add_child(instance=notice)
        notice.save_revision().publish()
        pages.append(notice)
    return pages[:pages_wanted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cached-runs", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from weasyprint import HTML

    from cms.models import WardSettings
    from directives import posters

    pages = build_ward(30)
    page = next(p for p in pages if p.kind == "notice")
    ward = WardSettings.for_site(page.get_site())

    # Bare WeasyPrint gets its HTML ready-made: only write_pdf is timed.
    htmls = {p.pk: posters.poster_html(posters.live_object(p), ward) for p in pages}

    def bare(p) -> bytes:
        html = htmls[p.pk]
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

    def clear_cache() -> None:
        shutil.rmtree(posters.cache_dir(), ignore_errors=True)

    bare(page)  # warm-up: fonts, Pango, templates
    first, weasy = [], []
    for _ in range(args.runs):
        clear_cache()
        first.append(timed(lambda: posters.render_poster(page)))
        weasy.append(timed(lambda: bare(page)))

    cached = [
        timed(lambda: posters.render_poster(page)) for _ in range(args.cached_runs)
    ]
    client = Client()
    url = f"{page.url}poster.pdf"
    assert client.get(url).status_code == 200
    request = [timed(lambda: client.get(url)) for _ in range(args.cached_runs)]

    pack_cold, pack_warm, pack_bare = [], [], []
    for _ in range(max(3, args.runs // 2)):
        clear_cache()
        pack_cold.append(timed(lambda: posters.render_pack(pages)))
        pack_warm.append(timed(lambda: posters.render_pack(pages)))
        pack_bare.append(timed(lambda: [bare(p) for p in pages]))

    print(f"A4 poster, median of {args.runs} runs (ms)")
    print(f"  first render (render_poster)     {median_ms(first):8.1f}")
    print(f"  bare WeasyPrint, same HTML       {median_ms(weasy):8.1f}")
    print(
        f"  overhead ratio                   {median_ms(first) / median_ms(weasy):8.2f}"
    )
    print(f"  cached render_poster             {median_ms(cached):8.2f}")
    print(f"  cached GET poster.pdf            {median_ms(request):8.2f}")
    print(f"print pack of {len(pages)} posters, median (ms)")
    print(f"  cold cache                       {median_ms(pack_cold):8.1f}")
    print(f"  warm cache                       {median_ms(pack_warm):8.1f}")
    print(f"  bare WeasyPrint x{len(pages)}            {median_ms(pack_bare):8.1f}")
    ratio = median_ms(pack_cold) / median_ms(pack_bare)
    print(f"  overhead ratio (cold)            {ratio:8.2f}")
    shutil.rmtree(os.environ["DATA_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
