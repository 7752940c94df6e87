"""Direct quotations and who said them.

A quotation is text between quotation marks with at least MIN_WORDS words (shorter
ones are scare quotes or titles). Its speaker comes from the sentence around it:
first the words right after it ("...", said X / X said), then the words before it
(X said: "..." / according to X), then another quote of the same sentence.

Every pattern is linear: quote delimiters use negated classes that stop at the next
delimiter, and attribution only reads a bounded window around each quote, so a
huge or malformed paragraph cannot blow up. Word lists live in data/quotes.yml.

`quotations` finds the quotations and their sentences, `speakers` reads who said each from the `phrases` of its
sentence (tokens, names, descriptions), `lexicon` holds the word lists they read, `names` gives a speaker named by
the last name the full name the source gives.
"""
from generator.analyze.quotes.names import with_full_names
from generator.analyze.quotes.quotations import extract_quotes

__all__ = ["extract_quotes", "with_full_names"]
