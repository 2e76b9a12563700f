"""OCR of one page image with Tesseract (Debian `tesseract-ocr`,
`tesseract-ocr-vie`), run as a subprocess that never outlives the deadline.

Each page is straightened first (deskew: the angle, within ±10° of the
horizontal or the vertical, at which the ink's projection is sharpest), then
read (`--psm 3`, automatic layout) into TSV, which gives the words, their
lines and paragraphs and their confidence in one pass. Tesseract reads a page
turned a quarter by itself; a page upside down it reads as nonsense of low
confidence, so only then is its orientation detected (`--psm 0`, the `osd`
model: 0.7 s a page, more than reading it) and the turned page read again.

Why Tesseract directly rather than OCRmyPDF: OCRmyPDF writes a new PDF
(Ghostscript, pikepdf and a dozen Python packages) and hides the word
confidences that staff need; what it would add here, the per-page choice
between text layer and OCR, rotation and deskew, is a few dozen lines.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import subprocess
import time

import numpy as np
from PIL import Image, ImageOps

from .results import NO_OCR, TIMEOUT, ExtractionError

# The program, looked up on PATH (a test names a missing one).
TESSERACT = "tesseract"
# Tesseract's OpenMP threads fight each other on small pages: one thread
# reads a 200 dpi A5 page in 0.35 s where the default takes 1.3 s (2 cores).
# Pages could be read in parallel instead; one at a time leaves the web
# workers their share of the machine.
ONE_THREAD = {"OMP_THREAD_LIMIT": "1"}
# A page read with a lower mean word confidence may be upside down (an
# upside-down test scan reads at 0.44, upright ones at 0.95).
MIN_UPRIGHT_CONFIDENCE = 0.7
# Orientation detection below this confidence is not trusted (upright pages
# measure 15-20, turned ones 13-20 on the test scans).
MIN_ORIENTATION_CONFIDENCE = 2.0
MAX_SKEW, COARSE_STEP, FINE_STEP = 10.0, 0.5, 0.05
# Straighten only from this angle: smaller skews Tesseract absorbs itself.
MIN_SKEW = 0.2
# A word read with a confidence below this that holds no letter or digit is
# noise (dust read as "|" or ".").
MIN_NOISE_CONFIDENCE = 60
ORIENTATION_RE = re.compile(r"Orientation in degrees: (\d+)")
ORIENTATION_CONFIDENCE_RE = re.compile(r"Orientation confidence: ([\d.]+)")


def _env() -> dict[str, str]:
    """The child's environment: this process's own (PATH as it is now), with
    Tesseract on one thread. Nothing is configured from it."""
    return {**os.environ, **ONE_THREAD}


def ocr_available(language: str = "vie") -> bool:
    """Whether Tesseract is installed with the model of every `language`
    ("vie", or "vie+eng")."""
    if shutil.which(TESSERACT) is None:
        return False
    try:
        listed = subprocess.run(
            [TESSERACT, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=10,
            env=_env(),
        )
    except (OSError, subprocess.SubprocessError):
        return False
    installed = set(listed.stdout.split())
    return listed.returncode == 0 and set(language.split("+")) <= installed


def _run(args: list[str], image: bytes, deadline: float) -> subprocess.CompletedProcess:
    """Tesseract with `args` on `image` (PGM, on stdin), killed at `deadline`
    (time.monotonic()): ExtractionError "timeout" then, "no-ocr" if it is
    not installed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ExtractionError(TIMEOUT)
    try:
        return subprocess.run(
            [TESSERACT, "stdin", "stdout", *args],
            input=image,
            capture_output=True,
            timeout=remaining,
            env=_env(),
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(TIMEOUT) from exc
    except OSError as exc:
        raise ExtractionError(NO_OCR) from exc


def _pgm(image: Image.Image) -> bytes:
    """`image` as Tesseract reads it from stdin: uncompressed grey (PGM),
    written in a millisecond where PNG takes a tenth of a second."""
    out = io.BytesIO()
    image.save(out, "PPM")
    return out.getvalue()


def orientation(image: Image.Image, dpi: int | None, deadline: float) -> int:
    """How many degrees counter-clockwise to turn `image` to read it: 0, 90,
    180 or 270 (0 when Tesseract cannot tell, as on a page with few words)."""
    done = _run(["--psm", "0", *_dpi_args(dpi)], _pgm(image), deadline)
    output = done.stdout.decode("utf-8", "replace")
    angle = ORIENTATION_RE.search(output)
    confidence = ORIENTATION_CONFIDENCE_RE.search(output)
    if done.returncode or not angle or not confidence:
        return 0
    if float(confidence[1]) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return int(angle[1]) % 360


def skew_angle(image: Image.Image) -> float:
    """The angle in degrees (counter-clockwise) by which the lines of text in
    `image` are turned from the horizontal or, for a page turned a quarter,
    from the vertical, within ±MAX_SKEW: the angle at which the ink's
    projection across the lines is sharpest (sum of squared counts)."""
    small = ImageOps.autocontrast(image.convert("L"))
    small.thumbnail((1200, 1200))
    ys, xs = np.nonzero(np.asarray(small) < 128)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 60_000:  # a sample is as sharp, and quicker
        keep = np.random.default_rng(0).choice(len(ys), 60_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)

    def sharpness(angle: float, across: np.ndarray, along: np.ndarray) -> float:
        offsets = across + along * math.tan(math.radians(angle))
        counts = np.bincount((offsets - offsets.min()).astype(np.int64))
        return float(np.dot(counts, counts))

    def best(across, along, sign) -> tuple[float, float]:
        """(sharpness, angle) for lines along the other axis."""
        coarse = np.arange(-MAX_SKEW, MAX_SKEW + COARSE_STEP / 2, COARSE_STEP)
        angle = max(coarse, key=lambda a: sharpness(a, across, along))
        fine = np.arange(angle - COARSE_STEP, angle + COARSE_STEP, FINE_STEP)
        angle = max(fine, key=lambda a: sharpness(a, across, along))
        return sharpness(angle, across, along), sign * float(angle)

    # Rows of text (y across, x along), or columns (a page turned a quarter).
    _, angle = max(best(ys, xs, 1), best(xs, ys, -1))
    return round(angle, 2)


def _dpi_args(dpi: int | None) -> list[str]:
    return ["--dpi", str(dpi)] if dpi else []


def _words(tsv: str):
    """(block, paragraph, line, text, confidence) of each word Tesseract read."""
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        confidence = float(row["conf"])
        if confidence < MIN_NOISE_CONFIDENCE and not any(c.isalnum() for c in text):
            continue
        yield (row["block_num"], row["par_num"], row["line_num"], text, confidence)


def text_from_tsv(tsv: str) -> tuple[str, float | None]:
    """The text of Tesseract's TSV output, one line per line read and a
    blank line between paragraphs, with the mean word confidence (0..1)."""
    lines: list[str] = []
    scores: list[float] = []
    current, paragraph = None, None
    for block, par, line, text, confidence in _words(tsv):
        if confidence >= 0:
            scores.append(confidence / 100)
        if (block, par, line) == current:
            lines[-1] += " " + text
            continue
        if paragraph is not None and (block, par) != paragraph:
            lines.append("")
        lines.append(text)
        current, paragraph = (block, par, line), (block, par)
    return "\n".join(lines), (sum(scores) / len(scores) if scores else None)


def straight(image: Image.Image) -> Image.Image:
    """`image` in grey, its lines of text straightened."""
    image = image.convert("L")
    skew = skew_angle(image)
    if abs(skew) < MIN_SKEW:
        return image
    return image.rotate(-skew, resample=Image.BICUBIC, expand=True, fillcolor=255)


def recognise(
    image: Image.Image, *, language: str, deadline: float, dpi: int | None
) -> tuple[str, float | None]:
    """Tesseract's reading of `image` as it is: text and mean confidence."""
    done = _run(
        ["-l", language, "--psm", "3", *_dpi_args(dpi), "tsv"], _pgm(image), deadline
    )
    if done.returncode:
        error = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in error or "Error opening data file" in error:
            raise ExtractionError(NO_OCR)
        return "", None
    return text_from_tsv(done.stdout.decode("utf-8", "replace"))


def ocr_image(
    image: Image.Image, *, language: str, deadline: float, dpi: int | None = None
) -> tuple[str, float | None]:
    """The text Tesseract reads in `image` (uncleaned), the right way up, and
    its mean word confidence from 0 to 1 (None when it read no word). `dpi`
    is the image's resolution when known (Tesseract guesses otherwise)."""
    image = straight(image)
    text, confidence = recognise(image, language=language, deadline=deadline, dpi=dpi)
    if confidence is not None and confidence >= MIN_UPRIGHT_CONFIDENCE:
        return text, confidence
    turn = orientation(image, dpi, deadline)
    if not turn:
        return text, confidence
    turned = image.rotate(turn, expand=True)
    again = recognise(turned, language=language, deadline=deadline, dpi=dpi)
    return max((text, confidence), again, key=lambda read: read[1] or 0)
