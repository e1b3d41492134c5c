"""``zongjie serve`` without a browser: the routes through Starlette's test client, the upload limit,
malformed uploads, escaping of user text, the loopback default and the temporary directory."""

from __future__ import annotations

import asyncio
import io
import json
import re
import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2; httpx is what the test extra installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from zongjie.web import create_app, is_loopback  # noqa: E402
from zongjie.web.app import TooLarge, allowed_hosts, read_body  # noqa: E402
from zongjie.web.problems import chinese, split  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1"
SCRIPT = "<script>alert(1)</script>"
SUMMARY = ("星海机械厂工会2024年工作总结\n"
           "2024年，星海机械厂工会在厂党委的领导下，团结带领全厂职工，较好地完成了各项工作任务。\n"
           "一、加强组织建设\n"
           "全年新发展会员126人，会员总数达到2316人，入会率保持在98.7%。\n"
           "二、做好帮扶工作\n"
           "走访慰问困难职工56人次，发放慰问金12.5万元。\n"
           "三、存在的不足\n"
           "一是服务职工的方式还不够多；二是基层工会活力不足。\n"
           "星海机械厂工会\n2024年12月20日\n")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(max_upload=64 * 1024), base_url=BASE) as c:
        yield c


def read(client, data: bytes, name: str):
    return client.post("/api/read", params={"name": name}, content=data)


def test_web_page_is_chinese_self_contained_and_locked_down(client):
    res = client.get("/")
    assert res.status_code == 200 and "text/html" in res.headers["content-type"]
    assert "工会工作总结助手" in res.text and 'lang="zh-CN"' in res.text
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert not re.search(r"(src|href)=\"(https?:)?//", res.text)            # nothing fetched from elsewhere
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', res.text):
        got = client.get(asset)
        assert got.status_code == 200 and len(got.content) > 500, asset
        assert "http://" not in got.text and "https://" not in got.text, asset
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and "找不到" in missing.text


def test_web_loopback_default(client):
    from typer.testing import CliRunner

    from zongjie.cli import app

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    res = CliRunner().invoke(app, ["serve", "--help"], env={"LANG": "C", "COLUMNS": "200"})
    assert res.exit_code == 0 and "[default: 127.0.0.1]" in res.stdout
    assert "127.0.0.1" in allowed_hosts("127.0.0.1") and "evil.example" not in allowed_hosts("127.0.0.1")
    assert allowed_hosts("0.0.0.0") == ["*"]
    # a page elsewhere that reaches the loopback server under its own name is refused (DNS rebinding)
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_web_serve_without_the_extra_says_what_to_install(monkeypatch):
    from typer.testing import CliRunner

    import zongjie.web
    from zongjie.cli import app

    monkeypatch.setattr(zongjie.web, "missing_dependencies", lambda: ["starlette"])
    res = CliRunner().invoke(app, ["serve"], env={"LANG": "C"})
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'zongjie[web]'" in lines[0] and "starlette" in lines[0]


def test_web_read_gives_view_facts_and_structure(client):
    res = read(client, SUMMARY.encode("gb18030"), "2024年总结.txt")
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["ok"] and body["encoding"].lower().replace("-", "") in ("gb18030", "gbk", "gb2312")
    view = body["view"]
    assert 'data-section="organization"' in view and "组织建设" in view
    assert re.search(r'<mark class="zj-fig zj-fig-count[^"]*" data-kind="count"[^>]*>126人</mark>', view)
    assert "星海机械厂工会2024年工作总结" in view and "zj-title" in view
    assert 'title="日期：2024"' in view and 'title="金额：125000 元' in view
    facts = body["facts"]
    assert "星海机械厂工会" in facts["organization"] and facts["period"]["year"] == 2024
    assert json.dumps(facts, ensure_ascii=False).count("56") >= 1


