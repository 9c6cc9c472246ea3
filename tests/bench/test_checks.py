"""The benchmark's own checks: a run fails on any server error, and its statistics are right."""

from bench.checks import failures, median, percentile
from bench.run import parse_wrk

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8100/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.00ms    2.00ms  30.00ms   90.00%
  1600 requests in 5.00s, 10.00MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:    320.50
Transfer/sec:      2.00MB
"""


def page(**fields):
    return {"name": "home", "statuses": {"200": 30}, "load": {"non_2xx": 0}, **fields}


def test_a_run_of_good_pages_passes():
    assert failures([page(), page(name="activity log", load=None)]) == []


def test_one_server_error_fails_the_run():
    problems = failures([page(), page(name="sitemap.xml", statuses={"200": 29, "500": 1})])
    assert problems == ["sitemap.xml: 1 server error(s) (5xx)"]


def test_a_bad_gateway_fails_the_run():
    assert failures([page(statuses={"502": 2})]) == ["home: 2 server error(s) (5xx)"]


def test_errors_under_load_fail_the_run():
    problems = failures([page(load={"non_2xx": 3})])
    assert problems == ["home: 3 response(s) other than 2xx/3xx under load"]


def test_a_missing_page_fails_the_run():
    assert failures([page(statuses={"404": 1})]) == [
        "home: 1 response(s) 4xx: the page should exist"
    ]


def test_a_page_with_no_answer_fails_the_run():
    assert failures([page(statuses={})]) == ["home: no response"]


def test_wrk_output_is_read():
    assert parse_wrk(WRK_OUTPUT) == {
        "requests_per_second": 320.5,
        "requests": 1600,
        "non_2xx": 7,
        "timeouts": 2,
    }


def test_median_and_95th_percentile():
    samples = [float(n) for n in range(1, 21)]
    assert median(samples) == 10.5
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert percentile(samples, 0.95) == 19.0
    assert percentile([], 0.95) is None
