# The workbench end to end in a real browser (headless Chromium driven by Debian's selenium and
# chromedriver): pick the flagship, make it small, change a brand's pitch rate, run, read the
# verdict, compare two runs. Screenshots of each step go to build/workbench-screenshots/.
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from workbench_server import Workbench

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "workbench-screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT_SECONDS = 90


@pytest.fixture(scope="module")
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: the workbench is tested in a real browser. "
                    "Install them with scripts/install-deps (chromium, chromium-driver, "
                    "python3-selenium)", pytrace=False)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("python3-selenium is missing: install it with scripts/install-deps",
                    pytrace=False)
    profile = tempfile.mkdtemp(prefix="hearsay-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1300,2200",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    server = Workbench(tmp_path_factory.mktemp("workbench-browser"))
    yield server
    server.stop()


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def wait_for(driver, condition, what):
    """condition(driver) once it is true; elements the page replaced meanwhile (its run list
    is redrawn as runs progress) are looked up again."""
    from selenium.common.exceptions import (NoSuchElementException,
                                            StaleElementReferenceException, TimeoutException)
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        return WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.1, ignored_exceptions=(
            NoSuchElementException, StaleElementReferenceException)).until(
            lambda d: condition(d))
    except TimeoutException:
        shot(driver, "failure")
        pytest.fail(f"the page did not show {what} in {WAIT_SECONDS} s "
                    f"(see {SHOTS / 'failure.png'})", pytrace=False)


def field(driver, key):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, f'input[data-key="{key}"]')


def type_into(driver, key, text):
    element = field(driver, key)
    element.clear()
    element.send_keys(text)
    return element


def test_pick_edit_run_and_read_the_verdict(browser, bench):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    driver = browser
    for old in SHOTS.glob("*.png"):
        old.unlink()
    started = time.monotonic()
    driver.get(bench.url + "/")
    question = wait_for(driver, lambda d: d.find_element(By.ID, "question").text,
                        "the scenario's question")
    wait_for(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, 'input[data-key="brands.PitchCo.pitches_per_day"]'), "the brand form")
    loaded = time.monotonic() - started
    load_ms = driver.execute_script(
        "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd;")
    assert load_ms < 1000, f"the page took {load_ms:.0f} ms to load"
    Select(driver.find_element(By.ID, "scenario")).select_by_value("hard_vs_soft")
    assert "does hard selling on social networks pay?" in question
    shot(driver, "01-flagship-picked")

    # Small enough to run in a moment.
    type_into(driver, "replications", "2")
    type_into(driver, "network.nodes", "2000")
    type_into(driver, "time.end", "30")
    # An invalid pitch rate is refused in the form with the CLI's message.
    bad = type_into(driver, "brands.PitchCo.pitches_per_day", "-1")
    error = wait_for(driver, lambda d: "out of range" in d.find_element(By.ID, "form-error").text
                     and d.find_element(By.ID, "form-error").text, "the refusal")
    assert "'brands[0].pitches_per_day'" in error and "allowed: >= 0" in error
    assert "invalid" in bad.get_attribute("class")
    assert not driver.find_element(By.ID, "run").is_enabled()
    shot(driver, "02-invalid-value-refused")

    type_into(driver, "brands.PitchCo.pitches_per_day", "3.5")
    wait_for(driver, lambda d: d.find_element(By.ID, "run").is_enabled()
             and not d.find_element(By.ID, "form-error").text, "the Run button enabled")
    assert "2 runs" in driver.find_element(By.ID, "estimate").text
    shot(driver, "03-pitch-rate-changed")

    driver.find_element(By.ID, "run").click()
    run_id = wait_for(driver, lambda d: [r.get_attribute("id") for r in d.find_elements(
        By.CSS_SELECTOR, "#runs tbody tr")], "the run in the queue")[0].removeprefix("run-")
    shot(driver, "04-run-queued")
    verdict = wait_for(driver, lambda d: "In short" in d.find_element(By.ID, "verdict").text
                       and d.find_element(By.ID, "verdict").text, "the verdict")
    assert "PitchCo" in verdict and "PeopleCo" in verdict
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#verdict-charts .uplot"),
             "the verdict over time")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#series-chart .uplot"),
             "the curves per brand")
    assert "roi" in driver.find_element(By.ID, "money").text
    wait_for(driver, lambda d: d.find_element(By.ID, f"run-{run_id}").get_attribute(
        "data-status") == "done", "the run marked done")
    driver.execute_script("document.getElementById('answer').scrollIntoView()")
    shot(driver, "05-verdict")

    # The value used was the changed one: the scenario that reproduces the run says so.
    link = driver.find_element(By.ID, "download-yaml").get_attribute("href")
    assert link.endswith(f"/api/runs/{run_id}/scenario.yaml")
    scenario = yaml.safe_load(bench.client.get(link).text)
    assert scenario["brands"][0]["name"] == "PitchCo"
    assert scenario["brands"][0]["pitches_per_day"] == 3.5
    assert scenario["network"]["nodes"] == 2000 and scenario["replications"] == 2

    # A second run with the shipped pitch rate, then both side by side.
    type_into(driver, "brands.PitchCo.pitches_per_day", "2")
    wait_for(driver, lambda d: d.find_element(By.ID, "run").is_enabled(), "Run enabled again")
    driver.find_element(By.ID, "run").click()
    wait_for(driver, lambda d: len(d.find_elements(
        By.CSS_SELECTOR, '#runs tbody tr[data-status="done"]')) == 2, "the second run done")
    other = wait_for(driver, lambda d: [r.get_attribute("id") for r in d.find_elements(
        By.CSS_SELECTOR, "#runs tbody tr") if r.get_attribute("id") != f"run-{run_id}"],
        "the second run")[0].removeprefix("run-")
    Select(driver.find_element(By.ID, "compare-a")).select_by_value(run_id)
    Select(driver.find_element(By.ID, "compare-b")).select_by_value(other)
    wait_for(driver, lambda d: "In short" in d.find_element(By.ID, "compare-left").text
             and "In short" in d.find_element(By.ID, "compare-right").text, "the comparison")
    assert "pitches_per_day=3.5" in driver.find_element(By.ID, "compare-left").text
    driver.execute_script("document.getElementById('compare').scrollIntoView()")
    shot(driver, "06-compare")
    assert loaded < 30
    # No script errors (the refused check above is a 422 the network log lists, as it should).
    assert not [e for e in driver.get_log("browser")
                if e["level"] == "SEVERE" and e.get("source") != "network"]


