#!/usr/bin/env bash
# Whole-run throughput of `normalize --from markdown --to markdown` over the
# news articles as one Markdown file, beside `cmark-gfm -t commonmark` (the
# same parser and writer, no rules) in the same run, and once more with each
# article its own document (the file split at "# " headings, all files given
# to one process). Prints median MB/s over RUNS runs and peak RSS
# (/usr/bin/time). Needs build/normalize, cmark-gfm.
#   bench/markdown_throughput.sh [RUNS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shared=../shared/corpora/news
input=${NORMALIZE_BENCH_INPUT:-/tmp/news.md}
[ -f "$input" ] || python3 "$shared/expand.py" markdown -o "$input"
bytes=$(stat -c %s "$input")
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
command -v cmark-gfm >/dev/null || { echo "needs cmark-gfm (apt-get install cmark-gfm)" >&2; exit 1; }

split=${input%.md}-split
if [ ! -d "$split" ]; then
  mkdir -p "$split"
  python3 - "$input" "$split" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = [p for p in re.split(r"(?m)^(?=# )", text) if p.strip()]
for i, p in enumerate(parts):
    open(f"{sys.argv[2]}/{i:05d}.md", "w", encoding="utf-8").write(p)
PY
fi

measure() {  # name, command...: prints "name MB/s peak_kB"
  local name=$1; shift
  local times=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o /tmp/normalize-bench.time "$@" < "$input" > /tmp/normalize-bench.out
    read -r secs kb < /tmp/normalize-bench.time
    times+=("$secs")
    (( kb > rss )) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  awk -v n="$name" -v b="$bytes" -v s="$median" -v r="$rss" \
    'BEGIN { if (s < 0.001) s = 0.001; printf "%s %.1f %d\n", n, b / s / 1e6, r }'
}

{
  measure cmark-gfm cmark-gfm -e table -e strikethrough -e autolink -e tasklist -t commonmark
  measure normalize-norules build/normalize --no-default-rules --from markdown --to markdown
  measure normalize-pending build/normalize --no-default-rules --rules rules/en-markdown-pending --from markdown --to markdown
  measure normalize-default build/normalize --from markdown --to markdown
  measure per-article-pending sh -c "build/normalize --no-default-rules --rules rules/en-markdown-pending --from markdown --to markdown $split/*.md"
  measure totext-pending build/normalize --no-default-rules --rules rules/en-markdown-pending --from markdown --to text
} > /tmp/normalize-bench.rows

echo "input: $input ($bytes bytes; $(ls "$split" | wc -l) articles in $split), median of $runs runs, $(nproc) cores, $(date -u +%F)"
printf "%-20s %10s %12s\n" "tool" "MB/s" "peak RSS MB"
awk '{ printf "%-20s %10.1f %12.1f\n", $1, $2, $3 / 1024 }' /tmp/normalize-bench.rows
