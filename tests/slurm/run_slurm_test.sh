#!/usr/bin/env bash
# Opt-in, REAL test of SLURM submission with profiles/slurm (no mock): a throwaway
# single-node SLURM cluster (munged, slurmctld, slurmd on localhost, no accounting), the CI
# config submitted through snakemake-executor-plugin-slurm, checks that every job went
# through SLURM, and the tables compared with a local run of the same config.
#
#   sudo bash tests/slurm/run_slurm_test.sh      # as root, from the repository root
#
# Debian/Ubuntu only (apt-get installs slurm-wlm and munge when missing); pip installs the
# pinned plugin into the repository's .venv. Everything else lives in a temporary directory
# (removed on success unless SLURM_TEST_KEEP=1). Settings (environment variables):
#   WEAKSUP_VENV            virtualenv with snakemake and weaksup        [<repo>/.venv]
#   SLURM_TEST_JOBS         --jobs of the SLURM run                      [4]
#   SLURM_TEST_PARTITION    name of the test partition                   [ci]
#   SLURM_TEST_CTLD_PORT    slurmctld port                               [16817]
#   SLURM_TEST_SLURMD_PORT  slurmd port                                  [16818]
#   SLURM_TEST_TIMEOUT      seconds allowed for each Snakemake run       [3600]
#   SLURM_TEST_KEEP         1: keep the temporary directory              [0]
set -euo pipefail

# Newest release that works with snakemake 9.x here (needs snakemake-interface-executor-plugins
# >=9.4,<10); it brings snakemake-executor-plugin-slurm-jobstep (runs the jobs inside SLURM).
PLUGIN_VERSION=2.8.0

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
VENV=${WEAKSUP_VENV:-$REPO/.venv}
JOBS=${SLURM_TEST_JOBS:-4}
PARTITION=${SLURM_TEST_PARTITION:-ci}
CTLD_PORT=${SLURM_TEST_CTLD_PORT:-16817}
SLURMD_PORT=${SLURM_TEST_SLURMD_PORT:-16818}
RUN_TIMEOUT=${SLURM_TEST_TIMEOUT:-3600}
KEEP=${SLURM_TEST_KEEP:-0}
CONFIGFILE=config/ci.yaml
TABLES=(results/tables/yields.csv results/tables/sensitivity.csv)

log() { printf '[slurm-test %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() {
    log "FAIL: $*" >&2
    exit 1
}

[[ $(id -u) -eq 0 ]] || die "run as root (it installs packages and starts munged, slurmctld, slurmd)"
[[ -x $VENV/bin/snakemake ]] || die "no snakemake in $VENV (set WEAKSUP_VENV)"
for f in Snakefile workflow config envs profiles/slurm/config.yaml "$CONFIGFILE"; do
    [[ -e $REPO/$f ]] || die "missing $REPO/$f"
done
START=$SECONDS

# ---------------------------------------------------------------- 1. packages
missing=()
for cmd in munged mungekey slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
    command -v "$cmd" >/dev/null || missing+=("$cmd")
