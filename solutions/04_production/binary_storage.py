"""Binary storage: images in the database, or files beside it.

Scenario: sellers upload product photos to your shop. Until now every photo went into the
main database as a BLOB; the database has grown to 40 GB, of which 38 are photos, and the
nightly backup has started to run into the morning. Someone proposes keeping the photos as
files, each named by the SHA-256 hash of its bytes, with one small row per photo in the
database. Before choosing, the team wants both designs behind the same interface, with the
same upload rules, so that they can be compared and switched.

Write the two stores. Both have the same three methods:

- `save(name, data) -> ImageInfo` checks the upload, stores it, commits, and returns its
  `ImageInfo`: the new id, the name as given, the content type, the size in bytes and the
  SHA-256 hex digest of the bytes.
- `load(image_id) -> bytes` returns exactly the bytes that were saved. An unknown id raises
  `ImageNotFound`.
- `delete(image_id)` deletes the image: `load` raises `ImageNotFound` for it from then on. An
  unknown id raises `ImageNotFound`.

Every method closes its session before it returns or raises (committing is not closing; a
`with` block does both).

Upload rules, the same for both stores (`check_upload` is the place for them):
- The type comes from the first bytes of the data (its magic number, see `SIGNATURES`), never
  from the name: `detect_content_type(data)` returns "image/png", "image/jpeg" or
  "image/gif", and raises `UnsupportedType` for anything else, empty data included.
- Data longer than `MAX_SIZE` bytes raises `TooLarge`; exactly `MAX_SIZE` bytes is allowed.
- A refused upload writes nothing: no row, no file, not even a temporary file deleted again.

`BlobStore` keeps the bytes in the `data` column of its table. `FileStore` keeps one row per
image in its table and the bytes in files under `root`:
- The file of an image is `root / <SHA-256 hex digest of its bytes>`. The upload's name is
  only stored in the row: it never names a file, final or temporary (a name such as
  `../../escape.png` would put that file outside `root`).
- The same bytes saved twice, under any names, make two images (two rows) and one file.
- The file is written before the row is committed: a crash in between then leaves a file no
  row refers to (cleanup removes it), never a row whose file is missing or half written.
- The file is written atomically: into a temporary file of its own in `root` (a name no
  other save uses: `tempfile.mkstemp(dir=root)`), flushed and `os.fsync`ed, then renamed to
  its final name with `os.replace`. A file named by a hash is then always complete, even
  after a crash in the middle of writing it, two saves of the same bytes never write into one
  file, and saving a second copy never damages the first. (The fsync, on the whole temporary
  file and before the rename, is for power cuts: a rename can reach the disk before the data
  it names. The checks cannot cut the power, but they watch `os.fsync`.)
- If writing the file fails (a full disk), `save` deletes its temporary file and lets the
  error go on to the caller: no row, and nothing left in `root`.
- `delete` deletes the row; other images may share the file, so leave it to `cleanup` (or
  remove it only when no other row refers to it).
- `cleanup() -> int` deletes every file directly in `root` that no row refers to (the files
  of deleted images, what crashed saves left behind) and returns how many it deleted. It never
  deletes a file a row refers to, leaves folders inside `root` alone, and never touches
  anything outside `root`. (A real cleanup job also spares files younger than a few minutes,
  which a save may be about to commit; the checks run it while nothing else writes.)

Why it matters: a BLOB is inside the database's transactions and its backups, for free; but
every backup, replica and restore then carries every photo, and photos cannot be served
without going through the database. Files can be served by a web server or a CDN and backed
up incrementally, but the file system knows nothing about transactions: you decide the order
of the writes, make each file appear in one step, and collect what a crash leaves behind.
Naming files by the hash of their content makes all three simple: the same name always means
the same bytes, so duplicates are free, a file can be checked against its name, and a file
that exists is complete (as long as it is only ever created by a rename).

Concept: BLOB columns versus content-addressed files plus rows; ordering a side effect that
is not transactional around a transaction; atomic renames; garbage collection of orphans;
validating uploads by their magic number.

Done when: both stores give back exactly the bytes saved (bytes that are not text included),
refuse oversize, empty and unknown uploads without writing anything, delete, and close their
sessions; `FileStore` names files by hash, stores identical content once, fsyncs before it
renames, cleans up exactly the files no row refers to, and survives real crashes and failed
writes: the checks run saves (refused ones too) in a child process that may not write a file
past a size limit. Past it, the operating system either kills the process, so that no
`except` or `finally` of yours runs, or makes the write raise `OSError`, as a full disk does;
then the checks look at what the save left behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

MAX_SIZE = 1_000_000  # bytes

# The first bytes of each accepted format (its "magic number"), and the content type it means.
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


class ImageRejected(ValueError):
    """An upload the rules refuse."""


class TooLarge(ImageRejected):
    """More than MAX_SIZE bytes."""


class UnsupportedType(ImageRejected):
    """Not one of the formats in SIGNATURES."""


class ImageNotFound(LookupError):
    """No image has this id."""


@dataclass(frozen=True)
class ImageInfo:
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class Base(DeclarativeBase):
    pass


class BlobImage(Base):
    """An image whose bytes live in the row (ready to use)."""

    __tablename__ = "blob_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    content_type: Mapped[str]
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes]  # a BLOB column


class FileImage(Base):
    """An image whose bytes live in the file root / sha256 (ready to use)."""

    __tablename__ = "file_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    content_type: Mapped[str]
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # several rows may share it


def info_of(row: BlobImage | FileImage) -> ImageInfo:
    """The ImageInfo of a row (ready to use; call it while the row's session is open)."""
    return ImageInfo(row.id, row.name, row.content_type, row.size, row.sha256)


def detect_content_type(data: bytes) -> str:
    """The content type that the data's first bytes announce; UnsupportedType if none does."""
    for signature, content_type in SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    raise UnsupportedType("the data is not a PNG, JPEG or GIF image")


def check_upload(data: bytes) -> str:
    """Apply the upload rules; return the content type of an acceptable upload."""
    if len(data) > MAX_SIZE:
        raise TooLarge(f"{len(data)} bytes is more than the limit of {MAX_SIZE}")
    return detect_content_type(data)


class BlobStore:
    """Images as BLOBs in the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        Base.metadata.create_all(engine)

    def save(self, name: str, data: bytes) -> ImageInfo:
        content_type = check_upload(data)
        digest = hashlib.sha256(data).hexdigest()
        with Session(self.engine) as session, session.begin():
            row = BlobImage(
                name=name, content_type=content_type, size=len(data), sha256=digest, data=data
            )
            session.add(row)
            session.flush()  # gives the row its id
            return info_of(row)

    def load(self, image_id: int) -> bytes:
        with Session(self.engine) as session:
            row = session.get(BlobImage, image_id)
            if row is None:
                raise ImageNotFound(f"no image with id {image_id}")
            return row.data

    def delete(self, image_id: int) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.get(BlobImage, image_id)
            if row is None:
                raise ImageNotFound(f"no image with id {image_id}")
            session.delete(row)


class FileStore:
    """Images as files named by their SHA-256 under root, with a row each in the database."""

    def __init__(self, engine: Engine, root: Path) -> None:
        self.engine = engine
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        Base.metadata.create_all(engine)

    def path_for(self, sha256: str) -> Path:
        """Where the file of this content lives (ready to use)."""
        return self.root / sha256

    def save(self, name: str, data: bytes) -> ImageInfo:
        content_type = check_upload(data)
        digest = hashlib.sha256(data).hexdigest()
        # The file first: if the commit below never happens, the file is an orphan that
        # cleanup removes; a committed row always has its complete file.
        self._write_file(digest, data)
        with Session(self.engine) as session, session.begin():
            row = FileImage(name=name, content_type=content_type, size=len(data), sha256=digest)
            session.add(row)
            session.flush()
            return info_of(row)

    def _write_file(self, digest: str, data: bytes) -> None:
        target = self.path_for(digest)
        if target.exists():
            return  # same name, same bytes; and it only ever appears by the rename below
        # In root, so that os.replace is atomic (one file system) and cleanup sees leftovers.
        fd, temporary = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def load(self, image_id: int) -> bytes:
        with Session(self.engine) as session:
            row = session.get(FileImage, image_id)
            if row is None:
                raise ImageNotFound(f"no image with id {image_id}")
            digest = row.sha256
        return self.path_for(digest).read_bytes()

    def delete(self, image_id: int) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.get(FileImage, image_id)
            if row is None:
                raise ImageNotFound(f"no image with id {image_id}")
            session.delete(row)
        # The file may be shared with other images: cleanup removes it once nothing uses it.

    def cleanup(self) -> int:
        with Session(self.engine) as session:
            referenced = set(session.scalars(select(FileImage.sha256)))
        removed = 0
        for path in self.root.iterdir():
            if path.is_file() and path.name not in referenced:
                path.unlink()
                removed += 1
        return removed


# --- checks: these run on every save; do not edit below ---
import contextlib
import hashlib
import os
import signal
import sqlite3
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import DetachedInstanceError

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
GIF = b"GIF89a"
CRASH_AFTER = 100_000  # a child process may not write any file past this many bytes
BIG = 300_000  # an upload bigger than that, and well within MAX_SIZE


def image(signature: bytes, size: int, salt: int = 0) -> bytes:
    """`size` bytes that start with `signature`, then every byte value 0-255 over and over:
    zero bytes, 0x80-0xff, b"\\r\\n" and sequences that are not valid UTF-8 included."""
    body = bytes((salt + n) % 256 for n in range(256)) * (size // 256 + 1)
    return (signature + body)[:size]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def same_bytes(found: bytes, expected: bytes) -> bool:
    # A plain function, so that pytest does not try to diff a mismatch of 300,000 bytes.
    return found == expected


@dataclass(frozen=True)
class Synced:
    """What the file behind a file descriptor was when the code fsynced it."""

    inode: tuple[int, int]  # (device, inode): the same file under any name
    size: int
    had_its_final_name: bool  # a file named by a hash in root was that file already


@pytest.fixture(autouse=True)
def fsynced(monkeypatch: pytest.MonkeyPatch, root: Path) -> list[Synced]:
    """Every os.fsync (or os.fdatasync) call, recorded instead of waiting for the disk."""
    # The checks crash processes, not machines: what a process wrote survives its crash
    # without fsync, so the fsyncs only record what they were asked to sync, and every save
    # stays fast.
    calls: list[Synced] = []

    def fsync(fd: int) -> None:
        status = os.fstat(fd)
        inode = (status.st_dev, status.st_ino)
        final_names = [path for path in root.glob("*") if len(path.name) == 64]
        published = any((p.stat().st_dev, p.stat().st_ino) == inode for p in final_names)
        calls.append(Synced(inode, status.st_size, published))

    monkeypatch.setattr(os, "fsync", fsync)
    if hasattr(os, "fdatasync"):
        monkeypatch.setattr(os, "fdatasync", fsync)
    return calls


OPEN_SESSIONS: set[Session] = set()  # sessions that began and were not closed since


@pytest.fixture(autouse=True)
def watch_sessions(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep OPEN_SESSIONS: a session enters when it begins a transaction, leaves when it is
    closed (close() or reset(); a `with` block calls close())."""
    OPEN_SESSIONS.clear()

    def began(session: Session, transaction: object, connection: object) -> None:
        OPEN_SESSIONS.add(session)

    def watched(close):
        def closing(session: Session) -> None:
            OPEN_SESSIONS.discard(session)
            close(session)

        return closing

    for method in ("close", "reset"):
        monkeypatch.setattr(Session, method, watched(getattr(Session, method)))
    event.listen(Session, "after_begin", began)
    yield
    event.remove(Session, "after_begin", began)


@pytest.fixture
def engine(sqlite_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{sqlite_path}")
    event.listen(
        engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous = OFF")
    )
    yield engine
    engine.dispose()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "media" / "images"


@pytest.fixture(params=["BlobStore", "FileStore"])
def store(request: pytest.FixtureRequest, engine: Engine, root: Path) -> BlobStore | FileStore:
    if request.param == "BlobStore":
        return BlobStore(engine)
    return FileStore(engine, root)


def committed_names(sqlite_path: Path, table: str) -> list[str]:
    """The names in `table`, read by a connection of the checks' own: committed rows only."""
    with contextlib.closing(sqlite3.connect(sqlite_path)) as connection:
        return [name for (name,) in connection.execute(f"SELECT name FROM {table} ORDER BY id")]


def table_of(store: BlobStore | FileStore) -> str:
    return "blob_images" if isinstance(store, BlobStore) else "file_images"


def blob_column(store: BlobStore, image_id: int) -> bytes | None:
    """What the data column of a blob_images row holds, read with plain SQL."""
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT data FROM blob_images WHERE id = ?", (image_id,)
        ).scalar()


def files_in(folder: Path) -> list[str]:
    """The names of the files directly in `folder` (not of the folders in it)."""
    return sorted(path.name for path in folder.glob("*") if path.is_file())


def shown(names: list[str]) -> str:
    """File names for a message, names as long as a hash shortened."""
    return "[" + ", ".join(f"{n[:12]}...{n[-6:]}" if len(n) > 24 else n for n in names) + "]"


def assert_sessions_closed(store: BlobStore | FileStore, what: str) -> None:
    connections = store.engine.pool.checkedout()
    assert connections == 0, (
        f"{what} left its session open, still holding a connection: close it (a `with` block)"
    )
    unclosed = len(OPEN_SESSIONS)
    assert unclosed == 0, (
        f"{what} left its session open: it was never closed (committing is not closing). "
        "Open it in a `with` block, which closes it whether the method returns or raises"
    )


def save(store: BlobStore | FileStore, name: str, data: bytes) -> ImageInfo:
    """store.save, with a plain explanation when the ImageInfo was built too late."""
    what = type(store).__name__
    OPEN_SESSIONS.clear()
    try:
        info = store.save(name, data)
    except DetachedInstanceError as error:
        raise AssertionError(
            f"{what}.save read the row after its session had closed (the commit expired its "
            "attributes): build the ImageInfo while the session is still open"
        ) from error
    assert isinstance(info, ImageInfo), (
        f"{what}.save should return an ImageInfo, got {type(info).__name__}"
    )
    assert_sessions_closed(store, f"{what}.save")
    return info


def load(store: BlobStore | FileStore, image_id: int) -> bytes:
    what = type(store).__name__
    OPEN_SESSIONS.clear()
    data = store.load(image_id)
    assert_sessions_closed(store, f"{what}.load")
    assert isinstance(data, bytes), f"{what}.load should return bytes, got {type(data).__name__}"
    return data


def files_outside(top: Path, *folders: Path) -> set[str]:
    """Every file under `top` that is in none of `folders`, as a path relative to `top`."""
    return {
        str(path.relative_to(top))
        for path in top.rglob("*")
        if path.is_file() and not any(folder in path.parents for folder in folders)
    }


def save_in_a_child(
    engine: Engine, root: Path, system_temp: Path, name: str, data: bytes, crash: bool = True
) -> str:
    """Run FileStore(engine, root).save(name, data) in a child process that may not write any
    file past CRASH_AFTER bytes. With crash=True, the operating system kills it (SIGXFSZ) the
    moment it tries: a real crash, in which no except or finally block runs. With crash=False,
    the write fails instead, with OSError (errno EFBIG), as on a full disk. Returns "killed",
    "finished" or "raised ..."."""
    resource = pytest.importorskip("resource", reason="these crashes need Linux or macOS")
    if not hasattr(os, "fork"):
        pytest.skip("these crashes need os.fork (Linux or macOS)")
    reader, writer = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: fine here
        pid = os.fork()
    if pid == 0:  # the child: it must never return into pytest
        outcome = "finished"
        try:
            os.close(reader)
            # No core dump. SIGXFSZ's default action kills the process; ignored (as Python
            # starts), it turns into an OSError from the write instead.
            resource.setrlimit(
                resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1])
            )
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL if crash else signal.SIG_IGN)
            tempfile.tempdir = str(system_temp)
            child_engine = create_engine(engine.url)
            child_store = FileStore(child_engine, root)
            hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
            resource.setrlimit(resource.RLIMIT_FSIZE, (CRASH_AFTER, hard))
            child_store.save(name, data)
        except BaseException as error:
            outcome = f"raised {type(error).__name__}: {error}"
        finally:
            os.write(writer, outcome.encode()[:1000])
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        message = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    return "killed" if os.WIFSIGNALED(status) else message


