"""The smallest useful map: two steps, `home` then `pay`, read from an `event` column.

Tests about reading data (bad files, time formats, row totals, Spark errors) need
a map only to have something to check; they take this one, with the expectations
each needs, so that a change to the language changes one text, not seven.
"""

from __future__ import annotations

_TEMPLATE = """\
journey mini "Mini" {{
  stage main "Main" {{
    step home "Home" {{
      when event == "home"
    }}
    step pay "Pay" {{
      when event == "pay"
    }}
  }}
  start home
  success pay
  flow home -> pay
{expectations}}}
"""


def mini_map(*expectations: str) -> str:
    """The two-step map's text, with each of ``expectations`` (e.g. ``"expect sessions >= 1"``) on its own line."""
    return _TEMPLATE.format(expectations="".join(f"  {line}\n" for line in expectations))


MINI_MAP = mini_map()
