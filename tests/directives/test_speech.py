"""The loudspeaker audio cache: concurrent first requests for the same page's
`loa.wav` once raced on one shared temporary file, and 2 of 6 answered 500."""

import shutil
import threading
import time

import pytest

from directives.loudspeaker.speech import EspeakEngine, audio_for

SCRIPT = "Đài truyền thanh phường Hải Châu xin thông báo. Sáng Chủ nhật tổng vệ sinh."
REQUESTS = 6


class SlowEngine:
    """Writes its file in two steps, as espeak-ng does, slowly enough that
    concurrent requests overlap."""

    name = "slow"

    def executable(self):
        return "/bin/true"

    def synthesize(self, text, out):
        with open(out, "wb") as handle:
            handle.write(b"RIFF")
            time.sleep(0.1)
            handle.write(text.encode())


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
    assert results[0].read_bytes() == b"RIFF" + SCRIPT.encode()
    assert list(audio_dir.iterdir()) == [results[0]]  # no temporary file left


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
    assert list(audio_dir.iterdir()) == [results[0]]
