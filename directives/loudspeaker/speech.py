"""Text to speech behind a small interface, so a better voice can replace it.

The default engine is espeak-ng's Vietnamese voice (Debian package
`espeak-ng`), in the voice and at the rate of the ward's settings
(`WardSettings.broadcast_voice`, `speaking_rate`). What it says is brought to
−16 LUFS with its peaks below −1 dBFS and encoded as MP3 (`audio.py`).

Cache: DATA_DIR/audio/<key>.wav, .mp3 and .json, where the key is a digest of
the engine, voice, rate, processing version and the text itself; so a changed
script or setting is new audio, and the same text is never rendered twice.
The JSON sidecar is written last and holds what pages show without touching
the audio: duration (from the sample count), sizes, loudness, peak.

- `render_audio(page, ward)` renders when needed (views, the feed, the
  `render_broadcast_audio` command, the publish signal);
- `audio_info(page, ward)` only looks: `AudioInfo`, or None when the current
  script has not been rendered. It never synthesises.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cms.models import WardSettings

from . import audio as processing

# Part of every cache key: change it when the processing changes the sound.
PIPELINE = "lufs-16/peak-3/mp3-48/v1"


class SpeechUnavailable(RuntimeError):
    """No speech engine is installed; the message says what to install."""


class EspeakEngine:
    """espeak-ng, at the ward's rate in words (Vietnamese syllables) a minute.

    espeak-ng's `-s` counts its own idea of a word: with its Vietnamese voices
    a script is read about 1.3 times faster than `-s` says (measured on the
    demo scripts, `SPEED_FACTOR`), and it reads no slower than `-s 85`
    (`MIN_SPEED`, about 112 syllables a minute). Slower rates are reached
    with longer pauses between words (`-g`, in units of about 33 ms there).
    """

    name = "espeak-ng"
    SPEED_FACTOR = {"vi": 1.28, "vi-vn-x-central": 1.275, "vi-vn-x-south": 1.25}
    MIN_SPEED = 85
    GAP_UNIT_S = 0.033

    def __init__(self, words_per_minute: int = 110, voice: str = "vi"):
        self.words_per_minute = int(words_per_minute)
        self.voice = voice if voice in self.SPEED_FACTOR else "vi"

    @classmethod
    def for_ward(cls, ward) -> EspeakEngine:
        if ward is None:
            return cls()
        return cls(ward.speaking_rate, ward.broadcast_voice)

    def executable(self) -> str:
        path = shutil.which("espeak-ng")
        if path is None:
            raise SpeechUnavailable(
                "Chưa cài bộ đọc tiếng Việt: cài gói espeak-ng "
                "(apt-get install espeak-ng) rồi tải lại."
            )
        return path

    def speed_and_gap(self) -> tuple[int, int]:
        """espeak-ng's `-s` and `-g` for the ward's rate."""
        factor = self.SPEED_FACTOR[self.voice]
        speed = round(self.words_per_minute / factor)
        if speed >= self.MIN_SPEED:
            return speed, 0
        slowest = 60 / (self.MIN_SPEED * factor)  # seconds a word at -s 85
        extra = 60 / self.words_per_minute - slowest
        return self.MIN_SPEED, max(0, round(extra / self.GAP_UNIT_S))

    def identity(self) -> str:
        """What decides the sound besides the text, for the cache key."""
        speed, gap = self.speed_and_gap()
        return f"{self.voice}:{self.words_per_minute}:-s{speed}:-g{gap}"

    def synthesize(self, text: str, out: Path) -> None:
        speed, gap = self.speed_and_gap()
        subprocess.run(
            [
                self.executable(),
                "-v",
                self.voice,
                "-s",
                str(speed),
                "-g",
                str(gap),
                "-w",
                str(out),
                "--stdin",
            ],
            input=text.encode("utf-8"),
            check=True,
            capture_output=True,
            timeout=300,
        )


def engine_installed() -> bool:
    return shutil.which("espeak-ng") is not None


@dataclass(frozen=True)
class AudioInfo:
    """A rendered script: where its files are and what they hold."""

    key: str
    mp3_path: Path
    wav_path: Path
    mp3_bytes: int
    wav_bytes: int
    duration_s: float
    loudness_lufs: float
    peak_dbfs: float
    voice: str
    words_per_minute: int
    page_url: str = ""  # the page's URL (relative or absolute, as page.url)

    @property
    def mp3_url(self) -> str:
        return f"{self.page_url}loa.mp3"

    @property
    def wav_url(self) -> str:
        return f"{self.page_url}loa.wav"

    @property
    def duration_label(self) -> str:
        return format_duration(self.duration_s)


def format_duration(seconds: float) -> str:
    """“3 phút 05 giây”; “45 giây” under a minute. Whole seconds are
    counted as audio players count them (152.7 s is 2:32)."""
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return f"{rest} giây"
    return f"{minutes} phút {rest:02d} giây"


def audio_folder() -> Path:
    return Path(settings.DATA_DIR) / "audio"


def cache_key(text: str, engine) -> str:
    identity = engine.identity() if hasattr(engine, "identity") else ""
    material = f"{PIPELINE}:{engine.name}:{identity}:{text}"
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def cached(text: str, engine, page_url: str = "") -> AudioInfo | None:
    """What the cache holds for `text` read by `engine`, without rendering."""
    key = cache_key(text, engine)
    folder = audio_folder()
    try:
        meta = json.loads((folder / f"{key}.json").read_text())
    except (OSError, ValueError):
        return None
    mp3, wav = folder / f"{key}.mp3", folder / f"{key}.wav"
    if not (mp3.exists() and wav.exists()):
        return None
    return AudioInfo(
        key=key,
        mp3_path=mp3,
        wav_path=wav,
        mp3_bytes=meta["mp3_bytes"],
        wav_bytes=meta["wav_bytes"],
        duration_s=meta["duration_s"],
        loudness_lufs=meta["loudness_lufs"],
        peak_dbfs=meta["peak_dbfs"],
        voice=meta.get("voice", ""),
        words_per_minute=meta.get("words_per_minute", 0),
        page_url=page_url,
    )


def render(text: str, engine=None, page_url: str = "") -> AudioInfo:
    """`text` read by `engine`, normalised, as WAV and MP3: rendered once.

    Concurrent first requests for one key wait on a lock file (one worker
    renders, the others then read its result: a burst of residents opening
    a new notice costs one rendering, not one per request). Files are
    written under temporary names in the same folder and os.replace puts
    each whole file in place, the sidecar last: a reader never sees half a
    file.
    """
    engine = engine or EspeakEngine()
    engine.executable()
    found = cached(text, engine, page_url)
    if found is not None:
        return found
    key = cache_key(text, engine)
    folder = audio_folder()
    folder.mkdir(parents=True, exist_ok=True)
    locks = folder.parent / "locks"
    locks.mkdir(exist_ok=True)
    lock_path = locks / f"audio-{key}.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        found = cached(text, engine, page_url)
        if found is not None:
            return found
        try:
            return _render(text, engine, page_url, key, folder)
        finally:
            # Whoever comes later finds the files (or renders again, the
            # same bytes, if this one failed): the lock is not needed.
            lock_path.unlink(missing_ok=True)


def _render(text: str, engine, page_url: str, key: str, folder: Path) -> AudioInfo:
    temporary = []

    def scratch(suffix: str) -> Path:
        handle, name = tempfile.mkstemp(dir=folder, prefix=key, suffix=suffix)
        os.close(handle)
        temporary.append(Path(name))
        return temporary[-1]

    try:
        raw = scratch(".raw.tmp")
        engine.synthesize(text, raw)
        samples, rate = processing.read_wav(raw.read_bytes())
        result = processing.normalise(samples, rate)
        wav_data = processing.wav_bytes(result.samples, rate)
        mp3_data = processing.encode_mp3(result.samples, rate)
        meta = {
            "duration_s": round(result.duration_s, 3),
            "samples": len(result.samples),
            "sample_rate": rate,
            "mp3_bytes": len(mp3_data),
            "mp3_kbps": processing.MP3_KBPS,
            "wav_bytes": len(wav_data),
            "loudness_lufs": round(result.loudness_lufs, 2),
            "peak_dbfs": round(result.peak_dbfs, 2),
            "engine": engine.name,
            "voice": getattr(engine, "voice", ""),
            "words_per_minute": getattr(engine, "words_per_minute", 0),
            "pipeline": PIPELINE,
        }
        for suffix, data in (
            (".wav", wav_data),
            (".mp3", mp3_data),
            (".json", json.dumps(meta).encode()),
        ):
            tmp = scratch(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, folder / f"{key}{suffix}")
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)
    return cached(text, engine, page_url)


def audio_for(script_text: str, cache_key: str = "", engine=None) -> Path:
    """The normalised WAV of `script_text`, rendered once.

    `cache_key` is no longer needed (the text, engine, voice and rate are
    the key) and is accepted for callers written before."""
    return render(script_text, engine).wav_path


def _page_script(page, ward):
    if ward is None:
        ward = WardSettings.for_page(page)
    return page.broadcast_script(ward), ward


def audio_info(page, ward=None, script=None) -> AudioInfo | None:
    """The rendered audio of `page`'s current script in `ward`'s voice and
    rate, or None when it has not been rendered. Never synthesises.

    `ward` defaults to the settings of the page's site; `script` saves
    building the script again when the caller has it."""
    if script is None:
        script, ward = _page_script(page, ward)
    return cached(script.text, EspeakEngine.for_ward(ward), page.url or "")


def render_audio(page, ward=None, script=None) -> AudioInfo:
    """The audio of `page`'s current script, rendered if it is not yet.
    Raises SpeechUnavailable when espeak-ng is missing."""
    if script is None:
        script, ward = _page_script(page, ward)
    return render(script.text, EspeakEngine.for_ward(ward), page.url or "")
