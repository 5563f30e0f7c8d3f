"""Opening a named input: regular files only.

A FIFO, socket or device is never opened for reading: opening a FIFO waits
for a writer, and a read from a device or socket can wait for ever or never
end, so one such path in a folder would hang the whole run. It is refused
with E101 saying what it is, and the run goes on; a stream is read by piping
it into stdin (`-`).
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from ..errors import UnreadableInput

_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def open_file(path: str, buffering: int = -1) -> BinaryIO:
    """The regular file `path`, open for reading in binary; UnreadableInput for a path that cannot be opened or is
    not a regular file."""
    try:
        _regular(path, os.stat(path).st_mode)  # before opening: opening a FIFO waits for its writer
        # O_NONBLOCK: a FIFO put in its place since is opened without waiting, and refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise UnreadableInput(f"{path}: {e.strerror or e}") from e
    try:
        _regular(path, os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=buffering)
    except BaseException:
        os.close(fd)
        raise


def _regular(path: str, mode: int) -> None:
    """Raise UnreadableInput unless `mode` is a regular file's."""
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _NOT_REGULAR if test(mode)), "a special file")
        raise UnreadableInput(f"{path}: {what}, not a regular file; not read")
