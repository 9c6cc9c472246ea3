"""Where a page's database time goes: ``python -m bench.explain PATH...`` (with the benchmark's
environment: DATABASE_URL and production-like settings) requests each page once in-process,
takes its slowest SQL queries and prints PostgreSQL's ``EXPLAIN (ANALYZE, BUFFERS)`` of each.
The plans in docs/benchmark.md were made with it.

Options: ``--top N`` queries per page (default 3), ``--lines N`` lines of each plan (default 14).
"""

import argparse
import os
import re

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oig_site.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def shorten(sql: str, length: int = 300) -> str:
    sql = re.sub(r"\s+", " ", sql)
    return sql if len(sql) <= length else sql[: length - 1] + "…"


# Django reads some querysets through a server-side cursor; the query is what follows FOR.
CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ', re.I)


def explain(path: str, top: int, lines: int) -> None:
    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    for query in queries.captured_queries:
        query["sql"] = CURSOR.sub("", query["sql"])
    captured = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    total = sum(float(q["time"]) for q in captured)
    print(f"\n## {path}\n")
    print(f"Status {response.status_code}; {len(captured)} queries, {total * 1000:.0f} ms in SQL.")
    for query in captured[:top]:
        print(f"\n{float(query['time']) * 1000:.0f} ms: `{shorten(query['sql'])}`\n")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        shown = plan if len(plan) <= lines + 2 else [*plan[:lines], "...", *plan[-2:]]
        print("```\n" + "\n".join(shown) + "\n```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--lines", type=int, default=14)
    args = parser.parse_args()
    for path in args.paths:
        explain(path, args.top, args.lines)


if __name__ == "__main__":
    main()
