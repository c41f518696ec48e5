"""Hypothesis strategies that write random, syntactically valid maps, with random layout and comments."""

from __future__ import annotations

from hypothesis import strategies as st

from journeyspec.ir.text import quote

KEYWORD_IDS = ["step", "stage", "start", "time", "flow", "expect", "session", "user", "in", "at", "reach"]
identifiers = st.one_of(
    st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True),
    st.sampled_from(KEYWORD_IDS),
).filter(lambda s: s not in ("not", "and", "or", "true", "false", "exists"))

labels = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=20,
)

fields = st.lists(identifiers, min_size=1, max_size=3).map(".".join)

scalars = st.one_of(
    labels.map(quote),
    st.integers(-1000, 1000).map(str),
    st.decimals(min_value=-100, max_value=100, places=2, allow_nan=False, allow_infinity=False).map(
        lambda d: format(d, "f")
    ),
    st.sampled_from(["true", "false"]),
)

regexes = st.sampled_from(["^/p/", "a+b", "[0-9]{3}", "(x|y)z?", "\\\\d+", "^\\\\w+$", "é.*"])


def _leaf(draw) -> str:
    field = draw(fields)
    kind = draw(st.sampled_from(["cmp", "match", "in", "exists"]))
    if kind == "cmp":
        return f"{field} {draw(st.sampled_from(['==', '!=', '<', '<=', '>', '>=']))} {draw(scalars)}"
    if kind == "match":
        return f'{field} ~ "{draw(regexes)}"'
    if kind == "in":
        values = draw(st.lists(scalars, min_size=1, max_size=3))
        return f"{field} in [" + ", ".join(values) + "]"
    return f"{field} exists"


@st.composite
def predicates(draw, depth: int = 0) -> str:
    if depth >= 3 or draw(st.booleans()):
        return _leaf(draw)
    kind = draw(st.sampled_from(["and", "or", "not", "paren"]))
    if kind == "not":
        return "not " + draw(predicates(depth + 1))
    if kind == "paren":
        return "(" + draw(predicates(depth + 1)) + ")"
    parts = draw(st.lists(predicates(depth + 1), min_size=2, max_size=3))
    return f" {kind} ".join(f"({p})" if draw(st.booleans()) else p for p in parts)


def _space(draw) -> str:
    return draw(st.sampled_from([" ", "  ", "\n", "\n\n", "\n  ", "\t", " \n\n\n "]))


def _comment(draw) -> str:
    if draw(st.integers(0, 5)) == 0:
        text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=15))
        return f" #{text}\n"
    return ""


ENDING = "ended_by_design"

# What `allow` takes, as separate tokens: a name may be spaced around its hyphens (`dead - end`).
_WARNINGS = [["never-observed"], ["JS216"], ["dead-end"], ["dead", "-", "end"], ["js205"], ["self-loop"]]


@st.composite
def _allowed(draw) -> list[str]:
    names = draw(st.lists(st.sampled_from(range(len(_WARNINGS))), min_size=1, max_size=3, unique=True))
    parts: list[str] = []
    for index, name in enumerate(names):
        parts += _WARNINGS[name] if index == len(names) - 1 else [*_WARNINGS[name][:-1], _WARNINGS[name][-1] + ","]
    return parts


