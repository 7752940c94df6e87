"""A synthetic corpus for benchmarks: deterministic (seeded), realistic enough to exercise every stage.

Each source is a news story about the briefing's subject, written from a language-independent plan (who, where,
when, how many, who said what) in English or French, so that:

- the entities and topic aliases are those of briefing.yml, in the source's language;
- a translation is the same plan written in the other language (same names, numbers and dates);
- a near-duplicate is the same text with other page furniture, a paragraph dropped and a line added;
- dates come in several formats (12 March 2024, March 12, 2024, 2024-03-12, le 1er mars 2024, 12/03/2024...);
- there are quotes with speakers, bylines, datelines, page furniture and reader comments;
- about 70% are .txt, 15% .md with front matter and 15% .html pages.

    python -m bench.corpus DEST N [--seed S]
"""
from __future__ import annotations

import argparse
import html
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]}
WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]}
SITES = {"en": ["Sahel Monitor", "Desert Wire", "The Northern Courier", "Africa Daily Review", "Maghreb Dispatch"],
         "fr": ["Le Sahélien", "Journal du Nord", "L'Observateur du Sahel", "Maghreb Hebdo", "Le Courrier d'Alger"]}
AUTHORS = ["Aminata Traoré", "Karim Benali", "Sarah Collins", "Moussa Keïta", "Leila Haddad", "John Mercer",
           "Fatoumata Diallo", "Yacine Bouzid", "Claire Dupont", "Omar Cissé"]
SYLLABLES = ["ta", "ka", "ra", "ma", "ni", "ou", "se", "li", "do", "ba", "za", "ten", "gou", "mal", "kid", "tes",
             "sa", "bo", "fa", "rit", "del", "an", "in", "mo"]

# (English, French) sentence templates written from the same slots, so a translation keeps names and numbers.
FACTS = [
    ("{person} met {person2} in {city} on {date} to discuss {topic}.",
     "{person} a rencontré {person2} à {city} le {date} pour évoquer {topic}."),
    ("{country} and {country2} agreed to strengthen {topic} after two days of talks in {city}.",
     "{country} et {country2} ont convenu de renforcer {topic} après deux jours de discussions à {city}."),
    ("At least {num} people were killed near {village} on {date}, according to local officials.",
     "Au moins {num} personnes ont été tuées près de {village} le {date}, selon des responsables locaux."),
    ("The {org} said that {topic} remained a priority for the region.",
     "Le {org} a indiqué que {topic} restait une priorité pour la région."),
    ("A convoy of {num} vehicles was intercepted between {village} and {city} in {month_year}.",
     "Un convoi de {num} véhicules a été intercepté entre {village} et {city} en {month_year}."),
    ("{country} recalled its ambassador from {capital} on {date} in protest.",
     "{country} a rappelé son ambassadeur à {capital} le {date} en signe de protestation."),
    ("The meeting in {city} was the first of its kind since {year}.",
     "La réunion de {city} était la première du genre depuis {year}."),
    ("Officials in {city} estimated the cost of the operation at {num} million dollars.",
     "Des responsables à {city} ont estimé le coût de l'opération à {num} millions de dollars."),
    ("Since {year}, more than {num} soldiers have been deployed along the border near {village}.",
     "Depuis {year}, plus de {num} soldats ont été déployés le long de la frontière près de {village}."),
    ("{person} is expected in {city} on {date} for a second round of talks on {topic}.",
     "{person} est attendu à {city} le {date} pour un second cycle de discussions sur {topic}."),
]
# French subjects say whether they are plural: the verb agrees.
SUBJECTS = [("The delegation", "La délégation", 0), ("Local officials", "Les responsables locaux", 1),
            ("Diplomats in {city}", "Les diplomates en poste à {city}", 1), ("The ministry", "Le ministère", 0),
            ("Analysts", "Les analystes", 1), ("Residents of {village}", "Les habitants de {village}", 1),
            ("The opposition", "L'opposition", 0), ("Humanitarian organisations", "Les organisations humanitaires", 1)]
