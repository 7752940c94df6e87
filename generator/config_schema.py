"""The schema of briefing.yml (after the defaults are laid under it), checked with pydantic at every depth.

Imported only when a configuration is read, so that the modules that merely use its data classes (and
`briefing --help`) do not pay for pydantic. `validate()` turns pydantic's errors into the generator's lines:
the key's path, then what is wrong in the user's terms, an unknown key with the closest known one.
"""
from __future__ import annotations

import difflib
import math
import re
import types
import typing
from typing import Annotated, Any, Literal, Optional, Union
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      ValidationError)

from generator import controls, slugs
from generator.analyze.language import supported_languages
from generator.models import ENTITY_KINDS, SLUG_RE

# Names the generator gives its own listing pages inside the folders of topic and entity pages
# (topics/index.md, entities/index.md): a topic or entity with one of these slugs would overwrite that page.
RESERVED_SLUGS = slugs.reserved("topics") | slugs.reserved("entities")
URL_SCHEMES = ("http", "https")


class _Strict(BaseModel):
    # strict: YAML gives typed values, and "3" for a number or `yes` for a name is a mistake worth naming;
    # allow_inf_nan: `.nan` would pass every range check (all comparisons with NaN are false).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


def _language(code: str) -> str:
    names = supported_languages()
    if code in names:
        return code
    named = next((c for c, name in names.items() if name == code.strip().lower()), None)  # "english" for "en"
    close = [named] if named else difflib.get_close_matches(code.lower(), list(names), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ValueError(f"{code!r} is not a language the generator can detect{hint}; "
                     "use a two-letter ISO 639-1 code, e.g. en, fr")


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"{value!r} must be lower-case letters, digits and single hyphens, e.g. 'g5-sahel'")
    if value in RESERVED_SLUGS:
        raise ValueError(f"{value!r} is the name of the listing page the generator writes beside the pages it "
                         "names; choose another slug")
    return value


def _url(value: str) -> str:
    if not value:
        return value
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # "https://[::1": not an address at all
        parts, host = None, None
    if not host or parts.scheme.lower() not in URL_SCHEMES or any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError(f"must be an http:// or https:// address, e.g. https://example.org/briefing/, got {value!r}")
    return value


def _term(item: Any) -> tuple[str, ...]:
    """A describing term: a word or phrase (a number is a word: "2015"), or a list of them that meet in one
    sentence."""
    parts = item if isinstance(item, list) else [item]
    if not parts or not all(isinstance(p, (str, int)) and not isinstance(p, bool) and re.search(r"\w", str(p))
                            for p in parts):
        raise ValueError(f"must be a word or phrase, or a list of them that meet in one sentence, got {item!r}")
    return tuple(str(p).strip() for p in parts)


def _visible(value: str) -> str:
    """Text the site shows, without the invisible controls that would reorder or hide it (see controls.py)."""
    value = controls.strip(value).strip()
    if not value:
        raise ValueError("must hold visible text, not only invisible or direction control characters")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_visible)]
Language = Annotated[str, AfterValidator(_language)]
Slug = Annotated[str, AfterValidator(_slug)]
Term = Annotated[Any, BeforeValidator(_term)]
Aliases = Optional[dict[Language, list[Text]]]
Count = Annotated[int, Field(ge=0, le=10**7)]


def _interface(value: str) -> str:
    from generator import interface

    if value not in interface.available():
        raise ValueError(f"no interface in {value!r}: choose one of {', '.join(interface.available())} "
                         f"(a language is a file in generator/data/interface/)")
    return value


class Site(_Strict):
    title: Text
    description: Text
    language: Annotated[str, AfterValidator(_interface)] = "en"
    url: Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url)] = ""
    feed_entries: Count


class Scope(_Strict):
    aliases: Aliases = None
    min_mentions: Annotated[int, Field(ge=0, le=1000)] = 0


