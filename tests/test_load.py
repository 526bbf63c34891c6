"""A short run of bench/load_test.py against the real server: no 5xx, and it still responds."""

from __future__ import annotations

import asyncio
import importlib.util
import sys

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("load_test", ROOT / "bench" / "load_test.py")
load_test = importlib.util.module_from_spec(spec)
# dataclasses looks the module up in sys.modules while it is being executed.
sys.modules["load_test"] = load_test
spec.loader.exec_module(load_test)

REQUESTS = 400
CONCURRENCY = 16
SECONDS = 90


def test_mixed_load_gives_no_server_error(server, capsys):
    results = asyncio.run(load_test.run_load_test(server, requests=REQUESTS,
                                                  concurrency=CONCURRENCY, seconds=SECONDS))
    with capsys.disabled():
        print("\n" + load_test.format_results(results))
    assert results.server_errors == []
    assert results.failures == []
    assert results.still_responding
    assert results.sent == REQUESTS
    kinds = {kind for kind, _ in results.statuses}
    assert kinds == {"normal", "hostile", "expensive"}


@pytest.mark.parametrize("address", ["http://example.org", "http://10.0.0.1:8001",
                                     "https://127.0.0.1:8001", "http://169.254.169.254/"])
def test_load_test_refuses_other_hosts(address):
    with pytest.raises(ValueError):
        load_test.check_local(address)
