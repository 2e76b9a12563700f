"""Loudspeaker benchmark: verbaliser throughput, scripts, audio.

    .venv/bin/python bench/loudspeaker.py [--documents 2000]

Prints:
- characters per second of `verbalize` over a synthetic corpus of directives
  and notices (bench/corpus.py), beside a numbers-only pass (every digit run
  replaced by `number_to_words`, nothing else): the obvious cheaper
  alternative, measured in the same run;
- the time to build the loudspeaker script of every demo page;
- espeak-ng's synthesis time per minute of speech, where espeak-ng is installed.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import generate  # noqa: E402 (bench/, the script's folder)


def corpus_texts(documents: int) -> list[str]:
    texts = []
    for doc in generate(documents, documents // 4, 0):
        texts.append(doc["title"])
        texts.extend(p for p in (doc.get("summary"), doc["body"]) if p)
    return texts


def numbers_only(text: str) -> str:
    from directives.loudspeaker import number_to_words

    return re.sub(r"\d+", lambda m: number_to_words(int(m.group(0))), text)


def throughput(fn, texts: list[str], repeat: int = 3) -> float:
    chars = sum(len(t) for t in texts)
    best = min(_timed(fn, texts) for _ in range(repeat))
    return chars / best


def _timed(fn, texts) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - start


def demo_scripts() -> tuple[int, float, float, list[str]]:
    """Scripts of every demo page: (pages, cold seconds, warm median ms, texts)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="bench-loudspeaker-")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Site

    from cms.demo.loader import load_demo
    from cms.models import WardSettings
    from directives.loudspeaker.script import build_script
    from directives.models import DirectivePage, NoticePage

    call_command("migrate", verbosity=0)
    load_demo()
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    pages = [
        *DirectivePage.objects.live().select_related("issuer"),
        *NoticePage.objects.live(),
    ]
    start = time.perf_counter()
    scripts = [build_script(p, ward).text for p in pages]
    cold = time.perf_counter() - start
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        for page in pages:
            build_script(page, ward)
        warm.append((time.perf_counter() - start) * 1000 / len(pages))
    return len(pages), cold, statistics.median(warm), scripts


def audio(scripts: list[str]) -> str:
    if not shutil_which("espeak-ng"):
        return "espeak-ng not installed (apt-get install espeak-ng): audio not measured"
    text = "\n\n".join(scripts[:3])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.wav"
        start = time.perf_counter()
        subprocess.run(
            ["espeak-ng", "-v", "vi", "-s", "140", "-w", str(out), "--stdin"],
            input=text.encode(),
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
        with wave.open(str(out)) as wav:
            duration = wav.getnframes() / wav.getframerate()
    per_minute = seconds / (duration / 60)
    return (
        f"espeak-ng: {duration:.0f} s of speech in {seconds:.2f} s "
        f"= {per_minute:.2f} s of synthesis per minute of speech"
    )


def shutil_which(name):
    import shutil

    return shutil.which(name)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args(argv)
    print(f"$ .venv/bin/python bench/loudspeaker.py --documents {args.documents}")
    print(f"# {platform.python_version()}, {os.cpu_count()} cores")

    from directives.loudspeaker import verbalize

    texts = corpus_texts(args.documents)
    chars = sum(len(t) for t in texts)
    full = throughput(verbalize, texts)
    naive = throughput(numbers_only, texts)
    print(f"corpus: {len(texts)} texts, {chars / 1e6:.2f} M characters")
    print(f"{'verbalize (all rules)':<32}{full / 1e6:>8.2f} M chars/s")
    print(f"{'numbers-only regex pass':<32}{naive / 1e6:>8.2f} M chars/s")
    print(f"{'cost of the full rule set':<32}{naive / full:>8.1f} ×")

    pages, cold, warm, scripts = demo_scripts()
    print(
        f"scripts for all {pages} demo pages: {cold * 1000:.0f} ms cold, "
        f"{warm:.2f} ms per page warm (median of 5)"
    )
    print(audio(scripts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
