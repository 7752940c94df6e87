"""Evaluation on real news pages: ../shared/realworld (110 pages stored from the web, with labels.tsv).

The pages are third-party text: they are read where they lie and copied only into a temporary folder for the run,
never into this repository. The whole pipeline runs on them (generate into a temporary folder, then read
briefing.json), so the scores are what a reader of the site gets, linking included.

What is scored, per the labels' columns:
- title: a page whose label shows a headline is right when the site shows that headline, not a generated one,
  compared after folding case, quotes, apostrophes, dashes and spaces. A leading or trailing outlet name that the
  generator drops ("Outlet : Headline", "Headline | Outlet") counts as the headline. A page labelled `none` shows
  no headline: its title must be marked generated.
- furniture: titles and summary sentences that look like page furniture (navigation bars, bylines, timestamps,
  markup, URLs, labels such as "Menu"), by checks written here, independent of the generator's own rules.
- date: a dated page is right when the site shows the labelled date at the labelled precision; an undated page
  (`unknown`) is right when the site shows no date, and a date shown there is counted as invented.
- language: the page's language as labelled.
- topics: micro precision, recall and F1 over (page, topic) pairs, and per topic; off-subject pages must get none.
- versions: pairs of pages labelled copies or rewrites of one report (version_of, closed under transitivity) and
  whether the site groups them (one is `duplicate_of` the other's group); a grouped pair the labels do not make is
  a false pair.
- translations: pairs labelled translation_of (closed over the version groups) found as translations.
"""
from __future__ import annotations

import csv
import itertools
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Beside the repository, as on CI; BRIEFING_REALWORLD points elsewhere.
REALWORLD = Path(os.environ.get("BRIEFING_REALWORLD", ROOT.parent / "shared" / "realworld"))
LABELS = "labels.tsv"

# Checks for furniture, independent of generator/data/furniture.yml (a rule cannot grade itself).
_FURNITURE = [
    # A breadcrumb ("Home » World » Africa"), not French quotation marks (« … »).
    ("navigation bar", r"(?:\|[^|]{0,40}){2,}|^(?!.*«)(?:.*\s[>›»]\s){2,}"),
    ("timestamp", r"\b\d{1,2}[:h]\d{2}\b|\b\d{4}/\d{1,2}/\d{1,2}\b"),
    ("byline", r"^(?i:by|par|posted by|publié par|written by)\s+\p{Lu}|^\s*\d{1,2}\s+\w+\s+\d{4}\s*[-–—]"),
    ("markup", r"(?i)[<>{}]|\w+\s*=\s*[\"”“']|&[a-z]+;|\bhttps?://|\bwww\.|\.(?:js|css|php|html?)\b"),
    ("label", r"(?i)^(?:menu|home|accueil|search|rechercher|share|partager|newsletter|advertisement|publicité|"
                         r"read more|lire (?:aussi|la suite)|à lire aussi|related|sponsor(?:ed)? ad|javascript is disabled.*)"
                         r"\W*$"),
    # What opens a line but not a sentence: a list's bullet or dash, a credit in brackets, a dateline's dash.
    ("debris", r"^\s*(?:[\p{Pd}•·▪►*]|\()"),
    # A teaser cut short: "...the airport in…".
    ("teaser", r"(?:…|\.\.\.)\W*$"),
]


def furniture_kind(text: str) -> str | None:
    """The kind of furniture a title or summary sentence looks like, or None."""
    import regex  # \p{Lu}

    for kind, pattern in _FURNITURE:
        if regex.search(pattern, text, regex.V1):
            return kind
    return None


