"""Generated journey maps of any size, for canvas tests and the rendering benchmark."""

from __future__ import annotations

_WORDS = (
    "open compare review confirm upload verify choose invite schedule share "
    "the pricing plan account invoice document payment team profile settings report"
).split()


def _phrase(seed: int, words: int) -> str:
    return " ".join(_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(words)).capitalize()


def generated_map(steps: int, stages: int | None = None, journey_id: str = "generated") -> str:
    """Map text with ``steps`` steps spread over ``stages`` stages, varied label lengths, emotions and notes."""
    stages = stages or max(1, min(8, (steps + 3) // 4))
    per_stage = [steps // stages + (1 if i < steps % stages else 0) for i in range(stages)]
    lines = [f'journey {journey_id} "Generated journey with {steps} steps" {{']
    lines.append('  persona tester "Generated persona" {')
    lines.append('    description "Someone the generator made up to fill the header card."')
    lines.append("  }")
    lines.append('  goal "Every part of the canvas has something to show"')
    ids = []
    for s, count in enumerate(per_stage):
        lines.append(f'  stage stage_{s} "{_phrase(s, 1 + s % 4)} stage" {{')
        lines.append(f'    emotion {(s % 7) - 3:+d} "{_phrase(s + 1, 1)}"')
        if s % 2 == 0:
            lines.append(f'    pain "{_phrase(s + 2, 4 + s % 9)}"')
        if s % 3 == 0:
            lines.append(f'    opportunity "{_phrase(s + 3, 5 + s % 7)}"')
        for k in range(count):
            step_id = f"step_{len(ids)}"
            ids.append(step_id)
            lines.append(f'    step {step_id} "{_phrase(len(ids), 1 + len(ids) % 6)}" {{')
            if len(ids) % 3 == 0:
                lines.append("      channel web")
                lines.append(f'      touchpoint "{_phrase(len(ids) + 5, 1 + len(ids) % 5)}"')
            if len(ids) % 4 == 1:
                lines.append(f'      emotion {((len(ids) * 5) % 7) - 3:+d} "{_phrase(len(ids), 2)}"')
            lines.append(f'      when event == "{step_id}"')
            lines.append("    }")
        lines.append("  }")
    lines.append(f"  start {ids[0]}")
    lines.append(f"  success {ids[-1]}")
    if len(ids) > 1:
        lines.append("  flow " + " -> ".join(ids))
    for i in range(0, len(ids) - 3, 5):
        lines.append(f'  flow {ids[i + 3]} -> {ids[i]} "goes back" 10%')
    lines.append("}")
    return "\n".join(lines) + "\n"
