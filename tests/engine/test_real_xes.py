"""Real XES logs give the values their CSV exports give, metric by metric (skipped without /work/shared).

BPI Challenge 2012 (262,200 events of a Dutch bank's loan applications) is
published as XES and, in ../shared/data/real/bpic2012, as the same log in CSV
(`case_id, activity, timestamp, resource, lifecycle, case_REG_DATE,
case_AMOUNT_REQ`, XES file order). One map, its fields named the XES way or
the CSV way, is checked against both; every number of the two JSON reports
must agree. A few figures are also computed with pandas from the CSV, apart
from journeyspec.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import journeyspec
from journeyspec.engine import SourceConfig

REAL = Path("/work/shared/data/real")
BPIC = REAL / "bpic2012"
RUNNING = REAL / "running_example"
pytestmark = pytest.mark.skipif(not BPIC.exists(), reason="the shared real logs are not on this machine")

LOAN = """\
journey loan "Loan application (BPI Challenge 2012)" {
  stage apply "Apply" {
    step submitted "Application submitted" {
      when event == "A_SUBMITTED"
    }
    step preaccepted "Pre-accepted" {
      when event == "A_PREACCEPTED"
    }
    step completing "Completing the application" {
      when event == "W_Completeren aanvraag" and LIFECYCLE == "COMPLETE"
    }
  }
  stage offer "Offer" {
    step accepted "Accepted" {
      when event == "A_ACCEPTED"
    }
    step offer_sent "Offer sent" {
      when event == "O_SENT"
    }
    step calling "Calling about the offer" {
      when event == "W_Nabellen offertes" and LIFECYCLE == "COMPLETE"
    }
  }
  stage decide "Decide" {
    step validating "Validating" {
      when event == "W_Valideren aanvraag" and LIFECYCLE == "COMPLETE"
    }
    step approved "Approved" {
      when event == "A_APPROVED"
    }
    step declined "Declined" {
      when event == "A_DECLINED"
    }
    step cancelled "Cancelled" {
      when event == "A_CANCELLED"
    }
  }
  start submitted
  success approved
  flow submitted -> preaccepted -> completing -> accepted -> offer_sent -> calling -> validating -> approved
  flow submitted -> declined
  flow preaccepted -> declined
  flow completing -> cancelled

  ignore event == "A_PARTLYSUBMITTED"
  friction event == "W_Nabellen incomplete dossiers" and LIFECYCLE == "COMPLETE"

  expect sessions >= 10000
  expect conformance >= 50%
  expect conversion submitted -> approved >= 15% within 30d
  expect reach offer_sent >= 50%
  expect dropoff at preaccepted <= 20% where LIFECYCLE == "COMPLETE"
  expect time p90 submitted -> approved <= 30d
  expect time mean offer_sent -> validating <= 14d
  expect skips calling <= 10%
  expect unexpected transitions <= 30%
  expect friction at validating <= 50%
  expect switches RESOURCE <= 90%
}
"""
XES_FIELDS = {"LIFECYCLE": "lifecycle.transition", "RESOURCE": "org.resource"}
CSV_FIELDS = {"LIFECYCLE": "lifecycle", "RESOURCE": "resource"}
CSV = SourceConfig(session="case_id", event="activity", time="timestamp")
# What names the map's fields or the data, and so legitimately differs between the two reports.
NAMING = {"file", "source", "text", "plain", "where", "metric", "time_read"}
"""Keys that name things, or say how each source holds its time: these differ between the two forms."""


def loan_map(fields: dict[str, str]):
    text = LOAN
    for placeholder, name in fields.items():
        text = text.replace(placeholder, name)
    return journeyspec.parse(text).journeys[0]


def differences(xes, csv, path="") -> list[str]:
    """Every value that differs between two JSON reports, floats compared to 12 significant digits.

    The means of many durations are summed in path order, which follows the session key: `'173688'`
    (XES, text) and `173688` (CSV, a number) sort differently, so the last bits of a mean may differ.
    """
    if isinstance(xes, dict):
        keys = set(xes) | set(csv)
        return [d for k in sorted(keys) if k not in NAMING
                for d in (differences(xes.get(k), csv.get(k), f"{path}/{k}") if k in xes and k in csv
                          else [f"{path}/{k} only in one"])]
    if isinstance(xes, list):
        if len(xes) != len(csv):
            return [f"{path}: {len(xes)} items against {len(csv)}"]
        return [d for i, (a, b) in enumerate(zip(xes, csv, strict=True)) for d in differences(a, b, f"{path}[{i}]")]
    if isinstance(xes, float) and isinstance(csv, float):
        return [] if xes == pytest.approx(csv, rel=1e-12, abs=0) else [f"{path}: {xes!r} != {csv!r}"]
    return [] if xes == csv else [f"{path}: {xes!r} != {csv!r}"]


@pytest.fixture(scope="module")
def results():
    xes = journeyspec.check(loan_map(XES_FIELDS), str(BPIC / "bpic2012.xes.gz"))
    csv = journeyspec.check(loan_map(CSV_FIELDS), str(BPIC / "bpic2012.csv.gz"), config=CSV)
    return xes, csv


def test_every_figure_of_the_report_is_the_csv_one(results):
    xes, csv = (r.model_dump(mode="json") for r in results)
    assert xes["journeys"][0]["totals"]["rows"] == 262_200
    assert differences(xes, csv) == []
    # Not one check that passed by comparing nothing: the reports hold every metric kind, with values.
    kinds = {e["kind"] for e in xes["journeys"][0]["expectations"] if e["value"] is not None}
    assert kinds == {"sessions", "conformance", "conversion", "reach", "dropoff", "time", "skips",
                     "unexpected_transitions", "friction", "switches"}


def test_figures_computed_apart_with_pandas(results):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(BPIC / "bpic2012.csv.gz")
    frame["t"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
    cases = frame["case_id"].nunique()
    first = {name: frame[frame["activity"] == name].groupby("case_id")["t"].min()
             for name in ("A_SUBMITTED", "A_APPROVED", "O_SENT")}
    # The first approval after the first submission (every approval of this log comes after it).
    after = first["A_APPROVED"] - first["A_SUBMITTED"].reindex(first["A_APPROVED"].index)
    assert (after > pd.Timedelta(0)).all()
    journey = results[0].journeys[0]
    assert journey.population == cases == 13_087
    assert journey.metric("reach", "offer_sent") == pytest.approx(len(first["O_SENT"]) / cases, rel=1e-12)
    within = (after <= pd.Timedelta(days=30)).sum()
    assert journey.metric("conversion", "submitted", "approved", within="30d") == pytest.approx(
        within / cases, rel=1e-12)
    seconds = after.dt.total_seconds()
    assert journey.metric("time", "p90", "submitted", "approved") == pytest.approx(seconds.quantile(0.9), rel=1e-12)


@pytest.mark.skipif(not RUNNING.exists(), reason="the shared real logs are not on this machine")
def test_the_running_example():
    text = """\