VERBS = [("warned about", "{a} mis en garde contre"), ("welcomed", "{a} salué"), ("criticised", "{a} critiqué"),
         ("discussed", "{a} évoqué"), ("questioned", "{a} mis en doute"), ("rejected", "{a} rejeté"),
         ("called for clarity on", "{a} demandé des éclaircissements sur")]
OBJECTS = [("the new agreement", "le nouvel accord"), ("the joint patrols", "les patrouilles conjointes"),
           ("the closure of the border", "la fermeture de la frontière"),
("the humanitarian situation", "la situation humanitaire"),
           ("the rising price of fuel", "la hausse du prix du carburant"),
           ("the role of {org}", "le rôle du {org}"), ("the talks on {topic}", "les discussions sur {topic}"),
           ("the return of refugees to {village}", "le retour des réfugiés à {village}")]
COMPLEMENTS = [("in a statement", "dans un communiqué"),
               ("during a press conference in {city}", "lors d'une conférence de presse à {city}"),
("last week", "la semaine dernière"),
               ("on {date2}", "le {date2}"),
               ("according to local media", "selon les médias locaux"),
               ("in {month_year}", "en {month_year}")]
QUOTES = [("We will not accept any interference in our internal affairs", "Nous n'accepterons aucune ingérence dans nos affaires intérieures"),
          ("Dialogue remains the only way forward for our two countries", "Le dialogue reste la seule voie pour nos deux pays"),
          ("The security of the border is a shared responsibility", "La sécurité de la frontière est une responsabilité partagée"),
          ("Our cooperation against terrorism has produced concrete results", "Notre coopération contre le terrorisme a donné des résultats concrets"),
          ("Nobody can decide the future of the region in our place", "Personne ne peut décider de l'avenir de la région à notre place"),
          ("The peace agreement is still the best framework we have", "L'accord de paix reste le meilleur cadre dont nous disposons"),
          ("We have asked our partners to respect our sovereignty", "Nous avons demandé à nos partenaires de respecter notre souveraineté")]
QUOTE_FORMS = [('"{quote}," said {person}.', "« {quote} », a déclaré {person}."),
               ('{person} said: "{quote}."', "{person} a affirmé : « {quote} »."),
               ("“{quote}”, {person} told reporters in {city}.", "« {quote} », a dit {person} à la presse à {city}.")]
TITLES = [("{country} and {country2} at odds over {topic}", "{country} et {country2} divisés sur {topic}"),
          ("{person} visits {city} as talks on {topic} resume", "{person} en visite à {city}, reprise des discussions sur {topic}"),
          ("{num} killed in attack near {village}", "{num} morts dans une attaque près de {village}"),
          ("{org} warns about {topic}", "Le {org} met en garde sur {topic}"),
          ("What the crisis in {village} means for {country}", "Ce que la crise de {village} signifie pour {country}")]
FURNITURE = {"en": ["Menu", "Share this article", "Advertisement", "Subscribe to our newsletter", "Read also: {other}",
                    "Estimated read time: 4 min", "Follow us on Twitter"],
             "fr": ["Menu", "Partager cet article", "Publicité", "Abonnez-vous à notre newsletter", "Lire aussi : {other}",
                    "Temps de lecture : 4 min", "Suivez-nous sur Twitter"]}
COMMENTS = {"en": ["Comments (2)", "Finally some good news for the region.", "I do not believe a word of this statement."],
            "fr": ["Commentaires (2)", "Enfin une bonne nouvelle pour la région.", "Je ne crois pas un mot de ce communiqué."]}


@dataclass(frozen=True)
class Vocabulary:
    """Names from briefing.yml, per language."""

    people: tuple[str, ...]
    countries: tuple[dict, ...]  # {"en": ..., "fr": ...}
    cities: tuple[dict, ...]
    orgs: tuple[dict, ...]
    topics: tuple[dict, ...]


