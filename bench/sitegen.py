"""A synthetic news site for the benchmarks, and a fast server for it on loopback addresses.

    python -m bench.sitegen generate DIR --articles 2000 --list-pages 100
    python -m bench.sitegen serve DIR --sites 3 --delay 0.05

`generate` writes DIR/news/index.html, index_1.html, … (newest first, each
with an `a.next` link) and DIR/news/art/NNNNNN.html article pages of 5–20 KB;
one in twenty articles announces a batch of new occupations, in English or in
Chinese. `serve` keeps the files in memory and answers HTTP/1.1 with
keep-alive, ETag and `304 Not Modified`, on 127.0.0.1 or on `--sites` loopback
addresses from 127.0.0.2 on (one site per address, the same pages), after an
optional delay per response. `GET /__stats` answers its counters as JSON
(requests, bytes, statuses) and `GET /__reset` zeroes them.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import socket
import sys
from collections import Counter
from pathlib import Path

ARTICLE_PATTERN = r"/news/art/\d+\.html$"
CONTENT_SELECTOR = "div.article-body"
NEXT_PAGE = "div.pager a.next"
FIRST_LIST_PAGE = "/news/index.html"
LAST_MODIFIED = "Mon, 01 Jul 2024 08:00:00 GMT"

_EN_SENTENCES = (
    "The district held a job fair on Saturday, offering more than 2,000 positions to college graduates.",
    "Officials said the new service centre would open on weekdays from 9 am to 7 pm.",
    "The programme provides free vocational training to migrant workers and laid-off employees.",
    "Residents can apply online for the subsidy before the end of the month.",
    "The city plans to add 120 community canteens for older adults this year.",
    "Local companies reported steady growth in exports during the first quarter.",
)
_ZH_SENTENCES = (
    "近日，区人力资源和社会保障局举办春季招聘会，提供就业岗位两千余个。",
    "区政务服务中心自下月起延长工作日服务时间，方便群众办事。",
    "今年以来，我区持续推进职业技能提升行动，累计培训各类劳动者一万余人次。",
    "活动现场设置了政策咨询台，工作人员为求职者解答社保、就业等方面的问题。",
    "下一步，我区将进一步优化营商环境，支持中小企业稳岗扩岗。",
    "据介绍，该项目总投资约三亿元，预计年底前完工投入使用。",
)
_EN_FIELDS = ("digital twin", "drone", "carbon emission", "smart home", "industrial robot", "data annotation",
              "elderly care", "battery recycling", "metaverse", "cloud network")
_EN_ROLES = ("technicians", "operators", "engineers", "managers", "testers", "consultants")
_ZH_FIELDS = ("数字孪生", "无人机", "碳排放", "智能家居", "工业机器人", "数据标注", "养老", "电池回收", "云网",
              "生成式人工智能")
_ZH_ROLES = ("技术员", "运维员", "工程技术人员", "管理员", "测试员", "咨询师")
_NAV = "".join(f'<li><a href="/col/col{1100 + i}/index.html">栏目{i} Section {i}</a></li>' for i in range(40))
_HEAD = ('<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
         '<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date}">'
         '<link rel="stylesheet" href="/css/site.css"></head><body><div class="header">'
         f'<ul class="nav">{_NAV}</ul></div>')
_FOOT = ('<div class="footer"><p>Sponsored by the District People\'s Government 主办单位：区人民政府</p>'
         '<p>Address 地址：No. 1 Government Road 政府路1号 ICP 备案 12345678号</p></div></body></html>')


def article_date(number: int, articles: int) -> str:
    """A date that falls as the number grows (article 0 is the newest)."""
    days = number * 365 * 3 // max(articles, 1)
    return f"{2024 - days // 365:04d}-{1 + days % 365 // 31:02d}-{1 + days % 28:02d}"


def announcement(rng: random.Random, language: str, ordinal: int) -> tuple[str, str]:
    """Title and first paragraph of a batch announcement of 3–8 new occupations."""
    count = rng.randint(3, 8)
    if language == "en":
        names = [f"{rng.choice(_EN_FIELDS)} {rng.choice(_EN_ROLES)}" for _ in range(count)]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        return (f"China releases {count} new occupations",
                f"The Ministry of Human Resources and Social Security released {count} new occupations on "
                f"Tuesday, the batch number {ordinal} since 2019. They are {listed}.")
    names = [rng.choice(_ZH_FIELDS) + rng.choice(_ZH_ROLES) for _ in range(count)]
    return (f"人社部发布{count}个新职业",
            f"人力资源社会保障部会同国家市场监督管理总局、国家统计局正式发布了{'、'.join(names)}等{count}个新职业。")


def article_page(rng: random.Random, number: int, articles: int) -> tuple[str, str, str]:
    """(title, date, html) of article `number`: 5–20 KB, one in twenty an announcement."""
    language = "zh" if rng.random() < 0.7 else "en"
    sentences = _ZH_SENTENCES if language == "zh" else _EN_SENTENCES
    date = article_date(number, articles)
    paragraphs = []
    if number % 20 == 7:
        title, first = announcement(rng, language, 1 + number // 20)
        paragraphs.append(first)
    else:
        title = f"{rng.choice(sentences)[:24]} ({number})"
    target = rng.randint(2_000, 15_000)
    while sum(len(p.encode()) for p in paragraphs) < target:
        paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6))))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (_HEAD.format(lang=language, title=title, date=date)
            + f'<div class="main"><h1>{title}</h1><div class="info">{date}</div>'
            + f'<div class="article-body">{body}</div></div>' + _FOOT)
    return title, date, html


def list_page(entries: list[tuple[int, str, str]], next_name: str | None) -> str:
    """A list page of (number, title, date) entries, with a link to the next page."""
    items = "".join(f'<li><a href="/news/art/{n:06d}.html" title="{t}">{t[:20]}</a><span>{d}</span></li>'
                    for n, t, d in entries)
    pager = f'<a class="next" href="{next_name}">下一页 Next</a>' if next_name else ""
    return (_HEAD.format(lang="zh", title="新闻 News", date="") + f'<ul class="news-list">{items}</ul>'
            + f'<div class="pager">{pager}</div>' + _FOOT)


def generate(root: Path, articles: int, list_pages: int, seed: int = 6) -> int:
    """Write the site; return the number of pages (articles + list pages)."""
    rng = random.Random(seed)
    (root / "news" / "art").mkdir(parents=True, exist_ok=True)
    entries = []
    for number in range(articles):
        title, date, html = article_page(rng, number, articles)
        (root / "news" / "art" / f"{number:06d}.html").write_text(html, "utf-8")
        entries.append((number, title, date))
    for page in range(list_pages):
        name = "index.html" if page == 0 else f"index_{page}.html"
        next_name = f"index_{page + 1}.html" if page + 1 < list_pages else None
        shown = entries[page * articles // list_pages:(page + 1) * articles // list_pages]  # none left empty
        (root / "news" / name).write_text(list_page(shown, next_name), "utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    return articles + list_pages


def loopback_addresses(count: int) -> list[str]:
    """`count` loopback addresses from 127.0.0.2 on, skipping .0 and .255 in the last byte."""
    addresses, number = [], 2
    while len(addresses) < count:
        if 0 < number % 256 < 255:
            addresses.append(f"127.0.{number // 256}.{number % 256}")
        number += 1
    return addresses


class SiteServer:
    """Answers GET and HEAD for the files of one folder, kept in memory, on many addresses."""

    def __init__(self, root: Path, delay: float = 0.0) -> None:
        self.pages: dict[str, tuple[bytes, str, bytes]] = {}
        for file in root.rglob("*"):
            if file.is_file():
                body = file.read_bytes()
                kind = "text/html; charset=utf-8" if file.suffix == ".html" else "text/plain; charset=utf-8"
                etag = b'"' + hashlib.md5(body).hexdigest().encode() + b'"'
                self.pages["/" + file.relative_to(root).as_posix()] = (body, kind, etag)
        self.delay = delay
        self.counters: Counter[str] = Counter()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One connection: requests until the client closes it."""
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not await self.answer(head, writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def answer(self, head: bytes, writer: asyncio.StreamWriter) -> bool:
        """Write the answer to one request; False when the connection should close."""
        lines = head.decode("latin-1").split("\r\n")
        method, target = lines[0].split(" ")[:2]
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        path = target.split("?")[0]
        if path == "/__stats":
            return await self.send(writer, 200, json.dumps(self.counters).encode(), "application/json", count=False)
        if path == "/__reset":
            self.counters.clear()
            return await self.send(writer, 200, b"{}", "application/json", count=False)
        if self.delay:
            await asyncio.sleep(self.delay)
        page = self.pages.get(path)
        if page is None:
            return await self.send(writer, 404, b"not found", "text/plain")
        body, kind, etag = page
        if headers.get("if-none-match", "").encode() == etag:
            return await self.send(writer, 304, b"", None, etag=etag)
        return await self.send(writer, 200, body if method != "HEAD" else b"", kind, etag=etag)

    async def send(self, writer: asyncio.StreamWriter, status: int, body: bytes, kind: str | None, *,
                   etag: bytes | None = None, count: bool = True) -> bool:
        """Write status, headers and body; count them unless it is a control request."""
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
        head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}" if status != 304 else ""]
        if kind:
            head.append(f"Content-Type: {kind}")
        if etag:
            head += [f"ETag: {etag.decode()}", f"Last-Modified: {LAST_MODIFIED}"]
        data = ("\r\n".join(h for h in head if h) + "\r\n\r\n").encode() + body
        writer.write(data)
        await writer.drain()
        if count:
            self.counters["requests"] += 1
            self.counters["bytes"] += len(data)
            self.counters[f"status_{status}"] += 1
        return True


