import sys
from pathlib import Path

# The diff tests share small helpers; make them importable as `helpers`.
sys.path.insert(0, str(Path(__file__).resolve().parent))
