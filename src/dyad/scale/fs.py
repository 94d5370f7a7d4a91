"""Where partitions go: a local directory or any URL pyarrow or fsspec can open.

pyarrow opens local paths, ``file://``, ``s3://``, ``gs://``, ``hdfs://`` and
``abfs://`` itself; any other scheme goes through fsspec (``memory://``,
``az://`` ...), imported only when needed. Every worker resolves the same
string again, so a filesystem object never has to travel between processes.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pyarrow.fs as pafs

from dyad.errors import ConfigError

__all__ = ["Output", "open_output"]

TEMPORARY_MARK = ".tmp-"  # in the names of files being written; never matches *.parquet
FSSPEC_HINT = "install it with 'pip install dyad[ray]' (or 'pip install fsspec' and the scheme's package)"


@dataclass
class Output:
    """A filesystem and the directory on it that holds the partitions."""

    fs: pafs.FileSystem
    root: str
    location: str  # the path or URL again, absolute, for workers to open it anew

    def path(self, *parts: str) -> str:
        return "/".join([self.root.rstrip("/"), *parts])

    def exists(self, path: str) -> bool:
        return self.fs.get_file_info(path).type == pafs.FileType.File

    def list(self, directory: str) -> list[str]:
        """Base names of the files in ``directory`` (none where it is absent)."""
        selector = pafs.FileSelector(self.path(directory), allow_not_found=True)
        return sorted(info.base_name for info in self.fs.get_file_info(selector)
                      if info.type == pafs.FileType.File)

    def write_atomic(self, path: str, data: bytes) -> None:
        """Write to a temporary name beside ``path``, then rename: a reader sees all or nothing."""
        self.fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
        temporary = f"{path}{TEMPORARY_MARK}{uuid.uuid4().hex[:12]}"
        with self.fs.open_output_stream(temporary) as stream:
            stream.write(data)
        self.fs.move(temporary, path)

    def read(self, path: str) -> bytes:
        with self.fs.open_input_stream(path) as stream:
            return stream.read()


def open_output(location: str) -> Output:
    """The filesystem of a path or URL; a path without scheme is a local directory."""
    if "://" not in location:
        root = os.path.abspath(location)
        return Output(pafs.LocalFileSystem(), root, root)
    try:
        fs, root = pafs.FileSystem.from_uri(location)
    except (ValueError, NotImplementedError) as native_error:  # a scheme pyarrow does not know
        return _fsspec_output(location, native_error)
    except OSError as e:
        raise ConfigError(f"cannot open {location!r}: {e}") from None
    return Output(fs, root, location)


def _fsspec_output(location: str, native_error: Exception) -> Output:
    try:
        import fsspec
    except ImportError:
        raise ConfigError(f"cannot open {location!r} ({native_error}); fsspec is not installed: "
                          f"{FSSPEC_HINT}") from None
    try:
        fs, root = fsspec.core.url_to_fs(location)
    except (ValueError, ImportError) as e:
        raise ConfigError(f"cannot open {location!r}: {e}") from None
    return Output(pafs.PyFileSystem(pafs.FSSpecHandler(fs)), root, location)