async def serve(root: Path, addresses: list[str], port: int, delay: float) -> None:
    """Serve until killed; print `ready PORT` once every address listens."""
    site = SiteServer(root, delay)
    servers = []
    for address in addresses:
        servers.append(await asyncio.start_server(site.handle, address, port, backlog=512, reuse_address=True))
        port = port or servers[0].sockets[0].getsockname()[1]
    print(f"ready {port}", flush=True)
    await asyncio.Event().wait()


def free_port(address: str = "127.0.0.1") -> int:
    """A port free on `address` now (the server binds it on every address it serves)."""
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write a synthetic site")
    make.add_argument("root", type=Path)
    make.add_argument("--articles", type=int, default=2000)
    make.add_argument("--list-pages", type=int, default=100)
    make.add_argument("--seed", type=int, default=6)
    run = commands.add_parser("serve", help="serve a site folder on loopback")
    run.add_argument("root", type=Path)
    run.add_argument("--sites", type=int, default=0, help="serve on this many addresses from 127.0.0.2 (0: 127.0.0.1)")
    run.add_argument("--port", type=int, default=0)
    run.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    args = parser.parse_args(argv)
    if args.command == "generate":
        pages = generate(args.root, args.articles, args.list_pages, args.seed)
        print(f"{pages} pages in {args.root}", file=sys.stderr)
        return
    addresses = loopback_addresses(args.sites) if args.sites else ["127.0.0.1"]
    port = args.port or free_port(addresses[0])
    asyncio.run(serve(args.root, addresses, port, args.delay))


if __name__ == "__main__":
    main()
