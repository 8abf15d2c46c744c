"""Build hook: ships the checkout's templates/ and assets/ inside the wheel as reviewer/templates
and reviewer/assets (reviewer.resources finds them there, or beside the package in a checkout).
Everything else about the package is declared in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        for name in ("templates", "assets"):
            target = Path(self.build_lib) / "reviewer" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(Path(__file__).parent / name, target)


setup(cmdclass={"build_py": BuildPyWithData})
