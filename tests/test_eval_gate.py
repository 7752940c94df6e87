"""The evaluation gate: analysis quality on the labelled fixtures never drops below its floors."""
import yaml

from tests.evaluate import FLOORS, evaluate, scores


def test_scores_stay_at_or_above_their_floors():
    cases, _ = evaluate()
    got = scores(cases)
    floors = yaml.safe_load(FLOORS.read_text())
    misses = [c.path for c in cases if not all(c.ok.values())]
    low = {k: (got[k], floor) for k, floor in floors.items() if got[k] < floor}
    assert not low, f"scores below floor (got, floor): {low}; failing cases: {misses}"