def vocabulary(config_path: Path) -> Vocabulary:
    from generator.config import load_config

    config = load_config(config_path)

    def names(aliases, fallback):  # the first capitalised alias in each language: a name, not an adjective
        by_lang = dict(aliases)
        return {lang: next((a for a in by_lang.get(lang, ()) if a[:1].isupper()), fallback) for lang in ("en", "fr")}

    people, countries, cities, orgs = [], [], [], []
    for e in config.entities:
        if e.kind == "person":
            people.append(e.name)
        elif e.kind == "place":
            town = e.description.startswith(("Capital", "Town")) or e.name in ("Kidal", "Tamanrasset")
            target = cities if town else countries
            target.append(names(e.aliases, e.name))
        elif e.kind == "organisation":
            orgs.append(names(e.aliases, e.name))
    topics = []
    for t in config.topics:
        by_lang = dict(t.aliases)
        topics.append({lang: tuple(by_lang.get(lang, ()) or (t.name,)) for lang in ("en", "fr")})
    if not people:
        people = ["Amadou Touré"]
    return Vocabulary(tuple(people), tuple(countries or [{"en": "Mali", "fr": "Mali"}]),
                      tuple(cities or [{"en": "Bamako", "fr": "Bamako"}]), tuple(orgs or [{"en": "UN", "fr": "ONU"}]),
                      tuple(topics or [{"en": ("security",), "fr": ("sécurité",)}]))


@dataclass(frozen=True)
class Story:
    """A plan of an article, independent of its language."""

    number: int
    year: int
    month: int
    day: int
    slots: dict
    sentences: tuple[tuple, ...]  # (kind, index...) per sentence, per paragraph
    title: int


def plan(number: int, seed: int, vocab: Vocabulary) -> Story:
    rng = random.Random(f"{seed}-story-{number}")
    year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    village = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    p1, p2 = rng.sample(vocab.people, 2) if len(vocab.people) > 1 else (vocab.people[0], vocab.people[0])
    c1, c2 = rng.sample(vocab.countries, 2) if len(vocab.countries) > 1 else (vocab.countries[0],) * 2
    slots = {"person": p1, "person2": p2, "country": c1, "country2": c2, "city": rng.choice(vocab.cities),
             "capital": rng.choice(vocab.cities), "org": rng.choice(vocab.orgs),
             "topic": _pick_alias(rng, rng.choice(vocab.topics)), "village": village,
             "nums": tuple(rng.choice([3, 7, 12, 15, 24, 40, 65, 120, 300, 1500]) + rng.randrange(10)
                           for _ in range(4)),
             "year": rng.randint(2010, year), "date": (year, month, day, rng.randrange(4)),
             "date2": (year, month, max(1, day - rng.randint(1, 6)), rng.randrange(4)),
             "month_year": (year, rng.randint(1, 12)), "quote": rng.randrange(len(QUOTES)),
             "quote_form": rng.randrange(len(QUOTE_FORMS))}
    facts = rng.sample(range(len(FACTS)), len(FACTS))  # each fact once at most
    quotes = rng.sample(range(len(QUOTES)), 3)
    paragraphs, seen = [], set()
    for _p in range(rng.randint(5, 8)):
        para = []
        for _s in range(rng.randint(2, 4)):
            r = rng.random()
            if r < 0.4 and facts:
                spec = ("fact", facts.pop())
            elif r > 0.88 and quotes:
                spec = ("quote", quotes.pop(), rng.randrange(len(QUOTE_FORMS)))
            else:
                spec = ("filler", rng.randrange(len(SUBJECTS)), rng.randrange(len(VERBS)),
                        rng.randrange(len(OBJECTS)), rng.randrange(len(COMPLEMENTS)))
            if spec not in seen:
                seen.add(spec)
                para.append(spec)
        if para:
            paragraphs.append(tuple(para))
    return Story(number, year, month, day, slots, tuple(paragraphs), rng.randrange(len(TITLES)))


def _pick_alias(rng: random.Random, aliases: dict) -> dict:
    k = rng.randrange(8)
    return {lang: names[k % len(names)] for lang, names in aliases.items()}