@st.composite
def maps(draw) -> str:
    """A map whose statements are valid syntax and whose names mostly refer to real steps."""
    step_ids = draw(st.lists(identifiers, min_size=2, max_size=8, unique=True))
    stage_ids = draw(st.lists(identifiers, min_size=1, max_size=3, unique=True))
    out: list[str] = []

    def emit(*parts: str) -> None:
        out.append(_space(draw).join(parts) + _space(draw) + _comment(draw))

    journey_id = draw(identifiers)
    emit("journey", journey_id, *([quote(draw(labels))] if draw(st.booleans()) else []), "{")
    if draw(st.booleans()):
        emit("description", quote(draw(labels)))
    if draw(st.booleans()):
        emit("tags", ", ".join(draw(st.lists(identifiers, min_size=1, max_size=3))))
    if draw(st.booleans()):
        emit("scope", draw(st.sampled_from(["session", "user"])))
    if draw(st.booleans()):
        emit("repeats", draw(st.sampled_from(["collapse", "keep"])))
    if draw(st.booleans()):
        emit("judge", "by", *draw(st.sampled_from([["point", "estimate"], ["confidence", "90%"]])))
    if draw(st.booleans()):
        emit("persona", draw(identifiers), quote(draw(labels)), "{", "description", quote(draw(labels)), "}")
    if draw(st.booleans()):
        emit("value", str(draw(st.integers(0, 500))), *(["EUR"] if draw(st.booleans()) else []))
    chunks = [step_ids[i :: len(stage_ids)] for i in range(len(stage_ids))]
    # At most one group of steps in any order, in the first stage with two steps or more;
    # flows, `start` and most metrics then name the group instead of its steps.
    group_of: dict[str, str] = {}
    group_stage = next((i for i, chunk in enumerate(chunks) if len(chunk) >= 2), None)
    group_id = draw(identifiers.filter(lambda g: g not in step_ids)) if group_stage is not None else None
    if group_stage is not None and draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(chunks[group_stage]), min_size=2, max_size=len(chunks[group_stage]),
                                unique=True))
        group_of = dict.fromkeys(members, group_id)
        need = draw(st.sampled_from(["all of", *(f"any {k} of" for k in range(1, len(members) + 1))]))
    ending = draw(st.booleans())
    if ending:  # a designed ending, reached from the first step (ids are at most 8 characters: no clash)
        chunks[-1] = [*chunks[-1], ENDING]
    for index, (stage_id, chunk) in enumerate(zip(stage_ids, chunks)):
        emit("stage", stage_id, quote(draw(labels)), "{")
        if draw(st.booleans()):
            emit("emotion", draw(st.sampled_from(["-3", "-1", "0", "+1", "2", "+3"])), quote(draw(labels)))
        if draw(st.booleans()):
            emit("pain", quote(draw(labels)))
        if draw(st.booleans()):
            emit("opportunity", quote(draw(labels)))
        for step_id in chunk:
            body = ["{"]
            if draw(st.booleans()):
                body += ["channel", draw(identifiers)]
            if draw(st.booleans()):
                body += ["touchpoint", quote(draw(labels))]
            body += ["when", draw(predicates())]
            if draw(st.booleans()):
                body += ["emotion", draw(st.sampled_from(["-2", "0", "+2"]))]
            if draw(st.integers(0, 3)) == 0:
                body += ["allow", *draw(_allowed())]
            body.append("}")
            emit("step", step_id, *([quote(draw(labels))] if draw(st.booleans()) else []), *body)
        if group_of and index == group_stage:
            emit("group", group_id, *([quote(draw(labels))] if draw(st.booleans()) else []), need,
                 ", ".join(group_of))
        emit("}")

    def node(step: str) -> str:
        return group_of.get(step, step)

    nodes = [node(step) for i, step in enumerate(step_ids) if i == 0 or node(step) != node(step_ids[i - 1])]
    emit("start", nodes[0])
    emit("success", step_ids[-1])
    if ending:
        emit("end", ENDING)
    if draw(st.booleans()):
        emit("allow", *draw(_allowed()))
    if len(nodes) > 1:
        emit("flow", " -> ".join(nodes))
    if ending:
        emit("flow", nodes[0], "->", ENDING)
    if draw(st.booleans()) and nodes[-1] != nodes[0]:
        emit("flow", nodes[-1], "->", nodes[0], quote(draw(labels)), f"{draw(st.integers(0, 100))}%")
    if draw(st.booleans()):
        emit("ignore", draw(predicates()))
    if draw(st.booleans()):
        emit("friction", draw(predicates()))
        emit("expect", "friction", "at", step_ids[0], "<=", "10%")
    if draw(st.booleans()):
        emit("sentiment", draw(fields), "1..5")
        emit("expect", "emotion", "at", stage_ids[0], ">=", "-1")
    a, b = node(step_ids[0]), node(step_ids[1])
    expectations = [
        ["sessions", ">=", str(draw(st.integers(0, 10**6)))],
        ["conformance", ">=", draw(st.sampled_from(["90%", "0.9", "12.5%", "1"]))],
        ["conversion", a, "->", b, ">=", "3%", "within", draw(st.sampled_from(["1d", "1h30m", "45s"]))],
        ["reach", b, ">", "5%", "confidence", "99%"],
        ["dropoff", "at", a, "<=", "35%", "where", draw(predicates())],
        ["time", draw(st.sampled_from(["p50", "p90", "mean"])), a, "->", b, "<=", "20m"],
        ["skips", b, "==", "0%"],
        ["conversion", a, "->", b, ">=", "3%", "point", "estimate"],
        ["unexpected", "transitions", "<", "5%", "min", "sessions", "500"],
        ["switches", draw(fields), "<=", "20%"],
        ["dropoff", "at", a, "<=", draw(st.sampled_from(["-20%", "+5%", "-5pp"])), "vs", "baseline"],
    ]
    for expectation in draw(st.lists(st.sampled_from(range(len(expectations))), max_size=6)):
        emit("expect", *expectations[expectation])
    emit("}")
    return "".join(out)


