#!/usr/bin/env bash
# The stages' layering (normalize/<stage>/), checked on the includes:
#   text/    canonical form, offset maps, the Document: includes no other stage
#   read/    bytes -> Document: text/ only
#   rules/   rule data, loading, regexes, prefilters: text/ only
#   decide/  Document + rules -> removals: text/, rules/
#   render/  Document -> output: text/ only
#   dump/, cli/: the public header (and each other)
# and each third-party library is known to the one stage file that wraps it.
set -u
cd "$(dirname "$0")/../normalize"
status=0
only() {  # pattern, the files allowed to include it
  local bad
  bad=$(grep -rl -E "#include <($1)" --include='*.h' --include='*.cc' . | sed 's|^\./||' | grep -v -x -E "$2")
  if [ -n "$bad" ]; then echo "layering: <$1...> included outside $2: $bad"; status=1; fi
}
only 'yaml-cpp/' 'rules/rule_loader\.cc'
only 'boost/' 'rules/regex\.cc'
only 'unicode/' 'text/canonical\.cc|read/charset\.cc'
only 'gumbo' 'read/read_html\.cc|read/gumbo_arena\.h'
only 'CLI/' 'cli/cli\.cc'
only 'cmark' 'read/read_markdown\.cc|render/render_markdown\.cc|render/markdown_from_blocks\.cc|render/markdown_writer\.cc|render/markdown_(blocks|inlines|links)\.cc|render/cmark_nodes\.h'
only 'simdjson' 'dump/jsonl_record\.cc'
only '(zlib|zstd)\.h' 'dump/compressed_io\.cc'
only 'hs/' 'rules/regex_prefilter\.cc|rules/literal_prefilter\.cc'
only 'cld2/' 'decide/detect_language\.cc'

stage_may() {  # stage, the stages its files may include besides its own
  local stage=$1 allowed=$2 bad
  bad=$(grep -H -o -E '#include "normalize/[a-z_]+/' -- "$stage"/*.h "$stage"/*.cc 2>/dev/null |
        sed -E 's|#include "normalize/||; s|/$||' | awk -F: -v s="$stage" -v ok="$allowed" '
          BEGIN { n = split(ok, a, " "); for (i = 1; i <= n; i++) allow[a[i]] = 1 }
          $2 != s && !($2 in allow) { print $1 " includes " $2 "/" }')
  if [ -n "$bad" ]; then echo "layering: $bad"; status=1; fi
  # Engine-level headers (engine.h, tuning.h) belong to no stage below the engine.
  if [ "$stage" != decide ] && grep -l -E '#include "normalize/(engine|tuning)\.h"' -- "$stage"/*.h "$stage"/*.cc 2>/dev/null; then
    echo "layering: $stage/ includes an engine-level header"; status=1
  fi
}
stage_may text ''
stage_may read 'text'
stage_may rules 'text'
stage_may decide 'text rules'
stage_may render 'text'
stage_may dump ''
stage_may cli 'dump'

if grep -E '#include <(yaml-cpp|boost|unicode|CLI|gumbo|cmark|simdjson|zlib|zstd|hs/|cld2/)' normalize.h; then
  echo "layering: normalize.h names a third-party header"; status=1
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
