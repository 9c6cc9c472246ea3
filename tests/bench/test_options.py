"""The benchmark's options: the size sets the defaults, and an option given wins."""

from bench.run import options


def test_the_tiny_size_is_quick(monkeypatch):
    monkeypatch.delenv("BENCH_SIZE", raising=False)
    tiny = options(["--size", "tiny"])
    assert (tiny.db, tiny.requests, tiny.duration, tiny.memory_requests) == ("bench_tiny", 3, 1, 50)


def test_the_default_is_the_large_size(monkeypatch):
    monkeypatch.delenv("BENCH_SIZE", raising=False)
    large = options([])
    assert (large.db, large.requests, large.memory_requests) == ("bench_large", 30, 10_000)


def test_an_option_or_its_environment_variable_wins(monkeypatch):
    monkeypatch.setenv("BENCH_SIZE", "tiny")
    monkeypatch.setenv("BENCH_DURATION", "7")
    chosen = options(["--requests", "12"])
    assert (chosen.size, chosen.requests, chosen.duration) == ("tiny", 12, 7)
