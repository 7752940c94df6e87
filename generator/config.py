"""briefing.yml: read once, validated at the edge, every problem reported at once naming its key.

Defaults ship in the package (data/defaults.yml); the user's file is laid over them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import yaml

from generator.data import DUMPER, LOADER
from generator.errors import ConfigError

DEFAULTS = Path(__file__).parent / "data" / "defaults.yml"


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
    workers: int
    # publish: how much of an article's own text the site republishes (config_schema.Publish)
    publish_text: str  # full | excerpt | none
    excerpt_chars: int
    # entity_pages: which discovered entities get a page (config_schema.EntityPages, link.entities)
    entity_max_per_source: int = 40
    entity_max_total: int = 3000
    entity_min_sources: int = 2
    entity_min_mentions: int = 3
    # search: how the search index is cut into bundles (config_schema.Search, search_index.Layout)
    search_bundle_pages: int = 500
    search_bundles_per_language: int = 3
    language: str = "en"  # the interface's language (site.language): one with a file in data/interface/
    fingerprint: str = field(default="", compare=False)  # hash of the effective config, for caches

    def topic(self, slug: str) -> Topic:
        return next(t for t in self.topics if t.slug == slug)

    def topic_aliases(self) -> tuple[str, ...]:
        """The topics' names as the text writes them (their aliases; not their titles, which may join two names:
        "Russia and Wagner"). No entity is named in their words: "Alger" of "Accord d'Alger"."""
        return tuple(dict.fromkeys(a for topic in self.topics for _lang, group in topic.aliases for a in group))


# Settings that only linking, rendering and building read. The analysis gets them blanked (`for_analysis`), so
# it cannot depend on them, and editing them (the site's title, the linking thresholds) keeps every cached
# analysis.
NOT_FOR_ANALYSIS = {"path": "", "title": "", "description": "", "site_url": "", "feed_entries": 0, "related_count": 0,
                    "duplicate_threshold": 0.0, "translation_threshold": 0.0,
                    "workers": 0, "publish_text": "", "excerpt_chars": 0, "entity_max_per_source": 0,
                    "entity_max_total": 0, "entity_min_sources": 0, "entity_min_mentions": 0,
                    "search_bundle_pages": 0, "search_bundles_per_language": 0, "language": ""}


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


def load_config(path: str | Path) -> Config:
    """The configuration at `path` laid over the defaults, validated; ConfigError carries every problem found.
    (incremental.configs.load keeps a validated configuration between runs.)"""
    path = Path(path)
    data, digest = merged(path)
    return validated(path, data, digest)


def merged(path: Path) -> tuple[dict, str]:
    """The configuration at `path` laid over the defaults, not validated yet, and the digest of the result."""
    data = _merge(_read_yaml(DEFAULTS), _read_yaml(path))
    return data, hashlib.sha256(yaml.dump(data, Dumper=DUMPER, sort_keys=True, allow_unicode=True).encode()).hexdigest()


def validated(path: Path, data: dict, digest: str) -> Config:
    """A merged configuration (see merged()) validated; ConfigError carries every problem found."""
    from generator.config_schema import entity_slug, validate  # pydantic: only when a configuration is read

    model, problems = validate(data)
    if model is None or problems:
        raise ConfigError(path, problems)
    languages = tuple(dict.fromkeys(model.languages))
    scope_aliases = _aliases(model.scope.aliases)
    config = Config(
        path=str(path),
        title=model.site.title,
        description=model.site.description,
        site_url=model.site.url,
        feed_entries=model.site.feed_entries,
        languages=languages,
        detect_languages=tuple(dict.fromkeys(languages + tuple(model.detect_languages))),
        topics=tuple(Topic(t.slug, t.name, t.description, _aliases(t.aliases), tuple(t.related or ()),
                           _aliases(t.describe), t.infer_min_terms, t.named_min_terms,
                           t.threshold)
                     for t in model.topics or ()),
        entities=tuple(EntitySpec(entity_slug(raw), e.name, e.kind, e.description or "", _aliases(e.aliases))
                       for raw, e in zip(data.get("entities") or (), model.entities or ())),
        scope=tuple(dict.fromkeys(a for _lang, group in scope_aliases for a in group)),
        scope_min_mentions=model.scope.min_mentions,
        topic_threshold=model.analysis.topic_threshold,
        summary_sentences=model.analysis.summary_sentences,
        related_count=model.analysis.related_count,
        duplicate_threshold=model.analysis.duplicate_threshold,
        translation_threshold=model.analysis.translation_threshold,
        max_file_bytes=model.limits.max_file_bytes,
        workers=model.performance.workers,
        publish_text=model.publish.text,
        excerpt_chars=model.publish.excerpt_chars,
        entity_max_per_source=model.entity_pages.max_per_source,
        entity_max_total=model.entity_pages.max_total,
        entity_min_sources=model.entity_pages.min_sources,
        entity_min_mentions=model.entity_pages.min_mentions,
        search_bundle_pages=model.search.bundle_pages,
        search_bundles_per_language=model.search.bundles_per_language,
        language=model.site.language,
    )
    return _with_fingerprint(config, digest)


def _aliases(aliases: dict | None) -> tuple:
    """{language: [item, ...]} as ((language, (item, ...)), ...), sorted: hashable, and in a stable order."""
    return tuple(sorted((lang, tuple(names)) for lang, names in (aliases or {}).items()))


def _with_fingerprint(config: Config, digest: str) -> Config:
    return replace(config, fingerprint=digest)
