"""Headless Chromium driven by Selenium, as the report's browser test and
load measurement start it: Debian's chromium and chromium-driver, a fresh
profile, and no network of its own (no background requests, no QUIC, no
updates, no sync)."""
import os
import sys

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
except ImportError:
    # Debian's python3-selenium belongs to the system's interpreter.
    SYSTEM_PYTHON = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) and \
            os.path.exists(SYSTEM_PYTHON):
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
    print("FAIL: the Python module selenium is missing (Debian: apt-get install python3-selenium)")
    sys.exit(1)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1600,1000"]


class CannotStart(Exception):
    """Chromium or its driver would not start."""


def start(profile, logs=False):
    """A browser on about:blank with a fresh profile in the folder `profile`;
    with `logs`, it keeps the console and the network (performance) logs."""
    options = Options()
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            options.binary_location = candidate
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver_path = "/usr/bin/chromedriver"
    service = Service(driver_path) if os.path.exists(driver_path) else Service()
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except WebDriverException as e:
        raise CannotStart(e.msg) from e
    driver.get("about:blank")
    return driver
