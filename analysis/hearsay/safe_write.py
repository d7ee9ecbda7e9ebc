"""Writing files the way the hearsay CLI does (the twin of sim/safe_write.hpp and
sim/output_lock.hpp): an existing path is replaced only with ``overwrite=True``, and only a
regular file that none of the inputs is; hearsay's own lock keeps two writers of one path apart;
the new file is written under a temporary name beside the target, synced and renamed into place,
so the path holds the old file or the whole new one, whenever the process dies.

The lock is the one the CLI takes: an open-file-description lock (``F_OFD_SETLK``) on the side
file ``.<name>.lock``, which the kernel drops when the process ends.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import socket
import stat
import struct
import time

MAX_NAME_BYTES = 255                 # NAME_MAX of Linux file systems
TEMP_TAIL_BYTES = 9 + 8 + 1 + 16 + 4  # ".hearsay-" pid "-" random ".tmp"
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}
# struct flock on Linux (x86-64, arm64): l_type, l_whence, l_start, l_len, l_pid, padded to 8.
_FLOCK = "@hhqqi0q"
_warned_no_locks = False


class OutputError(RuntimeError):
    """An output that may not be written: not a regular file, an input, a missing folder."""


class OutputBusyError(OutputError):
    """Another process (a hearsay run, merge, report...) holds the lock on the output."""


def _fnv1a(text: bytes) -> int:
    value = 14695981039346656037
    for byte in text:
        value = ((value ^ byte) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return value


def side_path(path, suffix: str) -> str:
    """``.<name><suffix>`` in the folder of `path`, shortened with a hash of the name past the
    255-byte limit of file names (as sim/output_lock.cpp names it)."""
    path = os.fspath(path).rstrip("/") or "/"
    folder, name = os.path.split(path)
    raw, tail = os.fsencode(name), os.fsencode(suffix)
    if 1 + len(raw) + len(tail) > MAX_NAME_BYTES:
        mark = f"-{_fnv1a(raw):016x}".encode()
        raw = raw[:MAX_NAME_BYTES - 1 - len(tail) - len(mark)] + mark
    return os.path.join(folder, os.fsdecode(b"." + raw + tail))


def _flock(kind: int) -> bytes:
    return struct.pack(_FLOCK, kind, os.SEEK_SET, 0, 0, 0)


def _own_record() -> str:
    try:
        with open("/proc/self/cmdline", "rb") as f:
            command = f.read().rstrip(b"\0").replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        command = "python3"
    command = "".join(" " if ord(c) < 0x20 or c == "\x7f" else c for c in command)
    if len(command) > 400:
        command = command[:400] + "..."
    since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    return (f"hearsay output lock\npid: {os.getpid()}\nhost: {socket.gethostname()}\n"
            f"since: {since}\ncommand: {command or 'python3'}\n")


def _describe_record(record: str) -> str:
    fields = {}
    for line in record.splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            fields[key] = value
    if "pid" not in fields:
        return ""
    text = f"pid {fields['pid']} on host {fields.get('host', '?')}"
    if fields.get("since"):
        text += f" since {fields['since']}"
    if fields.get("command"):
        text += f" ({fields['command']})"
    return text


def _describe_holder(fd: int, kind: int) -> str:
    if kind == fcntl.F_RDLCK:
        return "a hearsay merge reading it"
    for _ in range(50):  # the holder writes its record right after taking the lock
        who = _describe_record(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
        if who:
            return who
        time.sleep(0.01)
    return "a process that has not said who it is"


def _held_kind(fd: int, wanted: int):
    try:
        result = fcntl.fcntl(fd, fcntl.F_OFD_GETLK, _flock(wanted))
    except OSError:
        return None
    kind = struct.unpack(_FLOCK, result)[0]
    return None if kind == fcntl.F_UNLCK else kind


def _same_file(fd: int, path: str) -> bool:
    try:
        ours, now = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (ours.st_dev, ours.st_ino) == (now.st_dev, now.st_ino)


class OutputLock:
    """Holds hearsay's lock on `path` (exclusive, or shared) until closed or the ``with`` block
    ends; raises OutputBusyError naming the holder when another process has it. On a file system
    without locks it warns once and holds nothing (``held`` is False)."""

    def __init__(self, path, shared: bool = False):
        self.path = os.fspath(path)
        self.shared = shared
        self._lock_path = side_path(self.path, ".lock")
        self._fd = -1
        kind = fcntl.F_RDLCK if shared else fcntl.F_WRLCK
        for _ in range(100):
            try:
                fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW,
                             0o666)
            except FileNotFoundError:
                folder = os.path.dirname(self._lock_path) or "."
                raise OutputError(f"cannot write {self.path}: folder {folder} does not exist") \
                    from None
            except OSError as error:
                if shared and error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                    return  # a folder nobody here may write: no writer to keep out
                raise OutputError(f"cannot write {self.path}: cannot create its lock file "
                                  f"{self._lock_path}: {error.strerror}") from None
            try:
                fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(kind))
            except OSError as error:
                if error.errno in (errno.EAGAIN, errno.EACCES):
                    holder = _held_kind(fd, kind)
                    who = _describe_holder(fd, holder) if holder is not None else "another process"
                    os.close(fd)
                    raise OutputBusyError(
                        f"{self.path} is in use by another hearsay process: {who}; wait for it "
                        "to end (or stop it), then try again") from None
                os.close(fd)
                if error.errno in _NO_LOCKS:
                    _warn_no_locks(self.path, error)
                    return
                raise OutputError(f"cannot lock {self.path}: {error.strerror}") from None
            if not _same_file(fd, self._lock_path):  # removed by the holder we raced: again
                os.close(fd)
                continue
            self._fd = fd
            if not shared:
                record = _own_record().encode()
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, record, 0)
            return
        raise OutputError(f"cannot lock {self.path}: its lock file keeps being replaced")

    @property
    def held(self) -> bool:
        return self._fd >= 0

    def close(self):
        if self._fd < 0:
            return
        remove = not self.shared
        if not remove:
            try:
                fcntl.fcntl(self._fd, fcntl.F_OFD_SETLK, _flock(fcntl.F_WRLCK))
                remove = True
            except OSError:
                pass
        if remove and _same_file(self._fd, self._lock_path):
            with contextlib.suppress(OSError):
                os.unlink(self._lock_path)
        os.close(self._fd)
        self._fd = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


def _warn_no_locks(path, error):
    global _warned_no_locks
    if not _warned_no_locks:
        _warned_no_locks = True
        import warnings
        warnings.warn(f"cannot lock {path}: the file system keeps no locks ({error.strerror}); "
                      "hearsay cannot stop two processes from writing the same file there at "
                      "the same time", RuntimeWarning, stacklevel=3)


def lock_holder(path) -> str:
    """Who holds hearsay's lock on `path` now ("pid 42 on host ... (hearsay run ...)"), or ""."""
    try:
        fd = os.open(side_path(path, ".lock"), os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return ""
    try:
        kind = _held_kind(fd, fcntl.F_WRLCK)
        return "" if kind is None else _describe_holder(fd, kind)
    finally:
        os.close(fd)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_replaceable(path, overwrite: bool = False, inputs=(),
                      exists_fix: str = "pass overwrite=True to replace it"):
    """Raises (OutputError, FileExistsError) unless a new file may be written at `path`: its
    folder exists; nothing is there, or (with `overwrite`) a regular file that is none of
    `inputs` (device and inode are compared, so links count)."""
    path = os.fspath(path)
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        fix = "give the path of a file"
        if stat.S_ISLNK(st.st_mode):
            fix = f"give the path it points to ({os.readlink(path)}) or remove the link"
        raise OutputError(f"{path} is {_kind_of(st.st_mode)}, not a regular file; hearsay "
                          f"replaces only regular files, even with overwrite: {fix}")
    for source in inputs:
        source = os.fspath(source)
        try:
            other = os.stat(source)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            what = "a file" if source == path else f"the same file as {source}, which"
            raise OutputError(f"{path} is {what} this command reads: writing it would destroy "
                              "its own input; give another output path")
    if not overwrite:
        raise FileExistsError(errno.EEXIST, f"{path} exists; {exists_fix}", path)


def _remove_orphans(path):
    """Temporary files of earlier holders of the lock on `path`: they died (a live one would
    hold the lock), so nobody will finish them."""
    example = os.path.basename(side_path(path, ".hearsay-00000000-0000000000000000.tmp"))
    prefix = example[:len(example) - TEMP_TAIL_BYTES + 9]
    folder = os.path.dirname(os.fspath(path)) or "."
    hexdigits = set("0123456789abcdef")
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            if (len(name) == len(example) and name.startswith(prefix) and name.endswith(".tmp")
                    and name[len(prefix) + 8] == "-"
                    and set(name[len(prefix):len(prefix) + 8]) <= hexdigits
                    and set(name[len(prefix) + 9:len(prefix) + 25]) <= hexdigits):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))


