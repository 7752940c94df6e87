"""The headline among a page's lines: the best-scoring headline-shaped line near the article's start, and the
tests a candidate line must pass (not furniture, headline-shaped)."""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from generator.analyze import dates
from generator.analyze.furniture import PROSE_WORDS, is_kind, is_prose, title_patterns
from generator.text import WORD, fold, words
from generator.models import BODY, BYLINE, DATELINE, FURNITURE, HEADING, TITLE


def mark_title(lines: list[str], kinds: list[str]) -> None:
    """The headline: the best-scoring headline candidate near the article's start, else none.

    A candidate is a headline-shaped line before the article's first real paragraph (or, when none qualifies
    there, one right after the lead that no further text follows: some pages print the headline below it).
    Candidates that are navigation, timestamps, bylines, credits, markup, banners, promotions or section names
    are rejected (`not_a_headline`); the others are scored by how many of their words the article repeats, their
    length and their place: the page's first line right above the text needs no shared words, a byline or date
    line under a candidate vouches for it, a tag made of the headline's words and a pull quote lose
    (`_headline_score`); a deck under the headline yields to it (`_headline_above_deck`). The chosen line is
    rewritten to the headline alone (a section label glued in front, a site name behind are dropped).
    """
    start = _article_start(lines, kinds)
    if start >= len(lines):
        return
    vocabulary = _stems(" ".join(line[:VOCABULARY_CHARS] for j, line in enumerate(lines[start:start + 12], start)
                                 if kinds[j] in (BODY, HEADING) and is_prose(line))[:VOCABULARY_CHARS])
    opening = " ".join(line[:VOCABULARY_CHARS] for line in lines[start:start + 12])
    acronyms = set(ACRONYM.findall(opening))
    credited = {_norm(name) for name in CREDIT.findall(opening)}
    scored = []
    lo = max(0, start - TITLE_WINDOW)
    # The key points boxed under a "Summary" label are the article's, not its headline, which stands above them.
    box = next((j for j in range(lo, start) if is_kind("digest", lines[j])), start)
    for i in range(lo, box):
        if kinds[i] in (HEADING, FURNITURE, BODY) and not is_kind("line", lines[i]) \
                and _initials(lines[i]) not in acronyms and _norm(FIELD.split(lines[i])[0]) not in credited:
            score = _headline_score(lines, kinds, i, start, vocabulary)
            if score is not None:
                scored.append((score, i))
    # A breadcrumb or a menu parts the site's header from the article's: a headline below it is the article's.
    nav = max((j for j in range(lo, box) if not_a_headline(lines[j]) == "navigation"), default=None)
    if nav is not None and any(i > nav and score >= TITLE_MIN_SCORE for score, i in scored):
        scored = [(score, i) for score, i in scored if i > nav]
    best = max(scored, key=lambda pair: (pair[0], pair[1]))[1] if scored else None
    if best is None or max(scored)[0] < TITLE_MIN_SCORE:
        best = _headline_after_lead(lines, kinds, start)
        if best is None:
            return
    else:
        best = _headline_above_deck(lines, kinds, dict((i, score) for score, i in scored), best)
    best = _unwrapped_headline(lines, kinds, best)
    kinds[best] = TITLE
    lines[best] = headline_text(lines[best])
    title = _norm(lines[best])
    for j, line in enumerate(lines):
        if j != best and _norm(headline_text(line)) == title:
            kinds[j] = TITLE  # a repeated title line is not article text
    if best < start:
        for j in range(best):
            if kinds[j] in (HEADING, BODY):
                kinds[j] = FURNITURE  # section labels, taglines and other headlines above the headline
        for j in range(best + 1, start):
            if kinds[j] in (HEADING, BODY) and _listed(lines, j):
                kinds[j] = FURNITURE  # a wire's key points under its headline, which its text tells in full


