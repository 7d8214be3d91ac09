#!/usr/bin/env bash
# Opt-in, REAL test of the paper's generation chain (no mock): MG5_aMC 3.5.7 and Delphes 3.4.2
# built from the checksummed source tarballs by the workflow itself (rule build_tools), then
# MG5_aMC (gridpack) -> Pythia 8 -> Delphes (streamed) -> jets -> pools -> yields for the QCD
# background and the signals at a few hundred events, and tests/generation/test_chain.py checks
# the run (cross sections, event counts, the candidate schema, the tools' checksums).
#
#   make test-generation                               # from the repository root
#
# Needs g++, gfortran and make (as root on Debian/Ubuntu, apt-get installs what is missing) and
# the source tarballs in GENERATION_TEST_SOURCES. Settings (environment variables):
#   WEAKSUP_VENV              virtualenv with snakemake and weaksup      [<repo>/.venv]
#   GENERATION_TEST_SOURCES   directory of the source tarballs            [<repo>/../shared/sources]
#   GENERATION_TEST_TOOLS     tools prefix; an existing build is reused   [a fresh one in the run]
#   GENERATION_TEST_KEEP      1: keep the run directory                   [0]
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
VENV=${WEAKSUP_VENV:-$REPO/.venv}
SOURCES=$(cd "${GENERATION_TEST_SOURCES:-$REPO/../shared/sources}" 2>/dev/null && pwd) ||
    { echo "[generation-test] FAIL: no source directory ${GENERATION_TEST_SOURCES:-$REPO/../shared/sources}" >&2; exit 1; }
KEEP=${GENERATION_TEST_KEEP:-0}

log() { printf '[generation-test %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() {
    log "FAIL: $*" >&2
    exit 1
}
[[ -x $VENV/bin/snakemake ]] || die "no snakemake in $VENV (run 'make' first or set WEAKSUP_VENV)"
START=$SECONDS

# 1. compilers
missing=()
for cmd in g++ gfortran make; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
if ((${#missing[@]})); then
    [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null || die "missing ${missing[*]}: install g++ gfortran make"
    log "installing g++ gfortran make (missing: ${missing[*]})"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        g++ gfortran make >/dev/null || die "apt-get could not install g++ gfortran make"
fi

# 2. a user's checkout, the tools prefix and the sources named in an overlay
RUN=$(mktemp -d /tmp/weaksup-generation-test.XXXXXX)
cleanup() {
    local rc=$?
    [[ $KEEP == 1 || $rc -ne 0 ]] && log "run kept in $RUN" || rm -rf "$RUN"
    exit "$rc"
}
trap cleanup EXIT
cp -a "$REPO"/{Snakefile,workflow,config,envs,docs} "$RUN"/
TOOLS=${GENERATION_TEST_TOOLS:-$RUN/tools}
printf 'tools: {prefix: "%s", source_dir: "%s"}\n' "$TOOLS" "$SOURCES" >"$RUN/tools.yaml"
SMK=(snakemake results/tables/yields.csv --cores 2
    --configfile config/paper_chain.yaml "$REPO/tests/generation/config.yaml" tools.yaml)

# 3. the chain, tools built by the workflow
log "run: ${SMK[*]} (tools in $TOOLS, sources from $SOURCES)"
t0=$SECONDS
(cd "$RUN" && PATH=$VENV/bin:$PATH "${SMK[@]}") >"$RUN/snakemake.log" 2>&1 || {
    tail -n 40 "$RUN/snakemake.log"
    [[ -f $RUN/logs/build_tools.log ]] && tail -n 20 "$RUN/logs/build_tools.log"
    die "the chain failed (log above)"
}
RUN_S=$((SECONDS - t0))
log "chain done in $RUN_S s"

# 4. the checks
GENERATION_TEST_RUN=$RUN GENERATION_TEST_TOOLS=$TOOLS "$VENV/bin/pytest" -q -p no:cacheprovider \
    "$REPO/tests/generation/test_chain.py" || die "the checks failed"
log "PASS in $((SECONDS - START)) s (chain $RUN_S s)"
