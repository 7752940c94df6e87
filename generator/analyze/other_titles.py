"""A source's title as written outside the headline its text shows: a <title> or a front matter's title, without
the site's name after it; an e-mail's subject line."""
from __future__ import annotations

import regex

from generator.text import words


def strip_site_name(title: str) -> str:
    """"Headline | Site" or "Headline - Site - Tagline": drop a short trailing site name, and a name before it
    ("Hespress English - Morocco News"): words that all start with a capital. A forum's label before a thread's
    title goes too ("Discussion: ...")."""
    from generator.analyze.furniture import thread_label

    label = thread_label().match(title)
    title = title[label.end():] if label and words(title[label.end():]) >= 2 else title
    first = True
    while True:
        for sep in (" | ", " – ", " — ", " - "):
            if sep in title:
                head, _, tail = title.rpartition(sep)
                if len(tail.split()) <= 4 and len(head.split()) >= 3 and _may_name_a_site(tail) \
                        and (first or all(w[:1].isupper() for w in tail.split())):
                    title, first = head.strip(), False
                    break
        else:
            return title


def _may_name_a_site(tail: str) -> bool:
    """Whether what follows a title's last dash may be a site's name: not words in brackets, not two common words
    ("Notes de travail — Coopération sécuritaire algéro-malienne (2009-2012)" is the title's second half; "Le
    Monde diplomatique" is a name)."""
    common = [w for w in tail.split() if w[:1].islower() and len(w) >= 4]
    return "(" not in tail and len(common) < 2


# A mailing list's tag may come first: "Subject: [sahel-notes] Fwd: ...".
SUBJECT = regex.compile(r"(?i)(?:subject|objet)\s*:\s*(?:\[[^\[\]]{1,40}\]\s*)?"
                        r"(?P<reply>(?:(?:fwd?|tr|re)\s*:\s*)*)(?P<title>.+)")
HEADER_BLOCKS = 12  # an e-mail's header stands in its first lines


def subject_line(blocks: list, own: bool = False) -> str | None:
    """An e-mail's subject line (without "Fwd:", "RE:"; `own`: only the sender's own, not a reply's nor a
    forward's): its title when its text shows no headline."""
    for block in blocks[:HEADER_BLOCKS]:
        found = SUBJECT.fullmatch(block.text.strip())
        if found and words(found["title"]) >= 2 and not (own and found["reply"]):
            return found["title"].strip(" \t|")  # "Subject: | ..." where padded columns were set apart
    return None
