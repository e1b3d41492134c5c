#!/usr/bin/env python3
"""Screenshots of the ``zongjie serve`` page for docs/web.md (docs/img/web-*.png).

  python scripts/screenshots.py [--out docs/img]

Starts ``zongjie serve`` on a free loopback port, opens it in headless Chromium (Debian's
``chromium`` and ``chromium-driver``, driven by selenium), loads last year's summary (a Word file
drafted from examples/facts.json, so nothing private is shown) and saves one picture per step.
Chinese text needs a CJK font (Debian: ``fonts-noto-cjk``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    """``zongjie serve --port 0`` and the URL it prints."""
    exe = Path(sys.executable).with_name("zongjie")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "zongjie"]
    proc = subprocess.Popen(cmd + ["serve", "--port", "0"], stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if m:
            return proc, m.group(0)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("zongjie serve did not start")


def browser(download_dir: str, width: int = 1280, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in CHROME_ARGS + (f"--window-size={width},{height}", "--lang=zh-CN"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {"download.default_directory": download_dir,
                                           "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def shoot(driver, selector: str, path: Path) -> None:
    """A picture of the element ``selector`` (scrolled into view)."""
    from selenium.webdriver.common.by import By

    el = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView(true);", el)
    time.sleep(0.3)
    el.screenshot(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from zongjie.draft import load_facts, render

    args.out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "SE_AVOID_STATS": "true"}
    with tempfile.TemporaryDirectory() as tmp:
        last_year = Path(tmp) / "2024年工会工作总结.docx"
        facts = load_facts(ROOT / "examples" / "facts.json")
        facts["period"] = {"year": 2024}
        data = render(facts, "docx")
        assert isinstance(data, bytes)
        last_year.write_bytes(data)
        proc, url = start_server(env)
        driver = browser(tmp)
        try:
            driver.get(url)
            WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "drop")))
            shoot(driver, "#step-upload", args.out / "web-1-upload.png")
            driver.find_element(By.ID, "file").send_keys(str(last_year))
            WebDriverWait(driver, 120).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#view .zj-block")))
            WebDriverWait(driver, 60).until(EC.text_to_be_present_in_element((By.ID, "draft-status"), "预览已更新"))
            driver.execute_script("document.getElementById('view').style.maxHeight = '40em';")
            shoot(driver, "#step-view", args.out / "web-2-read-back.png")
            shoot(driver, "#facts-form fieldset.zj-card:nth-of-type(1)", args.out / "web-3-facts.png")
            card = driver.find_elements(By.CSS_SELECTOR, "#facts-form .zj-sections fieldset.zj-card")[0]
            value = card.find_element(By.CSS_SELECTOR, "input.zj-value")
            value.clear()
            value.send_keys("abc")
            WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".zj-error")))
            shoot(driver, "#facts-form .zj-sections fieldset.zj-card", args.out / "web-4-check.png")
            value.clear()
            value.send_keys("130")
            WebDriverWait(driver, 60).until(EC.text_to_be_present_in_element((By.ID, "preview"), "130"))
            driver.execute_script("document.getElementById('preview').style.maxHeight = '36em';")
            shoot(driver, "#step-draft", args.out / "web-5-draft.png")
        finally:
            driver.quit()
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
