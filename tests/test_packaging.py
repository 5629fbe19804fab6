"""What `pip install` ships: one import package, `occuwatch`, with every sub-package the code imports."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def test_every_package_is_installed_under_occuwatch() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    folders = [path.parent.relative_to(REPO) for path in REPO.glob("*/**/__init__.py")]
    packages = {"occuwatch." + str(folder).replace("/", ".") for folder in folders
                if not folder.parts[0].startswith((".", "tests", "bench", "build"))}
    assert setuptools["package-dir"] == {"occuwatch": "."}
    assert (REPO / "__init__.py").is_file()
    assert set(setuptools["packages"]) == {"occuwatch", *packages}