LIBRARY_STEPS = ["login", "pay", "help", "track"]


@st.composite
def library_projects(draw) -> tuple[str, str]:
    """A library and a journey that takes from it, both with random layout and comments.

    Returns ``(library text, journey text)``; the journey writes `use "shared/lib.journey"`.
    The journey takes some of the library's steps, relabels them or adds to their condition,
    and takes its persona and event rules; every file is valid on its own terms.
    """
    out: list[str] = []

    def emit(*parts: str) -> None:
        out.append(_space(draw).join(parts) + _space(draw) + _comment(draw))

    steps = draw(st.lists(st.sampled_from(LIBRARY_STEPS), min_size=1, max_size=4, unique=True))
    given: dict[str, set[str]] = {}
    emit("library", "lib", *([quote(draw(labels))] if draw(st.booleans()) else []), "{")
    if draw(st.booleans()):
        emit("description", quote(draw(labels)))
    emit("persona", "buyer", quote(draw(labels)), "{", "description", quote(draw(labels)), "}")
    for step_id in steps:
        body, given[step_id] = ["{"], set()
        for key, value in (("channel", identifiers), ("touchpoint", labels.map(quote))):
            if draw(st.booleans()):
                body += [key, draw(value)]
                given[step_id].add(key)
        body += ["when", draw(predicates())]
        body.append("}")
        emit("step", step_id, *([quote(draw(labels))] if draw(st.booleans()) else []), *body)
    rules = draw(st.lists(st.sampled_from(["ignore", "friction", "sentiment"]), unique=True))
    for rule in rules:
        emit(rule, *([draw(fields), "1..5"] if rule == "sentiment" else [draw(predicates())]))
    emit("}")
    library = "".join(out)

    out.clear()
    emit("use", '"shared/lib.journey"')
    emit("journey", "j", "{")
    if draw(st.booleans()):
        emit("persona", "buyer", "from", "lib")
    taken = draw(st.lists(st.sampled_from(steps), min_size=1, unique=True))
    emit("stage", "s", "{")
    for step_id in taken:
        extra = []
        if draw(st.booleans()):
            extra += ["when", draw(predicates())]
        if "channel" not in given[step_id] and draw(st.booleans()):
            extra += ["channel", draw(identifiers)]
        if draw(st.booleans()):
            extra += ["emotion", draw(st.sampled_from(["-2", "0", "+2"]))]
        emit("step", step_id, *([quote(draw(labels))] if draw(st.booleans()) else []), "from", "lib",
             *(["{", *extra, "}"] if extra else []))
    emit("step", "done", "{", "when", draw(predicates()), "}")
    emit("}")
    emit("start", taken[0])
    emit("success", "done")
    emit("flow", " -> ".join([*taken, "done"]))
    for rule in draw(st.lists(st.sampled_from(rules), unique=True)) if rules else []:
        emit(rule, "from", "lib")
    emit("}")
    return library, "".join(out)
