"""Serve sample copies of the watched sites on 127.0.0.1.

Used by `occuwatch demo`, the tests and the benchmarks. A site is a folder of
pages laid out as on the real host, plus an optional `site.toml`:

    origin = "http://english.shcn.gov.cn"      # the host this folder stands in for
    [status]                                   # paths answered with a status, no body
    "/art/2020/9/3/art_1140_570003.html" = 500
    [content_type]                             # Content-Type sent for a path
    "/old/gbk-page.html" = "text/html"         #   (default: by extension, UTF-8)
    [jcms]                                     # the Hanweb jcms list proxy (SITES.md §1)
    proxy = "/module/web/jpage/dataproxy.jsp"
    records = "records.xml"                    # one <record><![CDATA[...]]></record> per line
    [hang]                                     # paths that never answer: the server waits
    paths = ["/col/col1140/index.html"]        #   `seconds`, then closes the connection
    seconds = 30                               #   without a response (a hung site)
    delay = 0.2                                # seconds to wait before every answer (a slow site)
    [faults]                                   # paths answered with a fault, for the fault tests:
    "/art/a.html" = "reset"                    #   see FAULTS below
    [botcheck]                                 # a bot wall (EdgeOne, as at MOHRSS) before every path:
    keys = ["WTKkN", "bOYDu", "wyeCN"]         #   a challenge page with a random number under each key,
                                               #   until the request sends `__tst_status=<their sum>#`

Files are served with ETag and Last-Modified, and answer conditional requests
with 304, as most real web servers do. A running server re-reads site.toml
(and the jcms records file) when either changes, so a test can make a page
start failing, hanging or listing new records without restarting the server.
Every answer is logged in `RunningSite.requests` as (method, path, status),
so a test can count what a crawl asked for.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import io
import mimetypes
import random
import re
import socket
import struct
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

_RECORD = re.compile(r"<record>.*?</record>", re.S)

# What a path of [faults] answers; the body, where there is one, is the file at that path.
FAULTS = {
    "retry-after": "503 Service Unavailable with Retry-After: 120",
    "reset": "half the body, then a TCP reset (connection reset mid-body)",
    "truncate": "a Content-Length larger than the body sent, then the connection closes",
    "redirect-loop": "302 to the same path with ?loop=1, which redirects back to the path",
    "redirect-offsite": "302 to http://localhost:PORT/offsite/PATH (another host name)",
    "redirect-ftp": "302 to ftp://127.0.0.1/offsite/PATH (another scheme)",
    "moved": "301 to the same path with ?moved=1, where the page is (a redirect within the site)",
    "gzip-bomb": "200 with Content-Encoding: gzip, a small body that inflates past HUGE_BYTES",
    "huge": "the body padded to more than HUGE_BYTES",
    "empty": "200 text/html with an empty body",
    "binary": "200 image/png with PNG bytes",
}
HUGE_BYTES = 2_000_000
RETRY_AFTER_SECONDS = 120
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(64)


_CHALLENGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title></title><script type="text/javascript">
var _$c = {{{pairs}}};
(function () {{
  var n = 0; for (var k in _$c) {{ n += _$c[k]; }}
  var d = new Date(); d.setTime(d.getTime() + 1800 * 1000);
  document.cookie = "{cookie}=" + n + "#; expires=" + d.toGMTString() + "; path=/";
  window.location.reload();
}})();
</script></head><body><noscript>Please enable JavaScript to continue.</noscript></body></html>
"""
BOT_CHECK_COOKIE = "__tst_status"


@dataclass(frozen=True)
class BotCheck:
    """A bot wall: a challenge page until the request carries the cookie that answers it."""

    keys: tuple[str, ...]
    numbers: tuple[int, ...]

    @classmethod
    def new(cls, keys: list[str]) -> BotCheck:
        """A wall with fresh random numbers, so that only a client that reads the page can pass."""
        rng = random.SystemRandom()
        return cls(tuple(keys), tuple(rng.randrange(1000, 99999) for _ in keys))

    def passes(self, cookie_header: str | None) -> bool:
        """Whether the request's Cookie header answers the challenge."""
        cookies = dict(part.strip().partition("=")[::2] for part in (cookie_header or "").split(";") if "=" in part)
        return cookies.get(BOT_CHECK_COOKIE) == f"{sum(self.numbers)}#"

    def page(self) -> bytes:
        """The challenge page (about 1 KB of script)."""
        pairs = ", ".join(f"{key}: {number}" for key, number in zip(self.keys, self.numbers, strict=True))
        return _CHALLENGE.format(pairs=pairs, cookie=BOT_CHECK_COOKIE).encode("utf-8")


