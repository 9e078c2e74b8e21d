"""Files (附件) in the admin: uploaded and removed on a disclosure's page through
``dangwu_core.attachments`` (type sniffed from the bytes, ``attachment_max_bytes``), offered
only to whom ``access.can_attach`` says, every form CSRF-protected; the upload route alone
accepts bodies larger than the global 256 KiB limit, and a file over its limit is a message.

Rule: issue 7 "attachment upload with type sniffing and size limits; CSRF on every form".
"""

from __future__ import annotations

import io

import pytest

from dangwu_core import access
from dangwu_core.models import Attachment, Disclosure
from dangwu_core.web import MAX_CONTENT_LENGTH

from .conftest import login
from .helpers import csrf_of, person, town_item

#: A PNG as the sniffer knows it (the signature), 300 KiB: larger than the global body limit.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 1200
USERS = ["admin", "lixy", "wangjg", "zhangw", "liuy", "chenj", "sunl"]


def page_of(client, item) -> str:
    response = client.get(f"/admin/disclosure/details/?id={item.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def upload(client, item, filename: str, data: bytes, token: str | None = None):
    token = token if token is not None else csrf_of(page_of(client, item))
    return client.post(
        f"/admin/disclosure/attachments/upload/?id={item.id}",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def files_of(item) -> list[Attachment]:
    return list(Attachment.select().where(Attachment.disclosure == item.id))


def test_the_proposer_uploads_downloads_and_removes_a_file_of_a_draft(app, demo):
    assert len(PNG) > MAX_CONTENT_LENGTH
    item = town_item(demo, "附件上传测试", "draft")
    client = login(app.test_client(), "zhangw")
    page = page_of(client, item)
    assert 'id="dw-upload"' in page

    response = upload(client, item, "公示照片.png", PNG)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "已上传附件“公示照片.png”" in text
    [row] = files_of(item)
    assert (row.filename, row.content_type, bytes(row.data)) == ("公示照片.png", "image/png", PNG)
    assert f'data-attachment="{row.id}"' in text

    download = client.get(
        f"/admin/disclosure/attachments/download/?id={item.id}&attachment={row.id}"
    )
    assert download.status_code == 200
    assert download.data == PNG
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in download.headers["Content-Disposition"]

    removed = client.post(
        f"/admin/disclosure/attachments/remove/?id={item.id}",
        data={"csrf_token": csrf_of(text), "attachment": str(row.id)},
        follow_redirects=True,
    )
    assert "已删除附件“公示照片.png”" in removed.get_data(as_text=True)
    assert files_of(item) == []


@pytest.mark.parametrize(
    "filename, data, cause",
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 64, ".exe files are not accepted"),
        ("plan.pdf", "这是一段文字，不是PDF。".encode(), "its content is a UTF-8 text"),
        ("photo.png", b"\x00\x01\x02garbage", "none of the accepted types"),
        ("empty.txt", b"", "the file is empty"),
    ],
)
def test_a_file_of_a_refused_type_is_a_message_and_nothing_is_written(
    app, demo, filename, data, cause
):
    item = town_item(demo, f"附件类型 {filename}", "draft")
    client = login(app.test_client(), "zhangw")
    response = upload(client, item, filename, data)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "附件未上传" in text
    assert cause in text.replace("&#34;", '"').replace("&#39;", "'")
    assert files_of(item) == []


def test_a_file_over_the_limit_is_a_message_not_an_error_page(app, demo):
    demo.settings = demo.settings.replace(attachment_max_bytes=300 * 1024)
    item = town_item(demo, "附件大小测试", "draft")
    client = login(app.test_client(), "zhangw")
    # Over the setting but within the route's allowance for the form: the service refuses.
    just_over = upload(client, item, "plan.txt", b"a" * (300 * 1024 + 1))
    assert just_over.status_code == 200
    assert "limited to 0.3 MiB" in just_over.get_data(as_text=True)
    # Far over: refused before the body is read (413), shown as a message on the page.
    far_over = client.post(
        f"/admin/disclosure/attachments/upload/?id={item.id}",
        data={
            "csrf_token": csrf_of(page_of(client, item)),
            "file": (io.BytesIO(b"a" * 2**20), "big.txt"),
        },
        content_type="multipart/form-data",
    )
    assert far_over.status_code == 302
    assert far_over.headers["Location"].endswith(f"/admin/disclosure/details/?id={item.id}")
    text = client.get(far_over.headers["Location"]).get_data(as_text=True)
    assert "文件过大：附件不得超过 300 KiB，未上传。" in text
    assert files_of(item) == []
    # Within the setting, larger than the global limit: accepted on this route only.
    assert upload(client, item, "photo.png", PNG[: 290 * 1024]).status_code == 200
    assert len(files_of(item)) == 1


def test_only_the_upload_route_accepts_large_bodies(app, demo):
    item = town_item(demo, "其他表单的大小限制", "draft")
    client = login(app.test_client(), "zhangw")
    big = {"csrf_token": csrf_of(page_of(client, item)), "comment": "x" * MAX_CONTENT_LENGTH}
    for url in (
        "/admin/disclosure/transition/",
        f"/admin/disclosure/attachments/remove/?id={item.id}",
    ):
        assert client.post(url, data=big).status_code == 413, url


def test_an_upload_without_the_csrf_token_is_refused(app, demo):
    item = town_item(demo, "附件CSRF", "draft")
    client = login(app.test_client(), "zhangw")
    response = upload(client, item, "plan.txt", b"text", token="forged")
    assert "表单已失效" in response.get_data(as_text=True)
    assert files_of(item) == []


@pytest.mark.parametrize("upto", ["draft", "start_review", "publish"])
def test_the_form_and_the_upload_follow_can_attach(app, demo, upto):
    item = town_item(demo, f"附件权限 {upto}", upto)
    definition = demo.registry.workflows.get(item.workflow)
    allowed, refused_by_service = [], []
    for username in USERS:
        client = login(app.test_client(), username)
        current = Disclosure.get_by_id(item.id)
        may = access.can_attach(person(username), current, definition)
        page = client.get(f"/admin/disclosure/details/?id={item.id}", follow_redirects=True)
        page = page.get_data(as_text=True)
        assert ('id="dw-upload"' in page) == may, (username, upto)
        before = len(files_of(item))
        # A page with no form has no token: the refusal is then the token's, else the
        # service's (or the item is not in the person's working list at all).
        has_token = 'name="csrf_token" type="hidden" value=' in page
        token = csrf_of(page) if has_token else "none"
        response = client.post(
            f"/admin/disclosure/attachments/upload/?id={item.id}",
            data={"csrf_token": token, "file": (io.BytesIO(b"notes"), f"{username}.txt")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert (len(files_of(item)) == before + 1) == may, (username, upto)
        if may:
            allowed.append(username)
        else:
            text = response.get_data(as_text=True)
            if 'id="dw-files"' not in page:  # not in the person's working list
                assert "没有找到该事项" in text, (username, upto)
            elif has_token:
                assert "附件未上传" in text, (username, upto)
                refused_by_service.append(username)
            else:
                assert "表单已失效" in text, (username, upto)
    expected = {"draft": ["zhangw"], "start_review": []}
    if upto in expected:
        assert allowed == expected[upto]
    else:
        assert allowed, "somebody may re-publish a published item"
    if upto != "draft":
        assert refused_by_service, "someone who sees the item and may not attach was asked"
