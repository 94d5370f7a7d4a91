"""Versions: of the package, and of the extraction (bumped whenever a change
to rules, lexicons or dictionaries changes what is extracted)."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "0.1.0"
