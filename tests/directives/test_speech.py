"""The loudspeaker audio cache: concurrent first requests for the same page's
`loa.wav` once raced on one shared temporary file, and 2 of 6 answered 500."""

import shutil
import threading
import time
import wave

import numpy as np
import pytest

from directives.loudspeaker.speech import EspeakEngine, audio_for

SCRIPT = "Đài truyền thanh phường Hải Châu xin thông báo. Sáng Chủ nhật tổng vệ sinh."
REQUESTS = 6


def tone(seconds: float = 2.0, rate: int = 22050) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes()


class SlowEngine:
    """Writes its WAV in two steps, as espeak-ng does (header, then frames),
    slowly enough that concurrent requests overlap."""

    name = "slow"

    def executable(self):
        return "/bin/true"

    def synthesize(self, text, out):
        with wave.open(str(out), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(22050)
            handle.writeframes(b"")
            time.sleep(0.1)
            handle.writeframes(tone())


def cache_files(folder, wav):
    """The three files of one rendering: WAV, MP3 and the JSON sidecar."""
    return sorted(wav.with_suffix(s) for s in (".json", ".mp3", ".wav"))


@pytest.fixture(autouse=True)
def audio_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "audio"


def at_once(render):
    """`render()` from REQUESTS threads released together: results, errors."""
    start = threading.Barrier(REQUESTS)
    results, errors = [], []

    def request():
        start.wait()
        try:
            results.append(render())
        except Exception as exc:  # the test reports every failure
            errors.append(exc)

    threads = [threading.Thread(target=request) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_concurrent_first_requests_get_one_whole_file(audio_dir):
    results, errors = at_once(lambda: audio_for(SCRIPT, "7:12", engine=SlowEngine()))
    assert errors == []
    assert len(results) == REQUESTS and len(set(results)) == 1
    assert results[0].read_bytes()[:4] == b"RIFF"
    with wave.open(str(results[0])) as wav:
        assert wav.getnframes() == 2 * 22050  # the whole tone
    # No temporary file left.
    assert sorted(audio_dir.iterdir()) == cache_files(audio_dir, results[0])


def test_a_failed_rendering_leaves_no_temporary_file(audio_dir):
    class BrokenEngine(SlowEngine):
        def synthesize(self, text, out):
            out.write_bytes(b"RI")
            raise OSError("hết chỗ trên đĩa")

    with pytest.raises(OSError):
        audio_for(SCRIPT, "7:12", engine=BrokenEngine())
    assert list(audio_dir.iterdir()) == []


def test_concurrent_first_requests_with_espeak(audio_dir):
    if shutil.which("espeak-ng") is None:
        pytest.skip(
            "espeak-ng not installed: apt-get install espeak-ng (make test, as root)"
        )
    results, errors = at_once(lambda: audio_for(SCRIPT, "7:12", engine=EspeakEngine()))
    assert errors == []
    assert len(set(results)) == 1
    data = results[0].read_bytes()
    assert data[:4] == b"RIFF" and len(data) > 10_000
    assert sorted(audio_dir.iterdir()) == cache_files(audio_dir, results[0])
