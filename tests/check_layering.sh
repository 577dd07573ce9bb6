#!/usr/bin/env bash
# Each third-party library is known to one file only; the public header to none.
set -u
cd "$(dirname "$0")/../normalize"
status=0
only() {  # pattern, the one file allowed to include it
  local bad
  bad=$(grep -l -E "#include <($1)" -- *.h *.cc | grep -v -x -E "$2")
  if [ -n "$bad" ]; then echo "layering: <$1...> included outside $2: $bad"; status=1; fi
}
only 'yaml-cpp/' 'rule_loader\.cc'
only 'boost/' 'regex\.cc'
only 'unicode/' 'canonical\.cc|charset\.cc'
only 'gumbo' 'read_html\.cc'
only 'CLI/' 'cli\.cc'
only 'cmark' 'read_markdown\.cc|render_markdown\.cc|markdown_from_blocks\.cc'
only 'simdjson' 'jsonl\.cc'
only '(zlib|zstd)\.h' 'compressed_io\.cc'
only 'hs/' 'regex_prefilter\.cc|literal_prefilter\.cc'
only 'cld2/' 'detect_language\.cc'
if grep -E '#include <(yaml-cpp|boost|unicode|CLI|gumbo|cmark|simdjson|zlib|zstd|hs/|cld2/)' normalize.h; then
  echo "layering: normalize.h names a third-party header"; status=1
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