def test_cancel_a_running_run_from_the_page(browser, bench):
    from selenium.webdriver.common.by import By
    driver = browser
    type_into(driver, "replications", "48")
    type_into(driver, "network.nodes", "100000")
    type_into(driver, "time.end", "365")
    wait_for(driver, lambda d: d.find_element(By.ID, "run").is_enabled()
             and "48 runs" in d.find_element(By.ID, "estimate").text, "Run enabled")
    before = set(wait_for(driver, lambda d: [r.get_attribute("id") for r in d.find_elements(
        By.CSS_SELECTOR, "#runs tbody tr")], "the earlier runs"))
    driver.find_element(By.ID, "run").click()
    row_id = wait_for(driver, lambda d: [r.get_attribute("id") for r in d.find_elements(
        By.CSS_SELECTOR, '#runs tbody tr[data-status="running"]')
        if r.get_attribute("id") not in before], "the big run running")[0]
    driver.execute_script("document.getElementById('queue').scrollIntoView()")
    shot(driver, "07-running-with-progress")
    wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, f"#{row_id} button.cancel")
             .click() or True, "the Cancel button")
    wait_for(driver, lambda d: d.find_element(By.ID, row_id).get_attribute("data-status")
             == "cancelled", "the run cancelled")
    shot(driver, "08-cancelled")


def test_upload_a_scenario_and_see_its_question(browser, bench, tmp_path):
    from selenium.webdriver.common.by import By
    driver = browser
    upload = tmp_path / "tiny_epidemic.yaml"
    upload.write_text("# Question: how far does a small outbreak spread in ten days?\n"
                      "name: tiny-epidemic\ndescription: a small SIR outbreak\nseed: 3\n"
                      "replications: 2\ntime: {end: 10d, sample_every: 1d}\n"
                      "network: {generator: erdos_renyi, nodes: 300, mean_degree: 4}\n"
                      "model: {name: sir}\nseeding: {count: 3}\n")
    driver.find_element(By.ID, "upload").send_keys(str(upload))
    wait_for(driver, lambda d: "small outbreak" in d.find_element(By.ID, "question").text,
             "the uploaded scenario's question")
    assert driver.find_element(By.ID, "scenario").get_attribute("value") == \
        "uploaded/tiny_epidemic"
    beta = wait_for(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, 'input[data-key="model.beta"]'), "the SIR model's form")[0]
    assert beta.get_attribute("value")
    assert not driver.find_element(By.ID, "brands").text  # SIR has no brands
    shot(driver, "09-uploaded-scenario")


