"""Shared fixtures of the Python tests: the checkout, the finkg binary, a
work folder holding a copy of the seed articles.

Run from the checkout after `pip install ./python` (what .ci/run does):

    python -m pytest tests/python

Tests that compare with the `finkg` command line need the binary: FINKG_BIN,
or target/release/finkg, or target/debug/finkg. Under CI a missing binary is
a failure; elsewhere those tests are skipped with a note.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _finkg_bin():
    env = os.environ.get("FINKG_BIN")
    candidates = [Path(env)] if env else []
    candidates += [ROOT / "target/release/finkg", ROOT / "target/debug/finkg"]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    return None


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def finkg_bin():
    b = _finkg_bin()
    if b is None:
        if os.environ.get("CI"):
            pytest.fail("no finkg binary (FINKG_BIN, target/release/finkg): .ci/run builds it")
        pytest.skip("no finkg binary: set FINKG_BIN or `cargo build --release`")
    return b


@pytest.fixture()
def work(tmp_path, monkeypatch):
    """A folder with `seeds/` copied in, as the current directory."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_finkg(binary, *args, cwd=None):
    """Run the finkg binary; its standard output (fails the test on an error)."""
    out = subprocess.run([str(binary), *args], cwd=cwd, capture_output=True, text=True)
    assert out.returncode == 0, f"finkg {' '.join(args)} failed:\n{out.stderr}"
    return out.stdout
