#!/usr/bin/env bash
# Whole-run benchmark of JSONL mode over a news dump of a given size, beside
# baselines measured in the same run: cat, LC_ALL=C grep -v -E -f (150
# patterns, as many as the default English pack has rules), rg -v -F -f (153
# literals), zstd -dc; then normalize --jsonl at 1 and 2 threads, and on the
# .zst form of the dump, and at 1 thread with no rules loaded (the floor the
# rules add to: JSON in, fold, JSON out). Median wall time of RUNS runs, MB/s of uncompressed
# input, ratio to cat, peak RSS (/usr/bin/time). Results and the environment
# go to bench/runs/<date>-<host>/results-<size>-<time>.md.
#   bench/run.sh [SIZE] [RUNS]       (default 1G 3; needs build/normalize)
# Reads ../shared/corpora/news (not in a user's clone). Dumps live in
# ${NORMALIZE_BENCH_DIR:-/tmp/normalize-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1G}
runs=${2:-3}
shared=../shared/corpora/news
work=${NORMALIZE_BENCH_DIR:-/tmp/normalize-bench}
mkdir -p "$work"
dump=$work/news-$size.jsonl
[ -f "$dump" ] || python3 "$shared/expand.py" jsonl --size "$size" -o "$dump"
[ -f "$dump.zst" ] || zstd -q -T0 -3 < "$dump" > "$dump.zst"
bytes=$(stat -L -c %s "$dump")
bin=build/normalize
[ -x "$bin" ] || { echo "run.sh: build $bin first" >&2; exit 1; }
out=bench/runs/$(date -u +%F)-$(hostname -s)
stamp=$(date -u +%H%M%S)
commit="$(git rev-parse --short HEAD)$(git diff --quiet -- normalize bench/*.sh bench/*.cc CMakeLists.txt || echo ' (dirty)')"
mkdir -p "$out"
rows=$out/rows-$size-$stamp.txt
: > "$rows"

measure() {  # name, input file, command...: appends "name seconds peak_kB cpu_seconds"
  local name=$1 input=$2; shift 2
  local times=() cpus=() rss=0
  for _ in $(seq "$runs"); do
    local t0=$EPOCHREALTIME
    /usr/bin/time -f '%M %U %S' -o "$work/time.txt" "$@" < "$input" | cat > /dev/null
    local t1=$EPOCHREALTIME
    read -r kb user sys < "$work/time.txt"
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
    (( kb > rss )) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local cpu
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$name $median $rss $cpu" >> "$rows"
  echo "  $name: ${median}s (cpu ${cpu}s, peak ${rss} kB)" >&2
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "run.sh: $dump ($bytes bytes), median of $runs, load $load" >&2
measure cat "$dump" cat
measure grep-v-E-f "$dump" env LC_ALL=C grep -v -E -f "$shared/grep-patterns.txt"
measure rg-v-F-f "$dump" rg -v -F -f "$shared/rg-literals.txt"
measure zstd-dc "$dump.zst" zstd -dc
measure normalize-t1 "$dump" "$bin" --jsonl --quiet --threads 1
measure normalize-t1-no-rules "$dump" "$bin" --jsonl --quiet --threads 1 --no-default-rules
measure normalize-t2 "$dump" "$bin" --jsonl --quiet --threads 2
measure normalize-t2-zst "$dump.zst" "$bin" --jsonl --quiet --threads 2

{
  echo "# JSONL benchmark, $(date -u '+%F %T') UTC"
  echo
  echo "input: \`$dump\` ($bytes bytes; .zst $(stat -L -c %s "$dump.zst") bytes), median of $runs runs, output piped"
  echo "commit $commit, $(g++ --version | head -1)," \
       "Release (-O3 -DNDEBUG), $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
       "rules: $("$bin" --version)"
  echo
  echo "load average before: $load"
  echo
  echo "| tool | seconds | MB/s | vs cat | peak RSS MB | CPU s (user+sys) |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk -v b="$bytes" 'NR == 1 { cat = $2 }
       { printf "| %s | %.2f | %.1f | %.4f | %.1f | %.2f |\n", $1, $2, b / $2 / 1e6, cat / $2, $3 / 1024, $4 }' "$rows"
  echo
  awk '{ t[$1] = $2 } END {
         printf "normalize 2 threads / 1 thread: %.2fx\n\n", t["normalize-t1"] / t["normalize-t2"];
         printf "normalize 1 thread / rg -v -F -f: %.3fx speed\n\n", t["rg-v-F-f"] / t["normalize-t1"];
         printf "normalize 1 thread with no rules / rg -v -F -f: %.3fx speed\n\n", t["rg-v-F-f"] / t["normalize-t1-no-rules"];
         printf "normalize on .zst / on plain (2 threads): %.2fx time; zstd -dc alone %.2f s\n",
                t["normalize-t2-zst"] / t["normalize-t2"], t["zstd-dc"] }' "$rows"
  echo
  echo "commands: cat; env LC_ALL=C grep -v -E -f $shared/grep-patterns.txt; rg -v -F -f $shared/rg-literals.txt;" \
       "zstd -dc < DUMP.zst; $bin --jsonl --quiet --threads N [--no-default-rules] < DUMP; each piped through cat > /dev/null"
} > "$out/results-$size-$stamp.md"
cat "$out/results-$size-$stamp.md"
