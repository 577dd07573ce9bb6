#!/usr/bin/env bash
# Whole-run throughput of `normalize --from text` over the news articles as
# plain text, beside `cat` and `LC_ALL=C grep -v -E -f` in the same run.
# Reads ../shared/corpora/news (not in a user's clone). Prints a table of
# median MB/s over RUNS runs, the ratio to cat, and peak RSS (/usr/bin/time).
#   bench/text_throughput.sh [RUNS]     (default 5; needs build/normalize)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shared=../shared/corpora/news
input=${NORMALIZE_BENCH_INPUT:-/tmp/normalize-news.txt}
[ -f "$input" ] || python3 "$shared/expand.py" text -o "$input"
bytes=$(stat -c %s "$input")
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

measure() {  # name, command...: prints "name MB/s peak_kB"
  local name=$1; shift
  local times=() rss=0
  for _ in $(seq "$runs"); do
    local t0=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o /tmp/normalize-bench.time "$@" < "$input" > /tmp/normalize-bench.out
    local t1=$EPOCHREALTIME
    read -r kb < /tmp/normalize-bench.time
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    (( kb > rss )) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  awk -v n="$name" -v b="$bytes" -v s="$median" -v r="$rss" \
    'BEGIN { if (s < 0.0001) s = 0.0001; printf "%s %.1f %d\n", n, b / s / 1e6, r }'
}

{
  measure cat cat
  measure grep env LC_ALL=C grep -v -E -f "$shared/grep-patterns.txt"
  measure normalize build/normalize --from text
} > /tmp/normalize-bench.rows

echo "input: $input ($bytes bytes), median of $runs runs, $(nproc) cores, $(date -u +%F)"
awk 'NR == 1 { cat = $2 }
     { rows[NR] = $0; mb[NR] = $2 }
     END { printf "%-10s %10s %10s %12s\n", "tool", "MB/s", "vs cat", "peak RSS MB";
           for (i = 1; i <= NR; i++) { split(rows[i], f, " ");
             printf "%-10s %10.1f %10.3f %12.1f\n", f[1], f[2], f[2] / cat, f[3] / 1024 } }' /tmp/normalize-bench.rows
