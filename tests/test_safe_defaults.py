"""Safe defaults: http(s) only, a size cap on every download, notification secrets never shown."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from tests.conftest import run_cli

SECRET = "s3cr3t-Pa55w0rd"


def test_a_webhook_password_never_shows_when_delivery_fails(serve, make_config, tmp_path: Path) -> None:
    config = make_config({"changning": serve("changning")})
    # Port 9 (discard) on loopback: nothing listens, so every delivery fails.
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[notify]\nurls = ["json://watcher:{SECRET}@127.0.0.1:9/hook"]\n')
    crawl = run_cli("--config", str(config), "-vv", "crawl", "--notify-existing", cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr
    assert "Notifications: 0 sent, 3 failed" in crawl.stderr
    status = run_cli("--config", str(config), "status", "--json", cwd=tmp_path)
    runs = run_cli("--config", str(config), "runs", "--json", cwd=tmp_path)
    db = Database(tmp_path / "occuwatch.db")
    stored = json.dumps([list(db.query(f"select * from [{table}]")) for table in db.table_names()], default=str)
    for shown in (crawl.stdout, crawl.stderr, status.stdout, status.stderr, runs.stdout, stored):
        assert SECRET not in shown
    assert "json://watcher:****@127.0.0.1:9/hook" in db.execute("select last_error from notifications").fetchone()[0]


def test_extract_reads_only_http_urls(tmp_path: Path) -> None:
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/pub/page.html", "javascript:alert(1)"):
        result = run_cli("extract", url, cwd=tmp_path)
        assert result.returncode == 1
        assert "URLs are not read; give a file path, an http(s) URL or -" in result.stderr


def test_extract_reads_at_most_max_download_size(serve, make_config, tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "big.html").write_text("<html><body><p>A big page.</p></body></html>", encoding="utf-8")
    (root / "site.toml").write_text('[faults]\n"/big.html" = "huge"\n', encoding="utf-8")
    site = serve("changning", root=root)
    make_config({"changning": site}, max_download_size=100_000)  # ./occuwatch.toml, which extract reads
    result = run_cli("extract", f"{site.base_url}/big.html", cwd=tmp_path)
    assert result.returncode == 1
    assert "is larger than 100000 bytes ([crawl] max_download_size)" in result.stderr
