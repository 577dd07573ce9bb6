#!/usr/bin/env bash
# Single-thread HTML throughput over every page of ../shared/corpora/trafeval
# (not in a user's clone), beside `cat` of the same files in the same run:
# median wall time of RUNS runs of each, pages/s, MB/s, peak RSS; then
# normalize's own --stats line (median and slowest page). The pages are read
# from the page cache in both (one warm-up pass first).
#   bench/html_throughput.sh [RUNS]      (default 3; needs build/normalize)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
corpus=../shared/corpora/trafeval
bin=build/normalize
[ -x "$bin" ] || { echo "html_throughput.sh: build $bin first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$corpus" > "$work/list" <<'PY'
import json, os, sys
corpus = sys.argv[1]
for page in json.load(open(os.path.join(corpus, "evaldata.json"))).values():
    for sub in ("eval", "cache"):
        path = os.path.join(corpus, sub, page["file"])
        if os.path.exists(path):
            print(path)
            break
PY
pages=$(wc -l < "$work/list")
bytes=$(tr '\n' '\0' < "$work/list" | xargs -0 cat | wc -c)
mkdir -p "$work/out"
tr '\n' '\0' < "$work/list" | xargs -0 cat > /dev/null  # warm the page cache

time_runs() {  # name, command...: prints "name pages/s MB/s peak_kB" (median wall)
  local name=$1; shift
  local times=() rss=0 kb
  for _ in $(seq "$runs"); do
    local t0=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/time" "$@" > /dev/null 2> "$work/stderr"
    local t1=$EPOCHREALTIME
    kb=$(tail -1 "$work/time")
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    (( kb > rss )) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  awk -v n="$name" -v p="$pages" -v b="$bytes" -v s="$median" -v r="$rss" \
    'BEGIN { printf "| %s | %.0f | %.1f | %.1f |\n", n, p / s, b / s / 1e6, r / 1024 }'
}

echo "$pages pages, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB, median of $runs runs, one process each"
echo
echo "| tool | pages/s | MB/s | peak RSS MB |"
echo "|---|---|---|---|"
time_runs "cat" sh -c "tr '\\n' '\\0' < '$work/list' | xargs -0 cat"
time_runs "normalize --from html --to text --list" "$bin" --from html --to text --list "$work/list" --out-dir "$work/out"
"$bin" --from html --to text --list "$work/list" --out-dir "$work/out" --stats 2>&1 | tail -1