@dataclass
class SampleSite:
    """A folder of pages and what its site.toml says about them."""

    root: Path
    origin: str | None = None
    status: dict[str, int] = field(default_factory=dict)
    content_type: dict[str, str] = field(default_factory=dict)
    jcms_proxy: str | None = None
    jcms_records: list[str] = field(default_factory=list)
    hang: frozenset[str] = frozenset()
    hang_seconds: float = 30.0
    delay: float = 0.0
    faults: dict[str, str] = field(default_factory=dict)
    records_file: str | None = None
    stamp: tuple = ()
    bot_check: BotCheck | None = None

    @classmethod
    def load(cls, root: Path) -> SampleSite:
        """Read a site folder and its optional site.toml."""
        config_path = root / "site.toml"
        config = tomllib.loads(config_path.read_text("utf-8")) if config_path.exists() else {}
        jcms = config.get("jcms", {})
        records: list[str] = []
        if jcms.get("records"):
            records = _RECORD.findall((root / jcms["records"]).read_text("utf-8"))
        hang = config.get("hang", {})
        return cls(
            root=root,
            origin=config.get("origin"),
            status={k: int(v) for k, v in config.get("status", {}).items()},
            content_type=dict(config.get("content_type", {})),
            jcms_proxy=jcms.get("proxy"),
            jcms_records=records,
            hang=frozenset(hang.get("paths", [])),
            hang_seconds=float(hang.get("seconds", 30.0)),
            delay=float(config.get("delay", 0.0)),
            faults=_known_faults(config.get("faults", {})),
            records_file=jcms.get("records"),
            stamp=_stamp(root, jcms.get("records")),
            bot_check=BotCheck.new(config["botcheck"].get("keys", ["WTKkN", "bOYDu", "wyeCN"]))
            if "botcheck" in config else None,
        )

    def fresh(self) -> SampleSite:
        """This site, or a re-read copy when site.toml or the records file changed since."""
        if _stamp(self.root, self.records_file) == self.stamp:
            return self
        try:
            return SampleSite.load(self.root)
        except (OSError, tomllib.TOMLDecodeError):
            return self  # caught mid-edit: keep serving the old config until the file is whole

    def file_for(self, path: str) -> Path | None:
        """The file that answers a URL path, or None; never a file outside the root."""
        relative = path.lstrip("/")
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root.resolve()):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.name == "site.toml" or not candidate.is_file():
            return None
        return candidate

    def jcms_page(self, params: dict[str, str]) -> bytes:
        """Answer the jcms dataproxy: records startrecord..endrecord (1-based) and the total."""
        start = max(int(params.get("startrecord", 1)), 1)
        end = int(params.get("endrecord", start + 44))
        chosen = "\n".join(self.jcms_records[start - 1 : end])
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"<totalrecord>{len(self.jcms_records)}</totalrecord>\n"
            f"<recordset>\n{chosen}\n</recordset>\n</datastore>\n"
        )
        return body.encode("utf-8")


def _known_faults(faults: dict[str, str]) -> dict[str, str]:
    """The [faults] table, checked against FAULTS so a typo fails loudly."""
    unknown = sorted(set(faults.values()) - set(FAULTS))
    if unknown:
        raise ValueError(f"site.toml [faults]: unknown fault {', '.join(unknown)}; known: {', '.join(FAULTS)}")
    return dict(faults)


