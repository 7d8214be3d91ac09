#!/usr/bin/env bash
# Opt-in, REAL test of the container images (no mock): a Debian bookworm base made with
# debootstrap (no registry needed), containers/workflow/Containerfile built on it with podman,
# the CI config run inside the image, and its tables compared byte for byte with a run of the
# same config on the host (.venv); then containers/generation/Containerfile built on the workflow
# image from the offline sources (CONTAINER_TEST_SOURCES, default ../shared/sources) and the
# paper's chain of make test-generation run inside it, checked by tests/generation/test_chain.py.
#
#   make test-container                           # as root, from the repository root
#   sudo bash tests/container/run_container_test.sh
#
# Debian/Ubuntu as root: apt-get installs podman, debootstrap and runc when missing. Podman
# reads this machine's settings from tests/container/containers.conf (CONTAINERS_CONF).
# Settings (environment variables):
#   WEAKSUP_VENV              virtualenv of the host run (snakemake, weaksup)   [<repo>/.venv]
#   CONTAINER_TEST_CACHE      where the debootstrapped base is cached           [/var/tmp/weaksup-container-test]
#   CONTAINER_TEST_MIRROR     Debian mirror for debootstrap    [the bookworm URI of apt's sources, else deb.debian.org]
#   CONTAINER_TEST_IMAGE      tag of the image built here                       [localhost/weaksup-test/workflow:latest]
#   CONTAINER_TEST_TIMEOUT    seconds allowed for each Snakemake run            [1800]
#   CONTAINER_TEST_KEEP       1: keep the temporary directory (both runs)       [0]
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
VENV=${WEAKSUP_VENV:-$REPO/.venv}
CACHE=${CONTAINER_TEST_CACHE:-/var/tmp/weaksup-container-test}
SUITE=bookworm
# minbase plus ca-certificates: the package's postinst cannot run in a build step where
# containers.conf mounts the host's bundle over /etc/ssl/certs/ca-certificates.crt
INCLUDE=ca-certificates
BASE_TAR=$CACHE/debian-$SUITE-minbase-$INCLUDE.tar
BASE_IMAGE=localhost/weaksup-test/debian:$SUITE-$INCLUDE
IMAGE=${CONTAINER_TEST_IMAGE:-localhost/weaksup-test/workflow:latest}
GEN_IMAGE=localhost/weaksup-test/generation:latest
COPIED=()
RUN_TIMEOUT=${CONTAINER_TEST_TIMEOUT:-1800}
KEEP=${CONTAINER_TEST_KEEP:-0}
CONFIGFILE=config/ci.yaml
SMK=(snakemake --configfile "$CONFIGFILE" --cores 2)
export CONTAINERS_CONF=$REPO/tests/container/containers.conf

log() { printf '[container-test %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() {
    log "FAIL: $*" >&2
    exit 1
}

for f in Snakefile workflow config envs pyproject.toml src containers/workflow/Containerfile "$CONFIGFILE"; do
    [[ -e $REPO/$f ]] || die "missing $REPO/$f"
done
[[ -x $VENV/bin/snakemake ]] || die "no snakemake in $VENV for the host run (run 'make' first or set WEAKSUP_VENV)"
START=$SECONDS

# ---------------------------------------------------------------- 1. tools
# command -> Debian package
declare -A PACKAGE=([podman]=podman [debootstrap]=debootstrap [runc]=runc)
missing=()
for cmd in "${!PACKAGE[@]}"; do
    PATH=$PATH:/usr/sbin:/sbin command -v "$cmd" >/dev/null || missing+=("$cmd")