def test_web_html_page_is_read_as_its_main_text(client):
    page = ("<html><head><title>范文网</title></head><body><nav><a href='/'>首页</a> | <a href='/a'>范文大全</a></nav>"
            "<article><h1>星海机械厂工会2024年工作总结</h1>"
            + "".join(f"<p>{line}</p>" for line in SUMMARY.splitlines()[1:6])
            + "</article><footer>版权所有 © 范文网 联系我们</footer></body></html>")
    body = read(client, page.encode("utf-8"), "范文.html").json()
    assert body["ok"] and "（网页）" in body["view"]
    assert "<p>" not in body["view"].split("</details>")[-1]
    assert "首页" not in body["view"].split("</details>")[-1]           # the chrome is left out of the text
    assert "网页中去掉了" in body["view"]                                 # and said so


def test_web_placeholders_are_marked(client):
    text = "一、帮扶工作\n走访慰问困难职工xx人次，发放慰问金x万元。\n"
    body = read(client, text.encode("utf-8"), "a.txt").json()
    assert body["ok"] and body["view"].count("zj-placeholder") >= 1


@pytest.mark.parametrize("name,data,words", [
    ("garbage.docx", bytes(range(256)) * 40, "无法读取"),
    ("garbage.txt", b"\x00\x01\x02\xff\xfe" * 500, ""),
    ("empty.docx", b"", "空"),
    ("blank.txt", b"  \n\n ", "没有读到"),
    ("notword.docx", None, "无法读取"),
    ("broken.pdf", b"%PDF-1.4\n garbage", "无法读取"),
    ("truncated.docx", None, "无法读取"),
])
def test_web_malformed_uploads_get_a_message_not_an_error_page(client, name, data, words):
    if name == "notword.docx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "not a Word file")
        data = buf.getvalue()
    if name == "truncated.docx":
        from docx import Document

        buf = io.BytesIO()
        doc = Document()
        doc.add_paragraph("一、组织建设" * 200)
        doc.save(buf)
        data = buf.getvalue()[: len(buf.getvalue()) // 2]
    res = read(client, data, name)
    assert res.headers["content-type"].startswith("application/json"), res.text[:200]
    body = res.json()
    if res.status_code == 200:       # bytes that decode as (odd) text are text: still no error page
        assert body["ok"] and name.endswith(".txt")
        return
    assert 400 <= res.status_code < 500 and body["ok"] is False
    assert words in body["error"] and "Traceback" not in body["error"]
    assert len(body["error"].splitlines()) == 1


def test_web_upload_limit(client):
    res = read(client, b"a" * (64 * 1024 + 1), "big.txt")
    assert res.status_code == 413 and "文件太大" in res.json()["error"] and "64 KB" in res.json()["error"]
    chunked = client.post("/api/read", params={"name": "big.txt"}, content=iter([b"b" * 40000] * 3))
    assert chunked.status_code == 413
    res = client.post("/api/facts", content=b"{" + b" " * (64 * 1024) + b"}")
    assert res.status_code == 413
    assert read(client, b"a" * 1000, "ok.txt").status_code == 200


def test_web_limit_is_checked_while_streaming():
    """The body is refused as soon as the limit is passed: the rest is never read."""
    pulled = []

    class Request:
        headers: dict = {}

        async def stream(self):
            for i in range(1000):
                pulled.append(i)
                yield b"x" * 1000

    with pytest.raises(TooLarge):
        asyncio.run(read_body(Request(), 10_000))
    assert len(pulled) == 11

    class Declared(Request):
        headers = {"content-length": "20000"}

    pulled.clear()
    with pytest.raises(TooLarge):
        asyncio.run(read_body(Declared(), 10_000))
    assert pulled == []


def all_fields(value: str) -> dict:
    """A facts object with ``value`` in every text field the page shows."""
    item = {"text": value + "{1}", "figures": [{"what": value, "value": 3, "unit": value, "approx": "约"}]}
    sec = {"title": value, "items": [value, {"what": value, "value": 1, "unit": value}, item]}
    return {"organization": value, "superiors": [value], "period": {"year": 2025}, "title": value,
            "focus": value, "opening": value, "overview": [value], "sections": {"welfare": sec},
            "problems": [value], "plans": {"intro": value, "sections": {"culture": sec}},
            "closing": value, "signature": {"name": value}}


def test_web_script_in_every_field_comes_back_escaped(client):
    up = read(client, (SCRIPT + "\n一、组织建设\n" + SCRIPT + "新发展会员12人。\n").encode(), SCRIPT + ".txt")
    assert up.status_code == 200
    body = up.json()
    assert "<script" not in body["view"] and "&lt;script&gt;" in body["view"]
    assert up.headers["content-type"].startswith("application/json")
    facts = all_fields(SCRIPT)
    loaded = client.post("/api/facts", content=json.dumps(facts).encode())
    assert loaded.status_code == 200 and loaded.json()["facts"] == facts
    for fmt in ("txt", "md", "json"):
        res = client.post("/api/draft", json={"facts": facts, "format": fmt})
        assert res.status_code == 200 and res.headers["content-type"].startswith("application/json")
        assert fmt == "md" or SCRIPT in res.json()["text"]     # JSON data: the page sets it as textContent
    for fmt in ("md", "txt", "docx", "json"):
        res = client.post("/api/download", params={"format": fmt}, json=facts)
        assert res.status_code == 200, res.text[:300]
        assert "text/html" not in res.headers["content-type"] and res.headers["x-content-type-options"] == "nosniff"
        assert res.headers["content-disposition"].startswith("attachment;")
    # the only HTML the page ever inserts is the server's escaped view; the rest is textContent/value
    js = (ROOT / "src" / "zongjie" / "web" / "static" / "app.js").read_text(encoding="utf-8")
    assert js.count("innerHTML") == 1 and "$(\"view\").innerHTML = r.view" in js
    assert "insertAdjacentHTML" not in js and "outerHTML" not in js and "document.write" not in js


def test_web_draft_problems_name_their_fields_in_chinese(client):
    facts = {"organization": "", "period": {"year": "二〇二五"},
             "sections": {"welfare": {"items": [{"what": "走访慰问困难职工", "value": "五十六", "unit": "人次"}]}}}
    res = client.post("/api/draft", json={"facts": facts, "format": "txt"})
    assert res.status_code == 422
    problems = {p["path"]: p["message"] for p in res.json()["problems"]}
    assert problems["organization"] == "不能为空"
    assert problems["period.year"].startswith("应填整数")
    assert problems["sections.welfare.items[0].value"].startswith("应填数字")
    ok = client.post("/api/draft", json={"facts": {"organization": "星海工会", "period": {"year": 2025},
                                                   "sections": {"welfare": {"items": [
                                                       {"what": "走访慰问困难职工", "value": 61, "unit": "人次"}]}}},
                                         "format": "txt"})
    assert ok.status_code == 200 and "61人次" in ok.json()["text"]
    assert client.post("/api/draft", content=b"{nope").status_code == 400
    assert client.post("/api/draft", json={"facts": {}, "format": "exe"}).status_code == 400


def test_web_problem_wording():
    assert chinese("expected a non-empty string") == "不能为空"
    assert chinese("missing (required)") == "必填"
    assert chinese("no such date \"2025-13-01\"") == "没有这个日期：\"2025-13-01\""
    assert chinese("something new") == "something new"
    assert split("sections.welfare.items[2].value: expected a number, got \"x\"")["path"] == \
        "sections.welfare.items[2].value"


def test_web_download_docx_and_facts_json(client):
    from docx import Document

    facts = json.loads((ROOT / "examples" / "facts.json").read_text(encoding="utf-8"))
    res = client.post("/api/download", params={"format": "docx"}, json=facts)
    assert res.status_code == 200 and res.content[:2] == b"PK"
    text = "\n".join(p.text for p in Document(io.BytesIO(res.content)).paragraphs)
    assert facts["organization"] in text and "56人次" in text
    res = client.post("/api/download", params={"format": "json"}, json=facts)
    assert res.status_code == 200 and res.json() == facts
    bad = client.post("/api/download", params={"format": "docx"}, json={"organization": ""})
    assert bad.status_code == 422 and bad.json()["problems"]
    assert client.post("/api/download", params={"format": "exe"}, json=facts).status_code == 400


def test_web_load_facts_back(client):
    good = (ROOT / "examples" / "facts.json").read_bytes()
    assert client.post("/api/facts", params={"name": "facts.json"}, content=good).json()["ok"]
    bad = client.post("/api/facts", params={"name": "facts.json"}, content=b'{"organization": "x",\n "period": }')
    assert bad.status_code == 400 and "facts.json:2:" in bad.json()["error"]
    for data in (b"", b"[1, 2]", b"\xff\xfe{", b'{"a": 1, "a": 2}'):
        res = client.post("/api/facts", params={"name": "f.json"}, content=data)
        assert res.status_code == 400 and res.json()["ok"] is False, data
    invalid = client.post("/api/facts", content=b'{"organization": "x", "period": {"year": 1800}}').json()
    assert invalid["ok"] and invalid["problems"][0]["path"] == "period.year"


def test_web_temporary_directory_is_removed():
    import tempfile

    before = tempfile.gettempdir()
    app = create_app(own_tempdir=True)
    with TestClient(app, base_url=BASE) as c:
        root = Path(app.state.zongjie["root"])
        assert root.is_dir() and tempfile.gettempdir() == str(root)   # any reader's file lands in here
        assert read(c, SUMMARY.encode(), "a.txt").status_code == 200
        assert read(c, b"PK\x03\x04garbage", "a.docx").status_code == 400
        assert read(c, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc").status_code == 400
        assert list(root.iterdir()) == []          # nothing left behind by an upload
    assert not root.exists() and tempfile.gettempdir() == before


def test_web_serve_port_in_use_is_one_line_in_the_locale():
    import socket

    from typer.testing import CliRunner

    from zongjie.cli import app

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        zh = CliRunner().invoke(app, ["serve", "--port", str(port)], env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
        en = CliRunner().invoke(app, ["serve", "--port", str(port)], env={"LANG": "C", "LC_ALL": ""})
    assert zh.exit_code == 1 and zh.stderr.splitlines() == [zh.stderr.strip()]
    assert zh.stderr.startswith(f"错误：无法在 127.0.0.1:{port} 上监听：")
    assert en.exit_code == 1 and en.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    bad = CliRunner().invoke(app, ["serve", "--host", "no.such.host.invalid"], env={"LANG": "C", "LC_ALL": ""})
    assert bad.exit_code == 1 and bad.stderr.startswith("error: --host no.such.host.invalid: ")


@pytest.mark.parametrize("args,address,words", [
    ([], "127.0.0.1", "listening on this computer only (127.0.0.1)"),
    (["--host", "0.0.0.0"], "0.0.0.0", "other computers on the network can connect"),
])
def test_web_serve_binds_loopback_unless_told_and_says_so(monkeypatch, args, address, words):
    import uvicorn
    from typer.testing import CliRunner

    from zongjie.cli import app

    seen = {}

    def run(self, sockets=None):          # instead of serving: look at what would be served
        seen["address"] = sockets[0].getsockname()[0]
        seen["app"] = self.config.app

    monkeypatch.setattr(uvicorn.Server, "run", run)
    res = CliRunner().invoke(app, ["serve", "--port", "0", *args], env={"LANG": "C", "LC_ALL": ""})
    assert res.exit_code == 0, res.stderr
    assert seen["address"] == address and words in res.stderr
    assert re.search(r"open http://[0-9.]+:\d+/ in a browser", res.stderr)
    zh = CliRunner().invoke(app, ["serve", "--port", "0", *args], env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert "请在浏览器中打开" in zh.stderr and ("只在本机监听" in zh.stderr) == (address == "127.0.0.1")
