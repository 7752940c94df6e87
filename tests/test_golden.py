import difflib

from tests.conftest import tree
from tests.golden import EXPECTED, generate_into


def test_generated_content_matches_the_golden_tree(tmp_path):
    generate_into(tmp_path / "content")
    got, want = tree(tmp_path / "content"), tree(EXPECTED)
    assert sorted(got) == sorted(want), "file list differs; run `make golden` after a deliberate change"
    for name in sorted(want):
        if got[name] != want[name]:
            diff = "\n".join(difflib.unified_diff(want[name].decode().splitlines(), got[name].decode().splitlines(),
                                                  f"golden/{name}", f"generated/{name}", lineterm="", n=1))
            raise AssertionError(f"{name} differs from the golden file (run `make golden` if intended):\n{diff[:3000]}")


def test_generation_is_deterministic(tmp_path):
    generate_into(tmp_path / "one")
    generate_into(tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_pages_rendered_in_several_processes_match_the_golden_tree(tmp_path, monkeypatch):
    from generator import parallel
    from generator.render import pages

    calls = []
    real = parallel.run
    kinds = []
    monkeypatch.setattr(parallel, "run", lambda task, items, shared, workers, *a, **k:
                        calls.append((task.__name__, len(items), workers)) or
                        (task.__name__ == "_render_pages" and kinds.append(
                            ({job[0] for chunk in items for job in chunk}, k.get("background") is not None))) or
                        real(task, items, shared, 2, *a, **k))
    monkeypatch.setattr(pages, "PAGES_PER_JOB", 2)  # about 25 jobs: enough to be shared out
    generate_into(tmp_path / "content")
    assert any(name == "_render_pages" and jobs >= parallel.SERIAL_BELOW for name, jobs, _w in calls), calls
    # Every job goes to the workers, the listing pages' (what changed among them) too.
    assert all("listings" in sent and not here for sent, here in kinds) and kinds, kinds
    assert tree(tmp_path / "content") == tree(EXPECTED)
