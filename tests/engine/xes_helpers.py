"""XES logs for the tests: a small hand-computed one, and a writer for generated ones.

The hand-computed log (times UTC unless the offset says otherwise):

    trace  case attrs              event    lifecycle  resource  time
    c1     amount=2500 (int)       submit   complete   ann       2024-03-01T10:00:00.000+01:00  (09:00Z)
                                   review   start      bob       2024-03-01T09:30:00Z           (off-map)
                                   review   complete   bob       2024-03-01T10:15:00Z
                                   approve  complete   cat       2024-03-01T11:00:00Z
    c2     amount=800              submit   complete   ann       2024-03-01T12:00:00Z
                                   review   complete   ann       2024-03-01T14:00:00Z
                                   decline  complete   dan       2024-03-02T12:00:00Z
    c3     amount=100              submit   complete   eve       2024-03-03T08:00:00Z
                                   note     complete   eve       2024-03-03T08:00:00Z           (ignored)
                                   approve  complete   eve       2024-03-03T09:00:00Z
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- written for journeyspec's tests -->
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<global scope="trace">
\t\t<string key="concept:name" value="UNKNOWN"/>
\t</global>
\t<global scope="event">
\t\t<date key="time:timestamp" value="1970-01-01T00:00:00.000+01:00"/>
\t\t<string key="concept:name" value="UNKNOWN"/>
\t</global>
\t<classifier name="Activity" keys="concept:name lifecycle:transition"/>
\t<string key="concept:name" value="the test log"/>
"""

LOG = [
    ("c1", {"amount": ("int", "2500")}, [
        ("submit", "complete", "ann", "2024-03-01T10:00:00.000+01:00"),
        ("review", "start", "bob", "2024-03-01T09:30:00Z"),
        ("review", "complete", "bob", "2024-03-01T10:15:00Z"),
        ("approve", "complete", "cat", "2024-03-01T11:00:00Z"),
    ]),
    ("c2", {"amount": ("int", "800")}, [
        ("submit", "complete", "ann", "2024-03-01T12:00:00Z"),
        ("review", "complete", "ann", "2024-03-01T14:00:00Z"),
        ("decline", "complete", "dan", "2024-03-02T12:00:00Z"),
    ]),
    ("c3", {"amount": ("int", "100")}, [
        ("submit", "complete", "eve", "2024-03-03T08:00:00Z"),
        ("note", "complete", "eve", "2024-03-03T08:00:00Z"),
        ("approve", "complete", "eve", "2024-03-03T09:00:00Z"),
    ]),
]

MAP = """\
journey loan "Loan" {
  stage apply "Apply" {
    step submit "Submit" {
      when event == "submit"
    }
    step review "Review" {
      when event == "review" and lifecycle.transition == "complete"
    }
  }
  stage decide "Decide" {
    step approve "Approve" {
      when event == "approve"
    }
    step decline "Decline" {
      when event == "decline"
    }
  }
  start submit
  success approve
  flow submit -> review -> approve
  flow review -> decline
  ignore event == "note"
  expect conversion submit -> approve >= 50%
  expect time p50 submit -> review <= 2h
  expect reach review >= 50% where case.amount >= 1000
  expect switches org.resource <= 90%
}
"""


def attribute(kind: str, key: str, value: str) -> str:
    return f"<{kind} key={quoteattr(key)} value={quoteattr(value)}/>"


def event_xml(name: str, lifecycle: str, resource: str, time: str) -> list[str]:
    return [
        "\t\t<event>",
        "\t\t\t" + attribute("string", "concept:name", name),
        "\t\t\t" + attribute("string", "lifecycle:transition", lifecycle),
        "\t\t\t" + attribute("string", "org:resource", resource),
        "\t\t\t" + attribute("date", "time:timestamp", time),
        "\t\t</event>",
    ]


def xes_text(log=LOG) -> str:
    """A log of (case id, {key: (type, value)}, [(event, lifecycle, resource, time)]) in OpenXES's layout."""
    lines = [HEADER.rstrip("\n")]
    for case, attributes, events in log:
        lines.append("\t<trace>")
        lines.append("\t\t" + attribute("string", "concept:name", case))
        lines += ["\t\t" + attribute(kind, key, value) for key, (kind, value) in attributes.items()]
        for event in events:
            lines += event_xml(*event)
        lines.append("\t</trace>")
    lines.append("</log>")
    return "\n".join(lines) + "\n"


def write_xes(path, text: str, gz: bool = False) -> str:
    import gzip

    data = text.encode("utf-8")
    if gz:
        data = gzip.compress(data)
    path.write_bytes(data)
    return str(path)
