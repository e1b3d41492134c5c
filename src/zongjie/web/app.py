"""The Starlette app of ``zongjie serve``: one page and a few JSON routes over the library.

Routes (all answers to the page are JSON, errors included, so a bad upload is a message on the
page and never an error page):

- ``GET /`` the page; ``GET /static/…`` its CSS and JS (shipped in the package);
- ``POST /api/read?name=FILE`` the bytes of a summary (or pasted text as UTF-8): the read-back view
  (HTML fragment rendered by ``view.html.j2``), the facts from it and their validation problems;
- ``POST /api/facts`` the bytes of a facts.json to load back: the facts and their problems;
- ``POST /api/draft`` ``{"facts": …, "format": "txt"|"md"|"json"}``: the draft text (the live preview)
  or the problems that keep it from being drafted;
- ``POST /api/download?format=docx|md|txt|json`` a facts object: the file, as an attachment.

Request bodies are read as a stream and refused past ``max_upload`` bytes while streaming. Uploads
are read from memory (``zongjie.read.read_document`` on the bytes); a reader that needs a file (a
``.doc`` for LibreOffice) writes it under the app's temporary directory when ``own_tempdir`` is on
(``zongjie serve``), which is removed when the server stops. User text reaches the templates only
as data (autoescaped), never as template source.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
import threading
from typing import Any, Optional
from urllib.parse import quote

MAX_UPLOAD = 10 * 1024 * 1024  # bytes of one request body (a summary, a facts.json)
DOWNLOADS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "md": "text/markdown; charset=utf-8", "txt": "text/plain; charset=utf-8",
             "json": "application/json; charset=utf-8"}
PREVIEW_FORMATS = ("txt", "md", "json")
FORMAT_NAMES = {"text": "文本文件", "docx": "Word 文档", "doc": "Word 97-2003 文档", "html": "网页", "pdf": "PDF"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_SAFE_EXT = re.compile(r"\.[A-Za-z0-9]{1,6}\Z")


def allowed_hosts(host: str) -> list[str]:
    """Host headers the app answers: on a loopback address only loopback names (a web page elsewhere
    cannot reach the server through a DNS name that points at 127.0.0.1); elsewhere any."""
    from . import is_loopback

    if is_loopback(host):
        return sorted({"127.0.0.1", "localhost", "[::1]", "::1", host})
    return ["*"]


class TooLarge(Exception):
    """A request body past the limit (answered 413 with a message)."""


class PageError(Exception):
    """A message for the page (answered with ``status`` and ``{"ok": false, "error": …}``)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB" if n >= 1024 else f"{n} 字节"


async def read_body(request: Any, limit: int) -> bytes:
    """The request body, refused (:class:`TooLarge`) as soon as more than ``limit`` bytes arrive."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise TooLarge()
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > limit:
            raise TooLarge()
    return bytes(buf)


def _templates() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("zongjie.web", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def _display(name: str) -> str:
    """An upload's name fit for a message: its last path part, printable, at most 80 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1] or "上传的文件"
    base = "".join(ch if ch.isprintable() else "?" for ch in base)
    return base[:80]


def read_upload(data: bytes, name: str) -> Any:
    """A :class:`~zongjie.records.ReadResult` of the uploaded ``data`` (named ``name``), read from
    memory by :func:`zongjie.read.read_document`; :class:`PageError` when it cannot be read."""
    from ..errors import ZongjieError
    from ..read import read_document

    shown = _display(name)
    if not data:
        raise PageError(f"{shown}：文件是空的，没有可读的内容")
    try:
        return read_document(data, name=shown)
    except ZongjieError as err:
        message = str(err)
        for prefix in (shown + ": ", shown + ":"):
            if message.startswith(prefix):
                message = message[len(prefix):]
                break
        raise PageError(f"无法读取 {shown}：{message}") from None
    except (ValueError, OSError, KeyError, IndexError, RuntimeError) as err:
        raise PageError(f"无法读取 {shown}：{type(err).__name__}: {err}") from None


