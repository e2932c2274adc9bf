#!/usr/bin/env bash
# Run finkg's fuzz targets with cargo fuzz, one after the other.
#
#   fuzz/run.sh SECONDS [TARGET...]     (targets: extract query schema graph; default all)
#
# Each target runs SECONDS seconds on one core, starting from its corpus in
# fuzz/corpus/TARGET (seeded from the repository's own documents, queries,
# schema and graphs on first use). A crash stops the script with a non-zero
# status; libFuzzer leaves the input in fuzz/artifacts/TARGET/. Each run's
# summary line (executions, seconds) goes to fuzz/logs/TARGET.log.
#
# cargo-fuzz needs nightly compiler flags; on a stable toolchain the script
# sets RUSTC_BOOTSTRAP=1 so stable rustc accepts them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(extract query schema graph)

if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi

seed() {
  local target=$1 dir=corpus/$1
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  case $target in
    extract)
      for f in ../seeds/*.txt ../tests/fixtures/*.txt; do
        if [ -f "$f" ]; then cp "$f" "$dir/"; fi
      done ;;
    query)
      # The README's and the Kùzu test's queries, one a file.
      local i=0
      { grep -ho "finkg query '[^']*'" ../README.md | sed "s/^finkg query '//; s/'\$//"
        grep -v '^\s*//' ../tests/kuzu/queries.cypher 2>/dev/null | grep -i 'match' || true
      } | while IFS= read -r q; do
        i=$((i + 1)); printf '%s' "$q" > "$dir/q$i"
      done ;;
    schema)
      printf '\0' | cat - ../graph-schema/ontology.ron > "$dir/ontology"
      printf '\1' | cat - ../graph-schema/lexicon.ron > "$dir/lexicon"
      printf '\2' | cat - ../graph-schema/gazetteer/brokers.ron > "$dir/gazetteer" ;;
    graph)
      local tmp
      tmp=$(mktemp -d)
      cargo run -q --manifest-path ../Cargo.toml --release -- ingest ../seeds --graph "$tmp/g.ron" >/dev/null 2>&1
      cargo run -q --manifest-path ../Cargo.toml --release -- export --graph "$tmp/g.ron" --format json --out "$tmp/g.json" >/dev/null 2>&1
      printf '\0' | cat - "$tmp/g.ron" > "$dir/seeds-ron"
      printf '\1' | cat - "$tmp/g.json" > "$dir/seeds-json"
      printf '\0' | cat - ../tests/fixtures/small-graph.ron > "$dir/small-ron"
      rm -rf "$tmp" ;;
  esac
}

mkdir -p logs
echo "== cargo fuzz build ${targets[*]}"
for t in "${targets[@]}"; do
  cargo fuzz build "$t"
done
for t in "${targets[@]}"; do
  seed "$t"
  echo "== fuzz $t for ${seconds}s"
  start=$(date +%s)
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=65536 \
    -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 2> "logs/$t.log" || {
      tail -n 60 "logs/$t.log" >&2
      echo "fuzz $t: FAILED (input in fuzz/artifacts/$t/)" >&2
      exit 1
    }
  end=$(date +%s)
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo '?')
  fuzzed=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo '?')
  echo "fuzz $t: no crash; fuzzed ${fuzzed} s (${runs} executions), $((end - start)) s with the build; corpus $(ls "corpus/$t" | wc -l) inputs"
done
