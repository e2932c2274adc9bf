"""The notebook-style example runs from start to end and says what it shows."""

import os
import subprocess
import sys

from conftest import ROOT


def test_the_notebook_example_runs(tmp_path):
    env = dict(os.environ, FINKG_NOTEBOOK_OUT=str(tmp_path))
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples/notebook.py")],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Morgan Stanley forecasts Alibaba" in text
    assert "'documents_added': 5" in text
    assert "CITIC Securities" in text and "Hang Seng Tech Index" in text
    assert "{'documents_added': 5, 'documents_shared': 0}" in text
    assert "QueryError: syntax error at line 1, column 18" in text
    assert (tmp_path / "graph.ron").is_file()