def _stamp(root: Path, records: str | None) -> tuple:
    """What changes when site.toml or the records file is edited: their mtimes and sizes."""
    stamp = []
    for path in (root / "site.toml", root / records if records else None):
        if path is not None and path.exists():
            stat = path.stat()
            stamp.append((stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


def _make_handler(first: SampleSite, log: list | None = None) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one site folder (re-read when its config changes); answers go to `log`."""
    current = [first]

    class SampleSiteHandler(BaseHTTPRequestHandler):
        server_version = "occuwatch-sample-site"

        @property
        def site(self) -> SampleSite:
            current[0] = current[0].fresh()
            return current[0]

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Stay quiet: the crawl's own log says what was fetched."""

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            url = urlsplit(self.path)
            site = self.site
            if self._challenged(site):
                return
            if site.jcms_proxy and url.path == site.jcms_proxy:
                params = {k: v[-1] for k, v in parse_qs(f"{url.query}&{form}").items()}
                self._send(200, site.jcms_page(params), "text/xml; charset=UTF-8")
                return
            self._answer(send_body=True)

        def _challenged(self, site: SampleSite) -> bool:
            """Answer with the bot wall's challenge unless the request carries its cookie; True when it did."""
            if site.bot_check is None or site.bot_check.passes(self.headers.get("Cookie")):
                return False
            self._send(200, site.bot_check.page(), "text/html; charset=UTF-8", logged="bot-check")
            return True

        def _answer(self, *, send_body: bool) -> None:
            path = urlsplit(self.path).path
            site = self.site
            if site.delay:
                time.sleep(site.delay)
            if self._challenged(site):
                return
            if path in site.faults:
                self._fault(site.faults[path], site.file_for(path))
                return
            if path in site.hang:
                time.sleep(site.hang_seconds)
                self.close_connection = True  # no answer at all: the client sees the connection drop
                return
            if path in site.status:
                self._send(site.status[path], b"", "text/html", send_body=send_body)
                return
            file = site.file_for(path)
            if file is None:
                self._send(404, b"<h1>404 Not Found</h1>", "text/html", send_body=send_body)
                return
            stat = file.stat()
            etag = '"' + hashlib.md5(f"{stat.st_mtime_ns}-{stat.st_size}".encode()).hexdigest() + '"'
            modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
            if self._not_modified(etag, stat.st_mtime):
                self._send(304, b"", None, send_body=False, etag=etag, modified=modified)
                return
            self._send(200, file.read_bytes(), site.content_type.get(path) or _guess_type(file),
                       send_body=send_body, etag=etag, modified=modified)

        def _fault(self, fault: str, file: Path | None) -> None:  # noqa: PLR0912 (a branch per fault)
            """Answer with one of FAULTS."""
            body = file.read_bytes() if file else b"<html><body><div id='zoom'><p>A page.</p></div></body></html>"
            html = "text/html; charset=UTF-8"
            if fault == "retry-after":
                self._send(503, b"", "text/html", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            elif fault in {"reset", "truncate"}:
                self._send(200, b"", html, headers={"Content-Length": str(len(body) + 1000)})
                self.wfile.write(body[: len(body) // 2] if fault == "reset" else body)
                if fault == "reset":
                    self._reset()
                self.close_connection = True
            elif fault == "redirect-loop":
                url = urlsplit(self.path)
                self._send(302, b"", html, headers={"Location": url.path if url.query else f"{url.path}?loop=1"})
            elif fault == "redirect-offsite":
                port = self.server.server_address[1]
                self._send(302, b"", html, headers={"Location": f"http://localhost:{port}/offsite{self.path}"})
            elif fault == "moved":
                url = urlsplit(self.path)
                if url.query:
                    self._send(200, body, html)
                else:
                    self._send(301, b"", html, headers={"Location": f"{url.path}?moved=1"})
            elif fault == "gzip-bomb":
                self._send(200, gzip.compress(b" " * HUGE_BYTES * 5), html, headers={"Content-Encoding": "gzip"})
            elif fault == "redirect-ftp":
                self._send(302, b"", html, headers={"Location": f"ftp://127.0.0.1/offsite{self.path}"})
            elif fault == "huge":
                self._send(200, body + b"<!--" + b" " * HUGE_BYTES + b"-->", html)
            elif fault == "empty":
                self._send(200, b"", html)
            elif fault == "binary":
                self._send(200, PNG_BYTES, "image/png")

        def _reset(self) -> None:
            """Drop the connection with a TCP RST instead of a clean close."""
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.connection.close()
            self.wfile = io.BytesIO()  # the handler's own flush at the end finds nothing to send

        def _not_modified(self, etag: str, mtime: float) -> bool:
            if "If-None-Match" in self.headers:
                return etag in self.headers["If-None-Match"]
            since = self.headers.get("If-Modified-Since")
            parsed = email.utils.parsedate_to_datetime(since) if since else None
            return parsed is not None and int(mtime) <= parsed.timestamp()

        def _send(self, status: int, body: bytes, content_type: str | None, *,
                  send_body: bool = True, etag: str | None = None, modified: str | None = None,
                  headers: dict[str, str] | None = None, logged: int | str | None = None) -> None:
            if log is not None:  # `logged`: what to log instead of the status (a challenge: "bot-check")
                log.append((self.command, urlsplit(self.path).path, logged or status))
            self.send_response(status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "")
            if content_type:
                self.send_header("Content-Type", content_type)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
            headers = headers or {}
            if status != 304 and "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body and status != 304:
                self.wfile.write(body)

    return SampleSiteHandler


def _guess_type(file: Path) -> str:
    """Content-Type by extension; text is UTF-8 unless site.toml says otherwise."""
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if file.suffix in {".htm", ".html", ".jsp", ".shtml"}:
        kind = "text/html"
    return f"{kind}; charset=UTF-8" if kind.startswith("text/") else kind


@dataclass
class RunningSite:
    """A sample site being served: its folder name, base URL and the host it mirrors."""

    name: str
    base_url: str
    origin: str | None
    server: ThreadingHTTPServer
    # (method, path, status) answered; status "bot-check" for a challenge page instead of the page
    requests: list[tuple[str, str, int | str]] = field(default_factory=list)

    def mirror(self, url: str) -> str:
        """The same URL on this local copy (scheme and host swapped)."""
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def start_site(name: str, root: Path, host: str = "127.0.0.1", port: int = 0) -> RunningSite:
    """Serve one site folder on host:port (0: any free port) in a daemon thread."""
    site = SampleSite.load(root)
    log: list[tuple[str, str, int]] = []
    server = ThreadingHTTPServer((host, port), _make_handler(site, log))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"site-{name}", daemon=True).start()
    bound_host, bound_port = server.server_address[:2]
    return RunningSite(name, f"http://{bound_host}:{bound_port}", site.origin, server, log)


@contextmanager
def serve_sites(sites_dir: Path, names: list[str] | None = None) -> Iterator[dict[str, RunningSite]]:
    """Serve each site folder under `sites_dir` (or only `names`) until the block ends."""
    chosen = sorted(p.name for p in sites_dir.iterdir() if p.is_dir() and (names is None or p.name in names))
    running = {name: start_site(name, sites_dir / name) for name in chosen}
    try:
        yield running
    finally:
        for site in running.values():
            site.server.shutdown()
            site.server.server_close()
