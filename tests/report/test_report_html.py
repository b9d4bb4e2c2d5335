"""The HTML briefing: self-contained, escaped, with figures, and readable in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from verify.model.run import RunResult
from verify.report import render

CHROMIUM = Path("/usr/bin/chromium")
HEADER_BLUE = (0x1F, 0x4E, 0x79)
REQUIRED_BAR_GREY = (0x95, 0xA5, 0xA6)


def test_html_references_no_external_url(run_result: RunResult) -> None:
    """No src or href points outside the file; in fact no URL appears at all."""
    html = render(run_result, "html")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "http://" not in html
    assert "https://" not in html
    assert "<link" not in html
    assert "<script" not in html


def test_html_has_tables_and_one_timeline_per_finding(run_result: RunResult) -> None:
    """Header, summaries, findings table, and per finding a section and its figures."""
    html = render(run_result, "html")
    assert "As of <strong>1 July 2027, 00:00 UTC</strong>" in html
    assert run_result.inputs[0].sha256 in html
    assert '<table class="findings">' in html
    for finding in run_result.findings:
        assert f'href="#finding-{finding.id}"' in html
        assert f'<article id="finding-{finding.id}">' in html
    assert html.count('<figure class="timeline">') == len(run_result.findings)
    assert html.count('<figure class="map">') == 2
    assert html.count("<svg ") == len(run_result.findings) + 2


def test_html_escapes_text_from_the_findings(run_result: RunResult) -> None:
    """Text from feeds and packs is escaped, never taken as markup."""
    finding = run_result.findings[0].model_copy(update={"summary": "<script>alert(1)</script>"})
    html = render(run_result.model_copy(update={"findings": (finding,)}), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;specified area 4&gt;" in render(run_result, "html")


def test_html_ids_are_unique(run_result: RunResult) -> None:
    """Figures share the page without clashing ids."""
    ids = re.findall(r'\bid="([^"]+)"', render(run_result, "html"))
    assert len(ids) == len(set(ids))


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium, installed with apt-get when absent and we are root; else skip."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip(f"{CHROMIUM} is absent and apt-get cannot run as root here to install it")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}")
    if not CHROMIUM.exists():
        pytest.skip(f"apt-get installed chromium but {CHROMIUM} is still absent")
    return CHROMIUM


def has_colour(pixels: np.ndarray, colour: tuple[int, int, int], tolerance: int = 3) -> bool:
    """Whether any pixel of an RGB(A) image in 0..1 floats is within `tolerance` of `colour`."""
    rgb = np.rint(pixels[..., :3] * 255).astype(int)
    return bool((np.abs(rgb - np.array(colour)) <= tolerance).all(axis=-1).any())


def test_headless_chromium_shows_the_briefing(
    run_result: RunResult, chromium: Path, tmp_path: Path
) -> None:
    """A real browser draws the page: header, findings table and a lead-time figure are on
    screen (the bottom line and the most severe findings come first)."""
    page = tmp_path / "briefing.html"
    page.write_text(render(run_result, "html"), encoding="utf-8")
    screenshot = tmp_path / "briefing.png"
    command = [
        str(chromium),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={screenshot}",
        "--window-size=1280,4000",
        page.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=False)
    assert screenshot.exists(), "chromium wrote no screenshot"
    pixels = matplotlib.image.imread(screenshot)
    assert pixels.shape[:2] == (4000, 1280)
    colours = np.unique(np.rint(pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 100, f"the page looks blank: {len(colours)} distinct colours"
    assert has_colour(pixels, HEADER_BLUE), "the header band is not drawn"
    assert has_colour(pixels, REQUIRED_BAR_GREY), (
        "the first finding's lead-time figure is not drawn"
    )
