"""A phone camera for browser tests: a video of a QR code played to Chromium's fake camera.

Chromium is started with `--use-fake-device-for-media-stream
--use-file-for-fake-video-capture=<file.y4m>`, so the whole path runs as on a phone: the
permission, getUserMedia, reading frames, the decoder, the JSON check-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import segno
from PIL import Image

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

WIDTH, HEIGHT, FRAMES = 640, 480, 10


def qr_video(token: str, path: Path) -> Path:
    """A few seconds' worth of frames of the QR code, as an uncompressed Y4M (4:2:0)."""
    png = path.with_suffix(".png")
    segno.make_qr(token, error="m").save(png, scale=10, border=4)
    code = Image.open(png).convert("RGB")
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(FRAMES):
            out.write(b"FRAME\n" + planes)
    return path


@contextmanager
def browser_with_camera(browser, video: Path) -> Iterator:  # noqa: ANN001
    """A second Chromium whose camera plays `video`, closed at the end."""
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        yield camera_browser
    finally:
        camera_browser.close()
