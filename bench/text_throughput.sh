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

source bench/measure.sh

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
