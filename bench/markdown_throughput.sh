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

source bench/measure.sh

{
  measure cmark-gfm cmark-gfm -e table -e strikethrough -e autolink -e tasklist -t commonmark
  measure normalize-norules build/normalize --no-default-rules --from markdown --to markdown
  measure normalize build/normalize --from markdown --to markdown
  measure per-article sh -c "build/normalize --from markdown --to markdown $split/*.md"
  measure totext build/normalize --from markdown --to text
} > /tmp/normalize-bench.rows

echo "input: $input ($bytes bytes; $(ls "$split" | wc -l) articles in $split), median of $runs runs, $(nproc) cores, $(date -u +%F)"
printf "%-20s %10s %12s\n" "tool" "MB/s" "peak RSS MB"
awk '{ printf "%-20s %10.1f %12.1f\n", $1, $2, $3 / 1024 }' /tmp/normalize-bench.rows
