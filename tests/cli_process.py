"""`occuwatch ARGS` in a process of its own, forked from a server that has imported occuwatch and Scrapy once.

Each call is still a fresh process (a Twisted reactor runs once per process)
running the real command line, its crawl the real spiders over real HTTP;
what it skips is starting Python and importing Scrapy, lxml and the parsers
again, most of a short crawl's cost. The server (multiprocessing's
forkserver) is one clean, single-threaded process started from this module,
never from the test process with its servers' threads. Modules that read the
environment or the config when imported (scrapers.settings) are not preloaded.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

PRELOAD = ["tests.cli_process", "occuwatch.cli", "occuwatch.scrapers.crawl", "occuwatch.pipelines.extract",
           "occuwatch.pipelines.parse", "occuwatch.notify", "occuwatch.db.queries", "scrapy.crawler",
           "scrapy.core.engine", "lxml.html"]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)


def _run_here(args: list[str], cwd: str, env: dict[str, str], *, stdin: str, out: str, err: str) -> None:
    """In the forked process: become `python -m occuwatch ARGS` (cwd, environment, standard streams)."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path, flags in ((0, stdin, os.O_RDONLY), (1, out, os.O_WRONLY), (2, err, os.O_WRONLY)):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 (the process's own streams)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.argv = ["occuwatch", *args]
    code = 0
    try:
        from occuwatch.cli import main

        main(args=args, prog_name="occuwatch")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    except BaseException:  # as the interpreter would: the traceback on stderr, exit 1
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(args: list[str], *, cwd: Path, env: dict[str, str], input_text: str | None,
        timeout: float) -> subprocess.CompletedProcess:
    """Run the command line in a forked process; its exit code and output, as subprocess.run gives them."""
    with tempfile.TemporaryDirectory(prefix="occuwatch-cli-") as scratch:
        stdin, out, err = (Path(scratch) / name for name in ("stdin", "stdout", "stderr"))
        stdin.write_text(input_text or "", encoding="utf-8")
        out.touch()
        err.touch()
        process = _context.Process(target=_run_here, args=(args, str(cwd), env),
                                   kwargs={"stdin": str(stdin), "out": str(out), "err": str(err)})
        process.start()
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired(["occuwatch", *args], timeout)
        return subprocess.CompletedProcess(["occuwatch", *args], process.exitcode,
                                           out.read_text("utf-8", errors="replace"),
                                           err.read_text("utf-8", errors="replace"))
