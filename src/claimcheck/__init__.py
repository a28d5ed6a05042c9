"""claimcheck: keep track of who says what number.

The library is the pipeline; the ``claimcheck`` command is a thin layer over it:
sources -> extraction -> claims -> comparison -> findings -> reports.
"""

__version__ = "0.1.0"
