"""The tutorial notebook (docs/tutorial.ipynb): committed without outputs, and it runs from top to bottom.

It runs with nbclient in a fresh kernel from ``docs/``, as a reader opens
it, and each cell must show what its text promises: the journey drawn (SVG
and Mermaid), the verdicts as a table, the overlay, the baseline comparison
and the weeks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "tutorial.ipynb"


def test_the_committed_notebook_has_no_outputs():
    document = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [cell for cell in document["cells"] if cell["cell_type"] == "code"]
    assert code, "the tutorial has code cells"
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, (
            f"strip the outputs before committing (cell: {''.join(cell['source'])[:60]!r}); "
            "e.g. `jupyter nbconvert --clear-output --inplace docs/tutorial.ipynb`")
    assert "widgets" not in document["metadata"]


@pytest.mark.slow
def test_the_tutorial_runs_and_shows_what_it_says():
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    results = [next(o for o in cell.outputs if o.output_type == "execute_result")["data"]
               for cell in notebook.cells if cell.cell_type == "code" and cell.outputs]
    journey, checked, metrics, drawn, baseline, weeks = results
    assert {"image/svg+xml", "text/vnd.mermaid", "text/markdown"} <= set(journey)
    assert journey["text/vnd.mermaid"].startswith("flowchart")
    assert {"image/svg+xml", "text/html"} <= set(checked) and "12 expectations" in checked["text/html"]
    # conversion product -> purchase, as the check reports it (908 of 3,662 sessions, 24.8%, by plain SQL too)
    assert metrics["text/plain"].startswith("(0.2479")
    assert "<svg" in drawn["image/svg+xml"]
    assert "dropoff at cart <= -20% vs baseline" in baseline["text/plain"]
    assert "('2026-W02', 989" in weeks["text/plain"]  # sessions whose first event falls in that week
