"""A plain (non-editable) install works: the wheel carries pages, scripts, catalogues and
migrations, which once lived beside the package and were left out of it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_wheel_carries_everything_the_app_reads(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("tracker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "tracker"
    wanted = [
        path.relative_to(ROOT).as_posix()
        for folder in ("templates", "static", "migrations", "i18n/locale")
        for path in (package / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert len(wanted) > 100
    missing = sorted(set(wanted) - names)
    assert not missing, missing[:20]
