"""Example event logs for the maps in maps/, one Parquet file per journey (deterministic).

    python examples/make_example_data.py            # writes examples/data/<journey>.parquet

Each session walks its journey's design: it starts at a start step, follows
designed edges (by their designed shares where written), sometimes drops off,
sometimes wanders off the design (a skip or an undesigned jump), and meets
friction, feedback scores, off-map and ignored events on the way. Each step's
event is made to satisfy the step's `when` predicate, so the log fits the map
as written.

Why not `journeyspec simulate`: the demo needs behaviour that depends on a
segment — mobile sessions drop off at checkout far more often, so that one
expectation fails on purpose — and simulate draws attributes independently of
the path. Once simulate can weight edges by segment, this script can go.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import journeyspec  # noqa: E402
from journeyspec.ir.predicates import All, Any_, Compare, Exists, Match, Not, OneOf  # noqa: E402

SESSIONS = {"checkout": 4000, "saas_onboarding": 2500, "support": 6000}
# A text matching each `~` pattern of the example maps.
MATCHES = {"^/p/": "/p/{n}", "^/signup(/|$)": "/signup", "^/help/articles/[0-9]+": "/help/articles/{n}",
           "^/help": "/help", "(?i)bot|crawler|spider": "Googlebot"}
# Session attributes the maps' `where`s and breakdowns read, with their values' weights.
ATTRIBUTES = {
    "device": (("mobile", 0.55), ("desktop", 0.4), ("tablet", 0.05)),
    "plan_interest": (("team", 0.4), ("solo", 0.6)),
    "source_format": (("csv", 0.5), ("xlsx", 0.5)),
    "persona_hint": (("late_delivery", 0.5), ("billing", 0.5)),
}
CHANNELS = ("web", "app")
# Chance to end the session at each visit of a non-success step, per journey: tuned so that
# the example shows realistic funnels; mobile checkout sessions drop off 2.5 times as often, so
# `expect dropoff at checkout <= 35% where device == "mobile"` fails on purpose.
DROP = {"checkout": 0.16, "saas_onboarding": 0.08, "support": 0.09}


def satisfy(predicate, event: dict, rng: random.Random) -> None:
    """Set fields of ``event`` so that ``predicate`` holds."""
    if isinstance(predicate, All):
        for operand in predicate.operands:
            satisfy(operand, event, rng)
    elif isinstance(predicate, Any_):
        satisfy(rng.choice(predicate.operands), event, rng)
    elif isinstance(predicate, Not):
        inner = predicate.operand
        if isinstance(inner, Compare) and inner.op == "==" and isinstance(inner.value, bool):
            event[inner.field] = not inner.value
    elif isinstance(predicate, Compare):
        value = predicate.value
        if predicate.op in ("==", ">=", "<="):
            event[predicate.field] = value
        elif predicate.op == ">":
            event[predicate.field] = value + 10
        elif predicate.op == "<":
            event[predicate.field] = value - 1
        elif predicate.op == "!=":
            event[predicate.field] = "pro" if isinstance(value, str) else value + 1
    elif isinstance(predicate, OneOf):
        event[predicate.field] = rng.choice(predicate.values)
    elif isinstance(predicate, Match):
        event[predicate.field] = MATCHES[predicate.pattern].format(n=rng.randint(1, 400))
    elif isinstance(predicate, Exists):
        event[predicate.field] = f"{predicate.field}-{rng.randint(1, 50)}"


def _next(journey, step: str, rng: random.Random) -> str | None:
    edges = [e for e in journey.edges if e.source == step]
    if not edges:
        return None
    designed = sum(e.share or 0 for e in edges)
    # Unshared edges split what the designed shares leave, the first-written (the main flow) most.
    rest = [e for e in edges if e.share is None]
    order = {id(e): 0.3 ** k for k, e in enumerate(rest)}
    total = sum(order.values()) or 1.0
    weights = [e.share if e.share is not None else max(0.0, 1 - designed) * order[id(e)] / total for e in edges]
    return rng.choices([e.target for e in edges], weights=[w or 0.05 for w in weights])[0]


def session_events(journey, number: int, rng: random.Random) -> list[dict]:
    attributes = {name: rng.choices([v for v, _ in values], weights=[w for _, w in values])[0]
                  for name, values in ATTRIBUTES.items()}
    attributes["channel"] = rng.choice(CHANNELS)
    attributes["user.is_internal"] = rng.random() < 0.02  # staff accounts, ignored by the SaaS map
    attributes["user_agent"] = "Googlebot/2.1" if rng.random() < 0.01 else "Mozilla/5.0"  # bots, ignored by support
    user = f"u{number}"
    clock = 1_767_225_600 + number * 3_600 + rng.randint(0, 3_000)
    events: list[dict] = []

    def emit(fields: dict) -> None:
        nonlocal clock
        events.append({"session": f"{journey.id[:2]}{number}", "user_id": user, "time": clock, **attributes, **fields})
        clock += int(rng.expovariate(1 / (90 if journey.scope == "session" else 20_000))) + 1

    step = rng.choices(journey.start, weights=[0.3 ** k for k in range(len(journey.start))])[0]
    drop = DROP[journey.id] * (2.5 if attributes["device"] == "mobile" and journey.id == "checkout" else 1)
    for _ in range(30):
        event: dict = {}
        satisfy(journey.step(step).when, event, rng)
        if journey.sentiment and rng.random() < 0.15:
            # Scores centre on the designed emotion of the step (or its stage), with noise.
            low, high = journey.sentiment.low, journey.sentiment.high
            designed = journey.step(step).emotion or journey.stage(journey.step(step).stage).emotion
            score = (designed.score if designed else 0) + 0.3  # a little kinder than designed
            centre = (low + high) / 2 + score / 3 * (high - low) / 2
            event[journey.sentiment.field] = float(min(high, max(low, round(rng.gauss(centre, (high - low) / 6)))))
        emit(event)
        roll = rng.random()
        if journey.friction and roll < 0.03:
            friction: dict = {}
            satisfy(rng.choice(journey.friction), friction, rng)
            emit(friction)
        if rng.random() < 0.05:
            emit({"event": "heartbeat"})
        if rng.random() < 0.04:
            emit({"event": rng.choice(["newsletter_signup", "cookie_banner", "share"])})
        if step in journey.success:
            break
        if rng.random() < drop:
            break
        if rng.random() < 0.03:  # off the design: a jump to a step that is not a success
            step = rng.choice([s for s in journey.step_ids if s not in journey.success])
            continue
        following = _next(journey, step, rng)
        if following is None:
            break
        step = following
    if attributes["channel"] == "app" and len(events) > 2 and rng.random() < 0.3:
        events[-1]["channel"] = "web"  # a channel switch
    return events


def generate(journey, sessions: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [event for number in range(sessions) for event in session_events(journey, number, rng)]


def write(rows: list[dict], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = sorted({name for row in rows for name in row})
    table = pa.Table.from_pylist([{name: row.get(name) for name in names} for row in rows])
    pq.write_table(table, path, compression="zstd")


def main() -> None:
    out = ROOT / "examples" / "data"
    out.mkdir(parents=True, exist_ok=True)
    for seed, path in enumerate(sorted((ROOT / "maps").glob("*.journey")), start=1):
        for journey in journeyspec.load(path):
            rows = generate(journey, SESSIONS[journey.id], seed)
            write(rows, out / f"{journey.id}.parquet")
            print(f"{journey.id}: {len(rows):,} events -> examples/data/{journey.id}.parquet")


if __name__ == "__main__":
    main()
