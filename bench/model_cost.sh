#!/usr/bin/env bash
# What the block model costs: normalize --jsonl at 1 thread with and without
# the model (--no-model), alternating, beside rg and, if given, another
# build, on two dumps: the news dump (mostly one-paragraph records) and the
# scraped-dev dump repeated 20 times (every article many paragraphs, where
# the model judges nearly every document). Wall and CPU seconds, peak RSS.
#   bench/model_cost.sh [RUNS] [OTHER_BINARY]      (default 3; needs build/normalize)
# Reads ../shared/corpora (not in a user's clone); dumps in ${NORMALIZE_BENCH_DIR:-/tmp/normalize-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
other=${2:-}
work=${NORMALIZE_BENCH_DIR:-/tmp/normalize-bench}
mkdir -p "$work"
news=$work/news-1G.jsonl
[ -f "$news" ] || python3 ../shared/corpora/news/expand.py jsonl --size 1G -o "$news"
scraped=$work/scraped-x20.jsonl
[ -f "$scraped" ] || for _ in $(seq 20); do cat ../shared/corpora/scraped-dev/dump.jsonl; done > "$scraped"
run() {  # name, input, command...
  local name=$1 input=$2; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" < "$input" > /dev/null
  read -r wall user sys kb < "$work/time.txt"
  printf '%-28s wall %6.2f s  cpu %6.2f s  rss %6d kB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$kb"
}
for input in "$news" "$scraped"; do
  echo "== $(basename "$input") ($(stat -L -c %s "$input") bytes)"
  for _ in $(seq "$runs"); do
    [ "$input" = "$news" ] && run rg "$input" rg -v -F -f ../shared/corpora/news/rg-literals.txt
    [ -n "$other" ] && run "other" "$input" "$other" --jsonl --quiet --threads 1
    run "normalize --no-model" "$input" build/normalize --jsonl --quiet --threads 1 --no-model
    run "normalize" "$input" build/normalize --jsonl --quiet --threads 1
  done
done
