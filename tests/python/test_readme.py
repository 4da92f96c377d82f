"""The Python example of the README runs as written (from the source root)."""
import os
import re
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")


def test_readme_python_example_runs(monkeypatch, capsys, tmp_path):
    pytest.importorskip("geopandas")  # the example turns a layer into a GeoDataFrame
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # analyze()'s folder goes into the test's own
    monkeypatch.setattr(tempfile, "tempdir", None)
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "the README has a python example"
    monkeypatch.chdir(ROOT)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Cox's Bazar" in out and "Kuala Lumpur" in out
