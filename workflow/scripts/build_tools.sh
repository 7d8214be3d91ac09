#!/usr/bin/env bash
# Build the paper's generation tools from checksummed sources: MadGraph5_aMC@NLO 3.5.7 and
# Delphes 3.4.2 on ROOT 6.40 from PyPI (the ROOT project's wheel, package `root`).
# One script for both places they run: the host (rule build_tools, `make tools`) and the
# generation image (containers/generation/Containerfile).
#
# Usage: build_tools.sh PREFIX [SOURCE_DIR]
#   PREFIX      where the tools go: PREFIX/bin/{mg5_aMC,DelphesHepMC} are the entry points
#               (they set up ROOT's libraries and MG5's Python themselves); PREFIX/tools.json,
#               written last, records what was built: its presence means the build finished.
#   SOURCE_DIR  a directory holding MG5_aMC_v3.5.7.tar.gz and Delphes-3.4.2.tar.gz (an offline
#               mirror, e.g. ../shared/sources); without it, the official release URLs.
# Environment: PYTHON (default python3), the interpreter of the tools' venv (ROOT wheel, six);
#              JOBS (default: all cores) for make.
# A tarball is accepted only with a pinned sha256 (the official release's, or the offline mirror
# copy's); anything else stops the build, naming the file and both checksums.
set -euo pipefail

prefix=${1:?usage: build_tools.sh PREFIX [SOURCE_DIR]}
source_dir=${2:-}
python=${PYTHON:-python3}
jobs=${JOBS:-$(nproc)}

MG5_FILE=MG5_aMC_v3.5.7.tar.gz
# Launchpad overwrites and removes patch releases; the release mirror conda-forge builds from keeps them
MG5_URL=https://github.com/hep-packaging-coordination/mg5amcnlo-release-mirror/releases/download/3.5.7/$MG5_FILE
DELPHES_FILE=Delphes-3.4.2.tar.gz
DELPHES_URL=http://cp3.irmp.ucl.ac.be/downloads/$DELPHES_FILE
# sha256 of the accepted tarballs, "download offline-copy": the downloads' as conda-forge's
# mg5amcnlo-feedstock and Spack's delphes recipe pin them, and the repacked copies of this
# project's offline mirror (shared/sources/README.md)
MG5_SHA256="ca3e027f078438318bd4143a102aebc2d51358f537b5d52bbc574fe49a6a901e fc1787cf83b228ea306eb2e96f40060b83178e019515cbc4d671d9eb81346d87"
DELPHES_SHA256="d46a7c5474de650befdb89377115feee31f1743107ceb3d8da699be9d48c097b 5e9df9731d5b243a1e78a48c3ceb0b83fe503dcca9e3a31d49329daf6ae8e33c"
ROOT_WHEEL="root==0.1a12"   # ROOT 6.40.00
SIX="six==1.17.0"           # MG5_aMC's one Python dependency

die() {
    echo "build_tools: $*" >&2
    exit 1
}

# 1. what the build needs, before anything is downloaded or written
declare -A debian=([gcc]=gcc [g++]=g++ [gfortran]=gfortran [make]=make [tar]=tar [sha256sum]=coreutils)
for tool in gcc g++ gfortran make tar sha256sum; do
    command -v "$tool" >/dev/null ||
        die "'$tool' not found: MadGraph and Delphes need it (Debian/Ubuntu: apt-get install ${debian[$tool]})"
done
"$python" -c "import venv, ensurepip" 2>/dev/null ||
    die "'$python' cannot create a venv with pip (set PYTHON, or Debian/Ubuntu: apt-get install python3-venv)"

mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
rm -f "$prefix/tools.json"
work=$(mktemp -d "${TMPDIR:-/tmp}/build_tools.XXXXXX")
# a failed build keeps nothing: no tools.json, no half-built tree
trap 'status=$?; rm -rf "$work"; [ $status -eq 0 ] || rm -rf "$prefix/venv" "$prefix/MG5_aMC" "$prefix/delphes" "$prefix/bin"' EXIT

# 2. sources: the mirror directory's file or the official URL, accepted only with a pinned sha256
fetch() { # fetch FILE URL "SHA256 ..." -> path of the verified tarball
    local file=$1 url=$2 pinned=$3 path actual
    if [ -n "$source_dir" ]; then
        path=$source_dir/$file
        [ -f "$path" ] || die "$path does not exist: put $file there (from $url) or build without SOURCE_DIR"
    else
        path=$work/$file
        echo "build_tools: downloading $url" >&2
        curl -fsSL -o "$path" "$url" || wget -q -O "$path" "$url" ||
            die "cannot download $url: pass a SOURCE_DIR holding $file (an offline mirror)"
    fi
    actual=$(sha256sum "$path" | cut -d' ' -f1)
    case " $pinned " in
    *" $actual "*) echo "$path" ;;
    *) die "$path has sha256 $actual, expected $(echo "$pinned" | sed 's/ / or /'): a corrupt or different file" ;;
    esac
}
mg5_tar=$(fetch "$MG5_FILE" "$MG5_URL" "$MG5_SHA256")
delphes_tar=$(fetch "$DELPHES_FILE" "$DELPHES_URL" "$DELPHES_SHA256")