def fold(text: str) -> str:
    """Case, accents kept; quotes, apostrophes, dashes and spaces made one."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[’‘‛`´']", "'", text)
    text = re.sub(r"[“”«»„\"]", '"', text)
    text = re.sub(r"[‐-―−]", "-", text)
    text = re.sub(r"\s*([!?:;])", r"\1", text)
    return " ".join(text.casefold().replace('"', " ").split()).strip(" .")


def same_title(shown: str, label: str) -> bool:
    a, b = fold(shown), fold(label)
    if a == b:
        return True
    # "Outlet : Headline" / "Headline | Outlet": the headline alone is the headline.
    for sep in (" : ", ": ", " | ", " - ", " – ", " — "):
        sep = fold("x" + sep + "x")[1:-1]
        for part in (b.split(sep, 1)[-1], b.rsplit(sep, 1)[0]):
            if part != b and a == part.strip() and len(part.split()) >= 3:
                return True
    return False


@dataclass
class Label:
    file: str
    language: str
    title: str | None
    date: str | None
    topics: frozenset[str]
    version_of: str | None
    translation_of: str | None


@dataclass
class Report:
    rows: list[dict] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, str] = field(default_factory=dict)
    per_topic: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # slug -> (tp, fp, fn)
    pairs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    furniture: list[tuple[str, str, str]] = field(default_factory=list)  # file, where, text


def available() -> bool:
    return (REALWORLD / LABELS).is_file()


def read_labels(folder: Path = REALWORLD) -> list[Label]:
    with (folder / LABELS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))

    def opt(value: str | None) -> str | None:
        value = (value or "").strip()
        return None if value in ("", "none", "unknown") else value

    return [Label(r["file"], r["language"].strip(), opt(r["title"]), opt(r["publication_date"]),
                  frozenset(t for t in (r["topics"] or "").split(";") if t.strip() and t.strip() != "none"),
                  opt(r["version_of"]), opt(r["translation_of"])) for r in rows]


def generate(labels: list[Label], folder: Path = REALWORLD) -> dict:
    """Runs the whole pipeline on the labelled pages; briefing.json's data."""
    import orjson

    from generator.config import load_config
    from generator.pipeline import generate as run

    config = load_config(ROOT / "briefing.yml")
    with tempfile.TemporaryDirectory(prefix="briefing-realworld-") as tmp:
        sources = Path(tmp) / "sources"
        sources.mkdir()
        for label in labels:
            shutil.copyfile(folder / label.file, sources / label.file)
        run(sources, Path(tmp) / "content", config)
        return orjson.loads((Path(tmp) / "content" / "briefing.json").read_bytes())


def _groups(pairs: list[tuple[str, str]], files: list[str]) -> dict[str, str]:
    parent = {f: f for f in files}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    return {f: find(f) for f in files}


def _within(group: dict[str, str]) -> set[frozenset[str]]:
    members: dict[str, list[str]] = {}
    for f, g in group.items():
        members.setdefault(g, []).append(f)
    return {frozenset(p) for m in members.values() for p in itertools.combinations(sorted(m), 2)}


