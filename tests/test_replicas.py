"""The pure parts of bench/replicas.py: its nginx configuration, its CPU accounting
and its arguments."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import replicas  # noqa: E402

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.isfile("/usr/sbin/nginx") else None)


def test_config_lists_each_replica(tmp_path):
    config = replicas.nginx_config(tmp_path, 8100, [8201, 8202, 8203, 8204])
    servers = re.findall(r"^\s*server 127\.0\.0\.1:(\d+);$", config, re.MULTILINE)
    assert servers == ["8201", "8202", "8203", "8204"]
    assert "listen 127.0.0.1:8100;" in config
    assert re.search(r"^\s*keepalive \d+;$", config, re.MULTILINE)
    assert 'proxy_set_header Connection "";' in config


def test_config_keeps_files_under_prefix(tmp_path):
    config = replicas.nginx_config(tmp_path, 8100, [8201])
    paths = re.findall(r"^\s*(?:pid|error_log|\w+_temp_path) (\S+?)[;\s]", config, re.MULTILINE)
    assert len(paths) == 7
    for path in paths:
        assert path.startswith(f"{tmp_path}/")
    assert "daemon off;" in config
    assert "access_log off;" in config


def test_config_without_replicas_rejected(tmp_path):
    with pytest.raises(ValueError):
        replicas.nginx_config(tmp_path, 8100, [])


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install -y nginx)")
def test_config_passes_nginx_check(tmp_path):
    config = tmp_path / "nginx.conf"
    config.write_text(replicas.nginx_config(tmp_path, 8100, [8201, 8202]))
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(config),
                             "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_process_tree_finds_children():
    child = subprocess.Popen(["sleep", "5"])
    try:
        tree = replicas.process_tree(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert tree[0] == os.getpid()
    assert child.pid in tree


def test_cpu_seconds_grows_with_work():
    before = replicas.cpu_seconds([os.getpid()])
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
    after = replicas.cpu_seconds([os.getpid()])
    # /proc counts in clock ticks (usually 10 ms), so 0.2 s of work shows as at least 0.1 s.
    assert after - before >= 0.1
    assert replicas.cpu_seconds([]) == 0


@pytest.mark.parametrize("argv", [["--replicas", "0"], ["--db", "/nonexistent/inquiries.db"]])
def test_invalid_arguments_rejected(argv):
    with pytest.raises(SystemExit):
        replicas.parse_args(argv)