def raised_by(function, *args) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        return error
    return None


def test_detect_content_type_reads_the_magic_number() -> None:
    known = [
        (image(PNG, 64), "image/png"),
        (image(JPEG, 64), "image/jpeg"),
        (image(b"GIF87a", 64), "image/gif"),
        (image(b"GIF89a", 64), "image/gif"),
    ]
    for data, expected in known:
        found = detect_content_type(data)
        assert found == expected, (
            f"data starting with {data[:8]!r} is {expected}, detect_content_type said {found!r}"
        )
    unknown = [
        (b"", "empty data"),
        (b"just some text", "text"),
        (b"%PDF-1.7 a document", "a PDF"),
        (
            b"GIFT voucher: 20 EUR",
            "text that starts with 'GIF' (a GIF starts with GIF87a or GIF89a)",
        ),
        (PNG[:-1], "the first 7 of the 8 bytes of PNG's signature"),
        (b"xx" + JPEG + b"yy", "data with JPEG's signature in the middle, not at the start"),
    ]
    for data, what in unknown:
        error = raised_by(detect_content_type, data)
        assert isinstance(error, UnsupportedType), (
            f"detect_content_type({data!r}), {what}, should raise UnsupportedType, got {error!r}"
        )


def test_an_image_comes_back_byte_for_byte(store: BlobStore | FileStore) -> None:
    photos = {
        "logo.png": image(PNG, 5_000),
        "shoe.jpg": image(JPEG, 7_001, salt=3),
        "spinner.gif": image(GIF, 300, salt=7),
    }
    with pytest.raises(UnicodeDecodeError):
        photos["logo.png"].decode("utf-8")  # the checks' own data: not text, on purpose
    infos = {name: save(store, name, data) for name, data in photos.items()}
    assert len({info.id for info in infos.values()}) == 3, (
        f"three saves should give three different ids, got {[i.id for i in infos.values()]}"
    )
    for name, data in photos.items():
        info = infos[name]
        expected = ImageInfo(info.id, name, detect_content_type(data), len(data), sha(data))
        assert info == expected, f"save({name!r}, ...) returned {info}, expected {expected}"
        loaded = load(store, info.id)
        assert same_bytes(loaded, data), (
            f"load gave back {len(loaded)} bytes for {name}, which were not the {len(data)} "
            "bytes saved: bytes must be stored and read as bytes, never decoded or re-encoded"
        )
        if isinstance(store, BlobStore):
            assert same_bytes(blob_column(store, info.id), data), (
                f"the data column of {name}'s row in blob_images should hold its bytes"
            )


