"""Extraction: from a document's body to claims with exact offsets, subject and attribution.

The pipeline is in :mod:`claimcheck.extraction.pipeline` (:class:`Extractor`); each step
is a module of its own: tables, sentences, attribution, figures, subjects.
"""
