# mistake: a write that fails is cleaned up but not raised again, so save goes on and commits a row whose file was never written
# expect: yet the save finished: let the error go on to the caller

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

Every method closes its session before it returns, or raises (a commit is not a close: a
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
past a size limit, and that the operating system kills the moment it tries, so that no
`except` or `finally` of yours runs (or, for a failed write, in which the write raises
`OSError`), and then look at what it left behind.
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
