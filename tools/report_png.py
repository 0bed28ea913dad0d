#!/usr/bin/env python3
"""Makes docs/report.png from the program: the built-in scenario's report
in headless Chromium at 1280x720, stepped to the relay's MAIL command.

    tools/report_png.py build/sim/smtpsim [OUT.png]
"""
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "report"))
import chromium  # noqa: E402

WANTED = "MAIL FROM:<@USC-ISIE.ARPA:JQP@MIT-AI.ARPA>"


def main():
    binary = pathlib.Path(sys.argv[1]).resolve()
    out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "report.png"
    with tempfile.TemporaryDirectory() as tmp:
        run = pathlib.Path(tmp) / "run"
        subprocess.run([binary, "run", "--out", run, "--quiet"], check=True, cwd=tmp)
        driver = chromium.start(pathlib.Path(tmp) / "profile")
        try:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 1280, "height": 720, "deviceScaleFactor": 1,
                                    "mobile": False})
            driver.get((run / "report.html").as_uri())
            time.sleep(0.5)
            found = driver.execute_script(
                "const list = SR.view.stepper.list, ev = SR.view.events;"
                "for (let k = 0; k < list.length; k++) { const e = ev.describe(list[k]);"
                f" if (e.label === 'S: ' + {WANTED!r}) {{ SR.view.stepper.go(k); return true; }} }}"
                "return false;")
            if not found:
                sys.exit(f"never stepped to {WANTED}")
            time.sleep(0.5)
            driver.save_screenshot(str(out))
        finally:
            driver.quit()
    print(out)


if __name__ == "__main__":
    main()
