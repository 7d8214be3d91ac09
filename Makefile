# The two commands of a fresh machine (Python 3.11, 3.12 or 3.13 with pip and venv, nothing else):
#   make run    set up .venv and run the whole default workflow (config/config.yaml)
#   make test   set up .venv and run the test suite
# Other targets (docs/reference/make.md): make docs, make ci-run, make bench (make bench-gpu on a GPU),
# make lint (run by CI before the tests), make test-slurm, make tools, make test-generation, make images,
# make test-container.

# The newest supported Python that runs here (a pyenv shim of a version not selected does not run);
# PYTHON=/path/to/python3.x picks another.
SUPPORTED_PYTHONS := 3.13 3.12 3.11
PYTHON ?= $(firstword $(foreach v,$(SUPPORTED_PYTHONS),$(shell python$(v) -c '' >/dev/null 2>&1 && echo python$(v))))
VENV := .venv
BIN := $(VENV)/bin
CORES ?= all

.PHONY: run test docs ci-run bench bench-gpu lint clean test-slurm tools test-generation images image-workflow image-generation test-container

$(BIN)/snakemake: pyproject.toml
	@test -n "$(PYTHON)" || { echo "make needs Python $(SUPPORTED_PYTHONS) (none of them runs here): install one with its venv module (Debian/Ubuntu: apt install python3-venv), or give its path: make $(MAKECMDGOALS) PYTHON=/path/to/python3.x" >&2; exit 1; }
	$(PYTHON) -c 'import sys; v = "%d.%d" % sys.version_info[:2]; sys.exit(0 if v in "$(SUPPORTED_PYTHONS)".split() else f"{sys.executable} is Python {v}: weaksup supports $(SUPPORTED_PYTHONS)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# the optional dependencies of a target, once per change of pyproject.toml
$(VENV)/.%-extra: $(BIN)/snakemake
	$(BIN)/pip install --quiet -e ".[$*]"
	touch $@

run: $(BIN)/snakemake
	$(BIN)/snakemake --cores $(CORES)

test: $(VENV)/.test-extra
	$(BIN)/pytest

# The documentation site (Sphinx + MyST, docs/), warnings as errors, into docs/_build/html; -E: from
# scratch each time, since its generated pages read files Sphinx does not track (schema, rules, records)
docs: $(VENV)/.docs-extra
	$(BIN)/sphinx-build -E -W --keep-going -n -q -b html docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

ci-run: $(BIN)/snakemake
	$(BIN)/snakemake --cores 2 --configfile config/ci.yaml

bench: $(BIN)/snakemake
	$(BIN)/python benchmarks/qcd_generator_cuts.py
	$(BIN)/python benchmarks/clustering.py
	$(BIN)/python benchmarks/images.py
	$(BIN)/snakemake --cores $(CORES) --until dataset   # the datasets training.py trains on
	$(BIN)/python benchmarks/training.py
	$(BIN)/python benchmarks/training.py --replicas 3 --method pt_rot --k 5
	$(BIN)/python benchmarks/lp_toy.py

# On a machine with a GPU (Keras 3 on JAX or PyTorch: the GPU machine has no TensorFlow), < 5 min:
#   KERAS_BACKEND=jax make bench-gpu
bench-gpu: $(BIN)/snakemake
	KERAS_BACKEND=$${KERAS_BACKEND:-jax} $(BIN)/python benchmarks/gpu.py

# A real single-node SLURM cluster (root, Debian; installs slurm-wlm and munge): tests/slurm/README.md
test-slurm: $(VENV)/.test-extra
	bash tests/slurm/run_slurm_test.sh

# The paper's generation tools on this machine (MG5_aMC 3.5.7, Delphes 3.4.2, ROOT from PyPI) into
# tools.prefix of the config; the workflow also builds them itself when first needed.
# SOURCES: a directory of the source tarballs (offline mirror), e.g. make tools SOURCES=../shared/sources
SOURCES ?=
TOOLS_PREFIX ?= .tools
tools: $(BIN)/snakemake
	$(BIN)/snakemake build_tools --cores $(CORES) \
	  --config 'tools={"prefix": "$(TOOLS_PREFIX)", "source_dir": $(if $(SOURCES),"$(abspath $(SOURCES))",null)}'

# The paper's chain for real (builds the tools from ../shared/sources): tests/generation/run_generation_test.sh
test-generation: $(VENV)/.test-extra
	bash tests/generation/run_generation_test.sh

# Container images (README, "Run in containers"): podman if present, else docker, tagged with the
# names of containers.* in config/config.yaml. IMAGE_ARGS go to every build, e.g.
#   make images IMAGE_ARGS="--build-arg TENSORFLOW=cuda"
ENGINE ?= $(shell command -v podman >/dev/null 2>&1 && echo podman || echo docker)
IMAGE_ARGS ?=
image_name = $(shell sed -n 's|^  $(1): *docker://\([^ #]*\).*|\1|p' config/config.yaml)

images: image-workflow image-generation

image-workflow image-generation: image-%:
	@command -v $(ENGINE) >/dev/null || { echo "make images needs podman or docker" >&2; exit 1; }
	@test -n "$(call image_name,$*)" || { echo "no containers.$*: docker://NAME in config/config.yaml" >&2; exit 1; }
	$(ENGINE) build $(IMAGE_ARGS) -f containers/$*/Containerfile -t $(call image_name,$*) .

# The workflow image for real (root, Debian; podman + debootstrap): tests/container/README.md
test-container: $(VENV)/.test-extra
	bash tests/container/run_container_test.sh

lint: $(VENV)/.dev-extra
	$(BIN)/ruff check src tests benchmarks workflow/scripts docs/_ext
	$(BIN)/ruff format --check src tests benchmarks workflow/scripts docs/_ext
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/snakemake --lint

clean:
	rm -rf results logs .snakemake
