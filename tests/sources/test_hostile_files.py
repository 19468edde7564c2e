"""Hostile input directories and files: links out of the directory, named pipes, files
in other encodings than UTF-8."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitrep.errors import SourceError
from sitrep.model import Document
from sitrep.sources import read_path

REPORT = "Armoured columns left Velmor for the border on Tuesday, officials said."
RUSSIAN = "Российские войска отошли от границы, заявил во вторник министр обороны Павел Орлов."


def test_a_link_leading_out_of_the_input_directory_is_refused_and_one_inside_is_read(tmp_path):
    inputs, outside = tmp_path / "inputs", tmp_path / "elsewhere"
    inputs.mkdir(), outside.mkdir()
    (outside / "secret.txt").write_text("Not a report: a file the link points at.")
    (inputs / "report.txt").write_text(REPORT)
    (inputs / "leak.txt").symlink_to(outside / "secret.txt")
    (inputs / "again.txt").symlink_to(inputs / "report.txt")
    (inputs / "tree").symlink_to(outside, target_is_directory=True)

    results = {Path(getattr(r, "source", "")).name: r for r in read_path(str(inputs))}

    leak = results["leak.txt"]
    assert isinstance(leak, SourceError)
    assert str(inputs / "leak.txt") in str(leak) and "outside the input directory" in str(leak)
    assert isinstance(results["again.txt"], Document) and results["again.txt"].text == REPORT
    assert isinstance(results["report.txt"], Document)
    assert not any(isinstance(r, Document) and "Not a report" in r.text for r in results.values())


def test_a_named_pipe_is_refused_at_once_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a-report.txt").write_text(REPORT)
    os.mkfifo(tmp_path / "pipe.txt")
    # in a subprocess with a deadline: the old reader waited for a writer for ever
    code = ("import sys; from sitrep.sources import read_path\n"
            "for r in read_path(sys.argv[1]): print(type(r).__name__, r if not "
            "hasattr(r, 'text') else r.name)\n")
    for target in (str(tmp_path), str(tmp_path / "pipe.txt")):
        done = subprocess.run([sys.executable, "-c", code, target], capture_output=True,
                              text=True, timeout=60, env=os.environ | {"PYTHONPATH": os.getcwd()})
        assert done.returncode == 0, done.stderr
        assert f"SourceError {tmp_path / 'pipe.txt'}: not a regular file but a named pipe" \
            in done.stdout
    assert "Document a-report" in subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
        timeout=60, env=os.environ | {"PYTHONPATH": os.getcwd()}).stdout


def test_a_device_is_refused(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    [error] = read_path(str(tmp_path / "zero.txt"))
    assert isinstance(error, SourceError)
    assert "not a regular file but a character device" in str(error)


def test_utf16_files_are_read_with_either_byte_order(tmp_path):
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"{encoding}.txt"
        bom = "\ufeff" if encoding == "utf-16-be" else ""  # the codec writes its own mark
        path.write_bytes((bom + RUSSIAN + "\n" + REPORT).encode(encoding))
        [document] = read_path(str(path))
        assert isinstance(document, Document), document
        assert document.text == f"{RUSSIAN}\n{REPORT}" and document.warnings == []


def test_a_windows_1251_file_is_read_as_russian_with_a_warning(tmp_path):
    path = tmp_path / "orlov.txt"
    path.write_bytes((RUSSIAN + "\n") .encode("windows-1251") * 3)
    [document] = read_path(str(path))
    assert isinstance(document, Document), document
    assert document.text.startswith(RUSSIAN) and "\ufffd" not in document.text
    assert document.warnings == [f"{path}: invalid UTF-8 at byte 0; read as cp1251, "
                                 "the encoding detected"]
