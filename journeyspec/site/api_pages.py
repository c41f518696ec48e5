"""The Python API page of journeyspec's own documentation: which objects, in which order."""

from __future__ import annotations


def api_sections() -> list[tuple[str, str, list[str]]]:
    """The documented API, as ``(heading, introduction, public names)``."""
    return [
        (
            "Maps",
            "Read, check and format maps. `import journeyspec` is all it takes.",
            ["journeyspec.load", "journeyspec.parse", "journeyspec.compile", "journeyspec.validate",
             "journeyspec.format", "journeyspec.diff"],
        ),
        (
            "The IR",
            "What a compiled map is: frozen pydantic models (see the [IR reference](ir.md)).",
            ["journeyspec.ir.Document", "journeyspec.ir.Journey"],
        ),
        (
            "Pictures",
            "",
            ["journeyspec.render.render", "journeyspec.render.GraphAnnotations", "journeyspec.render.NodeAnnotation",
             "journeyspec.render.EdgeAnnotation"],
        ),
        (
            "Data",
            "Hold journeys against events, or reduce events to facts. Which data each journey reads, and with "
            "which columns, is decided in one place for the command line, Python, pytest and the site.",
            ["journeyspec.check", "journeyspec.engine.reduce", "journeyspec.project.data_for",
             "journeyspec.project.JourneyData", "journeyspec.project.DataRequest",
             "journeyspec.project.describe_data", "journeyspec.project.load_config",
             "journeyspec.project.find_maps"],
        ),
        (
            "Documentation site",
            "The generator behind `journeyspec docs build` and the MkDocs plugin.",
            ["journeyspec.site.build_site", "journeyspec.site.JourneyResults", "journeyspec.site.ExpectationResult",
             "journeyspec.site.FixFirstItem", "journeyspec.site.Deviation"],
        ),
        ("Errors", "", ["journeyspec.JourneyspecError", "journeyspec.Diagnostic"]),
    ]


def api_page() -> str:
    """The Markdown of the API page."""
    from journeyspec.site.reference import api_reference

    return api_reference(api_sections())
