"""finkg.extract and finkg.Extractor: the JSON of `finkg extract`, one schema
compiled once, dates and names, errors with finkg's messages."""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import finkg
from conftest import ROOT, run_finkg

SENTENCE = "Morgan Stanley raised its target on Alibaba to $150."


def readme_command():
    """The README's one-line install-and-extract example."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [l for l in readme.splitlines() if l.startswith("pip install ./python && python -c ")]
    assert len(lines) == 1, "the README shows the pip install ./python && python -c example once"
    return lines[0]


def test_the_readme_example_prints_the_relations():
    """Its `python -c` part, run by bash as written, with this Python first
    on the PATH (`pip install ./python` is what .ci/run ran to install the
    package under test; .ci/run also runs the whole line)."""
    line = readme_command()
    python_c = line.split(" && ", 1)[1]
    assert python_c.startswith('python -c "import finkg; print(finkg.extract(')
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    out = subprocess.run(["bash", "-c", python_c], capture_output=True, text=True, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr
    relations = ast.literal_eval(out.stdout.strip())
    assert [(r["subject"], r["object"]) for r in relations] == [("Morgan Stanley", "Alibaba")]
    # In double quotes the shell reads `$1` of `$150` as a parameter: the
    # sentence finkg sees ends "to 50.", as the README says.
    assert relations[0]["evidence"] == "Morgan Stanley raised its target on Alibaba to 50."


def test_extract_is_the_json_of_finkg_extract(finkg_bin, tmp_path):
    """Every seed article: finkg.extract with the file name as doc_id gives
    exactly the JSON `finkg extract` writes."""
    run_finkg(finkg_bin, "extract", str(ROOT / "seeds"), "--json-dir", str(tmp_path))
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    ex = finkg.Extractor()
    for path in seeds:
        want = json.loads((tmp_path / (path.stem + ".json")).read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        assert finkg.extract(text, doc_id=path.name) == want, path.name
        assert ex.extract(text, doc_id=path.name) == want, path.name
        assert want["relations"], f"{path.name} has no relations: the comparison proves little"


def test_the_facts_of_one_sentence():
    facts = finkg.extract(SENTENCE)
    assert set(facts) == {"doc", "entities", "relations", "metrics", "actions"}
    assert facts["doc"] == finkg.Extractor().extraction(SENTENCE).doc_id
    names = {(e["name"], e["kind"]) for e in facts["entities"]}
    assert ("Morgan Stanley", "broker") in names
    assert ("Alibaba", "company") in names
    [r] = [r for r in facts["relations"] if r["object"] == "Alibaba"]
    assert r["subject"] == "Morgan Stanley"
    assert r["evidence"] == SENTENCE


def test_an_extraction_carries_name_date_path_and_evidence():
    x = finkg.Extractor().extraction(SENTENCE, doc_id="ms-note-1", date="2026-01-05", path="feeds/ms.txt")
    d = x.to_dict()
    assert d["doc"]["name"] == "ms-note-1"
    assert d["doc"]["path"] == "feeds/ms.txt"
    assert d["doc"]["date"] == "2026-01-05"
    assert re.fullmatch(r"[0-9a-f]{16}", d["doc"]["id"])
    assert x.doc == d["doc"]
    for r in d["relations"]:
        ev = r["evidence"]
        assert SENTENCE.encode()[ev["start"]:ev["end"]].decode() == ev["sentence"]
        assert ev["doc"] == x.doc_id and ev["rule"]
    for m in d["metrics"]:
        assert m["unit"] in {"x", "%", "pp", "points", "count", "CNY", "USD", "HKD", "EUR", "JPY", "GBP", "money"}
    assert x.gold() == finkg.extract(SENTENCE, doc_id="ms-note-1")
    assert len(x) == len(d["entities"]) + len(d["relations"]) + len(d["metrics"])
    assert "ms-note-1" in repr(x)


def test_a_date_may_be_a_datetime_date():
    import datetime

    x = finkg.Extractor().extraction(SENTENCE, date=datetime.date(2025, 12, 24))
    assert x.doc["date"] == "2025-12-24"
    with pytest.raises(TypeError, match="date must be"):
        finkg.extract(SENTENCE, date=20251224)


def test_an_extractor_compiles_its_schema_once(tmp_path):
    """A schema read from a folder: removing the folder afterwards changes
    nothing, so no call reads it again."""
    schema = tmp_path / "schema"
    shutil.copytree(ROOT / "graph-schema", schema)
    ex = finkg.Extractor(schema)
    assert ex.schema_dir == schema
    before = ex.extract(SENTENCE)
    shutil.rmtree(schema)
    for _ in range(3):
        assert ex.extract(SENTENCE) == before
    assert before == finkg.extract(SENTENCE)


def test_schema_errors_name_the_file_line_and_column(tmp_path):
    schema = tmp_path / "schema"
    shutil.copytree(ROOT / "graph-schema", schema)
    (schema / "ontology.ron").write_text("(\n  kinds: [oops\n", encoding="utf-8")
    with pytest.raises(finkg.SchemaError) as e:
        finkg.Extractor(schema)
    assert re.match(re.escape(str(schema / "ontology.ron")) + r":\d+:\d+: ", str(e.value)), str(e.value)
    assert isinstance(e.value, finkg.FinkgError)
    with pytest.raises(finkg.SchemaError, match="No such file"):
        finkg.Extractor(tmp_path / "missing")


def test_decode_repairs_and_skips_with_warnings():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert finkg.decode("\ufeffAlibaba".encode() + b" \xff rose.", "a.txt") == "Alibaba \ufffd rose."
        assert finkg.decode(b"\x00\x01binary", "b.bin") is None
        assert finkg.decode(b"  \n", "c.txt") is None
    messages = [str(x.message) for x in w]
    assert all(issubclass(x.category, finkg.InputWarning) for x in w)
    assert messages[0].startswith("a.txt: invalid UTF-8 at byte offset 11"), messages
    assert messages[1].startswith("b.bin: "), messages
    assert messages[2].startswith("c.txt: "), messages


def test_an_extraction_crosses_processes_as_bytes_or_pickled():
    import pickle

    x = finkg.Extractor().extraction(SENTENCE + " Goldman upgraded Tencent to buy.", doc_id="n1", date="2026-01-05")
    facts = x.to_dict()
    assert [a["on"] for a in facts["actions"]] == ["Alibaba", "Tencent"]
    assert facts["actions"][0]["target"] == 150.0 and facts["actions"][0]["unit"] == "USD"
    for y in (finkg.Extraction.from_bytes(x.to_bytes()), pickle.loads(pickle.dumps(x))):
        assert y.to_dict() == facts
        assert y.gold() == x.gold()
    with pytest.raises(finkg.FinkgError, match="not the bytes of a finkg extraction"):
        finkg.Extraction.from_bytes(x.to_bytes()[:-3])
