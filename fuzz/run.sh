#!/usr/bin/env bash
# Run finkg's fuzz targets with cargo fuzz, one after the other.
#
#   fuzz/run.sh SECONDS [TARGET...]        each target SECONDS seconds
#   FUZZ_RUNS=N fuzz/run.sh 0 [TARGET...]  each target N executions (no time limit)
#
# Targets: graph json store query schema rules csv extract (default: all). Each target
# starts from its corpus, fuzz/corpus/TARGET, kept in the repository so every
# run starts where the last one ended; new inputs are added to it (minimise
# it again with `cargo fuzz cmin TARGET` before committing it). A crash stops
# the script with a non-zero status and libFuzzer leaves the input in
# fuzz/artifacts/TARGET/. Each run's log goes to fuzz/logs/TARGET.log and its
# summary (executions, seconds) to standard output.
#
# The targets are built without a sanitizer (`-s none`: finkg is safe Rust
# but for a flock call, and AddressSanitizer would cost two thirds of the
# executions) and with debug assertions (`-a`: overflow checks). libFuzzer
# still stops at any panic, at an input slower than -timeout, and at memory
# beyond -rss_limit_mb.
#
# cargo-fuzz needs nightly compiler flags; on a stable toolchain the script
# sets RUSTC_BOOTSTRAP=1 so stable rustc accepts them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(graph json store query schema rules csv extract)
runs=${FUZZ_RUNS:-0}

if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi
build_flags=(-s none -a)

# The longest input each target is given: enough for its seeds, small enough
# that one input is quick.
max_len() {
  case $1 in
    extract | graph) echo 4096 ;;
    query) echo 1024 ;;
    schema) echo 49152 ;;
    rules) echo 49152 ;;
    *) echo 16384 ;;
  esac
}

# The bundled schema's files as they are now, as seeds of the targets that
# read them: a seed kept from an older schema may no longer load (a lexicon
# without a class the code now needs never builds an extractor). The first
# byte picks the file as the target does (a file longer than the target's
# inputs stops the script: raise max_len above). Each seed is named by the SHA-1 of
# its bytes, as libFuzzer names the inputs it adds, so one already in the
# corpus is not added again.
seed() {
  local dir=$1 pick=$2 file=$3 tmp
  if [ $(($(wc -c < "$file") + 1)) -gt "$(max_len "${dir#corpus/}")" ]; then
    echo "$file is longer than the inputs of fuzz ${dir#corpus/}: raise its max_len" >&2
    exit 2
  fi
  tmp=$(mktemp)
  chmod 644 "$tmp"
  { printf "\\$(printf '%03o' "$pick")"; cat "$file"; } > "$tmp"
  mv "$tmp" "$dir/$(sha1sum "$tmp" | cut -c1-40)"
}
add_seeds() {
  case $1 in
    schema) # FILES in fuzz_targets/schema.rs
      seed corpus/schema 0 ../graph-schema/ontology.ron
      seed corpus/schema 1 ../graph-schema/lexicon.ron
      seed corpus/schema 2 ../graph-schema/gazetteer/brokers.ron
      ;;
    rules) # the bundled rule files in name order, as fuzz_targets/rules.rs
      local i=0 f
      for f in $(LC_ALL=C ls ../graph-schema/rules/*.ron); do
        seed corpus/rules "$i" "$f"
        i=$((i + 1))
      done
      ;;
  esac
}

mkdir -p logs
echo "== cargo fuzz build ${targets[*]}"
for t in "${targets[@]}"; do
  [ -d "corpus/$t" ] || { echo "no corpus/$t: not a target" >&2; exit 2; }
  add_seeds "$t"
  cargo fuzz build "${build_flags[@]}" "$t"
done
for t in "${targets[@]}"; do
  limits=(-max_total_time="$seconds")
  [ "$runs" -gt 0 ] && limits=(-runs="$runs")
  echo "== fuzz $t: ${limits[*]}"
  start=$(date +%s)
  cargo fuzz run "${build_flags[@]}" "$t" "corpus/$t" -- "${limits[@]}" \
    -max_len="$(max_len "$t")" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
    2> "logs/$t.log" || {
      tail -n 60 "logs/$t.log" >&2
      echo "fuzz $t: FAILED (input in fuzz/artifacts/$t/)" >&2
      exit 1
    }
  end=$(date +%s)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo '?')
  fuzzed=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo '?')
  echo "fuzz $t: no crash; ${execs} executions in ${fuzzed} s ($((end - start)) s with the build); corpus $(ls "corpus/$t" | wc -l) inputs; $(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
done
