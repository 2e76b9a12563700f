"""Broadcast audio benchmark: loudness normalisation and MP3 encoding.

    .venv/bin/python bench/audio.py [--scripts 4] [--repeat 3]

Synthesises the first demo scripts with espeak-ng at the ward's default rate
(110 words a minute, Northern voice), then prints, per minute of speech:
- the loudness normalisation (ITU-R BS.1770 to -16 LUFS with the look-ahead
  peak limiter) beside a plain peak normalisation (one gain, the obvious
  cheaper alternative, which leaves the level wherever the peak puts it);
- MP3 encoding time and size at 32, 40 and 48 (the portal's) kbit/s, beside
  keeping the WAV (bytes a minute);
- the decoded MP3's loudness and peak, where miniaudio (test dependency) is
  installed.
Medians of `--repeat` runs.
"""

import argparse
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from loudspeaker import demo_scripts  # noqa: E402 (bench/, the script's folder)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scripts", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"$ .venv/bin/python bench/audio.py --scripts {args.scripts}")
    print(f"# {platform.python_version()}, {os.cpu_count()} cores")

    _, _, _, scripts = demo_scripts()
    import numpy as np

    from directives.loudspeaker import audio
    from directives.loudspeaker.speech import EspeakEngine, SpeechUnavailable

    engine = EspeakEngine(110, "vi")
    try:
        engine.executable()
    except SpeechUnavailable:
        print("espeak-ng not installed (apt-get install espeak-ng): nothing measured")
        return 0
    text = "\n\n".join(scripts[: args.scripts])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.wav"
        synthesis, _ = timed(lambda: engine.synthesize(text, out), 1)
        samples, rate = audio.read_wav(out.read_bytes())
    minutes = len(samples) / rate / 60
    words = len(text.split())
    print(
        f"speech: {args.scripts} demo scripts, {words} words, "
        f"{minutes * 60:.0f} s at {rate} Hz mono "
        f"= {words / minutes:.0f} words a minute (ward rate 110); "
        f"espeak-ng {synthesis / minutes:.2f} s a minute"
    )
    print(
        f"as synthesised: {audio.loudness(samples, rate):.1f} LUFS, "
        f"peak {audio.peak_dbfs(samples):.2f} dBFS"
    )

    def peak_only():
        return samples * (audio.db_to_gain(-1.0) / np.abs(samples).max())

    t_peak, peaked = timed(peak_only, args.repeat)
    t_norm, processed = timed(lambda: audio.normalise(samples, rate), args.repeat)
    print(f"{'per minute of speech':<42}{'time':>10}{'LUFS':>8}{'peak dBFS':>11}")
    print(
        f"{'loudness normalisation + limiter':<42}"
        f"{t_norm / minutes * 1000:>8.0f}ms"
        f"{processed.loudness_lufs:>8.1f}{processed.peak_dbfs:>11.2f}"
    )
    print(
        f"{'peak normalisation only (alternative)':<42}"
        f"{t_peak / minutes * 1000:>8.1f}ms"
        f"{audio.loudness(peaked, rate):>8.1f}{audio.peak_dbfs(peaked):>11.2f}"
    )

    try:
        import miniaudio
    except ImportError:
        miniaudio = None
    wav = audio.wav_bytes(processed.samples, rate)
    header = f"{'format':<42}{'encode/min':>10}{'MB/min':>8}"
    print(header + ("  decoded LUFS / peak dBFS" if miniaudio else ""))
    print(f"{'WAV, 16-bit (keeping WAV)':<42}{'—':>10}{len(wav) / minutes / 1e6:>8.2f}")
    for kbps in (32, 40, 48):
        seconds, mp3 = timed(
            lambda k=kbps: audio.encode_mp3(processed.samples, rate, k), args.repeat
        )
        line = (
            f"{f'MP3 {kbps} kbit/s mono':<42}{seconds / minutes * 1000:>8.0f}ms"
            f"{len(mp3) / minutes / 1e6:>8.3f}"
        )
        if miniaudio:
            decoded = miniaudio.mp3_read_s16(mp3)
            pcm = np.frombuffer(decoded.samples, dtype=np.int16) / 32768.0
            peak = np.abs(pcm).max()
            line += (
                f"  {audio.loudness(pcm, decoded.sample_rate):.2f} / "
                f"{20 * math.log10(peak):.2f}"
            )
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
