"""Text to speech behind a small interface, so a better voice can replace it.

The default engine is espeak-ng's Vietnamese voice (Debian package
`espeak-ng`). Audio is cached by page revision under DATA_DIR.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings


class SpeechUnavailable(RuntimeError):
    """No speech engine is installed; the message says what to install."""


class EspeakEngine:
    name = "espeak-ng"
    voice = "vi"

    def __init__(self, words_per_minute: int = 140):
        self.words_per_minute = words_per_minute

    def executable(self) -> str:
        path = shutil.which("espeak-ng")
        if path is None:
            raise SpeechUnavailable(
                "Chưa cài bộ đọc tiếng Việt: cài gói espeak-ng "
                "(apt-get install espeak-ng) rồi tải lại. "
                "No speech engine installed: apt-get install espeak-ng."
            )
        return path

    def synthesize(self, text: str, out: Path) -> None:
        subprocess.run(
            [
                self.executable(),
                "-v",
                self.voice,
                "-s",
                str(self.words_per_minute),
                "-w",
                str(out),
                "--stdin",
            ],
            input=text.encode("utf-8"),
            check=True,
            capture_output=True,
            timeout=300,
        )


def audio_for(script_text: str, cache_key: str, engine=None) -> Path:
    """A WAV of `script_text`, rendered once per cache key and engine."""
    engine = engine or EspeakEngine()
    engine.executable()
    digest = hashlib.sha256(
        f"{engine.name}:{cache_key}:{script_text}".encode()
    ).hexdigest()
    folder = Path(settings.DATA_DIR) / "audio"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest[:32]}.wav"
    if not path.exists():
        # Concurrent first requests each render into a temporary file of their
        # own, in the same folder (one file system), and os.replace puts one
        # whole file in place: a reader never sees half a file, and no request
        # renames another's (a shared temporary name answered 500).
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=path.stem, suffix=".tmp")
        os.close(handle)
        try:
            engine.synthesize(script_text, Path(tmp))
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    return path
