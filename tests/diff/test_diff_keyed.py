"""``compare_keyed``: the one removed/added/reordered/kept comparison every section of the diff uses."""

from __future__ import annotations

from journeyspec.diff.keyed import compare_keyed, copies


def calls(old, new, key=lambda item: item[0]):
    """Every callback's call, in the order compare_keyed made them."""
    seen = []
    compare_keyed(
        old,
        new,
        key=key,
        on_removed=lambda item: seen.append(("removed", item)),
        on_added=lambda item: seen.append(("added", item)),
        on_reordered=lambda was, now: seen.append(("reordered", was, now)),
        on_kept=lambda was, now: seen.append(("kept", was, now)),
    )
    return seen


def test_removals_in_old_order_then_additions_then_order_then_kept_in_new_order():
    old = [("a", 1), ("b", 1), ("c", 1), ("d", 1)]
    new = [("e", 2), ("c", 2), ("a", 2), ("f", 2)]
    assert calls(old, new) == [
        ("removed", ("b", 1)),
        ("removed", ("d", 1)),
        ("added", ("e", 2)),
        ("added", ("f", 2)),
        ("reordered", [("a", 1), ("c", 1)], [("c", 2), ("a", 2)]),
        ("kept", ("c", 1), ("c", 2)),
        ("kept", ("a", 1), ("a", 2)),
    ]


def test_items_coming_and_going_around_the_kept_ones_is_no_reordering():
    assert [c[0] for c in calls([("a",), ("x",), ("b",)], [("y",), ("a",), ("b",)])] == [
        "removed",
        "added",
        "kept",
        "kept",
    ]


def test_every_callback_is_optional():
    kept = []
    compare_keyed(["a", "b"], ["b", "c"], key=str, on_kept=lambda was, now: kept.append(now))
    compare_keyed(["a"], ["b"], key=str)
    assert kept == ["b"]


def test_copies_match_copy_for_copy_and_report_the_first_copies_as_removed():
    def text(note):
        return note[0]

    old = [("A", "line 1"), ("B", "line 2"), ("A", "line 3"), ("A", "line 4")]
    new = [("A", "line 1"), ("B", "line 2")]
    seen = calls(copies(old, text), copies(new, text), key=lambda keyed: keyed[0])
    removed = [entry[1][1] for entry in seen if entry[0] == "removed"]
    # Of three A's, two are gone: the first two, as a reader scanning the old map would point at them.
    assert removed == [("A", "line 1"), ("A", "line 3")]
    assert not [entry for entry in seen if entry[0] == "added"]


def test_copies_key_each_item_by_its_text_and_the_copies_after_it():
    assert copies(["A", "B", "A"], str) == [(("A", 1), "A"), (("B", 0), "B"), (("A", 0), "A")]
