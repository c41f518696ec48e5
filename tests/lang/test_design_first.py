"""Design-first maps: a step without `when` is normal unless the project says `require_events = true`."""

from __future__ import annotations

from click.testing import CliRunner

from journeyspec.cli import main_group

NO_EVENTS = """\
journey hotel "Book a hotel" {
  stage inspire "Inspire" {
    step browse "Browse ideas"
  }
  stage book "Book" {
    step search "Search"
    step booked "Booking confirmed"
  }
  stage after "After the stay" {
    step review "Write a review"
  }
  start browse
  success booked
  flow browse -> search -> booked -> review
  expect conversion search -> booked >= 30%
}
"""


def _validate(tmp_path, monkeypatch, config: str | None):
    (tmp_path / "hotel.journey").write_text(NO_EVENTS, encoding="utf-8")
    if config is not None:
        (tmp_path / "journeyspec.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main_group, ["validate", "--strict", "hotel.journey"])


def test_a_map_with_no_when_at_all_passes_strict(tmp_path, monkeypatch):
    result = _validate(tmp_path, monkeypatch, None)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_require_events_false_is_the_same(tmp_path, monkeypatch):
    assert _validate(tmp_path, monkeypatch, "require_events = false\n").exit_code == 0


def test_require_events_true_warns_for_each_step(tmp_path, monkeypatch):
    result = _validate(tmp_path, monkeypatch, "require_events = true\n")
    assert result.exit_code == 1
    assert result.stdout.count("warning[JS216]") == 4
    assert "step `browse` has no `when`" in result.stdout


def test_require_events_must_be_true_or_false(tmp_path, monkeypatch):
    result = _validate(tmp_path, monkeypatch, 'require_events = "yes"\n')
    assert result.exit_code == 2
    assert "`require_events`" in result.output and "must be true or false" in result.output
    assert "Traceback" not in result.output
