#!/usr/bin/env bash
# Installs the Debian packages normalize needs (only those missing), then
# configures and builds it in Release under build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build pkg-config g++ libicu-dev libboost-regex-dev libyaml-cpp-dev libcli11-dev
          libgtest-dev libbenchmark-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgumbo-dev
          libsimdjson-dev zlib1g-dev libzstd-dev libhyperscan-dev libcld2-dev
          zstd ripgrep time)  # the last three for bench/run.sh only
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --parallel "$(nproc)" >&2
