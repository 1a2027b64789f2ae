#!/usr/bin/env bash
# Runs every native fuzz target of the module in turn, one `go test -fuzz`
# per target (cmd/go fuzzes one target of one package at a time), and stops
# at the first finding, saying which target found it and where cmd/go saved
# the input.
#
#   FUZZTIME=10m fuzz/run.sh            # what `make fuzz FUZZTIME=10m` runs
#   FUZZTIME=30s FUZZ_ONLY='Tamper' fuzz/run.sh
#
# Environment (all optional):
#   FUZZTIME                 time per target, a Go duration or Nx (default 1m)
#   FUZZMINIMIZETIME         -fuzzminimizetime for the native targets (default 10s:
#                            cmd/go also minimises every new interesting input,
#                            and counts no execution while it does)
#   FUZZMINIMIZETIME_RAPID   -fuzzminimizetime for the rapid.MakeFuzz bridges in
#                            ./fuzz (default 100x: rapid's inputs can stall the
#                            minimiser, PITFALLS.md)
#   FUZZPKGS                 packages to take targets from
#                            (default "./signer ./rules ./wire ./emulator ./fuzz")
#   FUZZ_ONLY                an extended regexp; only targets matching it run
#   FUZZ_PARALLEL            fuzz workers (-parallel; default GOMAXPROCS)
#   FUZZ_LOG_DIR             where each target's output is kept (default fuzz/logs)
#   FUZZ_KEEP_GOING          1: do not stop at a finding, run the other targets
#                            too and report every finding at the end (the
#                            nightly workflow sets it, so that one known bug
#                            does not hide the rest)
#
# Exit status: 0 when no target found anything, 1 on a finding, 2 when a
# target could not run (build failure, listing failure, a crash of go test
# itself without a saved input).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fuzztime="${FUZZTIME:-1m}"
minimize="${FUZZMINIMIZETIME:-10s}"
minimize_rapid="${FUZZMINIMIZETIME_RAPID:-100x}"
pkgs="${FUZZPKGS:-./signer ./rules ./wire ./emulator ./fuzz}"
only="${FUZZ_ONLY:-.}"
logdir="${FUZZ_LOG_DIR:-$root/fuzz/logs}"
mkdir -p "$logdir"

parallel=()
if [[ -n "${FUZZ_PARALLEL:-}" ]]; then
	parallel=(-parallel "$FUZZ_PARALLEL")
fi

summary="$logdir/summary.txt"
: >"$summary"
start=$(date +%s)
count=0
findings=()

for pkg in $pkgs; do
	if ! targets=$(go test -list '^Fuzz' "$pkg" 2>"$logdir/list.err"); then
		echo "fuzz/run.sh: cannot list the fuzz targets of $pkg:" >&2
		cat "$logdir/list.err" >&2
		exit 2
	fi
	min="$minimize"
	if [[ "$pkg" == "./fuzz" ]]; then
		min="$minimize_rapid"
	fi
	for target in $(grep '^Fuzz' <<<"$targets" || true); do
		if ! grep -Eq -- "$only" <<<"$target"; then
			continue
		fi
		count=$((count + 1))
		log="$logdir/${pkg//[.\/]/}_$target.log"
		echo "=== $pkg $target (fuzztime $fuzztime, minimize $min)"
		set +e
		# -timeout 0: the default 10m test timeout would end a 10m fuzz run.
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" \
			-fuzzminimizetime "$min" -timeout 0 ${parallel[@]+"${parallel[@]}"} "$pkg" 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
		set -e
		# The average rate over the run: cmd/go prints only 3-second rates.
		last=$(grep -Eo 'elapsed: [0-9]+s, execs: [0-9]+' "$log" | tail -1 || true)
		rate=""
		if [[ "$last" =~ elapsed:\ ([0-9]+)s,\ execs:\ ([0-9]+) ]] && [[ ${BASH_REMATCH[1]} -gt 0 ]]; then
			rate="$((BASH_REMATCH[2] / BASH_REMATCH[1])) execs/s over ${BASH_REMATCH[1]}s"
		fi
		echo "$pkg $target rc=$rc $rate" >>"$summary"
		if [[ $rc -eq 0 ]]; then
			continue
		fi
		saved=$(grep -Eo "testdata/fuzz/${target}/[0-9a-f]+" "$log" | tail -1 || true)
		echo
		if [[ -z "$saved" ]]; then
			echo "fuzz/run.sh: $target in $pkg failed without saving an input (exit $rc); see $log" >&2
			exit 2
		fi
		dir="${pkg#./}"
		echo "FINDING: $target in $pkg"
		echo "  input saved to: $dir/$saved"
		echo "  reproduce:      go test -run '^${target}\$/$(basename "$saved")' $pkg"
		echo "  log:            $log"
		echo "Commit the input once the bug is fixed: it then runs as a regression in plain go test."
		findings+=("$target in $pkg: $dir/$saved")
		if [[ "${FUZZ_KEEP_GOING:-0}" != 1 ]]; then
			exit 1
		fi
	done
done

if [[ $count -eq 0 ]]; then
	echo "fuzz/run.sh: no fuzz target matched '$only' in $pkgs" >&2
	exit 2
fi
if [[ ${#findings[@]} -gt 0 ]]; then
	echo "fuzz/run.sh: $count targets, ${#findings[@]} with a finding:"
	printf '  %s\n' "${findings[@]}"
	exit 1
fi
echo "fuzz/run.sh: $count targets, no finding, $(($(date +%s) - start))s; rates in $summary"