TITLE_MIN_SCORE = 1.0
LABEL_MAX_WORDS = 4  # a rubric's or a programme's name in capitals over a headline
KICKER_FIELDS = re.compile(r"\s[·•|]\s")  # fields of a kicker or a label line, which a headline does not have
TITLE_WINDOW = 40  # lines before the article's start where its headline may stand
START_WINDOW = 400  # lines searched for the article's start (bounds the work on huge sources)
HEADLINE_MAX_WORDS = 30
VOCABULARY_CHARS = 20_000  # the article's opening, whose words a headline repeats
BANNER_MAX_WORDS = 25  # a browser, cookie or newsletter banner is a sentence or two; a paragraph may name them
# Words a headline does not end with: a line cut there is a wrapped or truncated sentence (or a residue).
DANGLING = frozenset("""a an the of to in on at by for from with and or but as into over than that which who
le la les l un une des du de d à au aux en et ou sur par pour dans avec sans que qui dont""".split())
PARTICLES = frozenset("over in on by".split())  # DANGLING words that may end a headline as a verb's particle
SECTION_PREFIX = re.compile(r"^(?P<label>[^/|:]{2,30}?)\s+[/|]\s+(?=\S)")  # "World / ...", "Site | ..."
SITE_SUFFIX = re.compile(r"\s+(?:[-–—|]\s+[\w.-]+\.[a-z]{2,10}|\|\s+[^|]{2,40})\s*$", re.I)
OPENING_PUNCTUATION = " \t•·-–—*#>"
# When the page put the headline: "... il y a 3 heures", "... 2 hours ago", run onto its line.
RELATIVE_TIME = re.compile(r"[\s·|–—-]+(?:il y a \d+\s*\w+|\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago)\s*$",
                           re.IGNORECASE)
# "... harbour. The gates ...": prose (see _two_sentences).
TWO_SENTENCES = regex.compile(r"\p{Ll}{3,}\s?[.!?]\s+[\"“«]?\p{Lu}")
# What may follow a headline's question or exclamation: a short phrase, no date, no fields ("Whatever happened to
# the joint command? Tamanrasset's forgotten base").
_AFTER_QUESTION = regex.compile(r"[^\d|·•]{1,60}")


ACRONYM = regex.compile(r"(?<![\p{L}\d])\p{Lu}{2,6}(?![\p{L}\d])")
NAME_MAX_WORDS = 5
# The outlet a dateline credits in brackets ("TAMANRASSET, Sept 26 (Maghreb Wire) —"): a line that opens with its
# name, before a dash or a bar ("MAGHREB WIRE — Security | Brief"), is the outlet's masthead, not a headline.
# Only a credit closing a dateline, before its dash: "TAMANRASSET (Algérie), 12 novembre" names a place.
CREDIT = regex.compile(r"\((\p{Lu}[\p{L}'’.&-]*(?:\s+\p{Lu}[\p{L}'’.&-]*){0,3})\)\s*(?:[-–—:]|--)")
FIELD = re.compile(r"\s+[-–—|]\s+")


def _initials(line: str) -> str:
    """The initials of a short line of capitalised words ("Algérie Presse Service" -> "APS", "Agence
    France-Presse" -> "AFP"), or "": a line whose initials the article writes as its credit ("ALGER, 3 fév
    (APS) -") is the outlet's name, its masthead, not a headline."""
    found = regex.findall(r"[\p{L}]+", line)
    if not 2 <= len(found) <= NAME_MAX_WORDS:
        return ""
    capitalised = [w for w in found if w[:1].isupper()]
    if len(capitalised) < 2 or any(w[:1].islower() and w not in DANGLING for w in found):
        return ""
    return "".join(w[0] for w in capitalised).upper()


def _two_sentences(text: str) -> bool:
    """Whether the line is sentences of prose, not a headline's two parts: a statement then a question ("The G5
    Sahel is gone. Is the alliance ready?"), or a question then a short phrase, are a headline's."""
    found = list(TWO_SENTENCES.finditer(text))
    if not found:
        return False
    if len(found) > 1:
        return True
    if text.rstrip().endswith("?"):
        return False
    mark = found[0]
    return not (any(c in mark.group() for c in "?!") and _AFTER_QUESTION.fullmatch(text[mark.end() - 1:]))


@lru_cache(maxsize=4096)
def headline_text(line: str) -> str:
    """The headline in a candidate line: without a short section label in front ("World / ..."), a site name
    behind ("... - example.com", "... | Site")."""
    text = line.strip().lstrip(OPENING_PUNCTUATION).strip()
    while (match := SECTION_PREFIX.match(text)) and words(match.group("label")) <= 3 \
            and words(text[match.end():]) >= 4:
        text = text[match.end():]
    match = SITE_SUFFIX.search(text)
    if match and words(text[:match.start()]) >= 4:
        text = text[:match.start()].rstrip()
    match = RELATIVE_TIME.search(text)
    if match and words(text[:match.start()]) >= 4:
        text = text[:match.start()].rstrip(" ·|-–—")
    return text


