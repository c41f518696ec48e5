"""Old and new values as a map author writes them, for change records.

Each helper returns ``None`` for an absent value, so "added" and "removed"
read as a missing side rather than as an empty string.
"""

from __future__ import annotations

from journeyspec.ir.journey import Edge, Emotion, Money, Sentiment
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import decimal_text, percent_text, predicate_text, quote


def as_is(text: str | None) -> str | None:
    """A value the language writes bare: a channel, a stage id, ``session``."""
    return text


def maybe_quote(text: str | None) -> str | None:
    """A string literal, or ``None``."""
    return None if text is None else quote(text)


def head_text(element_id: str, label: str | None) -> str:
    """How a declaration starts: ``cart "Review the cart"``."""
    return element_id if label is None else f"{element_id} {quote(label)}"


def emotion_text(emotion: Emotion | None) -> str | None:
    """``+1 "curious"``, ``0``, ``-2``: the score signed as the language writes it."""
    if emotion is None:
        return None
    score = f"{emotion.score:+d}" if emotion.score else "0"
    return score if emotion.label is None else f"{score} {quote(emotion.label)}"


def persona_emotions_text(emotions: tuple) -> str | None:
    """``-1 "anxious" for bea; +2 for femi``: each persona's emotion as the language writes it."""
    if not emotions:
        return None
    return "; ".join(f"{emotion_text(e)} for {e.persona}" for e in emotions)


def share_text(share: float | None) -> str | None:
    """A designed share of traffic: ``30%``."""
    return None if share is None else percent_text(share)


def edge_text(edge: Edge) -> str:
    """An edge as a one-edge flow: ``cart -> product "keeps shopping" 30%``."""
    parts = [f"{edge.source} -> {edge.target}"]
    if edge.label is not None:
        parts.append(quote(edge.label))
    if edge.share is not None:
        parts.append(percent_text(edge.share))
    return " ".join(parts)


def money_text(value: Money | None) -> str | None:
    """``85 EUR``."""
    if value is None:
        return None
    amount = decimal_text(value.amount)
    return amount if value.currency is None else f"{amount} {value.currency}"


def sentiment_text(sentiment: Sentiment | None) -> str | None:
    """``csat 1..5``."""
    if sentiment is None:
        return None
    return f"{sentiment.field} {decimal_text(sentiment.low)}..{decimal_text(sentiment.high)}"


def predicates_text(predicates: tuple[Predicate, ...]) -> str | None:
    """Several ``ignore`` or ``friction`` statements, in written order, one per ``;``."""
    if not predicates:
        return None
    return "; ".join(predicate_text(p) for p in predicates)
