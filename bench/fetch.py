"""Fetch and extraction figures: time per fixture page, the fetcher's overhead, extraction F1.

    .venv/bin/python bench/fetch.py [--quick]

Everything is served from a loopback server started here and read through the real Fetcher
(127.0.0.1 allowed for this run only). Overhead is the fetcher's time for a page minus a bare
http.client read of the same page from the same server. F1 is the article-extraction
benchmark's measure (\\w+ tokens, 4-gram shingle multisets, per-document precision and recall
averaged, F1 of the means) on ../shared/eval/article-extraction-dev, whose pages are read in
place and never copied. The last line is one JSON object with all the figures.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import http.client
import json
import re
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bot.errors import FetchError
from bot.reading.extract import extract_article
from bot.reading.fetch import Fetcher, fetch_article
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
EVAL = ROOT.parent / "shared" / "eval" / "article-extraction-dev"
TYPES = {".html": "text/html", ".txt": "text/plain"}


def fixture_pages() -> dict[str, tuple[bytes, str, str]]:
    """path -> (body, content type, extra header) for every fixture page."""
    pages = {}
    for path in sorted(FIXTURES.iterdir()):
        charset = "iso-8859-1" if "latin1" in path.name else "utf-8"
        pages[f"/fixture/{path.name}"] = (
            path.read_bytes(),
            f"{TYPES[path.suffix]}; charset={charset}",
            "",
        )
    return pages


def eval_pages() -> tuple[dict[str, tuple[bytes, str, str]], dict[str, str]]:
    pages, truth = {}, {}
    if not EVAL.exists():
        return pages, truth
    for page_id, item in json.loads((EVAL / "ground-truth.json").read_text()).items():
        pages[f"/eval/{page_id}"] = (
            (EVAL / "html" / f"{page_id}.html.gz").read_bytes(),
            "text/html; charset=utf-8",
            "gzip",
        )
        truth[f"/eval/{page_id}"] = item["articleBody"]
    return pages, truth


def serve(pages: dict[str, tuple[bytes, str, str]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # as production servers do; else 40 ms delayed-ACK stalls

        def do_GET(self) -> None:
            body, content_type, encoding = pages.get(self.path, (b"", "text/plain", ""))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def shingles(text: str) -> collections.Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return collections.Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def precision_recall(predicted: str, expected: str) -> tuple[float, float]:
    got, want = shingles(predicted), shingles(expected)
    overlap = sum((got & want).values())
    if not got and not want:
        return 1.0, 1.0
    return (overlap / sum(got.values()) if got else 0.0), (
        overlap / sum(want.values()) if want else 0.0
    )


def f1(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    if not pairs:
        return 0.0, 0.0, 0.0
    p = statistics.fmean(pr[0] for pr in pairs)
    r = statistics.fmean(pr[1] for pr in pairs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def timed(fn, repeats: int) -> float:
    """Median seconds per call."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_read(port: int, path: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, deflate"})
    connection.getresponse().read()
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (under a minute)")
    args = parser.parse_args()
    repeats = 5 if args.quick else 30

    fixtures = fixture_pages()
    evals, truth = eval_pages()
    httpd = serve({**fixtures, **evals})
    port = httpd.server_address[1]
    settings = dataclasses.replace(load_settings({}), fetch_allow=("127.0.0.1:*",))
    fetcher = Fetcher(settings)
    result: dict[str, object] = {"quick": args.quick, "repeats": repeats}

    print(f"extraction time per fixture page (median of {repeats}):")
    extraction_ms = {}
    for path, (body, content_type, _) in fixtures.items():
        page = fetcher.fetch(f"http://127.0.0.1:{port}{path}")
        media = content_type.split(";")[0]

        def extract(text: str = page.text, media: str = media, url: str = page.url) -> None:
            with contextlib.suppress(FetchError):
                extract_article(text, url=url, content_type=media)

        name = path.rsplit("/", 1)[1]
        extraction_ms[name] = round(timed(extract, repeats) * 1000, 2)
        print(f"  {name:32} {len(body):7} B  {extraction_ms[name]:7.2f} ms")
    result["extraction_ms"] = extraction_ms

    print(f"fetch overhead beyond the server's own response (median of {repeats * 4}):")
    overhead = {}
    for path in ("/fixture/harbour-council.html", *list(evals)[:1]):
        url = f"http://127.0.0.1:{port}{path}"
        bare = timed(lambda path=path: bare_read(port, path), repeats * 4)
        guarded = timed(lambda url=url: fetcher.fetch(url), repeats * 4)
        name = "fixture" if path.startswith("/fixture") else "eval-gzip"
        overhead[name] = {
            "bare_ms": round(bare * 1000, 3),
            "fetcher_ms": round(guarded * 1000, 3),
            "overhead_ms": round((guarded - bare) * 1000, 3),
        }
        print(f"  {name:10} bare {bare * 1000:.3f} ms  fetcher {guarded * 1000:.3f} ms  "
              f"overhead {(guarded - bare) * 1000:.3f} ms")  # fmt: skip
    result["fetch_overhead"] = overhead

    if truth:
        pairs, kept, refused = [], [], collections.Counter()
        start = time.perf_counter()
        for path, expected in truth.items():
            try:
                text = fetch_article(fetcher, f"http://127.0.0.1:{port}{path}").text
            except FetchError as exc:
                refused[type(exc).__name__] += 1
                pairs.append(precision_recall("", expected))
                continue
            pair = precision_recall(text, expected)
            pairs.append(pair)
            kept.append(pair)
        seconds = time.perf_counter() - start
        p, r, score = f1(pairs)
        _, _, score_kept = f1(kept)
        print(f"extraction quality via the fetcher on {len(truth)} pages ({seconds:.1f} s):")
        print(f"  precision {p:.3f}  recall {r:.3f}  F1 {score:.3f}  "
              f"(F1 {score_kept:.3f} on the {len(kept)} pages not refused; refused: "
              f"{dict(refused) or 'none'})")  # fmt: skip
        result["eval"] = {
            "pages": len(truth),
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(score, 4),
            "f1_not_refused": round(score_kept, 4),
            "refused": dict(refused),
            "seconds": round(seconds, 2),
        }
    else:
        print(f"no evaluation data at {EVAL}: F1 skipped")

    fetcher.close()
    httpd.shutdown()
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