@lru_cache(maxsize=4096)
def not_a_headline(line: str) -> str | None:
    """The kind of page furniture a headline candidate is (navigation, timestamp, byline, credit, markup,
    banner, promotion), or None."""
    for kind, pattern in title_patterns().items():
        if pattern.search(line):
            return kind
    if any(is_kind(kind, line) for kind in ("line", "section", "comments", "byline")) \
            or dates.parse_date_line(line) is not None:
        return "furniture"
    return None


@lru_cache(maxsize=4096)
def headline_shaped(line: str) -> bool:
    """A line that could be a headline: a few words to a long sentence's worth, one sentence, not ending like
    a paragraph (a full stop, a comma, a colon) or mid-phrase (a preposition, an article)."""
    text = headline_text(line)
    n = words(text)
    bare = text.rstrip(" \"'”’»)]")  # a sentence ending inside a quotation: '... the border."'
    if not 2 <= n <= HEADLINE_MAX_WORDS or bare.endswith((".", ",", ";", ":", "…")):
        return False
    if _two_sentences(text):
        return False
    first = text.split(maxsplit=1)[0]
    if _lower_start(first) and first[1:] == first[1:].lower():
        return False  # a note or a list item ("re-check the names ..."); a headline opens with a capital ("eBay")
    last = WORD.findall(text.casefold())
    return bool(last) and last[-1] not in DANGLING


def _article_start(lines: list[str], kinds: list[str]) -> int:
    """The first real paragraph: prose that is not a headline-shaped line followed by more text, not a
    banner, and not one short sentence among short lines (a promotion)."""
    for i in range(min(len(lines), START_WINDOW)):
        line = lines[i]
        if kinds[i] not in (BODY, HEADING, FURNITURE) or is_kind("line", line) or not is_prose(line):
            continue
        if words(line) < BANNER_MAX_WORDS and not_a_headline(line) in ("banner", "promotion"):
            continue  # "This site works best with another browser. We recommend ..."
        following = next((j for j in range(i + 1, len(lines)) if not is_kind("line", lines[j])), None)
        if headline_shaped(line) and following is not None:
            continue  # a long headline, or a headline ending with "?" or "!"
        if words(line) < PROSE_WORDS and following is not None and not is_prose(lines[following]):
            continue  # "Get the app." between menu items
        if not re.search(r"[.,;:!?»”)]", line):
            continue  # a list of words (tags, place names), not a sentence
        if line.endswith(("...", "…")) and following is not None and words(line) < 2 * PROSE_WORDS:
            continue  # the teaser of another article: "The former minister appeared on Monday before..."
        if _above_a_header(lines, kinds, following):
            continue  # a clipper's note above the article's date line and headline
        return i
    return len(lines)


def _above_a_header(lines: list[str], kinds: list[str], j: int | None) -> bool:
    """Whether line j opens an article's header over more text: a byline or date line, then a headline; or a
    headline, then its byline or date line."""
    if j is None or j + 2 >= len(lines):
        return False
    if kinds[j] in (BYLINE, DATELINE):
        return headline_shaped(lines[j + 1]) and not is_prose(lines[j + 1]) and is_prose(lines[j + 2])
    return kinds[j + 1] in (BYLINE, DATELINE) and headline_shaped(lines[j]) and is_prose(lines[j + 2])


def _plain_words(text: str) -> list[str]:
    """Lower-case words without accents, split at apostrophes and hyphens ("l'Algérie" -> "algerie")."""
    folded = fold(text)
    return [w for w in re.findall(r"[^\W_]+", folded) if len(w) >= 4 and w not in DANGLING]


def _stems(text: str) -> set[str]:
    """The article's words, cut to 4 and 5 letters: "based" answers "base", "nations" answers "nation's"."""
    return {w[:k] for w in _plain_words(text) for k in (4, 5)}


def _content(text: str) -> list[str]:
    return [w[:5] for w in _plain_words(text)]


