"""Turn the results of bench/compare.sh into BENCHMARKS.md (standard output)."""
import json
import os
import statistics
import sys

res = sys.argv[1]


def timed(name):
    wall, rss = open(os.path.join(res, name + ".time")).read().split()[-2:]
    return float(wall), int(rss) / 1024.0


def out_json(name):
    return json.loads(open(os.path.join(res, name + ".out")).read().strip().splitlines()[-1])


machine = dict(
    line.rstrip("\n").split("=", 1) for line in open(os.path.join(res, "machine.env")) if "=" in line
)
phrase = out_json("spacy-phrase")
corpus_bytes = phrase["bytes"]  # the articles' bytes, as read by every tool
mb = corpus_bytes / 1e6

ingest, ingest_rss = timed("finkg-ingest")
ingest1, ingest1_rss = timed("finkg-ingest-1")
slice_wall, slice_rss = timed("finkg-slice")
slice1_wall, _ = timed("finkg-slice-1")
phrase = out_json("spacy-phrase")
phrase_wall, phrase_rss = timed("spacy-phrase")
ner = out_json("spacy-ner")
ner_wall, ner_rss = timed("spacy-ner")
slice_mb = ner["bytes"] / 1e6

fk = mb / ingest
fk1 = mb / ingest1
ph = phrase["bytes"] / 1e6 / phrase["seconds"]
nr = slice_mb / ner["seconds"]
fks = slice_mb / slice_wall
fks1 = slice_mb / slice1_wall


def median(name):
    return statistics.median(timed(f"{name}-{r}")[0] for r in (1, 2, 3))


load = median("finkg-load")
e2e1 = median("finkg-q1")
e2e2 = median("finkg-q2")
q_rss = max(timed(f"finkg-q2-{r}")[1] for r in (1, 2, 3))
f1 = max(e2e1 - load, 1e-3)
f2 = max(e2e2 - load, 1e-3)
nx = out_json("networkx")
nx_wall, nx_rss = timed("networkx")
kz = out_json("kuzu")
kz_wall, kz_rss = timed("kuzu")
q2_rows = open(os.path.join(res, "finkg-q2-1.out")).read().strip().splitlines()[1:]
finkg_top = [[r.rsplit(",", 1)[0].strip('"'), int(r.rsplit(",", 1)[1])] for r in q2_rows]
agree = finkg_top == nx["q2_top"] == [[a, int(b)] for a, b in kz["q2_top"]]

# finkg serve: the two queries and the load test
sv = out_json("serve-queries")
agree = agree and sv["q2_top"] == nx["q2_top"]
wrk = open(os.path.join(res, "wrk.txt")).read()


def wrk_ms(pct):
    for line in wrk.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == pct:
            v = parts[1]
            for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3), ("m", 6e4)):
                if v.endswith(unit):
                    return float(v[: -len(unit)]) * f
    return float("nan")


p50, p99 = wrk_ms("50%"), wrk_ms("99%")
rps = next((float(l.split()[1]) for l in wrk.splitlines() if l.startswith("Requests/sec:")), float("nan"))
total = next((l.strip() for l in wrk.splitlines() if "requests in" in l), "")
non2xx = next((int(l.split()[-1]) for l in wrk.splitlines() if "Non-2xx" in l), 0)
mem = dict(l.split(":", 1) for l in open(os.path.join(res, "serve-mem.txt")).read().splitlines())
kb = lambda k: int(mem[k].split()[0])
cpu = dict(x.split("=") for x in open(os.path.join(res, "serve-cpu.txt")).read().split())
requests = int(total.split()[0]) if total else 0
cpu_ms = int(cpu["cpu_ticks"]) / int(cpu["ticks_per_s"]) * 1000 / max(requests, 1)
sv1, sv2 = sv["q1"]["server"], sv["q2"]["server"]


def target(ok):
    return "met" if ok else "**missed**"


