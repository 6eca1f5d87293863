"""The one stylesheet every page links (css/site.css), built for the tests that need it.

`make install` and `make css` build it (assets/build-css.mjs, docs/adr/0020); a test run
builds it again, once, under a lock shared by the xdist workers: a template or a CSS file may
have changed since the last build, and the served demo must show what the code says.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.template_database import locked, run_shared_folder

REPO = Path(__file__).resolve().parents[1]
STYLESHEET = REPO / "assets" / "dist" / "css" / "site.css"


def build_stylesheet(tmp_path_factory) -> Path:
    shared = run_shared_folder(tmp_path_factory)
    with locked(shared / "stylesheet.lock"):
        if not (shared / "stylesheet.built").exists():
            node = shutil.which("node")
            if node is None:
                pytest.fail("Node.js is needed to build css/site.css (make css).", pytrace=False)
            result = subprocess.run(  # noqa: S603 - fixed command line, our own build script
                [node, "assets/build-css.mjs"],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )
            if result.returncode != 0:
                pytest.fail(
                    f"Building css/site.css failed (run `make install`?):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}",
                    pytrace=False,
                )
            (shared / "stylesheet.built").touch()
    return STYLESHEET
