"""Find dates in article text and resolve them against the publication date.

The grammar (how days, months, years and weekdays combine) lives here; the words of each
language live in data/dates.yml. Nothing reads the clock: every date comes from the text, and
relative ones ("yesterday", "last Friday", "December 30") are resolved against the publication
date the caller passes in, so the same input always gives the same output.

One module per thing read: `grammar` (each language's words compiled), `mentions` (date expressions in a
text), `lines` (dates a line states: publication lines, declared dates), `inference` (the publication
date a body supports) and `events` (the date of each sentence).
"""
from generator.analyze.dates.events import extract_events
from generator.analyze.dates.inference import infer_publication_date, latest_day_before, year_for_day
from generator.analyze.dates.lines import (another_day, closing_statement, edit_line, parse_date_line, parse_declared,
                                           reread_declared, signed_date, split_leading_date, stated_date,
                                           yearless_line)
from generator.analyze.dates.mentions import DateMention, find_dates

__all__ = ["DateMention", "another_day", "closing_statement", "edit_line", "extract_events", "find_dates",
           "infer_publication_date", "latest_day_before", "parse_date_line", "parse_declared", "reread_declared", "signed_date",
           "split_leading_date", "stated_date", "year_for_day", "yearless_line"]