def score(labels: list[Label], data: dict) -> Report:
    report = Report()
    by_file = {s["source_file"]: s for s in data["sources"]}
    slug_file = {s["slug"]: s["source_file"] for s in data["sources"]}
    files = [label.file for label in labels]
    titled = title_ok = untitled = untitled_ok = dated = date_ok = undated = invented = lang_ok = 0
    tp = fp = fn = 0
    per_topic: dict[str, list[int]] = {}
    for label in labels:
        s = by_file.get(label.file)
        if s is None:
            report.rows.append({"file": label.file, "missing": True})
            fn += len(label.topics)
            continue
        if label.title:
            titled += 1
            t_ok = not s["title_generated"] and same_title(s["title"], label.title)
            title_ok += t_ok
        else:
            untitled += 1
            t_ok = bool(s["title_generated"])
            untitled_ok += t_ok
        if label.date:
            dated += 1
            d_ok = s["date"] == label.date
            date_ok += d_ok
        else:
            undated += 1
            d_ok = s["date"] is None
            invented += not d_ok
        lang_ok += s["language"] == label.language
        got = set(s["topics"])
        for topic in got | label.topics:
            counts = per_topic.setdefault(topic, [0, 0, 0])
            if topic in got and topic in label.topics:
                counts[0] += 1
            elif topic in got:
                counts[1] += 1
            else:
                counts[2] += 1
        tp += len(got & label.topics)
        fp += len(got - label.topics)
        fn += len(label.topics - got)
        for where, text in [("title", s["title"])] * (not s["title_generated"]) + [("summary", x) for x in s["summary"]]:
            if furniture_kind(text):
                report.furniture.append((label.file, where, text))
        report.rows.append({"file": label.file, "title": s["title"], "title_generated": s["title_generated"],
                            "title_label": label.title, "title_ok": t_ok, "date": s["date"], "date_label": label.date,
                            "date_ok": d_ok, "language": s["language"], "language_label": label.language,
                            "topics": sorted(got), "topics_label": sorted(label.topics)})

    version_groups = _groups([(lb.file, lb.version_of) for lb in labels if lb.version_of], files)
    want_versions = _within(version_groups)
    got_group = {}
    for s in data["sources"]:
        root = slug_file.get(s["duplicate_of"]) if s["duplicate_of"] else s["source_file"]
        got_group[s["source_file"]] = root or s["source_file"]
    got_versions = _within({f: got_group.get(f, f) for f in files})
    # A translation of any version of a report is a translation of the report.
    translation_pairs = set()
    for lb in labels:
        if lb.translation_of:
            left = [f for f in files if version_groups[f] == version_groups[lb.file]]
            right = [f for f in files if version_groups.get(f) == version_groups.get(lb.translation_of)]
            translation_pairs |= {frozenset((a, b)) for a in left for b in right}
    got_translations = set()
    for s in data["sources"]:
        for other in s.get("translations", []):
            other_file = slug_file.get(other["slug"] if isinstance(other, dict) else other)
            if other_file:
                got_translations.add(frozenset((s["source_file"], other_file)))
    # A translation found between two versions counts for the group.
    found_translations = {p for p in translation_pairs
                          if any(frozenset((got_group.get(a, a), got_group.get(b, b))) ==
                                 frozenset((got_group.get(x, x), got_group.get(y, y)))
                                 for x, y in (tuple(q) for q in got_translations) for a, b in [tuple(p)])}

    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    report.scores = {
        "title": round(title_ok / titled, 3) if titled else 1.0,
        "title_none": round(untitled_ok / untitled, 3) if untitled else 1.0,
        "no_furniture": round(1 - len(report.furniture) / max(len(labels), 1), 3),
        "date": round(date_ok / dated, 3) if dated else 1.0,
        "no_invented_date": round(1 - invented / undated, 3) if undated else 1.0,
        "language": round(lang_ok / len(labels), 3),
        "topic_precision": round(precision, 3),
        "topic_recall": round(recall, 3),
        "topic_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "versions": round(len(got_versions & want_versions) / len(want_versions), 3) if want_versions else 1.0,
        "versions_precision": round(len(got_versions & want_versions) / len(got_versions), 3) if got_versions else 1.0,
        "translations": round(len(found_translations) / len(translation_pairs), 3) if translation_pairs else 1.0,
    }
    report.counts = {
        "title": f"{title_ok}/{titled}", "title_none": f"{untitled_ok}/{untitled}",
        "no_furniture": f"{len(report.furniture)} found", "date": f"{date_ok}/{dated}",
        "no_invented_date": f"{invented} of {undated} undated", "language": f"{lang_ok}/{len(labels)}",
        "topic_precision": f"tp {tp} fp {fp}", "topic_recall": f"fn {fn}", "topic_f1": "",
        "versions": f"{len(got_versions & want_versions)}/{len(want_versions)}",
        "versions_precision": f"{len(got_versions - want_versions)} false",
        "translations": f"{len(found_translations)}/{len(translation_pairs)}",
    }
    report.per_topic = {t: tuple(c) for t, c in sorted(per_topic.items())}
    report.pairs = {
        "versions missed": sorted(tuple(sorted(p)) for p in want_versions - got_versions),
        "versions false": sorted(tuple(sorted(p)) for p in got_versions - want_versions),
        "translations missed": sorted(tuple(sorted(p)) for p in translation_pairs - found_translations),
        "translations false": sorted(tuple(sorted(p)) for p in got_translations - translation_pairs),
    }
    return report


def evaluate(folder: Path = REALWORLD) -> Report:
    labels = read_labels(folder)
    return score(labels, generate(labels, folder))


def print_report(report: Report, verbose: bool = False) -> None:
    print(f"\n## Real pages ({REALWORLD})\n")
    print("| metric | score | count |\n|---|---|---|")
    for metric, value in report.scores.items():
        print(f"| {metric} | {value:.3f} | {report.counts.get(metric, '')} |")
    print("\n| topic | precision | recall | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
    for topic, (tp, fp, fn) in report.per_topic.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {topic} | {p:.2f} | {r:.2f} | {f:.2f} | {tp} | {fp} | {fn} |")
    for name, pairs in report.pairs.items():
        if pairs:
            print(f"\n{name}:")
            for a, b in pairs:
                print(f"- {a} ~ {b}")
    if report.furniture:
        print("\nfurniture in titles and summaries:")
        for file, where, text in report.furniture:
            print(f"- {file} ({where}): {text[:120]}")
    if verbose:
        print("\nmisses:")
        for row in report.rows:
            if row.get("missing"):
                print(f"- {row['file']}: not in the briefing")
                continue
            if not row["title_ok"]:
                print(f"- {row['file']} title: {row['title']!r} (generated={row['title_generated']}) "
                      f"want {row['title_label']!r}")
            if not row["date_ok"]:
                print(f"- {row['file']} date: {row['date']} want {row['date_label']}")
            if row["language"] != row["language_label"]:
                print(f"- {row['file']} language: {row['language']} want {row['language_label']}")
            if row["topics"] != row["topics_label"]:
                print(f"- {row['file']} topics: {row['topics']} want {row['topics_label']}")