journey compensation "Request for compensation" {
  stage handle "Handle" {
    step register "Register" {
      when event == "register request"
    }
    step examine "Examine" {
      when event ~ "^examine"
    }
    step check "Check ticket" {
      when event == "check ticket"
    }
    step decide "Decide" {
      when event == "decide"
    }
    step pay "Pay" {
      when event == "pay compensation"
    }
    step reject "Reject" {
      when event == "reject request"
    }
  }
  start register
  success pay
  flow register -> examine -> check -> decide -> pay
  flow register -> check -> examine -> decide
  flow decide -> reject
  expect conversion register -> pay >= 40%
  expect time p50 register -> decide <= 7d
  expect switches RESOURCE <= 100%
}
"""
    xes = journeyspec.check(journeyspec.parse(text.replace("RESOURCE", "org.resource")).journeys[0],
                            str(RUNNING / "running-example.xes.gz")).model_dump(mode="json")
    csv = journeyspec.check(journeyspec.parse(text.replace("RESOURCE", "resource")).journeys[0],
                            str(RUNNING / "running-example.csv"), config=CSV).model_dump(mode="json")
    assert differences(xes, csv) == []
    # The XES times are read once into a timestamp column, their offsets honoured; the CSV's are ISO-8601 text.
    assert xes["journeys"][0]["time_read"] == {"column": "time", "type": "timestamp with time zone", "format": None,
                                              "zone": None, "order": None, "unused_format": None}
    assert csv["journeys"][0]["time_read"]["type"] == "text"
    assert csv["journeys"][0]["time_read"]["format"] == "ISO-8601"
    journey = xes["journeys"][0]
    # README: 42 events, 6 cases; 3 of them end in a payment.
    assert journey["totals"]["rows"] == 42 and journey["population"] == 6
    assert journey["expectations"][0]["value"] == pytest.approx(3 / 6)