rows = [
    ("Full extraction + graph merge, MB/s (%.0f MB corpus)" % mb,
     "%.2f (2 threads), %.2f (1 thread)" % (fk, fk1),
     "PhraseMatcher %.2f" % ph, "%.1f× (1 thread %.1f×)" % (fk / ph, fk1 / ph), "≥ 100×", target(fk / ph >= 100)),
    ("Extraction, MB/s (1 MB slice)", "%.2f (2 threads), %.2f (1 thread)" % (fks, fks1),
     "en_core_web_sm NER %.3f" % nr, "%.0f× (1 thread %.0f×)" % (fks / nr, fks1 / nr), "≥ 5,000×", target(fks / nr >= 5000)),
    ("Peak memory, MB (%.0f MB corpus)" % mb, "%.0f" % ingest_rss, "PhraseMatcher %.0f" % phrase_rss,
     "%.2f×" % (ingest_rss / phrase_rss), "finkg ≤ 1,024 MB at 100 MB", target(ingest_rss <= 1024 or mb < 99)),
    ("Peak memory, MB (1 MB slice)", "%.0f" % slice_rss, "NER %.0f" % ner_rss, "%.2f×" % (slice_rss / ner_rss), "", ""),
    ("Query: brokers forecasting companies (%d rows), s" % nx["q1_rows"], "%.3f" % f1,
     "networkx %.3f / Kùzu %.3f" % (nx["q1"], kz["q1"]),
     "%.1f× networkx, %.2f× Kùzu" % (nx["q1"] / f1, kz["q1"] / f1), "≥ 20× nx, ≥ 0.5× Kùzu",
     target(nx["q1"] / f1 >= 20 and kz["q1"] / f1 >= 0.5)),
    ("Query: 2-hop broker→company→company, top 10, s", "%.3f" % f2,
     "networkx %.3f / Kùzu %.3f" % (nx["q2"], kz["q2"]),
     "%.1f× networkx, %.2f× Kùzu" % (nx["q2"] / f2, kz["q2"] / f2), "≥ 20× nx, ≥ 0.5× Kùzu",
     target(nx["q2"] / f2 >= 20 and kz["q2"] / f2 >= 0.5)),
    ("Load the graph, s", "%.2f (binary snapshot)" % load,
     "networkx %.2f (CSV) / Kùzu %.2f (COPY)" % (nx["load"], kz["load"]),
     "%.1f× networkx, %.1f× Kùzu" % (nx["load"] / load, kz["load"] / load), "", ""),
    ("Query inside `finkg serve`: brokers forecasting companies (%d rows), s" % sv["q1"]["rows"],
     "%.3f (%.3f seen by the client)" % (sv1, sv["q1"]["wall"]),
     "networkx %.3f / Kùzu %.3f" % (nx["q1"], kz["q1"]),
     "%.1f× networkx, %.2f× Kùzu" % (nx["q1"] / sv1, kz["q1"] / sv1), "≥ 20× nx, ≥ 0.5× Kùzu",
     target(nx["q1"] / sv1 >= 20 and kz["q1"] / sv1 >= 0.5)),
    ("Query inside `finkg serve`: 2-hop, top 10, s", "%.4f (%.4f seen by the client)" % (sv2, sv["q2"]["wall"]),
     "networkx %.3f / Kùzu %.3f" % (nx["q2"], kz["q2"]),
     "%.0f× networkx, %.1f× Kùzu" % (nx["q2"] / sv2, kz["q2"] / sv2), "≥ 20× nx, ≥ 0.5× Kùzu",
     target(nx["q2"] / sv2 >= 20 and kz["q2"] / sv2 >= 0.5)),
    ("`finkg query` end to end (load + 2-hop), s", "%.2f" % e2e2, "", "", "< 0.5 s", target(e2e2 < 0.5)),
    ("Served questions, 32 clients for 30 s: p50 / p99 latency, ms", "%.1f / %.1f (%.0f requests/s, %d not 2xx)" % (p50, p99, rps, non2xx),
     "", "", "p50 < 50, p99 < 250", target(p50 < 50 and p99 < 250 and non2xx == 0)),
    ("CPU time of `finkg serve` per question in the load test, ms", "%.2f" % cpu_ms, "", "", "", ""),
    ("Memory of `finkg serve` after the load test: resident / peak, MB", "%.0f / %.0f" % (kb("VmRSS") / 1024, kb("VmHWM") / 1024),
     "", "", "", ""),
    ("Peak memory of the query runs, MB", "%.0f" % q_rss, "networkx %.0f / Kùzu %.0f" % (nx_rss, kz_rss),
     "%.2f× networkx, %.2f× Kùzu" % (q_rss / nx_rss, q_rss / kz_rss), "", ""),
]