def test_the_type_comes_from_the_bytes_not_the_name(store: BlobStore | FileStore) -> None:
    info = save(store, "holiday.jpg", image(PNG, 2_000))
    assert info.content_type == "image/png", (
        "a PNG uploaded as holiday.jpg is a PNG: the content type must come from the bytes' "
        f"magic number, not from the name, got {info.content_type!r}"
    )
    error = raised_by(store.save, "cat.png", b"this is text, whatever the name says")
    assert isinstance(error, UnsupportedType), (
        f"text uploaded as cat.png should raise UnsupportedType, got {error!r}"
    )


def test_exactly_max_size_bytes_are_allowed(store: BlobStore | FileStore) -> None:
    data = image(PNG, MAX_SIZE)
    try:
        info = save(store, "poster.png", data)
    except ImageRejected as error:
        raise AssertionError(
            f"an upload of exactly MAX_SIZE ({MAX_SIZE}) bytes is allowed, but save refused it "
            f"with {error!r}: only more than MAX_SIZE bytes is too large"
        ) from error
    intact = same_bytes(load(store, info.id), data)
    assert intact, "an image of exactly MAX_SIZE bytes should come back byte for byte"


def test_a_refused_upload_writes_nothing(
    store: BlobStore | FileStore, engine: Engine, sqlite_path: Path, root: Path, tmp_path: Path
) -> None:
    what = type(store).__name__
    first = save(store, "first.png", image(PNG, 1_000))
    table = table_of(store)
    refused = [
        ("a PNG of MAX_SIZE + 1 bytes", "huge.png", image(PNG, MAX_SIZE + 1), TooLarge),
        ("an empty upload", "empty.png", b"", UnsupportedType),
        ("a text file", "notes.gif", b"plain text " * 100, UnsupportedType),
        ("a PDF", "scan.jpg", b"%PDF-1.7" + bytes(range(256)) * 20, UnsupportedType),
    ]
    for what_upload, name, data, expected in refused:
        files_before = files_in(root)
        OPEN_SESSIONS.clear()
        error = raised_by(store.save, name, data)
        assert isinstance(error, expected), (
            f"{what}.save of {what_upload} should raise {expected.__name__}, got {error!r}"
        )
        assert committed_names(sqlite_path, table) == ["first.png"], (
            f"{what}.save of {what_upload} was refused, yet it left a row behind: check the "
            "upload before writing anything"
        )
        if isinstance(store, FileStore):
            new_files = sorted(set(files_in(root)) - set(files_before))
            assert not new_files, (
                f"FileStore.save of {what_upload} was refused, yet it left the file(s) "
                f"{shown(new_files)} in root: check the upload before writing any file"
            )
        assert_sessions_closed(store, f"{what}.save of {what_upload}")
    intact = same_bytes(load(store, first.id), image(PNG, 1_000))
    assert intact, "a refused upload damaged another image"
    if isinstance(store, FileStore):
        # A file written and deleted again leaves no trace: a process that may not write
        # past CRASH_AFTER bytes is killed if it writes the oversized upload anywhere.
        system_temp = tmp_path / "system-temp"
        system_temp.mkdir()
        huge = image(PNG, MAX_SIZE + 1)
        outcome = save_in_a_child(engine, root, system_temp, "huge.png", huge)
        assert outcome != "killed", (
            f"FileStore.save of a PNG of MAX_SIZE + 1 bytes wrote it to a file before refusing "
            f"it: run in a process that may not write more than {CRASH_AFTER:,} bytes to a "
            "file, it was killed for trying. Check the upload before writing anything, even a "
            "temporary file you delete again"
        )
        assert outcome.startswith("raised TooLarge"), (
            f"FileStore.save of a PNG of MAX_SIZE + 1 bytes should raise TooLarge, but it {outcome}"
        )


