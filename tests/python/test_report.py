# The HTML report: what its first screen says, that it is self-contained, its command line, and
# that a real browser (headless Chromium) renders it without errors.
import base64
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

import hearsay
from hearsay.report import build_report
from scenario_texts import sir_text
from test_analysis_support import brand_file, cascade_columns, merge_columns, write_results

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")

TINY_SIR = sir_text("tiny-sir", description="Tiny SIR for the report tests.", seed=42,
                    replications=6, end=20, sample_every=0.5, nodes=2000, seeds=5)


@pytest.fixture(scope="module")
def sir_file(simulate):
    return simulate("tiny-sir", TINY_SIR, "--quiet")[0]


@pytest.fixture(scope="module")
def sir_page(sir_file):
    return build_report(hearsay.open_results(sir_file))


def first_screen(page):
    """The headline box: everything up to the end of the 'answer' section."""
    start = page.index('id="answer"')
    return page[start:page.index("</section>", start)]


def text_of(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).replace(" :", ":")


def run_cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "analysis"))
    return subprocess.run([sys.executable, "-m", "hearsay.report", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


# --- content ------------------------------------------------------------------------------------

def test_textbook_first_screen_gives_each_figure_with_interval(sir_page):
    head = text_of(first_screen(sir_page))
    assert "The answer" in head
    assert "nothing to pit against each other" in head
    assert re.search(r"final_size: [\d,]+ agents \([\d.]+% of the 2,000 agents\) on average", head)
    assert "95% interval" in head and "over 6 runs" in head
    assert re.search(r"(precise|fairly precise|rough)", head)


def test_page_is_self_contained(sir_page):
    assert "<script" not in sir_page
    assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", sir_page)
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', sir_page)
    assert len(images) >= 3
    for data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"


def test_page_has_the_details(sir_page):
    for heading in ("Per-run figures over replications", "Time series", "Adoption heat strip",
                    "Runs and provenance", "The resolved scenario"):
        assert heading in sir_page
    assert "Paired differences" not in sir_page           # nothing to pair


def test_brands_first_screen_names_the_winner_and_how_sure(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5", replications=10, gap=100.0,
                                         noise=5.0))
    head = text_of(first_screen(build_report(ds)))
    assert "PeopleCo sells more" in head
    assert re.search(r"PeopleCo sells more: [\d,.]+ purchases per run against [\d,.]+ for "
                     r"PitchCo \(difference \+\d+", head)
    assert "very sure" in head
    assert "PeopleCo keeps more of its followers" in head and "percentage points" in head
    assert "No difference in complaints_per_customer" in head   # the same rate for both brands
    assert not re.search(r"\bcomplaints:", head)            # no raw counts compared
    assert "In short: PeopleCo sells more (very sure)" in head
    # Brands of one run are compared replication by replication, not called paired, and "sure"
    # says what it covers.
    assert "paired" not in head
    assert "replication noise only" in head


def test_brands_small_gap_is_not_sure(tmp_path):
    ds = hearsay.open_results(brand_file(tmp_path / "b.h5", replications=4, gap=1.0,
                                         noise=30.0))
    head = text_of(first_screen(build_report(ds)))
    sales = head[head.index("sells more"):]
    assert "not sure" in sales[:600]
    assert "includes 0" in sales[:800]


def test_arms_first_screen(tmp_path):
    rng = np.random.default_rng(0)
    base = rng.normal(1000, 40, (1, 6))
    sales = np.concatenate([base, base + 80 + rng.normal(0, 5, (1, 6))])
    path = write_results(tmp_path / "arms.h5", points=2, replications=6,
                         summaries={"final_sales": sales}, units={"final_sales": "purchases"},
                         points_table={"arm": ["hard", "soft"]})
    page = build_report(hearsay.open_results(path))
    head = text_of(first_screen(page))
    assert "Which arm does better" in head
    assert "soft sells more" in head and "for hard" in head
    assert "Paired differences (arm a minus arm b)" in page


def test_sweep_first_screen(tmp_path):
    x = np.array([1.0, 2.0, 3.0])
    values = np.array([[10, 11, 12], [20, 22, 21], [30, 33, 31]], dtype=float)
    path = write_results(tmp_path / "sweep.h5", points=3, replications=3,
                         summaries={"final_size": values}, points_table={"model.c": x})
    page = build_report(hearsay.open_results(path))
    head = text_of(first_screen(page))
    assert "across the 3 sweep points" in head
    assert "final_size goes from 11.0 at c=1 to 31.3 at c=3" in head
    assert "Sweep response curves" in page


def test_cascades_section(tmp_path):
    columns = merge_columns(
        cascade_columns([[(1, -1), (2, 1), (3, 1)], [(7, -1)]], replication=0, valence=-1),
        cascade_columns([[(4, -1), (5, 4), (6, 5)]], replication=1, valence=1, brand=1))
    path = write_results(tmp_path / "c.h5", replications=2, brands=["PitchCo", "PeopleCo"],
                         summaries={"final_sales": np.ones((1, 2, 2))}, cascades=columns)
    page = build_report(hearsay.open_results(path))
    assert "<h2>Cascades</h2>" in page and "Largest cascade per run" in page
    assert "complaint" in page and "recommendation" in page


def test_bass_section_for_a_bass_file(tmp_path, run_hearsay):
    out = tmp_path / "bass.h5"
    run_hearsay("run", ROOT / "scenarios/bass_complete_graph.yaml", "-o", out, "--quiet")
    page = build_report(hearsay.open_results(out))
    assert "<h2>Bass fit</h2>" in page
    assert "The scenario's own p = 0.03/y and q = 0.38/y are inside" in html.unescape(page)


# --- the command line ---------------------------------------------------------------------------

def test_cli_writes_the_page_and_prints_its_path(sir_file, tmp_path):
    out = tmp_path / "deep" / "report.html"
    result = run_cli(sir_file, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_cli_refuses_what_is_not_a_result(tmp_path):
    bogus = tmp_path / "bogus.h5"
    bogus.write_text("nope")
    result = run_cli(bogus, "-o", tmp_path / "r.html")
    assert result.returncode == 2
    assert "is not an HDF5 file or is damaged" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_cli_incomplete_file(tmp_path):
    status = np.array([[1, 1, 0]], dtype=np.int8)
    path = write_results(tmp_path / "part.h5", replications=3, status=status, complete=0,
                         summaries={"x": np.array([[1.0, 2.0, np.nan]])})
    refused = run_cli(path, "-o", tmp_path / "r.html")
    assert refused.returncode == 2 and "point 0 replication 2" in refused.stderr
    allowed = run_cli(path, "-o", tmp_path / "r.html", "--allow-incomplete")
    assert allowed.returncode == 0, allowed.stderr
    assert "1 runs have not finished" in (tmp_path / "r.html").read_text()


# --- a real browser -----------------------------------------------------------------------------

def chromium(url, tmp_path, *extra):
    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium is missing: the report is tested in a real browser. "
                    "Install it with apt-get install -y --no-install-recommends chromium",
                    pytrace=False)
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
               "--enable-logging=stderr", "--v=0", *extra, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def page_errors(result):
    """Lines where the page wrote to the console or threw: Chromium logs them as
    '...:INFO:CONSOLE:1] "Uncaught Error: ...", source: file://...' (older builds 'CONSOLE(1)')."""
    return [line for line in result.stderr.splitlines()
            if "Uncaught" in line or re.search(r":CONSOLE[:(]\d+", line)]


def test_chromium_check_sees_page_errors(tmp_path):
    # The check below must be able to fail: a page that logs an error and throws.
    page = tmp_path / "broken.html"
    page.write_text('<html><body><p>x</p><script>console.error("bad");'
                    'throw new Error("boom");</script></body></html>')
    result = chromium(page.resolve().as_uri(), tmp_path, "--dump-dom")
    errors = page_errors(result)
    assert any("Uncaught Error: boom" in line for line in errors), result.stderr[-2000:]
    assert any('"bad"' in line for line in errors)


@pytest.mark.parametrize("kind", ["textbook", "brands"])
def test_report_renders_in_chromium(kind, sir_file, tmp_path):
    source = sir_file if kind == "textbook" else brand_file(tmp_path / "b.h5")
    page = tmp_path / "report.html"
    hearsay.report.write_report(source, page)
    url = page.resolve().as_uri()

    shot = tmp_path / "shot.png"
    result = chromium(url, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000")
    assert result.returncode == 0, result.stderr[-2000:]
    assert page_errors(result) == []
    assert shot.is_file(), result.stderr[-2000:]
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (2000, 1280)
    assert float(pixels[..., :3].var()) > 1e-3, "the screenshot is blank"
    # The plots are there: some rows in the top half hold many distinct colours.
    top = pixels[:1000, :, :3].reshape(-1, 3)
    assert len(np.unique(np.round(top * 255).astype(np.uint8), axis=0)) > 50

    dom = chromium(url, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert page_errors(dom) == []
    assert "The answer" in dom.stdout
    assert "<img" in dom.stdout


def verdict_over_time(page):
    start = page.index('id="verdict-over-time"')
    return text_of(page[start:page.index("</section>", start)])


def test_verdict_over_time_says_when_the_lead_changes_hands(tmp_path):
    # PitchCo has sold 10 t by day t, PeopleCo 2.2 t^2: PitchCo leads until day 4.5, PeopleCo
    # after. Small noise per replication after day 0 (at day 0 both have sold nothing).
    rng = np.random.default_rng(3)
    t = np.arange(11, dtype=float)
    reps = 8
    noise = rng.normal(0, 0.2, (2, 1, reps, 11)) * (t > 0)
    pitch = 10 * t + noise[0]
    people = 2.2 * t ** 2 + noise[1]
    curve = np.stack([pitch, people], axis=2)                      # (1, R, 2, T)
    sales = curve[..., -1]
    path = write_results(tmp_path / "cross.h5", replications=reps, times=11,
                         brands=["PitchCo", "PeopleCo"], series={"cumulative_sales": curve},
                         summaries={"final_sales": sales}, units={"final_sales": "purchases"},
                         model="wom")
    text = verdict_over_time(build_report(hearsay.open_results(path)))
    assert "The verdict over time" in text
    assert "PeopleCo − PitchCo, cumulative sales" in text
    assert re.search(r"PitchCo leads on days 1-4 \(surely on days 1-4\)", text)
    assert re.search(r"PeopleCo leads on days 5-10 \(surely on days 5-10\)", text)
    assert re.search(r"The lead changes hands on day 5\.", text)


def test_verdict_over_time_is_there_without_contenders(sir_page):
    assert "nothing to compare" in verdict_over_time(sir_page)
