"""Extraction, ingest and queries release the GIL: a Python thread keeps
running while they work, and several threads extract at once."""

import threading
import time

import finkg
from conftest import ROOT


def ticks_during(call):
    """How often another Python thread got to run while `call` ran."""
    count = 0
    stop = threading.Event()

    def tick():
        nonlocal count
        while not stop.is_set():
            count += 1

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.05)  # the ticker is running
    before = count
    started = time.perf_counter()
    call()
    elapsed = time.perf_counter() - started
    during = count - before
    stop.set()
    t.join()
    return during, elapsed


def big_text():
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return "\n\n".join(seeds * 8)


def test_extraction_lets_other_threads_run():
    """While one call holds the GIL, another thread runs at most once per
    switch interval (5 ms); released, it runs freely."""
    ex = finkg.Extractor()
    text = big_text()
    during, elapsed = ticks_during(lambda: ex.extract(text))
    assert elapsed > 0.02, f"extraction took {elapsed:.3f} s: too short to tell"
    assert during > 200, f"only {during} ticks in {elapsed:.3f} s of extraction: the GIL was held"


def test_ingest_and_queries_let_other_threads_run():
    g = finkg.Graph()
    text = big_text()
    during, elapsed = ticks_during(lambda: g.ingest([text + f"\n{i}" for i in range(4)]))
    assert during > 200, f"only {during} ticks in {elapsed:.3f} s of ingest"
    g = finkg.Graph()
    g.ingest(ROOT / "seeds")
    cypher = "MATCH (a)-[*1..6]-(b) RETURN count(*) AS n"
    during, elapsed = ticks_during(lambda: g.query(cypher))
    assert elapsed > 0.02, f"the query took {elapsed:.3f} s: too short to tell"
    assert during > 200, f"only {during} ticks in {elapsed:.3f} s of query"


def test_threads_share_one_extractor_and_one_graph():
    ex = finkg.Extractor()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    want = [ex.extract(t) for t in texts]
    got = [None] * len(texts)

    def work(i):
        got[i] = ex.extract(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == want
    g = finkg.Graph()
    g.ingest(texts)
    answers = []
    readers = [threading.Thread(target=lambda: answers.append(g.query("MATCH (n) RETURN count(n) AS n"))) for _ in range(4)]
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    assert len(answers) == 4 and all(a == answers[0] for a in answers)
