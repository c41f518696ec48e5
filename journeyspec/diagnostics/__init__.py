"""Diagnostics: findings with stable codes, source spans and help.

Every problem journeyspec reports — a syntax error, a design mistake, a
missing column — is a :class:`Diagnostic` with a code from :data:`CODES`
(``JS1xx`` syntax, ``JS2xx`` semantics, ``JS3xx`` data and expectations), a
span, and help; :mod:`~journeyspec.diagnostics.render` draws them as a
compiler does, and :mod:`~journeyspec.diagnostics.suggest` offers "did you
mean". It imports the IR (for spans) and nothing above it.
"""

from journeyspec.diagnostics.codes import CODES, Code, Severity
from journeyspec.diagnostics.model import Diagnostic, JourneyspecError, Related

__all__ = ["CODES", "Code", "Diagnostic", "JourneyspecError", "Related", "Severity"]