done
if ((${#missing[@]})); then
    log "installing slurm-wlm and munge (missing: ${missing[*]})"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge
fi
plugin_version() {
    "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("snakemake-executor-plugin-slurm"))' 2>/dev/null || true
}
if [[ $(plugin_version) != "$PLUGIN_VERSION" ]]; then
    log "installing snakemake-executor-plugin-slurm==$PLUGIN_VERSION into $VENV"
    "$VENV/bin/python" -m pip install -q "snakemake-executor-plugin-slurm==$PLUGIN_VERSION"
fi
[[ $(plugin_version) == "$PLUGIN_VERSION" ]] || die "snakemake-executor-plugin-slurm $PLUGIN_VERSION not importable"
"$VENV/bin/snakemake" --help | grep -q -- '--slurm-status-command' ||
    die "snakemake does not know --slurm-status-command: plugin not picked up"
log "snakemake $("$VENV/bin/snakemake" --version), snakemake-executor-plugin-slurm $PLUGIN_VERSION, $(slurmctld -V)"

# ---------------------------------------------------------------- 2. the cluster
# slurm.conf goes to the default path as a link: the plugin's jobstep strips SLURM_* variables
# (SLURM_CONF too) before it calls srun inside a job, so srun there only finds the default.
SLURM_CONF_DEFAULT=/etc/slurm/slurm.conf
MARK="# written by weaksup tests/slurm/run_slurm_test.sh"
if [[ -e $SLURM_CONF_DEFAULT || -L $SLURM_CONF_DEFAULT ]] && ! grep -qF "$MARK" "$SLURM_CONF_DEFAULT" 2>/dev/null &&
    [[ $(readlink "$SLURM_CONF_DEFAULT" || true) != /tmp/weaksup-slurm-test.*/slurm.conf ]]; then
    die "$SLURM_CONF_DEFAULT exists (a real SLURM setup?): not touching it"
fi
TMP=$(mktemp -d /tmp/weaksup-slurm-test.XXXXXX)
chmod 711 "$TMP" # munged (user munge) must reach its own directory below
STATE=$TMP/state
MUNGE_DIR=$TMP/munge
MUNGE_SOCKET=$MUNGE_DIR/munge.socket
export SLURM_CONF=$SLURM_CONF_DEFAULT
mkdir -p "$STATE/slurmctld" "$STATE/slurmd"
install -d -o munge -g munge -m 711 "$MUNGE_DIR" # munged: socket dir executable for all

MUNGED_PID="" CTLD_PID="" SLURMD_PID="" OK=0
stop_pid() { # name pid: TERM, wait up to 20 s, then KILL (only the PID this script started)
    local name=$1 pid=$2 i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name ($pid) did not stop: KILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    log "stopped $name ($pid)"
}
cleanup() {
    local rc=$? i
    trap - EXIT INT TERM
    set +e
    if [[ -n $CTLD_PID ]] && kill -0 "$CTLD_PID" 2>/dev/null; then
        # jobs still queued or running (after a failure): cancel them before slurmd goes
        if [[ -n $(squeue -h -t PENDING,RUNNING,CONFIGURING,COMPLETING,SUSPENDED -o %i 2>/dev/null) ]]; then
            log "cancelling the jobs still in the queue"
            scancel --user=root 2>/dev/null
            for ((i = 0; i < 60; i++)); do
                [[ -z $(squeue -h -t PENDING,RUNNING,CONFIGURING,COMPLETING -o %i 2>/dev/null) ]] && break
                sleep 1
            done
        fi
    fi
    stop_pid slurmd "$SLURMD_PID"
    stop_pid slurmctld "$CTLD_PID"
    stop_pid munged "$MUNGED_PID"
    if [[ -L $SLURM_CONF_DEFAULT ]] && [[ $(readlink "$SLURM_CONF_DEFAULT") == "$TMP/slurm.conf" ]]; then
        rm -f "$SLURM_CONF_DEFAULT"
    fi
    if ((rc == 0 && OK == 1)) && [[ $KEEP != 1 ]]; then
        rm -rf "$TMP"
    else
        log "kept $TMP (daemon logs in $STATE, runs in $TMP/run-slurm and $TMP/run-local)"
    fi
    log "total runtime $((SECONDS - START)) s"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# munge: the Debian package creates /etc/munge/munge.key; make one if it is not there
MUNGE_KEY=/etc/munge/munge.key
if [[ ! -s $MUNGE_KEY ]]; then
    log "creating $MUNGE_KEY"
    install -d -o munge -g munge -m 700 /etc/munge
    mungekey --create --keyfile="$MUNGE_KEY"
    chown munge:munge "$MUNGE_KEY"
    chmod 600 "$MUNGE_KEY"
fi
setpriv --reuid=munge --regid=munge --init-groups \
    munged --foreground --socket="$MUNGE_SOCKET" --key-file="$MUNGE_KEY" \
    --pid-file="$MUNGE_DIR/munged.pid" --log-file="$MUNGE_DIR/munged.log" \
    --seed-file="$MUNGE_DIR/munged.seed" >"$MUNGE_DIR/munged.out" 2>&1 &
MUNGED_PID=$!
for ((i = 0; ; i++)); do
    munge -n -S "$MUNGE_SOCKET" 2>/dev/null | unmunge -S "$MUNGE_SOCKET" >/dev/null 2>&1 && break
    kill -0 "$MUNGED_PID" 2>/dev/null || { cat "$MUNGE_DIR"/munged.{out,log} 2>/dev/null; die "munged exited"; }
    ((i < 40)) || die "munged does not answer on $MUNGE_SOCKET"
    sleep 0.5
done
log "munged up (pid $MUNGED_PID, socket $MUNGE_SOCKET)"

# the node as slurmd sees it; RealMemory 5% below physical (slurmd drains a node that has less)
read -r CPUS PHYS_MEM < <(slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*RealMemory=\([0-9]*\).*/\1 \2/p') || true
[[ -n ${CPUS:-} && -n ${PHYS_MEM:-} ]] || die "cannot read CPUs/RealMemory from 'slurmd -C'"
REAL_MEMORY=$((PHYS_MEM * 95 / 100))
sed -e "s|@CLUSTER@|weaksupci|g" -e "s|@CTLD_PORT@|$CTLD_PORT|g" -e "s|@SLURMD_PORT@|$SLURMD_PORT|g" \
    -e "s|@MUNGE_SOCKET@|$MUNGE_SOCKET|g" -e "s|@STATE_DIR@|$STATE|g" -e "s|@CPUS@|$CPUS|g" \
    -e "s|@REAL_MEMORY@|$REAL_MEMORY|g" -e "s|@PARTITION@|$PARTITION|g" \
    "$REPO/tests/slurm/slurm.conf.in" >"$TMP/slurm.conf"
printf '%s\n' "$MARK" >>"$TMP/slurm.conf"
! grep -n '^[^#]*@[A-Z_]\+@' "$TMP/slurm.conf" || die "unfilled placeholder in $TMP/slurm.conf"
mkdir -p "${SLURM_CONF_DEFAULT%/*}"
ln -sfn "$TMP/slurm.conf" "$SLURM_CONF_DEFAULT"

slurmctld -D -f "$SLURM_CONF" >"$STATE/slurmctld.out" 2>&1 &
CTLD_PID=$!
for ((i = 0; ; i++)); do
    scontrol ping 2>/dev/null | grep -q 'is UP' && break
    kill -0 "$CTLD_PID" 2>/dev/null || { tail -n 30 "$STATE"/slurmctld.{out,log} 2>/dev/null; die "slurmctld exited"; }
    ((i < 60)) || die "slurmctld does not answer"
    sleep 0.5
done
slurmd -D -N localhost -f "$SLURM_CONF" >"$STATE/slurmd.out" 2>&1 &
SLURMD_PID=$!
for ((i = 0; ; i++)); do
    state=$(sinfo -h -N -n localhost -o %t 2>/dev/null || true)
    [[ $state == idle ]] && break
    kill -0 "$SLURMD_PID" 2>/dev/null || { tail -n 30 "$STATE"/slurmd.{out,log} 2>/dev/null; die "slurmd exited"; }
    ((i < 120)) || { sinfo -N -l; die "node localhost not idle (state '$state')"; }
    sleep 0.5
done
log "SLURM up: slurmctld $CTLD_PID, slurmd $SLURMD_PID; node localhost idle, CPUs=$CPUS RealMemory=$REAL_MEMORY, partition $PARTITION"
sinfo

# ---------------------------------------------------------------- 3. the SLURM run
make_copy() {
    mkdir -p "$1"
    cp -a "$REPO"/{Snakefile,workflow,config,envs,profiles,docs} "$1"/
}
export PATH=$VENV/bin:$PATH
RUN_SLURM=$TMP/run-slurm
RUN_LOCAL=$TMP/run-local
make_copy "$RUN_SLURM"

# The profile's EDIT values replaced on the command line (a command-line option replaces the
# profile's key as a whole): no slurm_account on a cluster without accounting (the plugin then
# submits without -A), the test partition for every rule and for training. --cores caps what
# one group job asks for: without it the profile's group-components (chunk=50) put all 6 CI
# chunks into one job asking for 6 CPUs and 24 GB, more than this node has. squeue for job
# states (no sacct database; MinJobAge keeps finished jobs); the SLURM logs of successful jobs
# are kept for the checks below.
SMK_SLURM=(
    snakemake --profile profiles/slurm --configfile "$CONFIGFILE"
    --jobs "$JOBS" --cores "$CPUS"
    --default-resources "slurm_partition=$PARTITION" runtime=60 mem_mb=4000
    --set-resources "train:slurm_partition=$PARTITION"
    --slurm-status-command squeue
    --slurm-init-seconds-before-status-checks 5
    --slurm-keep-successful-logs
)
log "SLURM run in $RUN_SLURM: ${SMK_SLURM[*]}"
t0=$SECONDS
(cd "$RUN_SLURM" && timeout -s INT -k 120 "$RUN_TIMEOUT" "${SMK_SLURM[@]}") >"$TMP/snakemake-slurm.log" 2>&1 || {
    rc=$?
    tail -n 60 "$TMP/snakemake-slurm.log"
    # a rejected sbatch shows up in Snakemake's log only as "Error in rule/group": slurmctld says why
    grep -E 'error|_slurm_rpc_submit_batch_job' "$STATE/slurmctld.log" | tail -n 10 || true
    die "SLURM run failed (exit $rc), log $TMP/snakemake-slurm.log"
}
SLURM_RUN_S=$((SECONDS - t0))
log "SLURM run done in $SLURM_RUN_S s"

# ---------------------------------------------------------------- 4. did the jobs go through SLURM?
mapfile -t SLURM_IDS < <(sed -n 's/.*has been submitted with SLURM jobid \([0-9][0-9_]*\).*/\1/p' "$TMP/snakemake-slurm.log" | sort -n -u)
N_JOBS=${#SLURM_IDS[@]}
((N_JOBS > 0)) || die "no 'submitted with SLURM jobid' line in $TMP/snakemake-slurm.log"
steps=$(sed -n 's/^\([0-9]*\) of \1 steps (100%) done$/\1/p' "$TMP/snakemake-slurm.log" | tail -n 1)
[[ -n $steps ]] || die "Snakemake did not report all steps done"
squeue_all=$(squeue -h --states=all -o '%i|%T|%j')
n_squeue=$(grep -c . <<<"$squeue_all" || true)
declare -A RULE_COUNT=()
bad=()
for id in "${SLURM_IDS[@]}"; do
    st=$(awk -F'|' -v id="$id" '$1 == id { print $2 }' <<<"$squeue_all")
    [[ $st == COMPLETED ]] || bad+=("$id: squeue state '${st:-unknown}'")
    info=$(scontrol show job "$id" 2>&1) || { bad+=("$id: scontrol: $info"); continue; }
    grep -q 'JobState=COMPLETED' <<<"$info" || bad+=("$id: scontrol $(grep -o 'JobState=[A-Z_]*' <<<"$info")")
    grep -q 'ExitCode=0:0' <<<"$info" || bad+=("$id: $(grep -o 'ExitCode=[0-9:]*' <<<"$info")")
    grep -q ' Partition='"$PARTITION"' ' <<<"$info" || bad+=("$id: not in partition $PARTITION")
    logf=$(find "$RUN_SLURM/logs/slurm" -name "$id.log" 2>/dev/null | head -n 1)
    [[ -n $logf && -s $logf ]] || { bad+=("$id: no log logs/slurm/**/$id.log"); continue; }
    # the plugin's log path: logs/slurm/<rule_NAME|group_NAME>/<wildcards>/<jobid>.log
    kind=${logf#"$RUN_SLURM/logs/slurm/"}
    kind=${kind%%/*}
    RULE_COUNT[$kind]=$((${RULE_COUNT[$kind]:-0} + 1))
done
((${#bad[@]} == 0)) || {
    printf '  %s\n' "${bad[@]}"
    die "${#bad[@]} problem(s) with the SLURM jobs"
}
((n_squeue == N_JOBS)) || die "squeue knows $n_squeue jobs, the Snakemake log names $N_JOBS"
log "$N_JOBS SLURM jobs for $steps Snakemake steps: all COMPLETED (squeue and scontrol), ExitCode 0:0, partition $PARTITION, logs in logs/slurm"
for kind in $(printf '%s\n' "${!RULE_COUNT[@]}" | sort); do
    printf '    %-28s %3d SLURM jobs\n' "$kind" "${RULE_COUNT[$kind]}"
done

# ---------------------------------------------------------------- 5. the same config locally
make_copy "$RUN_LOCAL"
SMK_LOCAL=(snakemake --cores 2 --configfile "$CONFIGFILE")
log "local run in $RUN_LOCAL: ${SMK_LOCAL[*]}"
t0=$SECONDS
(cd "$RUN_LOCAL" && env -u SLURM_CONF timeout -s INT -k 120 "$RUN_TIMEOUT" "${SMK_LOCAL[@]}") >"$TMP/snakemake-local.log" 2>&1 || {
    rc=$?
    tail -n 60 "$TMP/snakemake-local.log"
    die "local run failed (exit $rc), log $TMP/snakemake-local.log"
}
LOCAL_RUN_S=$((SECONDS - t0))
log "local run done in $LOCAL_RUN_S s"

# byte-equal, or else equal within a tolerance for the numbers (reported as such)
COMPARISON=()
compare_fail=0
for table in "${TABLES[@]}"; do
    a=$RUN_SLURM/$table b=$RUN_LOCAL/$table
    [[ -f $a && -f $b ]] || die "missing $table in one of the runs"
    if cmp -s "$a" "$b"; then
        COMPARISON+=("$table: byte-identical")
        continue
    fi
    if msg=$("$VENV/bin/python" - "$a" "$b" <<'EOF'
import sys
import numpy as np
import pandas as pd

a, b = (pd.read_csv(p) for p in sys.argv[1:3])
if list(a.columns) != list(b.columns) or a.shape != b.shape:
    print(f"different layout: {a.shape} vs {b.shape}")
    sys.exit(1)
num = a.select_dtypes("number").columns
other = [c for c in a.columns if c not in num]
if not a[other].astype(str).equals(b[other].astype(str)):
    print("different non-numeric cells")
    sys.exit(1)
x, y = a[num].to_numpy(float), b[num].to_numpy(float)
diff = np.abs(x - y)
diff[np.isnan(x) & np.isnan(y)] = 0
worst = np.nanmax(diff) if diff.size else 0.0
ok = np.allclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True)
print(f"numerically {'equal' if ok else 'DIFFERENT'} (max |diff| {worst:.3g})")
sys.exit(0 if ok else 1)
EOF
    ); then
        COMPARISON+=("$table: not byte-identical, $msg")
    else
        COMPARISON+=("$table: DIFFERS: $msg")
        diff "$a" "$b" | head -n 20 || true
        compare_fail=1
    fi
done
# the other tables (figure filters of sensitivity.csv), for information only
same=0 differ=()
for f in "$RUN_SLURM"/results/tables/*.csv; do
    rel=results/tables/${f##*/}
    [[ " ${TABLES[*]} " == *" $rel "* ]] && continue
    if cmp -s "$f" "$RUN_LOCAL/$rel"; then same=$((same + 1)); else differ+=("$rel"); fi
done

# ---------------------------------------------------------------- 6. summary
echo
echo "==================== SLURM test summary ===================="
echo "plugin:        snakemake-executor-plugin-slurm $PLUGIN_VERSION ($(slurmctld -V))"
echo "command:       ${SMK_SLURM[*]}"
echo "SLURM jobs:    $N_JOBS (for $steps Snakemake steps), all COMPLETED per squeue/scontrol"
for kind in $(printf '%s\n' "${!RULE_COUNT[@]}" | sort); do
    printf '               %-28s %3d\n' "$kind" "${RULE_COUNT[$kind]}"
done
echo "runtimes:      SLURM run ${SLURM_RUN_S} s, local run ${LOCAL_RUN_S} s, total $((SECONDS - START)) s"
for line in "${COMPARISON[@]}"; do echo "compare:       $line"; done
echo "other tables:  $same byte-identical${differ:+, differing: ${differ[*]}}"
echo "============================================================"
((compare_fail == 0)) || die "the SLURM and the local run disagree"
OK=1
log "PASS"
