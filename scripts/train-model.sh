#!/usr/bin/env bash
# Rebuilds rules/models/blocks.model from the data list data/model/training-data.txt
# (the labelled corpora in ../shared, hash-checked) and rules/models/cues.txt,
# with the rule packs of this tree: the same inputs give the same file, byte
# for byte. Then rebuild (scripts/setup.sh) to compile the new model in.
#   scripts/train-model.sh              # the model
#   scripts/train-model.sh --cv-dir D   # also the leave-site-out fold models (scripts/cv_clean.py)
set -euo pipefail
cd "$(dirname "$0")/.."
for p in python3-numpy python3-xgboost; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq --no-install-recommends "$p" >/dev/null
  fi
done
scripts/setup.sh
cmake --build build --target block-features >&2
/usr/bin/python3 scripts/train_model.py --features build/block-features --cues rules/models/cues.txt \
  --data data/model/training-data.txt -o rules/models/blocks.model "$@"