class Topic(_Strict):
    slug: Slug
    name: Text
    description: Text
    aliases: Aliases = None
    related: Optional[list[str]] = None
    describe: Optional[dict[Language, Annotated[list[Term], Field(min_length=1)]]] = None
    infer_min_terms: Annotated[int, Field(ge=1, le=100)] = 3
    named_min_terms: Annotated[int, Field(ge=0, le=100)] = 0
    threshold: Optional[Annotated[float, Field(ge=0.5, le=100)]] = None


class Entity(_Strict):
    name: Text
    kind: Literal[ENTITY_KINDS] = "other"
    slug: Optional[Slug] = None
    description: Optional[Annotated[str, StringConstraints(strip_whitespace=True),
                                    AfterValidator(controls.strip)]] = None
    aliases: Aliases = None


class Analysis(_Strict):
    topic_threshold: Annotated[float, Field(ge=0.5, le=100)]
    summary_sentences: Annotated[int, Field(ge=2, le=4)]
    related_count: Annotated[int, Field(ge=0, le=20)]
    duplicate_threshold: Annotated[float, Field(ge=0.1, le=1.0)]
    translation_threshold: Annotated[float, Field(ge=0.05, le=1.0)]


class EntityPages(_Strict):
    """Which discovered entities get a page: supported by min_sources sources or min_mentions mentions, at most
    max_per_source per source and max_total in all."""
    max_per_source: Annotated[int, Field(ge=1, le=10_000)]
    max_total: Annotated[int, Field(ge=1, le=1_000_000)]
    min_sources: Annotated[int, Field(ge=1, le=10_000)]
    min_mentions: Annotated[int, Field(ge=1, le=1_000_000)]


class Limits(_Strict):
    max_file_bytes: Annotated[int, Field(ge=1, le=2**34)]


class Performance(_Strict):
    workers: Annotated[int, Field(ge=0, le=256)]


class Search(_Strict):
    """How the search index is cut into bundles (search_index.Layout)."""
    bundle_pages: Annotated[int, Field(ge=1, le=10_000_000)]
    bundles_per_language: Annotated[int, Field(ge=1, le=64)]


class Publish(_Strict):
    """How much of an article's own text the site republishes: full, excerpt (the opening, at most excerpt_chars
    characters) or none."""
    text: Literal["full", "excerpt", "none"]
    excerpt_chars: Annotated[int, Field(ge=100, le=10_000)]


class Briefing(_Strict):
    site: Site
    languages: Annotated[list[Language], Field(min_length=1)]
    detect_languages: Annotated[list[Language], Field(min_length=1)]
    scope: Scope = Scope()
    topics: Optional[list[Topic]] = None
    entities: Optional[list[Entity]] = None
    analysis: Analysis
    entity_pages: EntityPages
    limits: Limits
    performance: Performance
    publish: Publish
    search: Search


def validate(data: dict) -> tuple[Briefing | None, list[str]]:
    """The validated configuration, or None, and every problem found, each naming its key."""
    try:
        model = Briefing.model_validate(data)
    except ValidationError as exc:
        model = None
        found = [_problem(error) for error in exc.errors(include_url=False)]
    else:
        found = []
    return model, list(dict.fromkeys(found + _cross_checks(data)))


def _path(loc) -> str:
    out = ""
    for i, part in enumerate(loc):
        if part == "[key]":  # a mapping's key that is itself wrong: the path already ends with it
            continue
        index = isinstance(part, int) and loc[i + 1:i + 2] != ("[key]",)  # a list's item, not a key 12:
        out += f"[{part}]" if index else (f".{part}" if out else str(part))
    return out


# pydantic's wording ("Input should be ...") turned into the README's ("must be ..."), by kind of error.
_WORDING = {
    "missing": "is required",
    "string_too_short": "must be a non-empty string",
    "too_short": "must not be empty",
    "model_type": "must be a mapping of keys to values",
    "dict_type": "must be a mapping of keys to values",
    "list_type": "must be a list",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
}


