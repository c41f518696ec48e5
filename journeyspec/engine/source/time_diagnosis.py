"""Why times did not read, in words, with what to write instead.

Only called once reading has failed (or the first values show it will), so
the queries here — a few sample values, one aggregate over the column — cost
nothing on a source that reads. Each error names the column and the source,
shows values as they are written, and proposes a ``time_format`` built from
them (:func:`~journeyspec.engine.source.time_patterns.suggested_patterns`):

- JS322: dates such as ``10/01/2019`` where every value reads both day-first
  and month-first — journeyspec never guesses which;
- JS324: times with an offset and times without one in the same column;
- JS304: anything else that does not parse (numbers without a unit, a
  day-first-only form, a pattern that does not match).
"""

from __future__ import annotations

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error
from journeyspec.engine.source.config import TIME_FORMATS
from journeyspec.engine.source.time_patterns import ISO, day_month, is_aware, is_number, not_iso, suggested_patterns

_FIRST_TWO = r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]"


def _flag(pattern: str) -> str:
    return f'--time-format "{pattern}" (or `time_format = "{pattern}"`)'


def numbers_without_unit(mapping, sample: list[str], what: str = "numbers") -> JourneyspecError:
    """JS304: a time column of numbers, and no epoch unit to read them in."""
    example = f" (for example {sample[0]})" if sample else ""
    unit = (suggested_patterns(sample[0]) or ("epoch_s",))[0] if sample else "epoch_s"
    return data_error(
        "JS304",
        f"`{mapping.time}` of {mapping.source} holds {what}{example}, and no `time_format` says their unit",
        help=f"set --time-format {unit} (epoch_s, epoch_ms, epoch_us or epoch_ns: what the numbers count since "
        "1970, in UTC)",
    )


def mixed_zones(mapping, naive: str, aware: str) -> JourneyspecError:
    """JS324: some times carry an offset and some do not, so the two kinds cannot be ordered together."""
    zone = mapping.timezone or "UTC"
    return data_error(
        "JS324",
        f"`{mapping.time}` of {mapping.source} mixes times with an offset and times without one, for example "
        f"{aware!r} and {naive!r}",
        help=f"a time without an offset would be taken as {zone}: write every time with its offset (or `Z`), or "
        "none with one; or read the column with a `time_format` that matches every value",
    )


def not_iso_error(column, mapping, values: list[str], count: int | None = None) -> JourneyspecError:
    """JS322 or JS304 for text times that are not ISO-8601 and no ``time_format``: what each reading would need.

    ``column`` is the time column as text (an Ibis expression), for one aggregate over all of it.
    """
    first = values[0]
    if is_number(first):
        return numbers_without_unit(mapping, [first], "numbers written as text")
    found = day_month(first)
    if found is None:
        return _generic(mapping, values, count)
    parts = [column.re_extract(_FIRST_TWO, k).nullif("").try_cast("int64") for k in (1, 2)]
    ends = column.name("v").as_table().aggregate(a=parts[0].max(), b=parts[1].max()).to_pyarrow().to_pylist()[0]
    a, b = (ends["a"] or found.first), (ends["b"] or found.second)
    lead = f"{count:,} values of `{mapping.time}`" if count else f"the times of `{mapping.time}`"
    if a <= 12 and b <= 12:
        second = next((value for value in values[1:] if value != first), None)
        shown = f"{first!r} and {second!r}" if second else repr(first)
        return data_error(
            "JS322",
            f"`{mapping.time}` of {mapping.source} holds dates such as {shown}, which read both day-first and "
            "month-first; journeyspec does not guess which",
            help=f"say which with {_flag(found.month_first)} for month first ({_read(found, month_first=True)}), or "
            f"`{found.day_first}` for day first ({_read(found, month_first=False)})",
        )
    if a > 12 and b > 12:
        return data_error(
            "JS304",
            f"{lead} of {mapping.source} are dates such as {first!r} that read neither day-first nor month-first "
            f"throughout: some have a first number above 12 ({a}), some a second one ({b})",
            help="the column mixes two ways of writing dates: write them one way, then set `time_format`",
        )
    pattern, how = (found.day_first, "day first") if a > 12 else (found.month_first, "month first")
    return data_error(
        "JS304",
        f"{lead} of {mapping.source} are not ISO-8601 but dates such as {first!r}, written {how}: the "
        f"{'first' if a > 12 else 'second'} number goes up to {max(a, b)}, so it is the day",
        help=f"say so with {_flag(pattern)}; journeyspec reads no other form of date without being told",
    )