# 3. Python for MG5_aMC and ROOT for Delphes, from PyPI
rm -rf "$prefix/venv" "$prefix/MG5_aMC" "$prefix/delphes" "$prefix/bin"
echo "build_tools: $ROOT_WHEEL and $SIX into $prefix/venv" >&2
"$python" -m venv "$prefix/venv"
"$prefix/venv/bin/pip" install --quiet --no-cache-dir "$ROOT_WHEEL" "$SIX"
rootsys=$("$prefix/venv/bin/python" -c "import os, ROOT; print(os.path.dirname(ROOT.__file__))" 2>/dev/null ||
    "$prefix/venv/bin/python" -c "import importlib.util as u; import os; print(os.path.dirname(u.find_spec('ROOT').origin))")
# the wheel's root-config points at its build machine's layout; ROOTSYS is the package itself
sed -i 's|\$ROOTSYS/mock_site_packages/ROOT|$ROOTSYS|' "$rootsys/bin/root-config"
rootlibs=$rootsys/lib:$(dirname "$rootsys")/root.libs
"$rootsys/bin/root-config" --version >/dev/null || die "ROOT's root-config does not run ($rootsys)"

# 4. MadGraph5_aMC@NLO: unpacked, offline (no update check), no browser
mkdir -p "$prefix/MG5_aMC"
tar -xzf "$mg5_tar" -C "$prefix/MG5_aMC" --strip-components=1
sed -i -e 's/^#* *auto_update *=.*/auto_update = 0/' \
    -e 's/^#* *automatic_html_opening *=.*/automatic_html_opening = False/' \
    "$prefix/MG5_aMC/input/mg5_configuration.txt"

# 5. Delphes 3.4.2 against ROOT 6.40: newer ROOT holds TF2's formula in a std::unique_ptr
mkdir -p "$prefix/delphes"
tar -xzf "$delphes_tar" -C "$prefix/delphes" --strip-components=1
sed -i 's|fFormula = new TFormula();|fFormula.reset(new TFormula());|' "$prefix/delphes/classes/DelphesTF2.cc"
sed -i 's/-std=c++0x/-std=c++17/' "$prefix/delphes/Makefile"
echo "build_tools: compiling Delphes (DelphesHepMC and its class dictionaries, ~3 min on 2 cores)" >&2
(
    cd "$prefix/delphes"
    PATH=$rootsys/bin:$PATH LIBRARY_PATH=$rootlibs LD_LIBRARY_PATH=$rootlibs \
        make -j"$jobs" DelphesHepMC ClassesDict_rdict.pcm ExRootAnalysisDict_rdict.pcm \
            ModulesDict_rdict.pcm FastJetDict_rdict.pcm >"$work/delphes_make.log" 2>&1
) || {
    tail -20 "$work/delphes_make.log" >&2
    die "compiling Delphes failed (last lines above)"
}

# 6. entry points: each sets up its own environment
mkdir -p "$prefix/bin"
cat >"$prefix/bin/mg5_aMC" <<EOF
#!/bin/sh
exec "$prefix/venv/bin/python" "$prefix/MG5_aMC/bin/mg5_aMC" "\$@"
EOF
cat >"$prefix/bin/DelphesHepMC" <<EOF
#!/bin/sh
# ROOT finds Delphes' class dictionaries (*_rdict.pcm) and headers here; cards may source the stock ones
export LD_LIBRARY_PATH="$prefix/delphes:$rootlibs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export ROOT_INCLUDE_PATH="$prefix/delphes:$prefix/delphes/external" DELPHES_CARDS="$prefix/delphes/cards"
exec "$prefix/delphes/DelphesHepMC" "\$@"
EOF
chmod +x "$prefix/bin/mg5_aMC" "$prefix/bin/DelphesHepMC"

# 7. the tools start, then the stamp
(cd "$work" && echo "exit" | "$prefix/bin/mg5_aMC" >mg5_check.log 2>&1) || {
    cat "$work/mg5_check.log" >&2
    die "mg5_aMC does not start"
}
usage=$("$prefix/bin/DelphesHepMC" 2>&1 || true) # without arguments it prints its usage and exits 1
grep -q Usage <<<"$usage" || die "DelphesHepMC does not start: $usage"
cat >"$prefix/tools.json.part" <<EOF
{"mg5_aMC": {"version": "3.5.7", "sha256": "$(sha256sum "$mg5_tar" | cut -d' ' -f1)"},
 "delphes": {"version": "3.4.2", "sha256": "$(sha256sum "$delphes_tar" | cut -d' ' -f1)"},
 "root": "$("$rootsys/bin/root-config" --version)", "python": "$("$prefix/venv/bin/python" -V 2>&1)",
 "bin": "$prefix/bin"}
EOF
mv "$prefix/tools.json.part" "$prefix/tools.json"
echo "build_tools: done, $prefix/bin: mg5_aMC DelphesHepMC" >&2
