"""What `pip install` ships: one import package, `occuwatch`, with every sub-package the code imports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


def test_every_package_is_installed_under_occuwatch() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    folders = [path.parent.relative_to(REPO) for path in REPO.glob("*/**/__init__.py")]
    packages = {"occuwatch." + str(folder).replace("/", ".") for folder in folders
                if not folder.parts[0].startswith((".", "tests", "bench", "build"))}
    assert setuptools["package-dir"] == {"occuwatch": "."}
    assert (REPO / "__init__.py").is_file()
    assert set(setuptools["packages"]) == {"occuwatch", *packages}


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_unit_is_sandboxed_like_a_distribution_daemon(tmp_path: Path) -> None:
    unit = tmp_path / "occuwatch.service"  # the unit file's name is what systemd-analyze reports on
    shutil.copy(REPO / "contrib" / "occuwatch.service", unit)
    result = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(unit)],
                            capture_output=True, text=True, check=False)
    score = re.search(r"Overall exposure level for occuwatch.service: (\d+\.\d+)", result.stdout)
    assert score, result.stdout + result.stderr
    assert float(score.group(1)) < 4.0
    text = unit.read_text()
    for setting in ("ProtectSystem=strict", "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes",
                    "SystemCallFilter=@system-service", "CapabilityBoundingSet=\n", "UMask=0027",
                    "StateDirectory=occuwatch"):  # the database directory stays writable under ProtectSystem
        assert setting in text, setting


def test_the_wheel_holds_one_package_and_its_demo_runs_from_an_empty_directory(tmp_path: Path) -> None:
    # Built offline from a copy of the checkout, with the test extra's setuptools (no build isolation: no download).
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.db*", ".pytest_cache", ".ruff_cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(tmp_path / "dist"), str(source)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("occuwatch-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"occuwatch", wheel.name.split("-py3")[0] + ".dist-info"}
    for shipped in ("occuwatch/scrapers/defaults.toml", "occuwatch/contrib/occuwatch.service",
                    "occuwatch/tests/fixtures/sites/changning/EXPECTED.json", "occuwatch/__main__.py"):
        assert shipped in names
    assert not [name for name in names if re.search(r"tests/(test_\w+|conftest)\.py$", name)]

    installed = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(installed),
                    str(wheel)], check=True, capture_output=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONIOENCODING": "utf-8"}
    env.pop("OCCUWATCH_CONFIG", None)
    where = subprocess.run([sys.executable, "-c", "import occuwatch; print(occuwatch.__file__)"], cwd=empty, env=env,
                           capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(installed))  # the wheel's copy, not the checkout
    helped = subprocess.run([sys.executable, "-m", "occuwatch", "--help"], cwd=empty, env=env, capture_output=True,
                            text=True, check=False)
    assert helped.returncode == 0 and "occuwatch demo" in helped.stdout
    demo = subprocess.run([sys.executable, "-m", "occuwatch", "demo"], cwd=empty, env=env, capture_output=True,
                          text=True, check=False, timeout=180)
    assert demo.returncode == 0, demo.stderr
    latest = demo.stdout.split("Latest batch: 3, released 2020-07-06 — 9 new occupations")[1]
    assert "区块链工程技术人员" in latest and "增材制造设备操作员" in latest
