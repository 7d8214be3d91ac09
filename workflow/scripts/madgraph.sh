#!/usr/bin/env bash
# Rule madgraph (container path): one chunk of MG5_aMC pp > j j.
# Usage: madgraph.sh CARD NEVENTS SEED NCORES PTJ MMJJ OUTPUT.lhe.gz   (inside the generation image)
set -euo pipefail
card=$1 nevents=$2 seed=$3 ncores=$4 ptj=$5 mmjj=$6 output=$7
work=$(mktemp -d "${TMPDIR:-/tmp}/mg5.XXXXXX")
trap 'rm -rf "$work"' EXIT
sed -e "s/@NEVENTS@/$nevents/" -e "s/@SEED@/$seed/" -e "s/@NCORES@/$ncores/" \
    -e "s/@PTJ@/$ptj/" -e "s/@MMJJ@/$mmjj/" "$card" > "$work/run.mg5"
(cd "$work" && mg5_aMC run.mg5)
mkdir -p "$(dirname "$output")"
cp "$work"/ppjj/Events/run_01/unweighted_events.lhe.gz "$output.part"
mv "$output.part" "$output"
