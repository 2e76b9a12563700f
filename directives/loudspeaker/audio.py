"""Broadcast audio after synthesis: loudness, peak limiting and MP3.

Pure functions over samples (mono, float64 in [-1, 1]); `speech.py` runs the
engine and keeps the files.

- Loudness: integrated loudness by ITU-R BS.1770 (pyloudnorm's `Meter`,
  K-weighting and gating), brought to `TARGET_LUFS` (−16 LUFS, the level
  spoken-word streams are published at).
- Peaks: espeak-ng writes its loudest sample at 0 dBFS. After the gain,
  whatever would pass `CEILING_DBFS` goes through a look-ahead peak limiter
  (the gain is lowered smoothly around each peak, not for the whole file), and
  the gain is corrected again until the level is within `TOLERANCE_LU` of the
  target: quiet passages keep their level, and no sample reaches 0 dBFS.
- MP3: lameenc (LAME) in-process, mono, `MP3_KBPS` kbit/s constant bit rate,
  at the engine's own sample rate (22,050 Hz: MPEG-2 layer III).
"""

from __future__ import annotations

import io
import math
import wave
from dataclasses import dataclass

import numpy as np

TARGET_LUFS = -16.0
TOLERANCE_LU = 0.2  # how close the correction loop gets; the promise is ±1 LU
# The limiter's ceiling, well below the promised −1 dBFS: at 32–48 kbit/s
# the decoded MP3's peaks overshoot the samples it was made from by up to
# about 1.5 dB (bench/audio.py; EBU Tech 3343 asks −2 dBTP or lower before
# low-rate lossy coding), and the MP3 gets MP3_MAKEUP on top.
CEILING_DBFS = -3.0
# The limiter holds its lowest gain this long either side of a peak and ramps
# to and from it over the same time: a change over 20 ms, heard as none.
HOLD_S = 0.020
MP3_KBPS = 48  # 0.36 MB per minute of speech; lower peaks than 40 (bench/audio.py)
MP3_QUALITY = 2  # LAME's -q: 2 is its "high quality" setting
# LAME's mono encoding plays back 5 % (0.45 dB) below its input (measured
# with a sine and with speech, at 22,050 and 44,100 Hz, 32 to 96 kbit/s):
# the MP3 gets its samples that much louder, so it sounds as the WAV does.
MP3_MAKEUP = 1 / 0.95


@dataclass(frozen=True)
class Processed:
    samples: np.ndarray  # float64, mono, [-1, 1]
    rate: int
    loudness_lufs: float
    peak_dbfs: float

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate


def read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Mono float samples and the sample rate of a 16-bit PCM WAV."""
    with wave.open(io.BytesIO(data)) as wav:
        if wav.getsampwidth() != 2:
            raise ValueError("16-bit PCM expected")
        rate, channels = wav.getframerate(), wav.getnchannels()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    samples = pcm.astype(np.float64) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def to_pcm16(samples: np.ndarray) -> bytes:
    clipped = np.clip(np.round(samples * 32768.0), -32768, 32767)
    return clipped.astype("<i2").tobytes()


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(to_pcm16(samples))
    return out.getvalue()


def db_to_gain(db: float) -> float:
    return 10.0 ** (db / 20.0)


def peak_dbfs(samples: np.ndarray) -> float:
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    return 20.0 * math.log10(peak) if peak > 0 else -math.inf


def loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (−inf for silence or under 0.4 s)."""
    import pyloudnorm

    if len(samples) < int(0.4 * rate) + 1:
        return -math.inf
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def limit(samples: np.ndarray, rate: int, ceiling_dbfs: float = CEILING_DBFS):
    """Look-ahead peak limiter: no sample above `ceiling_dbfs` afterwards.

    The gain each sample needs (ceiling / |x|, at most 1) is held at its
    lowest over `HOLD_S` either side, then smoothed by a moving average of
    the same length: the gain falls before a peak and rises after it in
    ramps (no clicks). Every sample in the average's window has a held gain
    taken over a window that includes this sample, so the smoothed gain is
    never above what this sample needs: a brick wall, with soft edges.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = db_to_gain(ceiling_dbfs)
    magnitude = np.abs(samples)
    if not len(samples) or magnitude.max() <= ceiling:
        return samples
    needed = np.minimum(1.0, ceiling / np.maximum(magnitude, 1e-12))
    hold = max(1, int(HOLD_S * rate))
    held = minimum_filter1d(needed, size=2 * hold + 1, mode="nearest")
    smooth = uniform_filter1d(held, size=hold + 1, mode="nearest")
    # min(): rounding in the average must not let a sample through.
    return samples * np.minimum(smooth, needed)


def normalise(
    samples: np.ndarray,
    rate: int,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbfs: float = CEILING_DBFS,
) -> Processed:
    """`samples` at `target_lufs` integrated, peaks at most `ceiling_dbfs`."""
    measured = loudness(samples, rate)
    if not math.isfinite(measured):
        # Silence or too short to measure: only keep the peaks in bounds.
        out = limit(samples, rate, ceiling_dbfs)
        return Processed(out, rate, loudness(out, rate), peak_dbfs(out))
    gain_db = target_lufs - measured
    out = samples
    for _ in range(6):
        out = limit(samples * db_to_gain(gain_db), rate, ceiling_dbfs)
        measured = loudness(out, rate)
        error = target_lufs - measured
        if abs(error) <= TOLERANCE_LU:
            break
        gain_db += error
    return Processed(out, rate, measured, peak_dbfs(out))


def encode_mp3(samples: np.ndarray, rate: int, kbps: int = MP3_KBPS) -> bytes:
    """Mono constant-bit-rate MP3 of `samples`, encoded in-process by LAME."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    data = encoder.encode(to_pcm16(samples * MP3_MAKEUP))
    return bytes(data + encoder.flush())
