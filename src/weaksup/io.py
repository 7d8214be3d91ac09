"""Atomic, columnar file I/O with errors that name the file.

Outputs are written to a temporary file in the target directory and renamed into place, so an
interrupted job never leaves a half-written file behind (a rename is atomic on POSIX).
"""

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import awkward as ak
import pandas as pd


class CorruptFileError(RuntimeError):
    """An input file is missing, truncated or not in the expected format."""


@contextlib.contextmanager
def atomic_path(path, suffix: str = ".part"):
    """Yield a temporary path next to ``path``; rename it to ``path`` only on success.

    ``suffix`` ends the temporary name (writers that insist on an extension, like Keras's
    ``.keras``, get theirs).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual permissions
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextlib.contextmanager
def atomic_directory(path):
    """Yield a temporary directory next to ``path``; it becomes ``path`` only on success (a job's
    several files appear together or not at all). A ``path`` already there is replaced, and so
    are the temporary directories of earlier writers of ``path`` that were killed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.part"):
        shutil.rmtree(stale)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp creates 0700
    try:
        yield tmp
        if path.exists():
            shutil.rmtree(path)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def write_parquet(array: ak.Array, path) -> None:
    """Write an awkward array to Parquet (zstd-compressed), atomically."""
    with atomic_path(path) as tmp:
        ak.to_parquet(array, tmp, compression="zstd")


def read_parquet(path, columns=None) -> ak.Array:
    """Read an awkward array (or only ``columns``) from Parquet.

    A missing or corrupt file raises ``CorruptFileError`` naming it.
    """
    path = Path(path)
    if not path.is_file():
        raise CorruptFileError(f"{path}: file does not exist")
    try:
        return ak.from_parquet(path, columns=columns)
    except Exception as err:  # pyarrow raises several types for truncated files
        raise CorruptFileError(f"{path}: not a readable Parquet file ({type(err).__name__}: {err})") from err


def write_frame(frame: pd.DataFrame, path) -> None:
    """Write a pandas table to Parquet (zstd-compressed), atomically."""
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, compression="zstd", index=False)


def read_frame(path, columns=None) -> pd.DataFrame:
    """Read a pandas table from Parquet; a missing or corrupt file raises ``CorruptFileError``."""
    path = Path(path)
    if not path.is_file():
        raise CorruptFileError(f"{path}: file does not exist")
    try:
        return pd.read_parquet(path, columns=columns)
    except Exception as err:
        raise CorruptFileError(f"{path}: not a readable Parquet table ({type(err).__name__}: {err})") from err


def write_json(data: dict, path) -> None:
    """Write ``data`` as indented JSON, atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def read_json(path) -> dict:
    """Read a JSON file; a missing or corrupt file raises ``CorruptFileError``."""
    path = Path(path)
    try:
        return json.loads(path.read_text())
    except FileNotFoundError as err:
        raise CorruptFileError(f"{path}: file does not exist") from err
    except json.JSONDecodeError as err:
        raise CorruptFileError(f"{path}: not valid JSON ({err})") from err


def read(path):
    """A Parquet table (pandas), a CSV table or a JSON file, by suffix; errors name the file."""
    suffix = Path(path).suffix
    if suffix == ".json":
        return read_json(path)
    if suffix == ".csv":
        if not Path(path).is_file():
            raise CorruptFileError(f"{path}: file does not exist")
        return pd.read_csv(path)
    return read_frame(path)


def write_csv(frame: pd.DataFrame, path, float_format: str = "%.8g") -> None:
    """Write a pandas table as CSV, atomically."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, float_format=float_format)


def configure_keras(backend: str, threads: int) -> None:
    """Pick the Keras backend and the CPU threads of a job; call it before the first ``import keras``."""
    os.environ["KERAS_BACKEND"] = backend
    for variable in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[variable] = str(threads)


def configure_logging(path=None) -> None:
    """Send INFO logs, and the error that ends a job, to ``path`` (a rule's log file) and to stderr."""
    import logging
    import sys

    handlers = [logging.StreamHandler(sys.stderr)]
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(path, mode="w"))
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s", handlers=handlers, force=True
    )

    def log_uncaught(kind, error, traceback):
        logging.getLogger("weaksup").error("%s: %s", kind.__name__, error, exc_info=(kind, error, traceback))

    sys.excepthook = log_uncaught
