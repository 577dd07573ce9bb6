#!/usr/bin/env bash
# Compares CLD2 and libexttextcat on short texts (see compare.cc); needs
# libcld2-dev and libexttextcat-dev. Writes nothing in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${SHARED:-$here/../../../shared}"
grep -E '^(en|de|es|fr|pl|pt)\.lm' /usr/share/libexttextcat/fpdb.conf \
  | sed 's|^|/usr/share/libexttextcat/|' > /tmp/ld-fpdb6.conf
python3 "$here/make_samples.py" "$shared/corpora" /tmp/ld-samples >&2
g++ -std=c++20 -O2 -include algorithm -include functional "$here/compare.cc" -o /tmp/ld-compare \
  -lcld2 $(pkg-config --libs libexttextcat)
cd /usr/share/libexttextcat  # textcat finds its .lm files from the working directory
/tmp/ld-compare "$here/labelled.tsv" "$here/short.tsv" /tmp/ld-samples/docs.tsv /tmp/ld-samples/paras.tsv