def _headline_score(lines: list[str], kinds: list[str], i: int, start: int, vocabulary: set[str]) -> float | None:
    """How much line i looks like the article's headline, or None when it cannot be one."""
    line = lines[i]
    if not (headline_shaped(line) or _ends_with_particle(lines, kinds, i)) or not_a_headline(line) \
            or not_a_headline(headline_text(line)) or _listed(lines, i):
        return None
    text = headline_text(line)
    n = words(text)
    content = _content(text)
    if not content or _caps_tail(lines, i):
        return None
    # The article repeats its headline's words; a menu item, a slogan or another article's headline, hardly.
    overlap = sum(w in vocabulary for w in content) / len(content)
    score = 2.0 * overlap
    norm = _norm(text)
    for j in range(i + 1, min(len(lines), start + 12)):
        other = _norm(lines[j][:2 * len(line) + 100])  # its start is enough, however long the paragraph
        if len(other) > len(norm) + 20 and other.startswith(norm):
            return None  # a pull quote or a standfirst: the start of a paragraph printed above the text
        if j < start and other != norm and kinds[j] in (HEADING, BODY, FURNITURE) and headline_shaped(lines[j]) \
                and len(other) > len(norm) and set(content) <= set(_content(lines[j])):
            score -= 1.0  # a section or tag label made of the headline's words ("Justice" above "... Justice")
    score += {2: -0.6, 3: -0.2}.get(n, 0.3 if n <= 22 else 0.0)
    nxt = next((j for j in range(i + 1, len(lines)) if kinds[j] != FURNITURE), None)
    if nxt is not None and kinds[nxt] == BODY and is_prose(lines[nxt]) and nxt <= start:
        # Headline, deck (standfirst), byline: the byline or date line vouches for the line above the deck.
        nxt = next((j for j in range(nxt + 1, len(lines)) if kinds[j] != FURNITURE), None)
    if nxt is not None and kinds[nxt] in (BYLINE, DATELINE):
        score += 0.4
    if all(is_kind("line", lines[j]) for j in range(i)) \
            and all(kinds[j] in (BYLINE, DATELINE) or is_kind("line", lines[j]) or not_a_headline(lines[j]) == "timestamp"
                    for j in range(i + 1, start)):
        score += 0.8  # the page's first line, right above the text (or its byline): a headline, whatever its words
    # Nearer the text is likelier: site names, taglines and lists of other headlines come first.
    between = sum(1 for j in range(i + 1, start) if kinds[j] in (HEADING, BODY) and headline_shaped(lines[j]))
    return score - 0.1 * between


def _caps_tail(lines: list[str], i: int) -> bool:
    """A line in capitals that goes on with the one above it ("MINISTÈRE DES AFFAIRES ÉTRANGÈRES" / "ET DE LA
    COOPÉRATION INTERNATIONALE"): the second line of a letterhead or of a title, not a headline of its own."""
    first = WORD.findall(lines[i].casefold())[:1]
    return bool(i) and bool(first) and first[0] in CONTINUING and lines[i].isupper() and lines[i - 1].isupper()


CONTINUING = frozenset("and or of et ou de du des".split())  # words that open no line of capitals but a wrapped one


def _listed(lines: list[str], i: int) -> bool:
    """Whether line i is an item of a list written out in the text, bullet after bullet ("* Army enters town" /
    "* Junta leader says ..."): a wire's key points under its headline, never the headline."""
    bullet = BULLET.match(lines[i])
    if not bullet:
        return False
    return any(0 <= j < len(lines) and lines[j].startswith(bullet.group(0)) for j in (i - 1, i + 1))


BULLET = re.compile(r"[*•▪◦‣-]\s+(?=\S)")


def _ends_with_particle(lines: list[str], kinds: list[str], i: int) -> bool:
    """A headline ending with a verb's particle ("... as Africa Corps takes over", "Algiers steps in"), which
    headline_shaped takes for a line cut mid-phrase: one when a byline or a date line comes next, as under a
    headline (a cut line goes on with the rest of its sentence)."""
    text = headline_text(lines[i])
    found = WORD.findall(text.casefold())
    if len(found) < 3 or found[-1] not in PARTICLES or found[-2] in DANGLING:
        return False
    if not headline_shaped(text[:text.casefold().rfind(found[-1])]):
        return False
    nxt = next((j for j in range(i + 1, len(lines)) if kinds[j] != FURNITURE), None)
    return nxt is not None and kinds[nxt] in (BYLINE, DATELINE)


