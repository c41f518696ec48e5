"""Diagnostics: findings with stable codes, source spans and help."""

from journeyspec.diagnostics.codes import CODES, Code, Severity
from journeyspec.diagnostics.model import Diagnostic, JourneyspecError, Related

__all__ = ["CODES", "Code", "Diagnostic", "JourneyspecError", "Related", "Severity"]