def test_arms_side_by_side(browser, bench):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    driver = browser
    driver.get(bench.url + "/")  # a fresh page: the flagship (the first choice), no arms
    wait_for(driver, lambda d: d.find_element(By.ID, "scenario").get_attribute("value")
             == "hard_vs_soft" and d.find_elements(
        By.CSS_SELECTOR, 'input[data-key="brands.PitchCo.pitches_per_day"]')
        and "No arms" in d.find_element(By.ID, "arms").text, "the flagship without arms")
    type_into(driver, "replications", "2")
    type_into(driver, "network.nodes", "2000")
    type_into(driver, "time.end", "30")

    def arms(d):
        return [a.get_attribute("value") for a in d.find_elements(By.CSS_SELECTOR,
                                                                  "#arms input.arm-name")]

    # The classic comparison in one click: one arm per style preset for PitchCo; then cleared.
    Select(driver.find_element(By.ID, "arm-preset-brand")).select_by_value("PitchCo")
    driver.find_element(By.ID, "arm-presets").click()
    assert arms(driver) == ["hard_sell", "soft_sell"]
    assert driver.find_elements(By.CSS_SELECTOR,
                                'input[data-arm-key="brands.PitchCo.answer_probability"]')
    wait_for(driver, lambda d: "4 runs" in d.find_element(By.ID, "estimate").text,
             "the estimate with two arms")
    driver.find_element(By.ID, "arm-clear").click()
    assert arms(driver) == []

    # Two arms by hand: PitchCo answers 90% of complaints, or none.
    for name in ("answers", "ignores"):
        driver.find_element(By.ID, "arm-add").click()
        element = driver.find_elements(By.CSS_SELECTOR, "#arms input.arm-name")[-1]
        element.clear()
        element.send_keys(name)
        Select(driver.find_elements(By.CSS_SELECTOR, "#arms select.arm-add-key")[-1]) \
            .select_by_value("brands.PitchCo.answer_probability")
    assert arms(driver) == ["answers", "ignores"]
    values = driver.find_elements(By.CSS_SELECTOR, "#arms input.arm-value")
    assert len(values) == 2
    # An invalid value is refused with the CLI's message naming the arm and its key.
    values[0].clear()
    values[0].send_keys("2")
    error = wait_for(driver, lambda d: "out of range" in d.find_element(By.ID, "form-error").text
                     and d.find_element(By.ID, "form-error").text, "the refusal")
    assert "in arm 'answers'" in error and "answer_probability" in error
    assert "invalid" in driver.find_elements(By.CSS_SELECTOR, "#arms input.arm-value")[0] \
        .get_attribute("class")
    for k, value in enumerate(("0.9", "0.0")):
        element = driver.find_elements(By.CSS_SELECTOR, "#arms input.arm-value")[k]
        element.clear()
        element.send_keys(value)
    # Duplicate an arm (it gets a name of its own), then remove the copy.
    driver.find_element(By.CSS_SELECTOR, '#arms button.arm-duplicate[data-arm="0"]').click()
    assert arms(driver) == ["answers", "answers_2", "ignores"]
    assert driver.find_elements(By.CSS_SELECTOR, "#arms input.arm-value")[1] \
        .get_attribute("value") == "0.9"
    driver.find_element(By.CSS_SELECTOR, '#arms button.arm-remove[data-arm="1"]').click()
    assert arms(driver) == ["answers", "ignores"]
    wait_for(driver, lambda d: d.find_element(By.ID, "run").is_enabled()
             and "4 runs" in d.find_element(By.ID, "estimate").text, "Run enabled with arms")
    driver.execute_script("document.getElementById('arms-details').scrollIntoView()")
    shot(driver, "10-arms-set")

    driver.find_element(By.ID, "run").click()
    shown = wait_for(driver, lambda d: d.find_element(By.ID, "arms-view").is_displayed()
                     and "Paired differences" in d.find_element(By.ID, "arms-view").text
                     and d.find_element(By.ID, "arms-view").text, "the arms comparison")
    assert "answers" in shown and "ignores" in shown
    titles = wait_for(driver, lambda d: len(d.find_elements(
        By.CSS_SELECTOR, "#series-chart .uplot")) == 2 and [
        h.text for h in d.find_elements(By.CSS_SELECTOR, "#series-chart h4")],
        "the curves of both arms")
    assert titles[0].startswith("arm answers") and titles[1].startswith("arm ignores")
    driver.execute_script("document.getElementById('answer').scrollIntoView()")
    shot(driver, "11-arms-side-by-side")
    assert not [e for e in driver.get_log("browser")
                if e["level"] == "SEVERE" and e.get("source") != "network"]


def test_a_sweep_with_arms_chooses_its_point(browser, bench):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    driver = browser
    run_id = bench.start("pitch_sweep", sets={
        "replications": 1, "network.nodes": 300, "time.end": "30d",
        "sweep": "{brands.PitchCo.pitches_per_day: [1, 2]}"})
    assert bench.wait(run_id)["status"] == "done"
    wait_for(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, f'#result-run option[value="{run_id}"]'), "the sweep in the menu")
    Select(driver.find_element(By.ID, "result-run")).select_by_value(run_id)
    menu = wait_for(driver, lambda d: d.find_element(By.ID, "series-point-label").is_displayed()
                    and d.find_element(By.ID, "series-point"), "the point selector")
    assert [o.text for o in Select(menu).options] == [
        "brands.PitchCo.pitches_per_day = 1", "brands.PitchCo.pitches_per_day = 2"]
    Select(menu).select_by_index(1)
    titles = wait_for(driver, lambda d: [h.text for h in d.find_elements(
        By.CSS_SELECTOR, "#series-chart h4") if "pitches_per_day = 2" in h.text],
        "both arms' curves at the second point")
    assert len(titles) == 2
    assert titles[0].startswith("arm answers (") and titles[1].startswith("arm ignores (")
    driver.execute_script("document.getElementById('answer').scrollIntoView()")
    shot(driver, "12-sweep-with-arms")
