#!/usr/bin/env bash
# Rule madgraph: one chunk of MG5_aMC pp > j j events from the sample's gridpack.
# Usage: madgraph.sh GRIDPACK NEVENTS SEED OUTPUT.lhe.gz
set -euo pipefail
gridpack=$1 nevents=$2 seed=$3 output=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/mg5run.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -xzf "$gridpack" -C "$work"
(cd "$work" && ./run.sh "$nevents" "$seed")
events=$(zcat "$work/events.lhe.gz" 2>/dev/null | grep -c "<event>" || true)
if [ "${events:-0}" -eq 0 ]; then
    echo "madgraph: the gridpack $gridpack gave no event (seed $seed): see above" >&2
    exit 1
fi
echo "madgraph: $events events (asked for $nevents), seed $seed"
mkdir -p "$(dirname "$output")"
cp "$work/events.lhe.gz" "$output.part"
mv "$output.part" "$output"
