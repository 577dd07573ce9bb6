# Sourced by the throughput scripts: `measure NAME CMD...` runs CMD `runs`
# times with $input on stdin and its output in a file (GNU grep stops early
# when stdout is /dev/null), and prints "NAME MB/s peak_kB": the median wall
# time (bash EPOCHREALTIME; /usr/bin/time rounds to 10 ms) over $bytes, and the
# largest RSS /usr/bin/time saw. Needs: runs, input, bytes.
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

measure() {
  local name=$1; shift
  local times=() rss=0 kb
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