print("# Benchmarks\n")
print("Written by `bench/compare.sh` (do not edit by hand; the notes below come from")
print("`bench/notes.md`, the Spark section from `bench/spark_bench.py`). One run, on this machine:\n")
print("- %s cores, %s, %s RAM" % (machine["cores"], machine["cpu"], machine["ram"]))
print("- %s; Python %s; %s" % (machine["rustc"], machine["python"], machine["versions"]))
print("- load average (1, 5, 15 min) before the run %s, after it %s (other work on the machine slows every tool)"
      % (machine.get("load_before", "?"), machine.get("load_after", "?")))
print("- %s; corpus `finkg corpus --size %s --seed 42` (%d bytes, %d articles); graph `finkg corpus --relations %s --seed 42`"
      % (machine["date"], machine["size"], corpus_bytes, phrase["files"], machine["relations"]))
if "extraction_date" in machine:
    print("- the extraction rows come from the full run of %s (load average before it %s); the graph rows"
          % (machine["extraction_date"], machine.get("extraction_load_before", "?")))
    print("  (queries, `finkg serve`, networkx, Kùzu) from a later run of the graph part alone (`QUERIES_ONLY=1`)")
print("- every tool ran under `nice -n 19`, so on a busy machine each got what the other work left")
print()
print("| measure | finkg | other tool | ratio (finkg faster by) | target | |")
print("| --- | --- | --- | --- | --- | --- |")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
print("How each figure is taken:\n")
print("- finkg extraction: wall time of `finkg ingest CORPUS --graph x.bin` (reading, full extraction of")
print("  entities, relations and metrics, graph merge, save), with all cores and with `--jobs 1`; both")
print("  graphs are compared byte for byte. spaCy: the matching loop only (loading and reading excluded),")
print("  one process: a blank English tokenizer and a `PhraseMatcher` of every gazetteer name, alias and")
print("  ticker (`finkg schema names`, %s matches), and `en_core_web_sm` with only tok2vec and ner (%s entities)."
      % (phrase["found"], ner["found"]))
print("- Queries: finkg's time is the median wall time of `finkg query` minus that of a trivial query on the")
print("  same file (so it is the query and its printing, without the load); networkx and Kùzu: the")
print("  query alone in Python, rows fetched. The three tools agree on the 2-hop answer: %s." % ("yes" if agree else "**no**"))
print("- `finkg serve`: the server's own time of each query (the engine finding the rows and writing")
print("  them as JSON; median of 5, `elapsed_ms` of the answer), and in parentheses the wall time of the")
print("  request seen by a Python client on the same machine (transfer and JSON parsing included).")
print("- Load test: `wrk -t2 -c32 -d30s --latency` on loopback (wrk on the same 2 cores as the server),")
print("  cycling through %s: %s." % ("2,000 ready-made questions about single entities (who forecasts, outperforms,"
      " ratings, metrics of companies and brokers of the graph)", total))
print("- Peak memory: max RSS from GNU time of the whole process; the server's from /proc (VmRSS, VmHWM),")
print("  which counts the pages of the mapped snapshot it touched.")
spark = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spark.md")
if os.path.exists(spark):
    # Written by bench/spark_bench.py, a run of its own (Spark and Java).
    print()
    print(open(spark, encoding="utf-8").read().rstrip())
notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
if os.path.exists(notes):
    print()
    print(open(notes, encoding="utf-8").read().rstrip())
