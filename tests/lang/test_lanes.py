"""The lanes of journey maps and service blueprints: what the language accepts, and where each note lands."""

from __future__ import annotations

from journeyspec.ir.lanes import BY_KEYWORD, LANES
from journeyspec.lang.formatter import format_text
from journeyspec.lang.frontend import compile_text

MAP = """\
journey hotel "Book a hotel" {
  stage book "Book" {
    thought "Will the room look like the photos?"
    quote "I always check the cancellation policy first"
    pain "Prices change between pages"
    opportunity "Hold the price for ten minutes"
    step pay "Pay" {
      icon "credit-card"
      moment of truth
      thought "Is this site safe?"
      thought "Did I pick the right dates?"
      quote "Why do you need my address?"
      pain "The card form forgets what I typed"
      opportunity "Offer to pay at the hotel"
      frontstage "Booking page shows the total with taxes"
      backstage "Payment provider checks the card"
      backstage "Hotel system holds the room"
      support "Fraud rules"
      when event == "payment_submitted"
    }
    step done "Booked" {
      when event == "booked"
    }
  }

  start pay
  success done
  flow pay -> done
}
"""


def _texts(notes) -> list[str]:
    return [n.text for n in notes]


def test_each_lane_holds_its_notes_in_written_order():
    result = compile_text(MAP, "hotel.journey")
    assert list(result.diagnostics) == []
    (journey,) = result.document.journeys
    stage, pay, done = journey.stages[0], journey.steps[0], journey.steps[1]
    assert _texts(stage.thoughts) == ["Will the room look like the photos?"]
    assert _texts(stage.quotes) == ["I always check the cancellation policy first"]
    assert _texts(stage.pains) == ["Prices change between pages"]
    assert _texts(stage.opportunities) == ["Hold the price for ten minutes"]
    assert _texts(pay.thoughts) == ["Is this site safe?", "Did I pick the right dates?"]
    assert _texts(pay.quotes) == ["Why do you need my address?"]
    assert _texts(pay.pains) == ["The card form forgets what I typed"]
    assert _texts(pay.opportunities) == ["Offer to pay at the hotel"]
    assert _texts(pay.frontstage) == ["Booking page shows the total with taxes"]
    assert _texts(pay.backstage) == ["Payment provider checks the card", "Hotel system holds the room"]
    assert _texts(pay.support) == ["Fraud rules"]
    assert (pay.icon, pay.moment_of_truth) == ("credit-card", True)
    # A step that writes no lane has every lane empty, and no icon or moment of truth.
    assert all(getattr(done, lane.field) == () for lane in LANES)
    assert (done.icon, done.moment_of_truth) == (None, False)
    # Each note points at its own line.
    assert pay.backstage[1].span.line == 17


def test_the_lane_table_names_every_note_field_of_the_ir():
    from journeyspec.ir.journey import Note, Stage, Step

    def note_fields(model) -> set[str]:
        return {name for name, f in model.model_fields.items() if "Note" in str(f.annotation)}

    assert note_fields(Step) == {lane.field for lane in LANES}
    assert note_fields(Stage) == {lane.field for lane in LANES if lane.on_stage}
    assert set(BY_KEYWORD) == {"thought", "quote", "pain", "opportunity", "frontstage", "backstage", "support"}
    assert Note.model_fields.keys() == {"text", "span"}


def test_a_map_with_lanes_formats_to_itself():
    assert format_text(MAP) == MAP


def test_blueprint_lanes_belong_on_a_step():
    text = MAP.replace('    thought "Will the room', '    support "Call centre"\n    thought "Will the room')
    result = compile_text(text, "hotel.journey")
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "JS113"
    assert diagnostic.span.line == 3
    assert "`support` belongs inside a `step { … }`" in diagnostic.help


def test_an_unknown_icon_suggests_the_nearest_name():
    result = compile_text(MAP.replace('"credit-card"', '"creditcard"'), "hotel.journey")
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "JS250"
    assert (diagnostic.span.line, diagnostic.span.column) == (8, 12)
    assert 'did you mean `icon "credit-card"`' in diagnostic.help
    assert result.document.journeys[0].steps[0].icon is None


def test_keywords_of_lanes_stay_usable_as_ids():
    text = (
        MAP.replace("step done", "step support")
        .replace("-> done", "-> support")
        .replace("success done", "success support")
    )
    result = compile_text(text, "hotel.journey")
    assert list(result.diagnostics) == []
    assert result.document.journeys[0].steps[1].id == "support"


PERSONAS = """\
journey hotel "Book a hotel" {
  persona bea "Bea"
  persona femi "Femi"

  stage search "Search" {
    emotion +1 "curious"
    emotion +2 "excited" for femi
    step find "Search hotels" {
      emotion -1 for bea
      emotion 0 "calm" for femi
      when event == "search"
    }
  }

  start find
  success find
}
"""


def test_each_persona_has_its_own_emotions_beside_everyone_s():
    result = compile_text(PERSONAS, "hotel.journey")
    assert list(result.diagnostics) == []
    (journey,) = result.document.journeys
    stage, step = journey.stages[0], journey.steps[0]
    assert (stage.emotion.score, stage.emotion.label) == (1, "curious")
    assert [(e.persona, e.score, e.label) for e in stage.persona_emotions] == [("femi", 2, "excited")]
    assert step.emotion is None
    assert [(e.persona, e.score, e.label) for e in step.persona_emotions] == [("bea", -1, None), ("femi", 0, "calm")]
    assert format_text(PERSONAS) == PERSONAS


def test_a_persona_s_emotion_is_checked_like_everyone_s():
    text = PERSONAS.replace("emotion -1 for bea", "emotion -4 for bea").replace("for femi\n      when", "for fem\n      when")
    codes = sorted((d.code, d.span.line) for d in compile_text(text, "hotel.journey").diagnostics)
    assert codes == [("JS208", 9), ("JS251", 10)]
    unknown = next(d for d in compile_text(text, "hotel.journey").diagnostics if d.code == "JS251")
    assert unknown.help.startswith("did you mean `femi`?")