def test_delete_removes_the_image(store: BlobStore | FileStore) -> None:
    what = type(store).__name__
    keep = save(store, "keep.png", image(PNG, 1_000))
    gone = save(store, "gone.jpg", image(JPEG, 1_000))
    OPEN_SESSIONS.clear()
    store.delete(gone.id)
    assert_sessions_closed(store, f"{what}.delete")
    error = raised_by(store.load, gone.id)
    assert isinstance(error, ImageNotFound), (
        f"after delete, {what}.load of that id should raise ImageNotFound, got {error!r}"
    )
    intact = same_bytes(load(store, keep.id), image(PNG, 1_000))
    assert intact, "deleting one image damaged another"
    for method in (store.load, store.delete):
        OPEN_SESSIONS.clear()
        error = raised_by(method, 999)
        assert isinstance(error, ImageNotFound), (
            f"{what}.{method.__name__}(999), an id no image has, should raise ImageNotFound, "
            f"got {error!r}"
        )
        assert_sessions_closed(store, f"{what}.{method.__name__}(999), which raised,")


def test_files_are_named_by_the_hash_of_their_bytes(
    engine: Engine, root: Path, tmp_path: Path
) -> None:
    store = FileStore(engine, root)
    data = image(PNG, 4_000)
    info = save(store, "../../escape.png", data)
    assert info.name == "../../escape.png", (
        f"the upload's name should be kept as given in the row, got {info.name!r}"
    )
    escaped = [str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*escape*")]
    assert not escaped, (
        f"saving an upload named ../../escape.png wrote {escaped} outside root: the file's "
        "name came from the upload's name. Name files by the hash of their bytes only"
    )
    assert files_in(root) == [sha(data)], (
        f"after one save, root should hold one file named by the bytes' SHA-256, "
        f"{sha(data)}, found {shown(files_in(root))}"
    )
    intact = same_bytes((root / sha(data)).read_bytes(), data)
    assert intact, "the file should hold exactly the bytes saved"


def test_identical_content_is_stored_once(engine: Engine, root: Path, sqlite_path: Path) -> None:
    store = FileStore(engine, root)
    data = image(JPEG, 6_000)
    one = save(store, "front.jpg", data)
    two = save(store, "front-copy.jpg", data)
    other = save(store, "back.jpg", image(JPEG, 6_000, salt=1))
    assert one.id != two.id, "the same bytes saved twice are two images, with two ids"
    assert committed_names(sqlite_path, "file_images") == [
        "front.jpg",
        "front-copy.jpg",
        "back.jpg",
    ], "each save should commit its own row"
    assert files_in(root) == sorted([sha(data), other.sha256]), (
        f"two saves of the same bytes should share one file: root holds {shown(files_in(root))}"
    )
    intact = same_bytes(load(store, two.id), data) and same_bytes(load(store, one.id), data)
    assert intact, "each of the two images with the same bytes should load those bytes"


def test_deleting_one_copy_keeps_the_file_of_the_other(engine: Engine, root: Path) -> None:
    store = FileStore(engine, root)
    data = image(GIF, 3_000)
    one = save(store, "a.gif", data)
    two = save(store, "b.gif", data)
    store.delete(one.id)
    try:
        loaded = load(store, two.id)
    except FileNotFoundError as error:
        raise AssertionError(
            "deleting a.gif removed the file that b.gif, with the same bytes, still uses: "
            "leave the file to cleanup, or remove it only when no other row refers to it"
        ) from error
    assert same_bytes(loaded, data), "deleting a.gif damaged b.gif, which has the same bytes"
    store.cleanup()
    intact = same_bytes(load(store, two.id), data)
    assert intact, "cleanup damaged the file that b.gif still uses"


def test_cleanup_removes_exactly_the_files_no_row_refers_to(
    engine: Engine, root: Path, tmp_path: Path
) -> None:
    store = FileStore(engine, root)
    kept = {name: image(PNG, 2_000, salt=n) for n, name in enumerate(["a.png", "b.png", "c.png"])}
    infos = {name: save(store, name, data) for name, data in kept.items()}
    deleted = save(store, "old.png", image(PNG, 2_000, salt=9))
    shared = save(store, "b-again.png", kept["b.png"])
    store.delete(deleted.id)
    store.delete(shared.id)  # b.png still uses the file
    # What a crash or another program can leave in root: a file named like a hash, and a
    # temporary file of a save that never finished.
    stray = sha(b"uploaded, then the server crashed before the commit")
    (root / stray).write_bytes(b"uploaded, then the server crashed before the commit")
    (root / ".upload-abc123.tmp").write_bytes(b"half an upload")
    # A folder in root, with a file in it: not one of the store's files.
    incoming = root / "incoming"
    incoming.mkdir()
    (incoming / deleted.sha256).write_bytes(b"a file of another program's")
    # Outside root, even when named like an image's file: not the store's to delete.
    thumbnails = tmp_path / "media" / "thumbnails"
    thumbnails.mkdir()
    (thumbnails / deleted.sha256).write_bytes(b"a thumbnail")
    (tmp_path / "media" / stray).write_bytes(b"someone else's file")

    # Cleanup runs as a job of its own: a new FileStore, with nothing in memory.
    before = files_in(root)
    job = FileStore(engine, root)
    OPEN_SESSIONS.clear()
    try:
        removed = job.cleanup()
    except OSError as error:
        raise AssertionError(
            f"cleanup failed ({error!r}): root holds a folder, root/incoming, and only the "
            "files directly in root are the store's. Skip what is not a file (path.is_file())"
        ) from error
    assert_sessions_closed(job, "FileStore.cleanup")

    expected = sorted(info.sha256 for info in infos.values())
    left = files_in(root)
    lost = [name for name, info in infos.items() if info.sha256 not in left]
    assert not lost, f"cleanup deleted the files of {lost}, which rows still refer to"
    orphans = [name for name in left if name not in expected]
    assert not orphans, (
        f"after cleanup, root still holds {len(orphans)} file(s) no row refers to: "
        f"{shown(orphans)}. Cleanup runs as a job of its own (here a new FileStore, with "
        "nothing in memory): list the files in root and delete those whose names are not "
        "among the table's hashes"
    )
    assert files_in(thumbnails) == [deleted.sha256] and (tmp_path / "media" / stray).exists(), (
        "cleanup deleted files outside root: it must only look at the files directly in root"
    )
    assert files_in(incoming) == [deleted.sha256], (
        "cleanup deleted root/incoming, a folder inside root, or the file in it: only the "
        "files directly in root are the store's. Leave folders alone (path.is_file())"
    )
    deleted_count = len(before) - len(left)
    assert removed == deleted_count, (
        f"cleanup deleted {deleted_count} files, but returned {removed!r}"
    )
    for name, info in infos.items():
        intact = same_bytes(load(store, info.id), kept[name])
        assert intact, f"{name} no longer loads byte for byte after cleanup"


def test_a_crash_while_writing_a_new_image_leaves_nothing_broken(
    engine: Engine, root: Path, tmp_path: Path, sqlite_path: Path
) -> None:
    store = FileStore(engine, root)
    first = save(store, "first.png", image(PNG, 1_000))
    big = image(PNG, BIG, salt=5)
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    elsewhere_before = files_outside(tmp_path, root, sqlite_path.parent)

    outcome = save_in_a_child(engine, root, system_temp, "big.png", big)

    if outcome != "killed" and "big.png" in committed_names(sqlite_path, "file_images"):
        written = (root / sha(big)).stat().st_size if (root / sha(big)).exists() else 0
        assert written == BIG, (
            f"the save finished and committed big.png, but its file holds {written:,} of its "
            f"{BIG:,} bytes: a write may write less than it was given (os.write returns how "
            "many bytes it wrote). Write through a file object (its write() loops until all "
            "is written) or loop yourself"
        )
    assert outcome == "killed", (
        f"saving a {BIG}-byte image in a process that may not write files past {CRASH_AFTER} "
        f"bytes should have crashed it mid-write, but the save {outcome}"
    )
    assert committed_names(sqlite_path, "file_images") == ["first.png"], (
        "the crash mid-write left a committed row for big.png, whose file was never completely "
        "written: write the file first and commit the row after it. Then a crash leaves at "
        "worst a file no row refers to, which cleanup removes"
    )
    assert files_in(system_temp) == [], (
        f"the crashed save left {shown(files_in(system_temp))} in the system's temporary folder, "
        "where cleanup never looks (and os.replace may not work across file systems): create "
        "the temporary file in root"
    )
    left_elsewhere = sorted(files_outside(tmp_path, root, sqlite_path.parent) - elsewhere_before)
    assert not left_elsewhere, (
        f"the crashed save left {left_elsewhere} outside root, where cleanup never looks: "
        "create the temporary file in root"
    )
    again = save(store, "big.png", big)
    loaded = load(store, again.id)
    assert same_bytes(loaded, big), (
        f"after a crash mid-write, saving big.png again and loading it gave {len(loaded)} "
        f"bytes instead of {BIG}: the crash left a half-written file under the image's final "
        "name, and the next save trusted it. Write into a temporary file in root and "
        "os.replace it to its final name, so that a file named by a hash is always complete"
    )
    FileStore(engine, root).cleanup()
    assert files_in(root) == sorted([first.sha256, sha(big)]), (
        f"after cleanup, root should hold the files of first.png and big.png only, found "
        f"{shown(files_in(root))}: cleanup must also delete what a crashed save left behind"
    )


def test_a_crash_while_saving_a_second_copy_keeps_the_first(
    engine: Engine, root: Path, tmp_path: Path
) -> None:
    store = FileStore(engine, root)
    big = image(JPEG, BIG, salt=11)
    original = save(store, "original.jpg", big)
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()

    save_in_a_child(engine, root, system_temp, "copy.jpg", big)

    loaded = load(store, original.id)
    assert same_bytes(loaded, big), (
        f"a crash while saving a second copy of original.jpg damaged the first: its file now "
        f"holds {len(loaded)} bytes instead of {BIG}. Never open an image's file for writing: "
        "write a temporary file and os.replace it (or skip writing when the file exists)"
    )
    FileStore(engine, root).cleanup()
    intact = same_bytes(load(store, original.id), big)
    assert intact, "cleanup after the crash damaged original.jpg"


def test_crashed_saves_leave_their_own_temporary_files_in_root(
    engine: Engine, root: Path, tmp_path: Path, sqlite_path: Path
) -> None:
    FileStore(engine, root)
    big = image(GIF, BIG, salt=13)
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    elsewhere_before = files_outside(tmp_path, root, sqlite_path.parent)

    # Two saves of the same bytes, both killed mid-write, as if at the same moment.
    for name in ["../../escape.gif", "../../escape-copy.gif"]:
        save_in_a_child(engine, root, system_temp, name, big)

    new_elsewhere = files_outside(tmp_path, root, sqlite_path.parent) - elsewhere_before
    escaped = sorted(path for path in new_elsewhere if "escape" in path)
    assert not escaped, (
        f"saves of uploads named ../../escape.gif, crashed mid-write, left {escaped} outside "
        "root: a temporary file was named after the upload's name. That name is only stored "
        "in the row: let tempfile.mkstemp(dir=root) name the temporary file"
    )
    left = files_in(root)
    assert sha(big) not in left, (
        "a save that crashed mid-write left a file under the image's final name: write into a "
        "temporary file in root and os.replace it to its final name once it is complete"
    )
    assert left, (
        "two saves that crashed mid-write left nothing in root: each save should write its "
        "temporary file in root, where cleanup finds what a crash leaves behind"
    )
    assert len(left) == 2, (
        f"two saves of the same bytes, both crashed mid-write, left {len(left)} file(s) in "
        f"root: {shown(left)}. Each save should write a temporary file of its own there, named "
        "so that no other save uses it (tempfile.mkstemp(dir=root)): a name made from the hash "
        "alone makes two saves at the same time write into one file, and one of them can "
        "rename it while the other is still writing"
    )


def test_a_failed_write_leaves_no_temporary_file(
    engine: Engine, root: Path, tmp_path: Path, sqlite_path: Path
) -> None:
    store = FileStore(engine, root)
    first = save(store, "first.png", image(PNG, 1_000))
    big = image(JPEG, BIG, salt=17)
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()

    outcome = save_in_a_child(engine, root, system_temp, "big.jpg", big, crash=False)

    assert outcome.startswith("raised"), (
        f"writing big.jpg's file failed (OSError: File too large, as on a full disk), yet the "
        f"save {outcome}: let the error go on to the caller"
    )
    assert committed_names(sqlite_path, "file_images") == ["first.png"], (
        "writing big.jpg's file failed, yet its row was committed: write the file first, and "
        "commit the row only once the file is complete"
    )
    left = [name for name in files_in(root) if name != first.sha256]
    assert sha(big) not in left, (
        "writing big.jpg's file failed and left a half-written file under its final name: "
        "write into a temporary file in root and os.replace it once it is complete"
    )
    assert not left, (
        f"writing big.jpg's file failed (as on a full disk), and the save left {shown(left)} "
        "in root: when writing fails, delete the temporary file (try/except, then raise "
        "again), so that failed uploads do not fill the disk up further"
    )


def test_the_temporary_file_is_fsynced_before_the_rename(
    engine: Engine, root: Path, fsynced: list[Synced]
) -> None:
    store = FileStore(engine, root)
    data = image(PNG, 4_000)  # less than a file object's buffer holds
    save(store, "photo.png", data)

    final = (root / sha(data)).stat()
    synced = [call for call in fsynced if call.inode == (final.st_dev, final.st_ino)]
    assert synced, (
        "FileStore.save never called os.fsync on the image's file before giving it its name: "
        "flush the temporary file and os.fsync(file.fileno()) it before os.replace. After a "
        "power cut, the name could otherwise point at data that never reached the disk"
    )
    assert any(call.size == len(data) for call in synced), (
        f"os.fsync ran on the temporary file while it held {max(c.size for c in synced):,} of "
        f"its {len(data):,} bytes: the rest was still in the file object's buffer. Call "
        "file.flush() before os.fsync(file.fileno())"
    )
    assert any(call.size == len(data) and not call.had_its_final_name for call in synced), (
        "os.fsync ran only after the file had its final name: fsync the temporary file before "
        "os.replace, so that the name never points at data still on its way to the disk"
    )
