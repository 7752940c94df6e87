"""briefing.yml: read once, validated at the edge, every problem reported at once naming its key.

Defaults ship in the package (data/defaults.yml); the user's file is laid over them.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import yaml

from generator.data import DUMPER, LOADER
from generator.errors import ConfigError

DEFAULTS = Path(__file__).parent / "data" / "defaults.yml"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTITY_KINDS = ("person", "organisation", "place", "other")


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str
    aliases: tuple[tuple[str, tuple[str, ...]], ...]  # (language, names), sorted
    related: tuple[str, ...] = ()
    # What describes the topic without naming it, per language: each term is a word or phrase, or several that
    # must meet in one sentence ("Mali + Niger + Burkina Faso"), matched on word stems (see analyze/topics.py).
    describe: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    infer_min_terms: int = 3  # distinct describing terms a source needs to get the topic without naming it
    named_min_terms: int = 0  # describing terms a source naming the topic must use too (names that are common words)
    threshold: float | None = None  # the topic's own score threshold instead of analysis.topic_threshold

    def all_aliases(self) -> tuple[str, ...]:
        names = [self.name] + [a for _lang, group in self.aliases for a in group]
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class EntitySpec:
    slug: str
    name: str
    kind: str
    description: str
    aliases: tuple[tuple[str, tuple[str, ...]], ...]  # (language, names), sorted

    def all_aliases(self) -> tuple[str, ...]:
        names = [self.name] + [a for _lang, group in self.aliases for a in group]
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Config:
    path: str
    title: str
    description: str
    site_url: str
    feed_entries: int  # the newest stories the Atom feed carries; 0: all
    languages: tuple[str, ...]  # the briefing's languages, the reader's first
    detect_languages: tuple[str, ...]  # every language the detector may answer
    topics: tuple[Topic, ...]
    entities: tuple[EntitySpec, ...]
    scope: tuple[str, ...]  # names of the briefing's subject; a source naming none of them gets no topic
    scope_min_mentions: int
    topic_threshold: float
    summary_sentences: int
    related_count: int
    duplicate_threshold: float
    translation_threshold: float
    max_file_bytes: int
    search_full_text_max_sources: int
    workers: int
    # publish: how much of an article's own text the site republishes (see _publish)
    publish_text: str  # full | excerpt | none
    excerpt_chars: int
    fingerprint: str = field(default="", compare=False)  # hash of the effective config, for caches

    def topic(self, slug: str) -> Topic:
        return next(t for t in self.topics if t.slug == slug)


# Settings that only linking, rendering and building read. The analysis gets them blanked (`for_analysis`), so
# it cannot depend on them, and editing them (the site's title, the search index size) keeps every cached
# analysis.
NOT_FOR_ANALYSIS = {"path": "", "title": "", "description": "", "site_url": "", "feed_entries": 0, "related_count": 0,
                    "duplicate_threshold": 0.0, "translation_threshold": 0.0, "search_full_text_max_sources": 0,
                    "workers": 0, "publish_text": "", "excerpt_chars": 0}


def for_analysis(config: Config) -> Config:
    """The configuration as the per-source analysis sees it, with a fingerprint of exactly that."""
    view = replace(config, **NOT_FOR_ANALYSIS, fingerprint="")
    state = json.dumps(asdict(view), sort_keys=True, ensure_ascii=True, default=str)
    return replace(view, fingerprint=hashlib.sha256(state.encode()).hexdigest())


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [f"cannot read: {exc}"]) from None
    try:
        data = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(path, [f"invalid YAML{where}: {getattr(exc, 'problem', exc)}"]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, ["top level must be a mapping of keys to values"])
    return data


class _Checker:
    """Collects problems so the user sees all of them in one run."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"'{key}': {message}")

    def text(self, data: dict, key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(f"{where}.{key}" if where else key, "is required")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(f"{where}.{key}" if where else key, "must be a non-empty string")
            return ""
        return value.strip()

    def number(self, data: dict, key: str, where: str, kind=float, low=None, high=None):
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            self.fail(f"{where}.{key}", f"must be {'an integer' if kind is int else 'a number'}, got {value!r}")
            return kind(0)
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(f"{where}.{key}", f"must be between {low} and {high}, got {value!r}")
        return kind(value)

    def languages(self, value, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and re.fullmatch(r"[a-z]{2}", v) for v in value):
            self.fail(key, "must be a non-empty list of two-letter ISO 639-1 codes, e.g. [en, fr]")
            return ("en",)
        return tuple(dict.fromkeys(value))

    def aliases(self, value, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.fail(key, "must map a language code to a list of names, e.g. {en: [...], fr: [...]}")
            return ()
        out = {}
        for lang, names in value.items():
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
                self.fail(f"{key}.{lang}", "must be a list of non-empty strings")
                continue
            out[str(lang)] = tuple(n.strip() for n in names)
        return tuple(sorted(out.items()))

    def terms(self, value, key: str) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
        """describe: {language: [term, ...]}; a term is a phrase, or a list of phrases that meet in a sentence."""
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.fail(key, "must map a language code to a list of terms, e.g. {en: [joint command, [Mali, Niger]]}")
            return ()
        out = {}
        for lang, items in value.items():
            where = f"{key}.{lang}"
            if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
                self.fail(where, "must be a two-letter ISO 639-1 language code")
                continue
            if not isinstance(items, list) or not items:
                self.fail(where, "must be a non-empty list of terms")
                continue
            terms = []
            for j, item in enumerate(items):
                parts = item if isinstance(item, list) else [item]
                if not parts or not all(isinstance(p, (str, int)) and not isinstance(p, bool) and str(p).strip()
                                        and re.search(r"\w", str(p))
                                        for p in parts):
                    self.fail(f"{where}[{j}]", "must be a word or phrase, or a list of them that meet in one "
                                               f"sentence, got {item!r}")
                    continue
                terms.append(tuple(str(p).strip() for p in parts))
            out[lang] = tuple(terms)
        return tuple(sorted(out.items()))

    def slug(self, value: str, key: str, seen: set) -> str:
        if value and not SLUG_RE.match(value):
            self.fail(key, f"{value!r} must be lower-case letters, digits and single hyphens, e.g. 'g5-sahel'")
        if value in seen:
            self.fail(key, f"{value!r} is used twice")
        seen.add(value)
        return value


TOPIC_KEYS = {"slug", "name", "description", "aliases", "related", "describe", "infer_min_terms", "named_min_terms",
              "threshold"}


def _topics(check: _Checker, raw) -> tuple[Topic, ...]:
    if not isinstance(raw, list):
        check.fail("topics", "must be a list of topics")
        return ()
    seen: set[str] = set()
    topics = []
    for i, item in enumerate(raw):
        where = f"topics[{i}]"
        if not isinstance(item, dict):
            check.fail(where, "must be a mapping with slug, name, description and aliases")
            continue
        slug = check.slug(check.text(item, "slug", where), f"{where}.slug", seen)
        related = item.get("related") or []
        if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            check.fail(f"{where}.related", "must be a list of topic slugs")
            related = []
        for key in sorted(set(item) - TOPIC_KEYS, key=str):
            check.fail(f"{where}.{key}", f"unknown key (known: {', '.join(sorted(TOPIC_KEYS))})")
        describe = check.terms(item.get("describe"), f"{where}.describe")
        infer_min = check.number(item, "infer_min_terms", where, int, 1, 100) if "infer_min_terms" in item else 3
        named_min = check.number(item, "named_min_terms", where, int, 0, 100) if "named_min_terms" in item else 0
        if named_min and not describe:
            check.fail(f"{where}.named_min_terms", "needs describe: terms to count")
        threshold = check.number(item, "threshold", where, float, 0.5, 100) if "threshold" in item else None
        topics.append(Topic(slug, check.text(item, "name", where), check.text(item, "description", where),
                            check.aliases(item.get("aliases"), f"{where}.aliases"), tuple(related), describe,
                            infer_min, named_min, threshold))
    known = {t.slug for t in topics}
    for i, topic in enumerate(topics):
        for rel in topic.related:
            if rel not in known:
                check.fail(f"topics[{i}].related", f"{rel!r} is not a topic slug")
    return tuple(topics)


def _entities(check: _Checker, raw) -> tuple[EntitySpec, ...]:
    from generator.slugs import slugify

    if not isinstance(raw, list):
        check.fail("entities", "must be a list of people, organisations and places")
        return ()
    seen: set[str] = set()
    out = []
    for i, item in enumerate(raw):
        where = f"entities[{i}]"
        if not isinstance(item, dict):
            check.fail(where, "must be a mapping with name, kind and aliases")
            continue
        name = check.text(item, "name", where)
        kind = item.get("kind", "other")
        if kind not in ENTITY_KINDS:
            check.fail(f"{where}.kind", f"must be one of {', '.join(ENTITY_KINDS)}, got {kind!r}")
        slug = check.slug(item.get("slug") or slugify(name), f"{where}.slug", seen)
        out.append(EntitySpec(slug, name, kind, check.text(item, "description", where, required=False),
                              check.aliases(item.get("aliases"), f"{where}.aliases")))
    return tuple(out)


KNOWN_KEYS = {"site", "scope", "languages", "detect_languages", "topics", "entities", "analysis", "limits", "search", "performance",
              "publish"}


def load_config(path: str | Path) -> Config:
    path = Path(path)
    user = _read_yaml(path)
    data = _merge(_read_yaml(DEFAULTS), user)
    check = _Checker()
    for key in sorted(set(user) - KNOWN_KEYS):
        check.fail(key, f"unknown key (known: {', '.join(sorted(KNOWN_KEYS))})")
    site = data.get("site") if isinstance(data.get("site"), dict) else {}
    analysis = data.get("analysis") if isinstance(data.get("analysis"), dict) else {}
    limits = data.get("limits") if isinstance(data.get("limits"), dict) else {}
    search = data.get("search") if isinstance(data.get("search"), dict) else {}
    perf = data.get("performance") if isinstance(data.get("performance"), dict) else {}
    scope = data.get("scope") if isinstance(data.get("scope"), dict) else {}
    if data.get("scope") is not None and not isinstance(data.get("scope"), dict):
        check.fail("scope", "must be a mapping with aliases and min_mentions")
    scope_aliases = check.aliases(scope.get("aliases"), "scope.aliases")
    languages = check.languages(data.get("languages"), "languages")
    detect = check.languages(data.get("detect_languages"), "detect_languages")
    config = Config(
        path=str(path),
        title=check.text(site, "title", "site"),
        description=check.text(site, "description", "site"),
        site_url=check.text(site, "url", "site", required=False),
        feed_entries=check.number(site, "feed_entries", "site", int, 0, 10**7),
        languages=languages,
        detect_languages=tuple(dict.fromkeys(languages + detect)),
        topics=_topics(check, data.get("topics", [])),
        entities=_entities(check, data.get("entities", [])),
        scope=tuple(dict.fromkeys(a for _lang, group in scope_aliases for a in group)),
        scope_min_mentions=check.number(scope, "min_mentions", "scope", int, 0, 1000) if scope else 0,
        topic_threshold=check.number(analysis, "topic_threshold", "analysis", float, 0.5, 100),
        summary_sentences=check.number(analysis, "summary_sentences", "analysis", int, 2, 4),
        related_count=check.number(analysis, "related_count", "analysis", int, 0, 20),
        duplicate_threshold=check.number(analysis, "duplicate_threshold", "analysis", float, 0.1, 1.0),
        translation_threshold=check.number(analysis, "translation_threshold", "analysis", float, 0.05, 1.0),
        max_file_bytes=check.number(limits, "max_file_bytes", "limits", int, 1, 2**34),
        search_full_text_max_sources=check.number(search, "full_text_max_sources", "search", int, 0, 10**7),
        workers=check.number(perf, "workers", "performance", int, 0, 256),
        **_publish(check, data.get("publish")),
    )
    if check.problems:
        raise ConfigError(path, check.problems)
    digest = hashlib.sha256(yaml.dump(data, Dumper=DUMPER, sort_keys=True, allow_unicode=True).encode()).hexdigest()
    return _with_fingerprint(config, digest)


PUBLISH_TEXT = ("full", "excerpt", "none")
PUBLISH_KEYS = {"text", "excerpt_chars"}


def _publish(check: _Checker, raw) -> dict:
    """publish: {text: full | excerpt | none, excerpt_chars: N}: the article text the pages carry."""
    if not isinstance(raw, dict):
        check.fail("publish", "must be a mapping with text (full, excerpt or none) and excerpt_chars")
        raw = {}
    for key in sorted(set(raw) - PUBLISH_KEYS, key=str):
        check.fail(f"publish.{key}", f"unknown key (known: {', '.join(sorted(PUBLISH_KEYS))})")
    text = raw.get("text")
    if text not in PUBLISH_TEXT:
        check.fail("publish.text", f"must be one of {', '.join(PUBLISH_TEXT)}, got {text!r}")
    return {"publish_text": text, "excerpt_chars": check.number(raw, "excerpt_chars", "publish", int, 100, 10_000)}


def _with_fingerprint(config: Config, digest: str) -> Config:
    return replace(config, fingerprint=digest)
