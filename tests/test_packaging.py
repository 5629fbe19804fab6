"""What `pip install` ships: every module the code imports must be listed in pyproject.toml."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def test_every_top_level_module_and_package_is_installed() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    modules = {path.stem for path in REPO.glob("*.py")}
    packages = {str(path.parent.relative_to(REPO)).replace("/", ".") for path in REPO.glob("*/**/__init__.py")
                if not path.parts[len(REPO.parts)].startswith((".", "tests", "bench", "build"))}
    assert set(setuptools["py-modules"]) == modules
    assert set(setuptools["packages"]) == packages