def _read(found, *, month_first: bool) -> str:
    month, day = (found.first, found.second) if month_first else (found.second, found.first)
    names = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
    return f"{found.first:02d}/{found.second:02d} is {day} {names[month - 1]}" if 1 <= month <= 12 else ""


def _generic(mapping, values: list[str], count: int | None, fmt: str | None = None) -> JourneyspecError:
    first = values[0]
    lead = f"{count:,} values" if count else "values"
    how = f"with `time_format` {fmt!r}" if fmt else "as time"
    patterns = [pattern for pattern in suggested_patterns(first) if pattern != fmt]
    found = day_month(first)
    if len(patterns) == 2 and found is not None:
        help_text = (f"{first!r} reads both ways: {_flag(found.month_first)} for month first "
                     f"({_read(found, month_first=True)}), or `{found.day_first}` for day first "
                     f"({_read(found, month_first=False)})")
    elif patterns:
        help_text = f"the values look like {_flag(patterns[0])}"
    elif fmt in TIME_FORMATS:
        help_text = "the values are not numbers: remove `time_format` for ISO-8601 text, or set a strftime pattern"
    elif fmt:
        help_text = "check the pattern against the value: every character that is not a directive must match as written"
    else:
        help_text = ("set `time_format` (epoch_s, epoch_ms, epoch_us, epoch_ns, or a strftime pattern like "
                     "`%d/%m/%Y %H:%M`); without one, text is read as ISO-8601 (`2024-05-01 10:00:00`, with an "
                     "optional offset)")
    return data_error(
        "JS304",
        f"{lead} of the time column `{mapping.time}` of {mapping.source} do not parse {how}, for example {first!r}",
        help=help_text,
    )


def unreadable_times(flagged, mapping, fmt: str | None, with_offsets: bool, count: int) -> JourneyspecError:
    """The error for ``count`` rows whose time is written but did not read (``__js_t`` null, ``__js_time_raw`` not).

    ``fmt`` is the format the column was read with (``ISO-8601`` for text without a ``time_format``),
    ``with_offsets`` whether its times were expected to carry an offset.
    """
    raw = flagged.__js_time_raw.cast("string")
    failed = flagged.filter(flagged.__js_t.isnull() & flagged.__js_time_raw.notnull())
    values = [str(v) for v in failed.select(v=failed.__js_time_raw.cast("string")).limit(20)
              .to_pyarrow().column(0).to_pylist()]
    if not values:  # cannot happen: the rows were counted; still, say what is known
        return data_error("JS304", f"{count:,} values of `{mapping.time}` of {mapping.source} do not parse as time")
    if fmt == ISO:
        expected_aware = with_offsets
        other = next((v for v in values if is_aware(v) != expected_aware), None)
        if other is not None:
            read = flagged.filter(flagged.__js_t.notnull()).select(v=flagged.__js_time_raw.cast("string")).limit(1)
            readable = read.to_pyarrow().column(0).to_pylist()
            if readable:
                naive, aware = (other, readable[0]) if expected_aware else (readable[0], other)
                return mixed_zones(mapping, naive, aware)
        shaped = [v for v in values if not_iso(v)]
        if shaped:
            return not_iso_error(raw, mapping, shaped, count)
        return _generic(mapping, values, count)
    return _generic(mapping, values, count, fmt)


__all__ = ["mixed_zones", "not_iso_error", "numbers_without_unit", "unreadable_times"]
