"""mkdossier: YAML knowledge bases to cross-linked, sourced sites.

The engine runs in four stages, one module each, with plain data in between:
``load`` (files to records) → ``validate`` (records to problems) →
``resolve`` (records to a graph) → ``render`` (graph to Markdown pages).
``pipeline`` chains them; ``mkdossier_hook`` (beside this package) adapts
the result to MkDocs and ``cli`` to the command line.
"""

__version__ = "0.1.0"
