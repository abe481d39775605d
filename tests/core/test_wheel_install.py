"""Installed, not cloned: the built wheel, installed in a fresh virtualenv, runs
`tradestat demo` to the end from a folder outside the repository.

The wheel is built without build isolation (hatchling comes with the dev extra) and
installed without its dependencies and without an index; the new environment finds the
dependencies (core and the report extra) through a ``.pth`` line naming the test
interpreter's site-packages. A line in a ``.pth`` file is only added to ``sys.path``:
``.pth`` files inside that folder (such as an editable install's hook back to this
repository's ``src``) are not run, so the only ``tradestat`` the new environment can
import is the installed wheel. The test checks that too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> str:
    # processes: building, installing and running the installed entry point is the point
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip
    assert done.returncode == 0, f"{' '.join(cmd)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    pytest.importorskip("hatchling", reason="the dev extra brings hatchling to build the wheel")
    pytest.importorskip("weasyprint")
    top = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_NO_INDEX"] = "1"  # nothing comes from a package index
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    dist = top / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--wheel-dir", str(dist), str(ROOT)], top, env)  # fmt: skip
    (wheel,) = dist.glob("tradestat-*.whl")
    venv = top / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], top, env)
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     top, env).strip())  # fmt: skip
    deps = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_test_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", str(wheel)], top, env)  # fmt: skip
    return wheel, venv, env


def test_the_wheel_ships_what_the_demo_reads(installed):
    wheel, _, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    from tradestat.demo import SOURCES

    for _, sample, _, mapping, _ in SOURCES:
        assert f"tradestat/samples/{sample}" in names
        if mapping:
            assert f"tradestat/samples/{mapping}" in names
    for spec in ("customs", "platform"):
        assert f"tradestat/report/specs/{spec}.yaml" in names
    assert "tradestat/report/templates/bulletin.css" in names


def test_the_installed_demo_runs_to_the_end_outside_the_repository(installed, tmp_path):
    _, venv, env = installed
    python = str(venv / "bin" / "python")
    where = _run([python, "-c", "import tradestat; print(tradestat.__file__)"], tmp_path, env)
    where = where.strip()
    assert Path(where).is_relative_to(venv), where  # the wheel, not this repository's src
    out = tmp_path / "out"
    stdout = _run([str(venv / "bin" / "tradestat"), "demo", "--out", str(out)], tmp_path, env)
    assert "skipped" not in stdout
    for stem in ("customs-gac_national-2025-H1", "customs-synthetic-2024",
                 "platform-retail-2011-09_2011-11"):  # fmt: skip
        for lang in ("en", "zh"):
            assert "<html" in (out / f"{stem}-{lang}.html").read_text(encoding="utf-8")
            assert (out / f"{stem}-{lang}.pdf").read_bytes().startswith(b"%PDF")
    assert "21.79" in (out / "customs-gac_national-2025-H1-en.html").read_text(encoding="utf-8")