done
if [[ $(id -u) -ne 0 ]]; then
    msg="must run as root (debootstrap and the rootful podman this test uses need it)"
    ((${#missing[@]})) && msg+="; also missing: ${missing[*]} (Debian packages: $(for c in "${missing[@]}"; do printf '%s ' "${PACKAGE[$c]}"; done))"
    die "$msg"
fi
if ((${#missing[@]})); then
    command -v apt-get >/dev/null ||
        die "missing ${missing[*]} and no apt-get to install them: install podman, debootstrap and runc"
    pkgs=()
    for c in "${missing[@]}"; do pkgs+=("${PACKAGE[$c]}"); done
    log "installing ${pkgs[*]} (missing: ${missing[*]})"
    apt-get update -q || die "apt-get update failed (missing: ${missing[*]})"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" ||
        die "apt-get could not install ${pkgs[*]}"
fi
export PATH=$PATH:/usr/sbin:/sbin
[[ -e /usr/share/keyrings/debian-archive-keyring.gpg ]] || {
    log "installing debian-archive-keyring (debootstrap verifies the archive with it)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debian-archive-keyring ||
        die "no /usr/share/keyrings/debian-archive-keyring.gpg"
}
log "$(podman --version), $(runc --version | head -n 1), debootstrap $(dpkg-query -W -f='${Version}' debootstrap 2>/dev/null || echo '?')"
log "podman settings: CONTAINERS_CONF=$CONTAINERS_CONF"

# everything temporary lives here and goes on exit (the runs stay with CONTAINER_TEST_KEEP=1)
TMP=$(mktemp -d /tmp/weaksup-container-test.XXXXXX)
BASE_TMP="" OK=0
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    # a half-made base never stays behind: neither the rootfs nor a partial tarball
    [[ -n $BASE_TMP && -d $BASE_TMP ]] && rm -rf --one-file-system "$BASE_TMP"
    ((${#COPIED[@]})) && rm -f "${COPIED[@]}"
    rm -f "$BASE_TAR.part"
    if [[ $KEEP == 1 ]]; then
        log "kept $TMP (runs in $TMP/run-container and $TMP/run-host, logs $TMP/*.log)"
    else
        rm -rf --one-file-system "$TMP"
    fi
    ((rc == 0 && OK == 1)) || log "FAILED after $((SECONDS - START)) s${KEEP:+}$([[ $KEEP == 1 ]] || echo ' (CONTAINER_TEST_KEEP=1 keeps the runs and logs)')"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- 2. the Debian base
debian_mirror() { # the Debian archive apt already uses for $SUITE (deb822 or one-line format)
    local uri
    uri=$(awk -v suite="$SUITE" '
        /^[[:space:]]*$/ { if (u != "" && s) { print u; exit } u = ""; s = 0; next }
        /^URIs:/ { u = $2 }
        /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
        /^deb[[:space:]]/ { for (i = 2; i < NF; i++) if ($i !~ /^\[/ && $(i + 1) == suite) { print $i; exit } }
        END { if (u != "" && s) print u }' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
        /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v -- -security | head -n 1) || true
    echo "${uri:-http://deb.debian.org/debian}"
}
t0=$SECONDS
if podman image exists "$BASE_IMAGE"; then
    log "base image $BASE_IMAGE present"
else
    if [[ ! -s $BASE_TAR ]]; then
        MIRROR=${CONTAINER_TEST_MIRROR:-$(debian_mirror)}
        mkdir -p "$CACHE"
        BASE_TMP=$(mktemp -d "$CACHE/rootfs.XXXXXX")
        log "debootstrap --variant=minbase --include=$INCLUDE $SUITE from $MIRROR (cached as $BASE_TAR)"
        debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$BASE_TMP" "$MIRROR" >"$TMP/debootstrap.log" 2>&1 || {
            tail -n 20 "$TMP/debootstrap.log"
            die "debootstrap failed (log above)"
        }
        # a plain image: no apt caches, the image's own resolv.conf comes from podman
        rm -rf "$BASE_TMP"/var/cache/apt/archives/*.deb "$BASE_TMP"/var/lib/apt/lists/*
        tar --numeric-owner -C "$BASE_TMP" -cf "$BASE_TAR.part" .
        mv "$BASE_TAR.part" "$BASE_TAR"
        rm -rf --one-file-system "$BASE_TMP"
        BASE_TMP=""
    fi
    log "podman import $BASE_TAR as $BASE_IMAGE"
    podman import --quiet --change 'CMD ["/bin/bash"]' "$BASE_TAR" "$BASE_IMAGE" >/dev/null
fi
BASE_S=$((SECONDS - t0))

# ---------------------------------------------------------------- 3. the workflow image
# --layers=false: no intermediate images, so a failed build leaves nothing behind (and every run
# builds the recipe from scratch); --force-rm: no build containers either
BUILD=(podman build --pull=never --layers=false --force-rm --build-arg "BASE=$BASE_IMAGE"
    -f containers/workflow/Containerfile -t "$IMAGE")
log "building $IMAGE: ${BUILD[*]} ."
OLD_ID=$(podman image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
t0=$SECONDS
(cd "$REPO" && "${BUILD[@]}" .) >"$TMP/build.log" 2>&1 || {
    tail -n 40 "$TMP/build.log"
    die "podman build failed (log above)"
}
BUILD_S=$((SECONDS - t0))
# the previous build of this tag, now untagged, goes (no pile of 2 GB images over runs)
if [[ -n $OLD_ID && $OLD_ID != "$(podman image inspect -f '{{.Id}}' "$IMAGE")" ]]; then
    podman rmi "$OLD_ID" >/dev/null 2>&1 || true
fi
log "image built in $BUILD_S s: $(grep -o 'weaksup [0-9.]* tensorflow [0-9.]*' "$TMP/build.log" | tail -n 1)"

# ---------------------------------------------------------------- 4. the CI config in the image and on the host
in_container() { # in_container LOG WHAT COMMAND...: run a container with the run timeout; its log's end on failure
    local log=$1 what=$2 rc=0
    shift 2
    timeout -s INT -k 120 "$RUN_TIMEOUT" "$@" >"$log" 2>&1 || rc=$?
    ((rc == 0)) || {
        tail -n 40 "$log"
        die "$what failed (exit $rc)"
    }
}
make_copy() { # the workflow's files, as a user's checkout would have them
    mkdir -p "$1/results"
    cp -a "$REPO"/{Snakefile,workflow,config,envs,docs} "$1"/
}
RUN_CTR=$TMP/run-container
RUN_HOST=$TMP/run-host
make_copy "$RUN_CTR"
# the checkout and a results directory bind-mounted; no network: the run needs none
RUN=(podman run --rm --network none
    -v "$RUN_CTR:/work" -v "$RUN_CTR/results:/work/results" -w /work
    "$IMAGE" "${SMK[@]}")
log "container run: ${RUN[*]}"
t0=$SECONDS
in_container "$TMP/snakemake-container.log" "the run in the container" "${RUN[@]}"
CTR_S=$((SECONDS - t0))
log "container run done in $CTR_S s"

make_copy "$RUN_HOST"
log "host run ($VENV): ${SMK[*]}"
t0=$SECONDS
(cd "$RUN_HOST" && PATH=$VENV/bin:$PATH timeout -s INT -k 120 "$RUN_TIMEOUT" "${SMK[@]}") \
    >"$TMP/snakemake-host.log" 2>&1 || {
    rc=$?
    tail -n 40 "$TMP/snakemake-host.log"
    die "the host run failed (exit $rc)"
}
HOST_S=$((SECONDS - t0))
log "host run done in $HOST_S s"

# ---------------------------------------------------------------- 5. the tables, byte for byte
mapfile -t CTR_TABLES < <(cd "$RUN_CTR" && ls results/tables/*.csv 2>/dev/null)
mapfile -t HOST_TABLES < <(cd "$RUN_HOST" && ls results/tables/*.csv 2>/dev/null)
((${#CTR_TABLES[@]} > 0)) || die "no results/tables/*.csv from the container run"
[[ "${CTR_TABLES[*]}" == "${HOST_TABLES[*]}" ]] ||
    die "different tables: container ${CTR_TABLES[*]} / host ${HOST_TABLES[*]}"
differ=()
for table in "${CTR_TABLES[@]}"; do
    if ! cmp -s "$RUN_CTR/$table" "$RUN_HOST/$table"; then
        differ+=("$table")
        diff "$RUN_CTR/$table" "$RUN_HOST/$table" | head -n 10 || true
    fi
done

echo
echo "==================== container test summary ===================="
echo "image:         $IMAGE ($(podman image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.2f GB", $1 / 1e9}')), base $BASE_IMAGE"
echo "build:         ${BUILD[*]} ."
echo "run:           ${RUN[*]}"
echo "runtimes:      base ${BASE_S} s, image build ${BUILD_S} s, container run ${CTR_S} s, host run ${HOST_S} s, total $((SECONDS - START)) s"
echo "tables:        ${#CTR_TABLES[@]} results/tables/*.csv, $((${#CTR_TABLES[@]} - ${#differ[@]})) byte-identical${differ:+, DIFFERENT: ${differ[*]}}"
echo "================================================================"
((${#differ[@]} == 0)) || die "the container and the host run disagree"

# ---------------------------------------------------------------- 6. the generation image and the paper's chain in it
# built FROM the workflow image just made, from the offline sources (copied into the build
# context's containers/generation/sources/, git-ignored, removed again)
SOURCES=${CONTAINER_TEST_SOURCES:-$REPO/../shared/sources}
for tarball in MG5_aMC_v3.5.7.tar.gz Delphes-3.4.2.tar.gz; do
    [[ -f $SOURCES/$tarball ]] || die "no $SOURCES/$tarball (set CONTAINER_TEST_SOURCES)"
    cp "$SOURCES/$tarball" "$REPO/containers/generation/sources/"
    COPIED+=("$REPO/containers/generation/sources/$tarball")
done
GEN_BUILD=(podman build --pull=never --layers=false --force-rm --build-arg "BASE=$IMAGE"
    -f containers/generation/Containerfile -t "$GEN_IMAGE")
log "building $GEN_IMAGE: ${GEN_BUILD[*]} ."
t0=$SECONDS
(cd "$REPO" && "${GEN_BUILD[@]}" .) >"$TMP/build-generation.log" 2>&1 || {
    tail -n 40 "$TMP/build-generation.log"
    die "podman build of the generation image failed (log above)"
}
GEN_BUILD_S=$((SECONDS - t0))
rm -f "${COPIED[@]}"
log "generation image built in $GEN_BUILD_S s"

RUN_GEN=$TMP/run-generation
make_copy "$RUN_GEN"
mkdir -p "$RUN_GEN/tests/generation" "$RUN_GEN/tools"
cp "$REPO/tests/generation/config.yaml" "$RUN_GEN/tests/generation/"
printf 'tools: {prefix: /opt/tools, source_dir: null}\n' >"$RUN_GEN/tools.yaml"
GEN_RUN=(podman run --rm --network none -v "$RUN_GEN:/work" -w /work "$GEN_IMAGE"
    snakemake results/tables/yields.csv --cores 2
    --configfile config/paper_chain.yaml tests/generation/config.yaml tools.yaml)
log "generation run: ${GEN_RUN[*]}"
t0=$SECONDS
in_container "$TMP/snakemake-generation.log" "the paper's chain in the generation image" "${GEN_RUN[@]}"
GEN_S=$((SECONDS - t0))
podman run --rm "$GEN_IMAGE" cat /opt/tools/tools.json >"$RUN_GEN/tools/tools.json"
GENERATION_TEST_RUN=$RUN_GEN GENERATION_TEST_TOOLS=$RUN_GEN/tools "$VENV/bin/pytest" -q -p no:cacheprovider \
    "$REPO/tests/generation/test_chain.py" || die "the checks of the chain in the generation image failed"
log "the paper's chain ran in the generation image in $GEN_S s; checks passed"
echo "generation:    $GEN_IMAGE ($(podman image inspect -f '{{.Size}}' "$GEN_IMAGE" | awk '{printf "%.2f GB", $1 / 1e9}')), build ${GEN_BUILD_S} s, chain ${GEN_S} s"
OK=1
log "PASS"