def _problem(error: dict) -> str:
    path, kind, value = _path(error["loc"]), error["type"], error.get("input")
    if kind in ("extra_forbidden", "invalid_key"):  # the last part is a key, even a number (`1: x`)
        parent = _path(error["loc"][:-1])
        return f"{parent}{'.' if parent else ''}{error['loc'][-1]}: unknown key{_suggestion(error['loc'])}"
    if kind == "value_error":
        return f"{path}: {error['msg'].removeprefix('Value error, ')}"
    message = _WORDING.get(kind) or error["msg"].replace("Input should be", "must be")
    if kind in ("missing", "string_too_short", "too_short"):
        return f"{path}: {message}"
    if kind == "finite_number" and isinstance(value, float):  # as YAML spells them
        return f"{path}: {message}, got {'.nan' if math.isnan(value) else ('-' if value < 0 else '') + '.inf'}"
    return f"{path}: {message}, got {value!r}"


def _suggestion(loc) -> str:
    known = _keys_at(loc[:-1])
    if not known:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    if close:
        return f" (did you mean {close[0]}?)"
    return f" (known: {', '.join(sorted(known))})"


def _keys_at(loc) -> list[str]:
    """The keys the schema knows at this place of the file: follow the models' fields down `loc`."""
    kind: Any = Briefing
    for part in loc:
        kind = _inner(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return []
            kind = field.annotation
        else:
            args = typing.get_args(kind)
            kind = args[-1] if args else None  # list[X] and dict[K, X]: the item
    kind = _inner(kind)
    return list(kind.model_fields) if isinstance(kind, type) and issubclass(kind, BaseModel) else []


def _inner(kind):
    """Annotated[X, ...] and Optional[X] down to X."""
    while True:
        if typing.get_origin(kind) is Annotated:
            kind = typing.get_args(kind)[0]
        elif typing.get_origin(kind) in (Union, types.UnionType):
            kind = next(a for a in typing.get_args(kind) if a is not type(None))
        else:
            return kind


def _cross_checks(data: dict) -> list[str]:
    """What no single value shows: slugs used twice, related topics that do not exist, entity names whose
    slug is reserved. Read from the raw data, so that they are reported with the other problems."""
    found = []
    topics = data.get("topics") if isinstance(data.get("topics"), list) else []
    slugs = [t.get("slug") if isinstance(t, dict) else None for t in topics]
    found += _twice(slugs, "topics")
    for i, topic in enumerate(topics):
        if not isinstance(topic, dict):
            continue
        related = topic.get("related") or []
        for rel in related if isinstance(related, list) else ():
            if isinstance(rel, str) and rel not in slugs:
                found.append(f"topics[{i}].related: {rel!r} is not a topic slug")
        if topic.get("named_min_terms") and not topic.get("describe"):
            found.append(f"topics[{i}].named_min_terms: needs describe: terms to count")
    entities = data.get("entities") if isinstance(data.get("entities"), list) else []
    found += _twice([entity_slug(e) if isinstance(e, dict) else None for e in entities], "entities")
    for i, entity in enumerate(entities):
        if isinstance(entity, dict) and not entity.get("slug") and entity_slug(entity) in RESERVED_SLUGS:
            found.append(f"entities[{i}].name: {entity.get('name')!r} makes the slug {entity_slug(entity)!r}, the "
                         "name of the listing page the generator writes beside the pages it names; give the entity "
                         "another slug")
    return found


def entity_slug(entity: dict) -> str | None:
    """The entity's slug: the one given, else made from its name."""
    from generator.slugs import slugify

    slug, name = entity.get("slug"), entity.get("name")
    if slug:
        return slug if isinstance(slug, str) else None
    return slugify(name.strip()) if isinstance(name, str) and name.strip() else None


def _twice(slugs: list, where: str) -> list[str]:
    seen: set[str] = set()
    found = []
    for i, slug in enumerate(slugs):
        if isinstance(slug, str) and slug in seen:
            found.append(f"{where}[{i}].slug: {slug!r} is used twice")
        seen.add(slug)
    return found
