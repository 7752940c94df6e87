"""Analyze: the per-source stage (source.py), with one module per thing it finds.

Importing this package imports none of them: the corpus stages use a few (text, sentences, summary,
matcher), and a run that analyses its sources in worker processes leaves the rest to those.
"""


def __getattr__(name: str):
    if name == "analyze_source":
        from generator.analyze import source

        return getattr(source, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
