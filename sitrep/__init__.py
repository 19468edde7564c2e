"""sitrep: news reports in, an evidence-linked situation picture out.

Data flows one way: sources -> documents -> extract -> store -> analysis -> outputs.
Only the CLI wires the stages together.
"""

__version__ = "0.1.0"