def _unwrapped_headline(lines: list[str], kinds: list[str], best: int) -> int:
    """A headline broken over two lines ("Sahel states launch a joint force of" / "5,000 troops"): the part
    above ends mid-phrase. The two parts are joined on the chosen line, the part above becomes furniture.
    (A part below starting in lower case is not joined: a site name in lower case follows some headlines.)"""
    def short(j: int) -> bool:
        return 0 <= j < len(lines) and kinds[j] in (HEADING, BODY, FURNITURE) and not is_prose(lines[j]) \
            and not is_kind("line", lines[j]) and not not_a_headline(lines[j])

    def last_word(line: str) -> str:
        found = WORD.findall(line.casefold())
        return found[-1] if found else ""

    # ... or with a colon, the title in capitals of a report's cover ("BETWEEN MEDIATION AND FORTIFICATION:" /
    # "ALGERIA'S MALI POLICY, 2012–2018").
    above = lines[best - 1].strip() if best else ""
    if short(best - 1) and (last_word(above) in DANGLING or (above.endswith(":") and above.isupper()
                                                               and lines[best].isupper())):
        joined = f"{above} {lines[best].strip()}"
        if headline_shaped(joined):
            kinds[best - 1], lines[best] = FURNITURE, joined
    # ... or over three lines of a cover, the lines below starting in lower case ("Algérie–Mali : une coopération"
    # / "sécuritaire à l'épreuve de" / "l'effondrement du Nord"): each joined where it or the line before it ends
    # mid-phrase, so that a site name in lower case under a headline stays apart.
    below, joined = best + 1, lines[best].strip()
    while short(below) and _lower_start(lines[below]) and words(lines[below]) >= 2 \
            and DANGLING & {last_word(lines[below - 1]), last_word(lines[below])}:
        joined = f"{joined} {lines[below].strip()}"
        below += 1
    if below > best + 1 and headline_shaped(joined):
        kinds[best + 1:below] = [FURNITURE] * (below - best - 1)
        lines[best] = joined
    return best


def _lower_start(line: str) -> bool:
    """Whether the line's first letter, where it opens the line, is lower case ("l'effondrement", not "• by")."""
    return bool(LOWER_START.match(line))


LOWER_START = regex.compile(r"(?:\p{Ll}['’])?\p{Ll}")


def _headline_above_deck(lines: list[str], kinds: list[str], scores: dict[int, float], best: int) -> int:
    """Headline, subtitle (deck), byline: the deck repeats more of the article's words, but the line above it,
    about the article too and not a label made of the deck's words, is the headline, whatever their lengths (a
    wire's 25-word headline stands above a shorter deck)."""
    above = best - 1
    if above not in scores or scores[above] < TITLE_MIN_SCORE or scores[above] < scores[best] - 1.0:
        return best
    nxt = next((j for j in range(best + 1, len(lines)) if kinds[j] != FURNITURE), None)
    if nxt is None or kinds[nxt] not in (BYLINE, DATELINE):
        return best
    headline, deck = _norm(headline_text(lines[above])), _norm(headline_text(lines[best]))
    if KICKER_FIELDS.search(lines[above]):
        return best  # "Stage 21 · Monaco – Nice · FINAL": a kicker's fields, not a headline over its deck
    if lines[above].isupper() and words(lines[above]) <= LABEL_MAX_WORDS and not lines[best].isupper():
        return best  # "THE CULTURE HOUR" over an episode's title: a programme's or a rubric's name, in capitals
    if headline in deck or deck in headline \
            or set(_content(lines[above])) <= set(_content(lines[best])):
        return best
    return above


def _headline_after_lead(lines: list[str], kinds: list[str], start: int) -> int | None:
    """A headline printed just below the lead: headline-shaped, made of the lead's words, and followed by no
    more article text (a sub-heading is followed by its paragraph)."""
    lead = _stems(lines[start])
    for i in range(start + 1, min(start + 3, len(lines))):
        line = lines[i]
        if kinds[i] not in (BODY, HEADING) or not headline_shaped(line) or not_a_headline(line):
            continue
        nxt = next((j for j in range(i + 1, len(lines)) if not is_kind("line", lines[j])), None)
        if nxt is None or kinds[nxt] in (BODY, HEADING) and is_prose(lines[nxt]):
            continue
        content = _content(headline_text(line))
        # A byline or a date line under it vouches for a headline: fewer of the lead's words will do.
        needed = 0.3 if kinds[nxt] in (BYLINE, DATELINE) else 0.5
        if words(line) >= 3 and content and sum(w in lead for w in content) / len(content) >= needed:
            return i
    return None


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))
