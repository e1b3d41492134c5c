"""``zongjie serve``: the local web page (the ``web`` extra), on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import socket

import typer

from .base import app, fail, say
from ..web import is_loopback
from .messages import msg


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a one-line error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise fail(msg("serve_bad_host", host=host, reason=err.strerror or err)) from None
    family, _type, _proto, _name, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(64)
    except OSError as err:
        sock.close()
        raise fail(msg("serve_cannot_bind", host=host, port=port, reason=err.strerror or err)) from None
    return sock


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this computer only)."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
    max_upload_mb: float = typer.Option(10.0, "--max-upload-mb", min=0.01, help="Largest upload accepted, in MB."),
) -> None:
    """Start the local web page: last year's summary in, facts checked, this year's draft out."""
    from ..web import missing_dependencies

    missing = missing_dependencies()
    if missing:
        raise fail(msg("serve_needs_web", missing=", ".join(missing)))
    import uvicorn

    from ..web import create_app

    sock = bind(host, port)
    real_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{real_port}/"
    say(msg("serve_listening", url=url))
    say(msg("serve_local_only") if is_loopback(host) else msg("serve_network", host=host))
    say(msg("serve_stop"))
    config = uvicorn.Config(create_app(max_upload=int(max_upload_mb * 1024 * 1024), host=host, own_tempdir=True),
                            log_level="warning", access_log=False, lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
