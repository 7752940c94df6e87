import threading
import time

from generator.watch import Regenerator


def test_changes_to_sources_or_config_trigger_one_regeneration(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    config = tmp_path / "briefing.yml"
    config.write_text("a: 1\n")
    (tmp_path / "unrelated.txt").write_text("x")
    calls = []
    done = threading.Event()

    def regenerate():
        calls.append(time.monotonic())
        done.set()

    watcher = Regenerator([sources, config], regenerate, delay=0.3)
    watcher.start()
    try:
        for i in range(5):
            (sources / f"new{i}.txt").write_text("text")
        assert done.wait(10), "no regeneration after adding sources"
        time.sleep(0.6)
        assert len(calls) == 1, "a burst of changes regenerates once"
        done.clear()
        (tmp_path / "unrelated.txt").write_text("y")
        assert not done.wait(1.0), "a file outside sources/ and briefing.yml is ignored"
        config.write_text("a: 2\n")
        assert done.wait(10), "no regeneration after editing briefing.yml"
    finally:
        watcher.stop()
