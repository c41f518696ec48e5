"""The shop project the plugin's tests run in: its map and its events."""

from __future__ import annotations

_SHOP = """\
journey shop "Shop" {{
  stage browse "Browse" {{
    step home "Home" {{ when event == "home" }}
    step product "Product" {{ when event == "product" }}
  }}
  stage buy "Buy" {{
    step cart "Cart" {{ when event == "cart" }}
    step paid "Paid" {{ when event == "paid" }}
  }}
  start home
  success paid
  flow home -> product -> cart -> paid
{expectations}}}
"""


def shop_map(*expectations: str) -> str:
    """Home → product → cart → paid, with each of ``expectations`` on its own line."""
    return _SHOP.format(expectations="".join(f"  {line}\n" for line in expectations))


def shop_events(sessions: int = 40, paying: int = 12, header: str = "session,time,event") -> str:
    """CSV text: ``sessions`` sessions see home and product; half of them reach the cart; ``paying`` of those pay."""
    rows = [header]
    for number in range(sessions):
        events = ["home", "product"] + ["cart"] * (number < sessions // 2) + ["paid"] * (number < paying)
        rows += [
            f"s{number},2026-01-01T10:{number:02d}:{offset * 10:02d},{event}" for offset, event in enumerate(events)
        ]
    return "\n".join(rows) + "\n"
