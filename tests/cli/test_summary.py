"""`journeyspec summary`: one row per journey, with where it starts, succeeds and ends by design."""

from __future__ import annotations

from click.testing import CliRunner

from journeyspec.cli import main_group

LOAN = """\
journey loan "Loan" {
  stage apply "Apply" {
    step submit "Submit" { when event == "submit" }
    step paid "Paid out" { when event == "paid" }
    step declined "Declined" { when event == "declined" }
  }
  start submit
  success paid
  end declined
  flow submit -> paid
  flow submit -> declined
  expect sessions >= 1
}
"""


def test_a_row_names_the_start_the_success_and_the_designed_endings(tmp_path):
    (tmp_path / "loan.journey").write_text(LOAN, encoding="utf-8")
    (tmp_path / "plain.journey").write_text(LOAN.replace("  end declined\n", "").replace("loan", "plain"),
                                            encoding="utf-8")
    result = CliRunner().invoke(main_group, ["summary", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    cells = {row[1]: row[6] for row in (
        [cell.strip() for cell in line.split("│")] for line in result.output.splitlines() if line.startswith("│"))}
    assert cells["Loan (loan)"] == "submit → paid (ends: declined)"
    assert cells["Loan (plain)"] == "submit → paid"