def create_app(max_upload: int = MAX_UPLOAD, host: str = "127.0.0.1", own_tempdir: bool = False) -> Any:
    """The Starlette application (``max_upload``: bytes of one request body; ``host``: the address it
    listens on, for the Host check; ``own_tempdir``: while it runs, make its temporary directory the
    process's, so that any file a reader writes (a .doc converted by LibreOffice) stays inside it --
    for the ``zongjie serve`` process, which runs nothing else)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from ..lang import section_ids, section_name, topical_sections

    env = _templates()
    lock = threading.Lock()  # one analysis at a time: the page serves one clerk, the CPU is the limit
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Any):
        before = tempfile.tempdir
        with tempfile.TemporaryDirectory(prefix="zongjie-serve-") as root:
            state["root"] = root
            if own_tempdir:
                tempfile.tempdir = root
            try:
                yield
            finally:
                if own_tempdir:
                    tempfile.tempdir = before
        state.clear()

    def fail(message: str, status: int = 400, **extra: Any) -> JSONResponse:
        return JSONResponse({"ok": False, "error": message, **extra}, status_code=status)

    def too_large() -> JSONResponse:
        return fail(f"文件太大：超过 {_mb(max_upload)} 的上限。请上传较小的文件，或只粘贴需要的部分。", 413)

    async def page(request: Request) -> HTMLResponse:
        topical = list(topical_sections())
        html = env.get_template("index.html.j2").render(
            limit=_mb(max_upload), limit_bytes=max_upload,
            sections=[{"id": s, "name": section_name(s)} for s in section_ids()],
            topical=[{"id": s, "name": section_name(s)} for s in topical])
        return HTMLResponse(html, headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                           "Referrer-Policy": "no-referrer"})

    def analyse(data: bytes, name: str) -> dict[str, Any]:
        from ..draft import facts_from_text
        from ..errors import ZongjieError
        from ..pipeline import Pipeline
        from ..read import replacement_warning
        from .problems import problems_of
        from .view import document_view

        read = read_upload(data, name)
        if not read.text.strip():
            raise PageError(f"{_display(name)}：没有读到任何文字（空白文件或没有文字层）")
        with lock:
            try:
                analysis = Pipeline().analyse(read.text, encoding=read.encoding)
                facts = facts_from_text(read.text, read.encoding)
            except ZongjieError as err:
                raise PageError(f"无法分析 {_display(name)}：{err}") from None
        notes = []
        note = replacement_warning(read)
        if note:
            notes.append(f"有些字节无法解码，已用 � 代替：{note}")
        if getattr(read, "traditional", False):
            notes.append("原文是繁体字。")
        docs = document_view(analysis)
        view = env.get_template("view.html.j2").render(
            name=_display(name), encoding=read.encoding, documents=docs, notes=notes,
            format=FORMAT_NAMES.get(getattr(read, "format", "text"), getattr(read, "format", "text")),
            dropped=list(getattr(read, "dropped", ())))
        return {"ok": True, "name": _display(name), "encoding": read.encoding, "view": view,
                "facts": facts, "problems": problems_of(facts), "notes": notes}

    async def api_read(request: Request) -> JSONResponse:
        name = request.query_params.get("name", "") or "粘贴的文字.txt"
        data = await read_body(request, max_upload)
        return JSONResponse(await run_in_threadpool(analyse, data, name))

    def load_facts(data: bytes, name: str) -> dict[str, Any]:
        from ..draft.facts_json import parse_json
        from ..errors import ZongjieError
        from .problems import problems_of

        shown = _display(name)
        if not data.strip():
            raise PageError(f"{shown}：文件是空的")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise PageError(f"{shown}：不是 UTF-8 编码的 JSON（第 {err.start} 字节）") from None
        try:
            facts = parse_json(text, shown)
        except ZongjieError as err:
            raise PageError(f"无法载入 {err}") from None
        if not isinstance(facts, dict):
            raise PageError(f"{shown}：应为一个 JSON 对象（facts.json）")
        return {"ok": True, "facts": facts, "problems": problems_of(facts)}

    async def api_facts(request: Request) -> JSONResponse:
        name = request.query_params.get("name", "") or "facts.json"
        data = await read_body(request, max_upload)
        return JSONResponse(await run_in_threadpool(load_facts, data, name))

    async def json_body(request: Request) -> Any:
        data = await read_body(request, max_upload)
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise PageError("请求不是有效的 JSON") from None

    def draft(facts: Any, fmt: str) -> tuple[Optional[Any], list[dict[str, str]]]:
        from ..draft import render
        from ..errors import ZongjieError
        from .problems import problems_of

        if not isinstance(facts, dict):
            return None, [{"path": "(root)", "reason": "not an object", "message": "应为一个 JSON 对象"}]
        problems = problems_of(facts)
        if problems:
            return None, problems
        try:
            return render(facts, fmt), []
        except ZongjieError as err:
            return None, [{"path": "(root)", "reason": str(err), "message": str(err)}]

    async def api_draft(request: Request) -> JSONResponse:
        body = await json_body(request)
        if not isinstance(body, dict):
            return fail("请求应为一个 JSON 对象")
        fmt = body.get("format", "txt")
        if fmt not in PREVIEW_FORMATS:
            return fail(f"不支持预览的格式：{fmt}")
        text, problems = await run_in_threadpool(draft, body.get("facts"), fmt)
        if text is None:
            return JSONResponse({"ok": False, "error": "资料还有问题，改正后才能生成草稿", "problems": problems},
                                status_code=422)
        return JSONResponse({"ok": True, "text": text, "problems": []})

    async def api_download(request: Request) -> Response:
        fmt = request.query_params.get("format", "docx")
        if fmt not in DOWNLOADS:
            return fail(f"不支持下载的格式：{fmt}")
        facts = await json_body(request)
        if fmt == "json":
            from .problems import problems_of

            problems = problems_of(facts) if isinstance(facts, dict) else []
            data: Any = json.dumps(facts, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        else:
            data, problems = await run_in_threadpool(draft, facts, fmt)
            if data is None:
                return JSONResponse({"ok": False, "error": "资料还有问题，改正后才能下载", "problems": problems},
                                    status_code=422)
        org = facts.get("organization") if isinstance(facts, dict) else None
        stem = "facts" if fmt == "json" else "草稿"
        if isinstance(org, str) and org.strip() and fmt != "json":
            stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", org.strip())[:40] + "工作总结草稿"
        filename = f"{stem}.{fmt}"
        body = data.encode("utf-8") if isinstance(data, str) else data
        return Response(body, media_type=DOWNLOADS[fmt], headers={
            "Content-Disposition": f"attachment; filename=\"{'facts' if fmt == 'json' else 'draft'}.{fmt}\"; "
                                   f"filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff"})

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        if request.url.path.startswith("/api/"):
            return fail("找不到这个地址" if status == 404 else f"请求无法处理（{status}）", status)
        html = env.get_template("error.html.j2").render(status=status)
        return HTMLResponse(html, status_code=status)

    async def page_error(request: Request, exc: Exception) -> Response:
        """A request the page cannot serve, raised by any route: its one-line Chinese message as JSON."""
        if isinstance(exc, TooLarge):
            return too_large()
        return fail(str(exc), getattr(exc, "status", 400))

    async def server_error(request: Request, exc: Exception) -> Response:
        return fail(f"内部错误：{type(exc).__name__}", 500)

    routes = [
        Route("/", page),
        Route("/api/read", api_read, methods=["POST"]),
        Route("/api/facts", api_facts, methods=["POST"]),
        Route("/api/draft", api_draft, methods=["POST"]),
        Route("/api/download", api_download, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("zongjie.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[
                        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))],
                    exception_handlers={HTTPException: http_error, TooLarge: page_error, PageError: page_error,
                                        Exception: server_error})
    app.state.zongjie = state
    return app
