"""Extraction benchmark: seconds per page, text layer against OCR.

    .venv/bin/python bench/extraction.py [--text-pages 20] [--scanned-pages 6]
        [--dpi 300] [--runs 3]

Makes, in a temporary folder:
- a born-digital PDF of --text-pages A5 pages (WeasyPrint; directive bodies
  from the synthetic corpus, bench/corpus.py, with a running header and page
  numbers);
- two scanned PDFs of --scanned-pages / 2 A5 pages each (at least 2), drawn
  at --dpi from known text (12 lines of a corpus directive a page, drawn by
  tests/extraction/scans.py), blurred, grainy, dusty: one skewed 2.5°, one
  fed upside down (178.5°), which costs Tesseract's orientation detection
  and a second reading.

Prints the best of --runs, in seconds per page, of `extract` on each, beside
the obvious cheaper alternative measured on the same pages in the same run:
pypdf's `extract_text` for the text layer; bare Tesseract (`-l vie`, one
thread, no orientation or deskew) for the scans, with the character error
rate (CER) of both against the known text.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from functools import partial
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import generate  # noqa: E402 (bench/, the script's folder)

from directives.extraction import extract, ocr_available  # noqa: E402
from tests.extraction.scans import (  # noqa: E402
    FONT,
    HEADER,
    cer,
    draw_page,
    save_pdf,
    soil,
)


def born_digital_pdf(path: Path, pages: int) -> None:
    import weasyprint

    bodies = []
    for doc in generate(pages * 2, 0, 0):
        bodies.append(f"<h1>{doc['title']}</h1>")
        bodies.extend(f"<p>{p}</p>" for p in doc["body"].split("\n") if p.strip())
    html = f"""<html lang="vi"><style>
    @font-face {{ font-family: Serif; src: url("{FONT.as_uri()}"); }}
    @page {{ size: A5; margin: 18mm 15mm;
      @top-center {{ content: "{HEADER}"; font: 9pt Serif; }}
      @bottom-center {{ content: counter(page); font: 9pt Serif; }} }}
    body {{ font: 11pt Serif; }} h1 {{ font-size: 13pt; }}
    </style><body>{"".join(bodies)}</body></html>"""
    document = weasyprint.HTML(string=html).render()
    document.copy(document.pages[:pages]).write_pdf(path)


def scanned_pdf(
    path: Path, pages: int, dpi: int, angle: float
) -> tuple[list, list[str]]:
    """A scan turned by `angle`: 12 lines of a corpus directive a page, each
    page another directive. Returns its page images and the text of each."""
    images, texts = [], []
    for n, doc in enumerate(generate(pages, 0, 0)):
        body = "\n".join(textwrap.wrap(doc["body"].replace("\n", " "), 46)[:12])
        images.append(soil(draw_page(body, n + 1, dpi=dpi), angle=angle, seed=n))
        texts.append(body)
    save_pdf(images, path, dpi=dpi)
    return images, texts


def cer_of(expected: list[str], read: list[str]) -> str:
    """The mean character error rate of the pages, as a percentage."""
    rates = [cer(e, r) for e, r in zip(expected, read, strict=True)]
    return f"{sum(rates) / len(rates):.2%}"


def best(runs: int, func) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def bare_tesseract(images, dpi: int) -> list[str]:
    """Tesseract alone on each page image, as its own command line reads it."""
    texts = []
    with tempfile.TemporaryDirectory() as folder:
        for n, image in enumerate(images):
            png = Path(folder) / f"{n}.png"
            image.save(png, dpi=(dpi, dpi))
            done = subprocess.run(
                ["tesseract", str(png), "stdout", "-l", "vie", "--dpi", str(dpi)],
                capture_output=True,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                check=True,
            )
            texts.append(done.stdout.decode())
    return texts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-pages", type=int, default=20)
    parser.add_argument("--scanned-pages", type=int, default=6)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    print(
        f"$ .venv/bin/python bench/extraction.py --text-pages {args.text_pages}"
        f" --scanned-pages {args.scanned_pages} --dpi {args.dpi} --runs {args.runs}"
    )
    print(f"# {platform.python_version()}, {os.cpu_count()} cores")
    folder = Path(tempfile.mkdtemp(prefix="bench-extraction-"))
    rows = []

    born = folder / "born-digital.pdf"
    born_digital_pdf(born, args.text_pages)
    seconds, result = best(args.runs, lambda: extract(born))
    assert result.status == "done" and result.method == "text-layer", result
    rows.append(("text layer: extract (PDFium)", args.text_pages, seconds, ""))
    seconds, _ = best(
        args.runs, lambda: [p.extract_text() for p in PdfReader(born).pages]
    )
    rows.append(("text layer: pypdf extract_text", args.text_pages, seconds, ""))

    if not ocr_available("vie"):
        print("tesseract-ocr-vie not installed: no OCR figures")
    else:
        # Two pages at least: a running header is one only on several pages.
        pages = max(2, args.scanned_pages // 2)
        for label, angle in (("upright", 2.5), ("upside down", 178.5)):
            scan = folder / f"scan-{angle}.pdf"
            images, expected = scanned_pdf(scan, pages, args.dpi, angle)
            seconds, result = best(args.runs, partial(extract, scan, timeout_s=3600))
            assert result.status == "done", result
            read = [page.text for page in result.pages]
            rows.append(
                (f"scan, {label}: extract", pages, seconds, cer_of(expected, read))
            )
            seconds, read = best(args.runs, partial(bare_tesseract, images, args.dpi))
            # Bare Tesseract keeps the running header and the page numbers.
            expected = [f"{HEADER}\n{e}\n{n}" for n, e in enumerate(expected, 1)]
            rows.append(
                (
                    f"scan, {label}: bare tesseract",
                    pages,
                    seconds,
                    cer_of(expected, read),
                )
            )

    print(f"{'':<34}{'pages':>6}{'s/page':>10}{'pages/s':>10}{'CER':>9}")
    for name, pages, seconds, rate in rows:
        print(
            f"{name:<34}{pages:>6}{seconds / pages:>10.4f}"
            f"{pages / seconds:>10.1f}{rate:>9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
