"""``dangwu review check FILE…`` (issue 16, "The command"): one JSON object per finding and
line, exit 1 when anything blocks, an unreadable file one clear error line while the others are
still checked; 300 files of a few hundred characters in one run."""

from __future__ import annotations

import io
import json
import subprocess  # nosec B404  # the installed console script, on files the test wrote
import sys
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner
from corpus import corpus
from dangwu_review.plugin import dangwu_register_commands

from dangwu_core.testing import cli_group

FIELDS = {"file", "kind", "start", "end", "text", "action", "suggestion"}


def run(sqlite_url, *files):
    cli = cli_group()
    if "review" not in cli.commands:  # what `dangwu` does at start (the installed plugins' hook)
        dangwu_register_commands(cli)
    result = CliRunner().invoke(cli, ["--database", sqlite_url, "review", "check", *files])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result, lines


def test_each_finding_is_one_json_line_with_offsets_into_the_text_004_7_3(sqlite_url, tmp_path):
    """004 七(三): the secrecy review before publication, as a command an office runs on its
    files; a marking blocks (exit 1)."""
    text = "机密★5年\n联系人张三，手机13800138000。\n"
    path = tmp_path / "通知.txt"
    path.write_text(text, encoding="utf-8")
    result, lines = run(sqlite_url, str(path))
    assert result.exit_code == 1, result.output
    assert [(x["kind"], x["action"]) for x in lines] == [
        ("classification", "block"),
        ("mobile", "redact"),
    ]
    for line in lines:
        assert line.keys() >= FIELDS and line["file"] == str(path)
        assert text[line["start"] : line["end"]] == line["text"]
    assert lines[1]["suggestion"] == "138****8000"


def test_redactions_only_exit_0(sqlite_url, tmp_path):
    path = tmp_path / "公示.txt"
    path.write_text("申请人身份证号11010519491231002X。", encoding="utf-8")
    result, lines = run(sqlite_url, str(path))
    assert result.exit_code == 0 and [x["kind"] for x in lines] == ["id_card"]


def test_an_unreadable_file_is_one_error_line_and_the_others_are_checked(sqlite_url, tmp_path):
    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"not a zip")
    good = tmp_path / "好.txt"
    good.write_text("电话13800138000", encoding="utf-8")
    missing = tmp_path / "没有.txt"
    result, lines = run(sqlite_url, str(broken), str(good), str(missing))
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 2
    assert errors[0].startswith(f"Error: {broken}: 无法读取文字")
    assert errors[1].startswith(f"Error: {missing}: 无法打开")
    assert [(x["file"], x["kind"]) for x in lines] == [(str(good), "mobile")]
    assert result.exit_code == 1  # a file that was not checked cannot pass


def test_docx_and_xlsx_attachments_are_read(sqlite_url, tmp_path):
    document = docx.Document()
    document.add_paragraph("党费收缴情况")
    document.add_paragraph("王芳，身份证号11010519491231002X")
    document.save(tmp_path / "名单.docx")
    book = openpyxl.Workbook()
    book.active.append(["姓名", "手机"])
    book.active.append(["李明", "13800138000"])
    buffer = io.BytesIO()
    book.save(buffer)
    (tmp_path / "名单.xlsx").write_bytes(buffer.getvalue())
    result, lines = run(sqlite_url, str(tmp_path / "名单.docx"), str(tmp_path / "名单.xlsx"))
    assert result.exit_code == 0, result.output
    assert [(x["file"].rsplit(".", 1)[1], x["kind"], x["text"]) for x in lines] == [
        ("docx", "id_card", "11010519491231002X"),
        ("xlsx", "mobile", "13800138000"),
    ]


def test_300_files_in_one_run(sqlite_url, tmp_path):
    """Issue 16: 300 files of a few hundred characters (well under 10 s: no timing asserted)."""
    documents = corpus(300, seed=7)
    paths = []
    for i, doc in enumerate(documents):
        path = tmp_path / f"doc{i:03d}.txt"
        path.write_text(doc.text, encoding="utf-8")
        paths.append(str(path))
    result, lines = run(sqlite_url, *paths)
    blocking = any(a in ("block", "escalate") for d in documents for *_k, a in d.labels)
    assert result.exit_code == (1 if blocking else 0)
    found = {(x["file"], x["kind"], x["start"], x["end"]) for x in lines}
    expected = {(paths[i], k, s, e) for i, d in enumerate(documents) for k, s, e, _a in d.labels}
    assert expected <= found


def test_the_installed_dangwu_command_has_it(tmp_path):
    """The entry point registers the command: the console script runs it."""
    path = tmp_path / "a.txt"
    path.write_text("绝密★长期", encoding="utf-8")
    script = Path(sys.executable).with_name("dangwu")
    done = subprocess.run(  # nosec B603  # a fixed argument list, no shell
        [str(script), "review", "check", str(path)],
        capture_output=True, text=True, cwd=tmp_path, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["kind"] == "classification"
