#!/usr/bin/env bash
# Writes <name>_seed_corpus.zip for every native fuzz target into the
# directory given (default fuzz/out), for ClusterFuzzLite and OSS-Fuzz:
# each file of <pkg>/testdata/fuzz/<FuzzName>/ (seeds, regressions, saved
# inputs, in the `go test fuzz v1` format) becomes one input in the raw
# format OSS-Fuzz's Go helper draws the target's arguments from.
#
#   fuzz/seedcorpus.sh "$OUT"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/fuzz/out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$root"
go run ./fuzz/cmd/seedcorpus -root "$root" -out "$out"
