#!/usr/bin/env bash
# Rule madgraph_gridpack: compile and integrate MG5_aMC's pp > j j once per sample, as a gridpack.
# Usage: madgraph_gridpack.sh CARD SEED NCORES PTJ ETAJ MMJJ DRJJ OUTPUT.tar.gz [TOOLS.json]
#   TOOLS.json: the stamp of the host-built tools (rule build_tools): mg5_aMC from its bin/;
#   without it, mg5_aMC from PATH (the generation image).
set -euo pipefail
card=$1 seed=$2 ncores=$3 ptj=$4 etaj=$5 mmjj=$6 drjj=$7 output=$8 tools=${9:-}
[ -z "$tools" ] || PATH=$(cd "$(dirname "$tools")" && pwd)/bin:$PATH
command -v mg5_aMC >/dev/null ||
    { echo "madgraph_gridpack: mg5_aMC not found: make tools, or --use-singularity with the generation image" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/mg5.XXXXXX")
trap 'rm -rf "$work"' EXIT
sed -e "s/@SEED@/$seed/" -e "s/@NCORES@/$ncores/" -e "s/@PTJ@/$ptj/" -e "s/@ETAJ@/$etaj/" \
    -e "s/@MMJJ@/$mmjj/" -e "s/@DRJJ@/$drjj/" "$card" >"$work/run.mg5"
(cd "$work" && mg5_aMC run.mg5) || { echo "madgraph_gridpack: mg5_aMC failed (see above)" >&2; exit 1; }
gridpack=$work/ppjj/run_01_gridpack.tar.gz
if [ ! -f "$gridpack" ]; then
    echo "madgraph_gridpack: MG5 made no gridpack (a zero cross section? cuts ptj=$ptj etaj=$etaj mmjj=$mmjj drjj=$drjj)" >&2
    exit 1
fi
mkdir -p "$(dirname "$output")"
cp "$gridpack" "$output.part"
mv "$output.part" "$output"
