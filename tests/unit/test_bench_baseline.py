"""``python -m benchmarks.baseline``'s table: the ratios to the earlier release, and the file
system's cost of a folder printed beside it, so a run slowed by recent deletions reads as such."""

from __future__ import annotations

from benchmarks.baseline import Timing, folder_cost, print_comparison


def test_the_table_gives_each_ratio_and_the_file_systems_cost_of_a_folder(capsys, tmp_path):
    cost = folder_cost(tmp_path / "probe", count=50)
    assert cost >= 0 and len(list((tmp_path / "probe").iterdir())) == 50
    timings = {
        kind: {"baseline": Timing(4.0, 3.0, 1.0), "current": Timing(wall, 6.0, 2.0)}
        for kind, wall in (("fresh", 7.0), ("over", 8.0), ("again", 6.0))
    }
    timings["folder_us"] = [35.0, 140.0]
    print_comparison(timings, "30,000")
    out = capsys.readouterr().out
    assert "| into a new folder | this version | 7.0 | 8.0 (6.0 + 2.0) | 1.75 | 2.00 |" in out
    assert "| over its previous output | this version | 8.0 | 8.0 (6.0 + 2.0) | 2.00 | 2.00 |" in out
    assert "35 us of system time to make a folder before these builds, 140 after" in out


def test_the_comparison_waits_for_the_file_system_as_told(monkeypatch, capsys, tmp_path):
    """Before timing, the bench writes everything out and, where deleted inodes slow new files
    (ext4 without a journal), waits them out: BENCH_SETTLE seconds, 0 to skip."""
    from benchmarks.baseline import SETTLE_SECONDS, settle, skips_recent_deletions

    assert SETTLE_SECONDS > 360  # the kernel's longest "recently deleted"
    monkeypatch.setenv("BENCH_SETTLE", "0")
    assert settle(tmp_path) == 0 and "waiting" not in capsys.readouterr().err
    monkeypatch.setenv("BENCH_SETTLE", "0.01")
    assert settle(tmp_path) == 0.01 and "waiting 0 s" in capsys.readouterr().err
    monkeypatch.delenv("BENCH_SETTLE")
    if not skips_recent_deletions(tmp_path):
        assert settle(tmp_path) == 0  # a journal (or not ext4): nothing to wait for
    assert skips_recent_deletions(tmp_path / "missing") is False
