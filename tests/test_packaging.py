"""What `pip install` ships: one import package, `occuwatch`, with every sub-package the code imports."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
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
