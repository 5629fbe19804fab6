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

Files are served with ETag and Last-Modified, and answer conditional requests
with 304, as most real web servers do. A running server re-reads site.toml
(and the jcms records file) when either changes, so a test can make a page
start failing, hanging or listing new records without restarting the server.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import re
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
    records_file: str | None = None
    stamp: tuple = ()

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
            records_file=jcms.get("records"),
            stamp=_stamp(root, jcms.get("records")),
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


def _stamp(root: Path, records: str | None) -> tuple:
    """What changes when site.toml or the records file is edited: their mtimes and sizes."""
    stamp = []
    for path in (root / "site.toml", root / records if records else None):
        if path is not None and path.exists():
            stat = path.stat()
            stamp.append((stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


def _make_handler(first: SampleSite) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one site folder (re-read when its config changes)."""
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
            if site.jcms_proxy and url.path == site.jcms_proxy:
                params = {k: v[-1] for k, v in parse_qs(f"{url.query}&{form}").items()}
                self._send(200, site.jcms_page(params), "text/xml; charset=UTF-8")
                return
            self._answer(send_body=True)

        def _answer(self, *, send_body: bool) -> None:
            path = urlsplit(self.path).path
            site = self.site
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

        def _not_modified(self, etag: str, mtime: float) -> bool:
            if "If-None-Match" in self.headers:
                return etag in self.headers["If-None-Match"]
            since = self.headers.get("If-Modified-Since")
            parsed = email.utils.parsedate_to_datetime(since) if since else None
            return parsed is not None and int(mtime) <= parsed.timestamp()

        def _send(self, status: int, body: bytes, content_type: str | None, *,
                  send_body: bool = True, etag: str | None = None, modified: str | None = None) -> None:
            self.send_response(status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "")
            if content_type:
                self.send_header("Content-Type", content_type)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
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

    def mirror(self, url: str) -> str:
        """The same URL on this local copy (scheme and host swapped)."""
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def start_site(name: str, root: Path, host: str = "127.0.0.1", port: int = 0) -> RunningSite:
    """Serve one site folder on host:port (0: any free port) in a daemon thread."""
    site = SampleSite.load(root)
    server = ThreadingHTTPServer((host, port), _make_handler(site))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"site-{name}", daemon=True).start()
    bound_host, bound_port = server.server_address[:2]
    return RunningSite(name, f"http://{bound_host}:{bound_port}", site.origin, server)


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