def _date(value: tuple, lang: str) -> str:
    year, month, day, style = value
    m = MONTHS[lang][month - 1]
    if lang == "en":
        return [f"{day} {m} {year}", f"{m} {day}, {year}", f"{year}-{month:02d}-{day:02d}", f"{day} {m} {year}"][style]
    d = "1er" if day == 1 else str(day)
    return [f"{d} {m} {year}", f"{d} {m} {year}", f"{day:02d}/{month:02d}/{year}", f"{d} {m} {year}"][style]


def _fill(template: str, story: Story, lang: str, num: int = 0) -> str:
    s = story.slots
    values = {"person": s["person"], "person2": s["person2"], "country": s["country"][lang],
              "country2": s["country2"][lang], "city": s["city"][lang], "capital": s["capital"][lang],
              "org": s["org"][lang], "topic": s["topic"][lang],
              "village": s["village"], "num": s["nums"][num % len(s["nums"])], "year": s["year"],
              "date": _date(s["date"], lang), "date2": _date(s["date2"], lang),
              "month_year": f"{MONTHS[lang][s['month_year'][1] - 1]} {s['month_year'][0]}"}
    values["quote"] = QUOTES[s["quote"]][lang == "fr"]
    text = template.format(**values)
    if lang == "fr":  # elision and contraction: "de Alger" -> "d'Alger", "de Le" -> "du"
        text = re.sub(r"\b([dl])e ([AEIOUÉaeioué])", r"\1'\2", text).replace(" de Le ", " du ").replace(" à Le ", " au ")
    return text[:1].upper() + text[1:]


def sentence(spec: tuple, story: Story, lang: str) -> str:
    i = lang == "fr"
    if spec[0] == "fact":
        return _fill(FACTS[spec[1]][i], story, lang, num=spec[1])
    if spec[0] == "quote":
        form = QUOTE_FORMS[spec[2]][i]
        quote = QUOTES[spec[1]][i]
        return _fill(form.replace("{quote}", quote), story, lang)
    _, a, b, c, d = spec
    verb = VERBS[b][i].format(a="ont" if SUBJECTS[a][2] else "a")
    return _fill(f"{SUBJECTS[a][i]} {verb} {OBJECTS[c][i]} {COMPLEMENTS[d][i]}.", story, lang)


@dataclass(frozen=True)
class Doc:
    story: Story
    lang: str
    fmt: str  # txt | md | html
    variant: int  # 0 = the original; > 0 = a near-duplicate


def render(doc: Doc, other_title: str) -> str:
    """The source file's text."""
    rng = random.Random(f"doc-{doc.story.number}-{doc.lang}-{doc.variant}")
    lang, story = doc.lang, doc.story
    paragraphs = [" ".join(sentence(spec, story, lang) for spec in para) for para in story.sentences]
    if doc.variant:
        del paragraphs[1 + doc.variant % (len(paragraphs) - 2)]
        paragraphs.append(f"Update {doc.variant}: this article was revised with new details." if lang == "en" else
                          f"Mise à jour {doc.variant} : cet article a été complété avec de nouveaux détails.")
    title = _fill(TITLES[story.title][lang == "fr"], story, lang)
    site = rng.choice(SITES[lang])
    author = rng.choice(AUTHORS)
    date = _date(story.slots["date"][:3] + (rng.randrange(4),), lang)
    if doc.fmt == "md":
        return _markdown(doc, title, paragraphs, author)
    if doc.fmt == "html":
        return _html(doc, title, paragraphs, site, author, date, other_title)
    furniture = [line.format(other=other_title) for line in FURNITURE[lang]]
    city = story.slots["city"][lang]
    lines = [site, furniture[0], "", title, "", ("By " if lang == "en" else "Par ") + author,
             WEEKDAYS[lang][rng.randrange(7)] + " " + date if rng.random() < 0.5 else date, ""]
    for k, para in enumerate(paragraphs):
        if k == 0 and rng.random() < 0.4:
            para = f"{city.upper()}, {date} (AFP) – {para}"
        lines += [para, ""]
        if k == 1:
            lines += [furniture[rng.choice([2, 4, 5])], ""]
    lines += [furniture[1], furniture[3], ""]
    if rng.random() < 0.5:
        lines += COMMENTS[lang]
    return "\n".join(lines) + "\n"


