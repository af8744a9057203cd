"""What a drop may bring in: no link out of a dropped folder, no special files, no oversize copy."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from headhunter_desktop.core.documents import DEFAULT_LIMITS, FileTooLargeError
from headhunter_desktop.core.services.cv_files import collect_cv_files, store_original
from headhunter_desktop.core.storage.tables import ImportState
from tests.helpers.cv_files import ADA_CV, BOB_CV
from tests.helpers.import_pipeline import ImportEnv

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks and FIFOs as on POSIX")


def reasons(skipped: list) -> dict[str, str]:
    return {s.path.name: s.reason for s in skipped}


@posix_only
def test_links_out_of_a_dropped_folder_are_skipped_with_a_reason(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    (drop / "sub").mkdir(parents=True)
    (drop / "ada.txt").write_text(ADA_CV, encoding="utf-8")
    secret = tmp_path / "outside" / "private.txt"
    secret.parent.mkdir()
    secret.write_text(BOB_CV, encoding="utf-8")
    (drop / "cv.txt").symlink_to("/etc/passwd")
    (drop / "sub" / "resume.txt").symlink_to(secret)
    (drop / "linked_folder").symlink_to(secret.parent, target_is_directory=True)
    (drop / "again.txt").symlink_to(drop / "ada.txt")  # stays inside: the same file

    found, skipped = collect_cv_files([drop])

    assert found == [drop / "ada.txt"]
    why = reasons(skipped)
    assert set(why) == {"cv.txt", "resume.txt", "linked_folder"}
    assert all("out of the dropped folder" in reason for reason in why.values())


@posix_only
def test_a_link_dropped_by_the_user_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "ada.txt"
    target.parent.mkdir()
    target.write_text(ADA_CV, encoding="utf-8")
    link = tmp_path / "ada-link.txt"
    link.symlink_to(target)
    found, skipped = collect_cv_files([link])
    assert found == [link] and skipped == []


@posix_only
def test_fifos_sockets_and_dangling_links_are_skipped_with_a_reason(tmp_path: Path) -> None:
    drop = tmp_path / "d"
    drop.mkdir()
    os.mkfifo(drop / "pipe.txt")
    (drop / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "pipe-link.txt").symlink_to(drop / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(drop / "sock.txt"))
        found, skipped = collect_cv_files([drop, drop / "pipe.txt", tmp_path / "pipe-link.txt"])
    assert found == []
    why = reasons(skipped)
    assert why["pipe.txt"] == why["pipe-link.txt"] == "not a regular file (a named pipe)"
    assert why["sock.txt"] == "not a regular file (a socket)"
    assert "broken link" in why["gone.txt"]
    assert len(skipped) == 5  # the pipe once from the folder, once dropped by itself


def test_an_oversize_file_is_refused_before_anything_is_copied(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as file:  # sparse: 200 MB on paper, nothing on disk
        file.truncate(200 * 1024 * 1024)
    store = tmp_path / "store"
    with pytest.raises(FileTooLargeError):
        store_original(big, store, "ab" * 32)
    assert not store.exists() or list(store.rglob("*")) == []


def test_an_oversize_import_fails_with_no_copy_left(import_env: ImportEnv, tmp_path: Path) -> None:
    big = tmp_path / "drop" / "big.pdf"
    big.parent.mkdir()
    with big.open("wb") as file:
        file.truncate(DEFAULT_LIMITS.max_file_bytes * 10)

    async def scenario() -> list:
        result = await import_env.service.enqueue([big], client_company_id=None)
        return await import_env.service.process(result.batch_id)

    [row] = import_env.run(scenario())
    assert row.state == ImportState.FAILED and row.error_code == "file_too_large"
    copies = [p for p in import_env.paths.cv_files.rglob("*") if p.is_file()]
    assert copies == []
    assert import_env.server.chat_requests() == []


@posix_only
def test_an_import_of_the_folder_sends_and_keeps_nothing_from_outside(
    import_env: ImportEnv, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "ada.txt").write_text(ADA_CV, encoding="utf-8")
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$very-secret-hash:19000:0:99999:7:::\n", encoding="utf-8")
    (drop / "cv.txt").symlink_to(secret)

    async def scenario() -> tuple[list, list]:
        result = await import_env.service.enqueue([drop], client_company_id=None)
        return result.skipped, await import_env.service.process(result.batch_id)

    skipped, rows = import_env.run(scenario())
    assert [s.path.name for s in skipped] == ["cv.txt"]
    assert [row.file_name for row in rows] == ["ada.txt"]
    sent = "".join(str(r.body) for r in import_env.server.requests)
    assert "very-secret-hash" not in sent
    copies = [p for p in import_env.paths.cv_files.rglob("*") if p.is_file()]
    assert len(copies) == 1 and "very-secret-hash" not in copies[0].read_text(encoding="utf-8")
