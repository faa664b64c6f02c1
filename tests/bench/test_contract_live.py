"""The live contract benchmark's own logic (bench/contract_live.py); never its timings."""

from __future__ import annotations

from bench import contract_live


def test_report_bytes_counts_every_file_below_the_folder(tmp_path):
    (tmp_path / "contract-html").mkdir()
    (tmp_path / "junit.xml").write_bytes(b"x" * 10)
    (tmp_path / "contract-html" / "index.html").write_bytes(b"y" * 32)
    assert contract_live.report_bytes(tmp_path) == 42


def test_a_report_folder_over_the_limit_misses_the_target(tmp_path):
    (tmp_path / "contract.ndjson").write_bytes(b"z" * (contract_live.MAX_REPORT_BYTES + 1))
    assert contract_live._size(tmp_path, "live run").met is False
    (tmp_path / "contract.ndjson").write_bytes(b"z" * 1000)
    assert contract_live._size(tmp_path, "live run").met is True