def _fsync_folder(folder):
    with contextlib.suppress(OSError):
        fd = os.open(folder or ".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def staged_file(path, overwrite: bool = False, inputs=(),
                exists_fix: str = "pass overwrite=True to replace it"):
    """``with staged_file(path) as temp:`` write the new file at `temp`; when the block ends
    without an exception it is synced and renamed to `path` (under hearsay's lock on `path`,
    after the checks of check_replaceable, again just before the rename). On an exception
    (KeyboardInterrupt included) the temporary file is removed and `path` keeps what it held."""
    path = os.fspath(path)
    with OutputLock(path) as lock:
        check_replaceable(path, overwrite, inputs, exists_fix)
        if lock.held:
            _remove_orphans(path)
        while True:
            temp = side_path(path, f".hearsay-{os.getpid():08x}-{secrets.randbits(64):016x}.tmp")
            try:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666))
                break
            except FileExistsError:
                continue
        try:
            yield temp
            fd = os.open(temp, os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            check_replaceable(path, overwrite, inputs, exists_fix)
            if overwrite:
                os.replace(temp, path)
            else:
                try:  # a hard link fails if the path appeared meanwhile, whatever made it
                    os.link(temp, path)
                    os.unlink(temp)
                except FileExistsError:
                    raise FileExistsError(errno.EEXIST, f"{path} exists; {exists_fix}",
                                          path) from None
                except OSError as error:
                    if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
                        raise
                    os.rename(temp, path)  # no hard links here: the lock keeps writers apart
            _fsync_folder(os.path.dirname(path))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


def write_text(path, text: str, overwrite: bool = False, inputs=(),
               exists_fix: str = "pass overwrite=True to replace it", encoding: str = "utf-8"):
    """Writes `text` to `path` through staged_file."""
    with staged_file(path, overwrite, inputs, exists_fix) as temp:
        with open(temp, "w", encoding=encoding) as f:
            f.write(text)
    return path
