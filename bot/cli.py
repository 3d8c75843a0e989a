"""`claimdesk`: the terminal surface (check an article) and the process entry points.

Exit codes: 0 ok, 2 bad input (one line on stderr saying why), 1 our own failure.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.analysis import Analysis
from bot.desk import Checked, Desk, Where
from bot.errors import UnreadableInput, UserError
from bot.reading.decode import decode_bytes, looks_like_html
from bot.render.markdown import render as render_markdown
from bot.render.text import render as render_text
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("claimdesk")

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
TERMINAL = Where(user="terminal")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimdesk",
        description="The claims in an article, who they come from, and what to check.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="analyse an article: a file, - for stdin, or a URL")
    check.add_argument("source", help="a text or HTML file, - for stdin, or an http(s) URL")
    form = check.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print the analysis as JSON")
    form.add_argument("--markdown", action="store_true", help="print the analysis as Markdown")
    check.add_argument("--refresh", action="store_true", help="ignore the cache and analyse again")
    check.add_argument(
        "--url",
        default="",
        help="check a saved page (or text) as the page at this address: publisher from its "
        "domain, genre hints from its path; nothing is fetched",
    )

    serve = sub.add_parser("serve", help="run the Slack bot")
    mode = serve.add_mutually_exclusive_group()
    mode.add_argument("--http", action="store_true", help="HTTP Events API on $PORT")
    mode.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")

    worker = sub.add_parser("worker", help="run queued checks (CLAIMDESK_QUEUE=rq)")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")

    facts = sub.add_parser("factchecks", help="import or inspect fact-checks (ClaimReview)")
    facts_sub = facts.add_subparsers(dest="factchecks_command", required=True)
    load = facts_sub.add_parser(
        "import", help="a fact-check page, a sitemap, or a JSON / JSON Lines file of ClaimReview"
    )
    load.add_argument("source", help="a URL (page or sitemap) or a file path")
    load.add_argument("--max-pages", type=int, default=200, help="pages read from a sitemap")
    load.add_argument("--delay", type=float, default=1.0, help="seconds between pages")
    facts_sub.add_parser("stats", help="how many fact-checks, from how many organisations")
    drop = facts_sub.add_parser("forget", help="remove the fact-checks published at a URL")
    drop.add_argument("url")

    cache = sub.add_parser("cache", help="inspect or edit the Redis cache")
    cache_sub = cache.add_subparsers(dest="cache_command", required=True)
    cache_sub.add_parser("stats", help="keys, memory, hit ratio, queue depth")
    forget = cache_sub.add_parser("forget", help="remove a cached article")
    forget.add_argument("url", help="the article's URL (any form; it is canonicalised)")
    return parser


@dataclass(frozen=True)
class _Request:
    links: tuple[str, ...] = ()
    text: str = ""


def read_file(source: str) -> str:
    """The text of a file, or of stdin for '-'; binary and empty input are refused."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"Can't read {source}: {exc.strerror or exc}") from None
    return decode_bytes(data)


def saved_page(text: str, url: str, settings: Settings) -> Analysis:
    """A page a desk saved (or an archive copy), analysed as the page at `url`, with no fetch.

    The same extraction and engine as a fetched link: `eval/desk.py` checks the desk's labelled
    pages through this function, so what it scores is what a journalist gets.
    """
    from bot.engine import analyse
    from bot.engine.nlp import load_pipeline
    from bot.reading.extract import extract_article

    kind = "text/html" if looks_like_html(text) else "text/plain"
    article = extract_article(text, url=url, content_type=kind)
    nlp = load_pipeline(settings.model)
    return analyse(article, nlp, max_chars=settings.max_chars)


