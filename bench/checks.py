"""What makes a benchmark run fail, and the small statistics it reports. No Django here, so that
the checks can be tested alone."""

import math


def percentile(samples: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` from 0 to 1) of ``samples``, None if empty."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(samples: list[float]) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def failures(rows: list[dict]) -> list[str]:
    """Why a run fails, one line per problem; an empty list means it passed.

    Each row is one page's measurements: ``statuses`` (status code -> how many responses, from
    the single-connection requests, the query count and the memory run) and, if it was loaded
    with several connections, ``load`` with ``non_2xx`` (wrk's count of responses other than
    2xx or 3xx; wrk does not say which, so any of them fails the run, as it may be a 5xx).
    A page that answers 4xx is reported too: every page measured should exist.
    """
    problems = []
    for row in rows:
        name = row.get("name", row.get("path", "?"))
        statuses = {int(code): count for code, count in row.get("statuses", {}).items()}
        errors = sum(count for code, count in statuses.items() if code >= 500)
        if errors:
            problems.append(f"{name}: {errors} server error(s) (5xx)")
        missing = sum(count for code, count in statuses.items() if 400 <= code < 500)
        if missing:
            problems.append(f"{name}: {missing} response(s) 4xx: the page should exist")
        if not statuses:
            problems.append(f"{name}: no response")
        load = row.get("load") or {}
        if load.get("non_2xx"):
            problems.append(f"{name}: {load['non_2xx']} response(s) other than 2xx/3xx under load")
    return problems