def _markdown(doc: Doc, title: str, paragraphs: list[str], author: str) -> str:
    y, m, d = doc.story.year, doc.story.month, doc.story.day
    front = [f"title: \"{title}\"", f"date: {y:04d}-{m:02d}-{d:02d}", f"language: {doc.lang}", f"author: {author}"]
    body = [f"# {title}", ""]
    for k, para in enumerate(paragraphs):
        if k == 3:
            body += ["## " + ("Background" if doc.lang == "en" else "Contexte"), ""]
        body += [para, ""]
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n".join(body)


def _html(doc: Doc, title: str, paragraphs: list[str], site: str, author: str, date: str, other: str) -> str:
    e = html.escape
    y, m, d = doc.story.year, doc.story.month, doc.story.day
    furniture = FURNITURE[doc.lang]
    paras = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{doc.lang}">
<head><meta charset="utf-8"><title>{e(title)} | {e(site)}</title>
<meta property="article:published_time" content="{y:04d}-{m:02d}-{d:02d}T08:00:00Z"></head>
<body>
<header><nav><a href="/">{e(furniture[0])}</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<article>
<h1>{e(title)}</h1>
<p class="byline">{'By' if doc.lang == 'en' else 'Par'} {e(author)} – {e(date)}</p>
{paras}
</article>
<aside><h2>{e(furniture[4].split(':')[0])}</h2><ul><li><a href="/other">{e(other)}</a></li></ul></aside>
<footer><p>{e(furniture[3])}</p><p>© {y} {e(site)}</p></footer>
</body>
</html>
"""


def documents(n: int, seed: int, vocab: Vocabulary) -> list[Doc]:
    """n documents: mostly originals, with translations (~12%) and near-duplicates (~10%) of earlier ones.
    No two are identical."""
    rng = random.Random(f"{seed}-corpus")
    docs: list[Doc] = []
    used: set[tuple[int, str, int]] = set()
    stories = 0
    for _ in range(n):
        r = rng.random()
        fmt = "md" if rng.random() < 0.15 else "html" if rng.random() < 0.18 else "txt"
        doc = None
        if docs and r < 0.22:
            base = rng.choice(docs)
            if r < 0.12:
                doc = Doc(base.story, "fr" if base.lang == "en" else "en", fmt, 0)
            else:
                doc = Doc(base.story, base.lang, base.fmt, rng.randint(1, 9))
            if (doc.story.number, doc.lang, doc.variant) in used:
                doc = None
        if doc is None:
            doc = Doc(plan(stories, seed, vocab), "en" if rng.random() < 0.65 else "fr", fmt, 0)
            stories += 1
        used.add((doc.story.number, doc.lang, doc.variant))
        docs.append(doc)
    return docs


def make_corpus(dest: Path, n: int, config_path: Path, seed: int = 1) -> list[Path]:
    """Write n sources into dest (emptied first); returns their paths, sorted."""
    vocab = vocabulary(config_path)
    if dest.exists():
        shutil.rmtree(dest)
    folders = {"txt": "wire", "md": "notes", "html": "web"}
    paths = []
    docs = documents(n, seed, vocab)
    for i, doc in enumerate(docs):
        other = docs[(i * 7 + 3) % len(docs)]
        other_title = _fill(TITLES[other.story.title][other.lang == "fr"], other.story, other.lang)
        text = render(doc, other_title)
        path = dest / folders[doc.fmt] / f"{i:05d}-{doc.lang}.{doc.fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def near_identical(dest: Path, n: int, config_path: Path, seed: int = 1) -> list[Path]:
    """Write n versions of one story into dest (emptied first): each drops one paragraph and adds its own update
    line, as a wire story republished by many outlets would; no two are identical. Returns their paths, sorted."""
    vocab = vocabulary(config_path)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    story = plan(0, seed, vocab)
    other = _fill(TITLES[plan(1, seed, vocab).title][0], plan(1, seed, vocab), "en")
    paths = []
    for k in range(1, n + 1):
        path = dest / f"{k:05d}-en.txt"
        path.write_text(render(Doc(story, "en", "txt", k), other), encoding="utf-8")
        paths.append(path)
    return paths


ESCAPE_HEAVY = ("*", ".", "#", "(", "_", "[", "`", ")", "]", "!", "-", "+")


def escape_heavy(size: int, seed: int = 1) -> str:
    """A source of about `size` characters whose body is one paragraph dense in the characters Markdown escapes
    (each would need a backslash), between words, so that the text still reads as sentences."""
    rng = random.Random(f"{seed}-escape-heavy")
    words = ["the", "talks", "border", "Mali", "report", "force", "said", "on", "patrols", "agreement"]
    parts, used = [], 0
    while used < size:
        word = rng.choice(words)
        piece = f"{rng.choice(ESCAPE_HEAVY)}{word}{rng.choice(ESCAPE_HEAVY)}{rng.choice(ESCAPE_HEAVY)}"
        parts.append(piece)
        used += len(piece) + 1
    return "Escape-heavy report on the talks\n\n" + " ".join(parts) + "\n"


def acronym_flood(size: int, seed: int = 1) -> str:
    """A source of about `size` characters defining one distinct acronym after another ("Name Words (ACRONYM)",
    the way an organisation is introduced): every one of them is a candidate entity."""
    rng = random.Random(f"{seed}-acronym-flood")
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    seen: set[str] = set()
    names, used = [], 0
    while used < size:
        words = [rng.choice(letters) + "".join(rng.choice(letters.lower()) for _ in range(rng.randint(2, 5)))
                 for _ in range(2)]
        acronym = "".join(w[0] for w in words) + "".join(rng.choice(letters) for _ in range(rng.randint(1, 3)))
        if acronym in seen:
            continue
        seen.add(acronym)
        names.append(f"{' '.join(words)} ({acronym})")
        used += len(names[-1]) + 6  # with its share of the sentence around it
    sentences = [f"Officials of {', '.join(names[i:i + 6])} met the press." for i in range(0, len(names), 6)]
    paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    return "A flood of acronyms\n\n" + "\n\n".join(paragraphs) + "\n"


ANCHOR_WORDS = ("the minister said talks on border security would resume next month while officials from both "
                "countries met in the capital to review cooperation against armed groups and smuggling networks").split()


def make_anchor(dest: Path, n: int, seed: int = 1) -> Path:
    """The bench's anchor (issue 22): what mkdocs-material costs on its own for n plain pages of about 800 words
    (a title, four sub-headings, paragraphs), with its search plugin and a one-entry nav. Written afresh."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    rng = random.Random(seed)
    (docs / "index.md").write_text("# Anchor\n\nPlain pages for the benchmark.\n", encoding="utf-8")
    for i in range(n):
        parts = [f"# Page {i}\n"]
        for section in range(4):
            parts.append(f"## Section {section}\n")
            for _ in range(2):
                words = [rng.choice(ANCHOR_WORDS) for _ in range(100)]
                parts.append(" ".join(words).capitalize() + ".\n")
        (docs / f"page-{i:05d}.md").write_text("\n".join(parts), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Anchor\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\nnav:\n  - index.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n", encoding="utf-8")
    return dest


def change_one(path: Path) -> None:
    """Edit a source the way a correction would: one sentence added to its first long paragraph."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if len(line) > 100)
    extra = " Officials later confirmed the figures."
    lines[i] = lines[i][:-4] + extra + "</p>" if lines[i].endswith("</p>") else lines[i] + extra
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description="Write a synthetic corpus.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--config", type=Path, default=Path(__file__).resolve().parent.parent / "briefing.yml")
    args = parser.parse_args(argv)
    paths = make_corpus(args.dest, args.n, args.config, args.seed)
    print(f"{len(paths)} sources written to {args.dest}")


if __name__ == "__main__":
    main()