def _checked(args: argparse.Namespace, settings: Settings, desk: Desk) -> Checked:
    """The analysis of SOURCE, whether it came from the cache, and what was seen before."""
    if args.url and not args.url.startswith(("http://", "https://")):
        raise UnreadableInput(f"--url must be an http(s) address, got {args.url!r}")
    if args.source.startswith(("http://", "https://")):
        if args.url:
            raise UnreadableInput("--url names a saved page's address: give a file, not a link")
        request = _Request(links=(args.source,))
    else:
        text = read_file(args.source)
        if args.url or looks_like_html(text):
            analysis = saved_page(text, args.url, settings)
            seen = desk.memory.seen(analysis, TERMINAL) if desk.memory is not None else {}
            return Checked(analysis, False, seen=seen)
        request = _Request(text=text)
    outcome = desk.check(request, TERMINAL, fresh=args.refresh)[0]
    if not isinstance(outcome, Checked):
        raise UserError(outcome.message)
    return outcome


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.wiring import build_desk

    desk = build_desk(settings, try_localhost=False)
    checked = _checked(args, settings, desk)
    analysis = checked.analysis
    if args.json:
        print(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2))
    elif args.markdown:
        print(render_markdown(analysis, seen=checked.seen), end="")
    else:
        print(render_text(analysis, cached=checked.cached, seen=checked.seen), end="")
    sys.stdout.flush()
    desk.remember([checked], TERMINAL)
    return EXIT_OK


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import run

    mode = "socket" if args.socket else "http" if args.http else None
    run(settings, mode)
    return EXIT_OK


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.worker import run_worker

    logging.getLogger().setLevel(settings.log_level.upper())
    run_worker(settings, burst=args.burst)
    return EXIT_OK


def _cache(args: argparse.Namespace, settings: Settings) -> int:
    from bot.desk.queue import JobQueue
    from bot.store.admin import forget_url, stats

    if args.cache_command == "stats":
        figures = stats(settings)
        queue = JobQueue(settings)
        try:
            figures["queue"] = queue.stats()
        finally:
            queue.close()
        print(json.dumps(figures, indent=2))
        return EXIT_OK
    removed = forget_url(settings, args.url)
    print(f"removed {removed} cached entr{'y' if removed == 1 else 'ies'} for {args.url}")
    return EXIT_OK


def _factchecks(args: argparse.Namespace, settings: Settings) -> int:
    """Fact-checks are shared by the whole install: pages are read through the same guarded
    fetcher as articles (sitemaps and JSON feeds allowed), politely, robots.txt honoured."""
    from bot.reading.fetch import FEED_TYPES, Fetcher
    from bot.records.importer import import_factchecks
    from bot.wiring import open_desk_records

    records = open_desk_records(settings)
    try:
        if args.factchecks_command == "stats":
            print(json.dumps(records.factcheck_stats(), indent=2))
        elif args.factchecks_command == "forget":
            removed = records.forget_factchecks(url=args.url)
            print(f"removed {removed} fact-check{'s' if removed != 1 else ''} for {args.url}")
        else:
            fetcher = Fetcher(settings, FEED_TYPES)

            def fetch(url: str) -> tuple[str, str, str]:
                page = fetcher.fetch(url)
                return page.url, page.content_type, page.text

            report = import_factchecks(
                args.source, records, fetch, max_pages=args.max_pages, delay=args.delay
            )
            print(
                f"{report.added} added, {report.updated} updated, {report.skipped} skipped "
                f"(malformed), {report.pages} pages read, {report.blocked} refused by robots.txt"
            )
            for error in report.errors[:10]:
                print(f"  {error}", file=sys.stderr)
    finally:
        records.close()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        settings = load_settings()
        commands = {
            "check": _check,
            "serve": _serve,
            "worker": _worker,
            "cache": _cache,
            "factchecks": _factchecks,
        }
        command = commands[args.command]
        return command(args, settings)
    except (UserError, SettingsError) as exc:
        message = exc.user_message if isinstance(exc, UserError) else str(exc)
        print(f"claimdesk: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("claimdesk %s failed", args.command)
        print("claimdesk: internal error (details above); please report it", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
