"""The interface language: every word the site shows that is not source text (headings, labels, dates, counts,
chart legends, navigation), read from one data file per language, generator/data/interface/<code>.yml.

Adding a language is adding a file with the same keys as en.yml (tests/test_i18n.py checks it): its month names,
how it writes a date, its plural rule (CLDR syntax, evaluated by Babel) and its strings. Strings are trusted
Markdown written for the generator; what fills their `{placeholders}` is escaped by the caller (render/templates.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import yaml

from generator.data import HERE, LOADER

FOLDER = HERE / "interface"
DEFAULT = "en"


def available() -> tuple[str, ...]:
    """The languages that have an interface file."""
    return tuple(sorted(p.stem for p in FOLDER.glob("*.yml")))


# Entries whose own keys differ from one language to another: the plural rule's forms, the days written apart.
OWN_KEYS = ("plural", "date.days")
PLURAL_FORMS = frozenset(("zero", "one", "two", "few", "many", "other"))  # CLDR's plural categories


def flat_keys(data: dict, prefix: str = "") -> set[str]:
    """Every key of a language file, dotted ("source.summary"), as every language must have them: a plural entry
    ({one: ..., other: ...}: the forms are the language's) and the entries of OWN_KEYS are one key each."""
    out: set[str] = set()
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not _is_plural(value) and name not in OWN_KEYS:
            out |= flat_keys(value, name + ".")
        else:
            out.add(name)
    return out


def _is_plural(value: dict) -> bool:
    return "other" in value and set(value) <= PLURAL_FORMS


@dataclass(frozen=True)
class Interface:
    language: str
    data: dict
    digest: str  # sha256 of the file: what chart drawings and MkDocs' record depend on

    def text(self, key: str, **values) -> str:
        """The string at a dotted key, its {placeholders} filled with `values` (already escaped by the caller)."""
        value = self._at(key)
        if not isinstance(value, str):
            raise KeyError(f"interface key {key!r} ({self.language}) is not a string")
        return value.format_map(values) if values else value

    def plural(self, key: str, n: int, **values) -> str:
        """The form of the plural entry at `key` that the language uses for n ({n} is n)."""
        forms = self._at(key)
        if not isinstance(forms, dict):
            raise KeyError(f"interface key {key!r} ({self.language}) is not a plural entry")
        form = _plural_rule(self.language)(n)
        return str(forms.get(form, forms["other"])).format_map({"n": n, **values})

    def date(self, value) -> str:
        """A DateValue as the language writes it, to the precision it has: day, month or year."""
        d = self.data["date"]
        if value is None:
            return d["undated"]
        if value.day:
            day = d.get("days", {}).get(value.day, value.day)
            return d["day"].format(day=day, month=d["months"][value.month - 1], year=value.year)
        if value.month:
            return d["month"].format(month=d["months"][value.month - 1], year=value.year)
        return str(value.year)

    def month(self, year: int, month: int | None) -> str:
        """A month of a year, or the year alone with a note that its month is unknown."""
        d = self.data["date"]
        if month is None:
            return d["month_unknown"].format(year=year)
        return d["month"].format(month=d["months"][month - 1], year=year)

    def language_name(self, code: str) -> str:
        return self.data["languages"].get(code, code)

    def basis(self, basis: str) -> str:
        return self.data["basis"].get(basis, basis)

    def nav(self) -> dict[str, str]:
        """Navigation label of each generated page, by its path in content/."""
        return dict(self.data["nav"])

    def _at(self, key: str):
        value = self.data
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                raise KeyError(f"no interface string {key!r} in {self.language}.yml")
            value = value[part]
        return value


@lru_cache(maxsize=None)
def load(language: str = DEFAULT) -> Interface:
    path = FOLDER / f"{language}.yml"
    if language not in available():
        raise KeyError(f"no interface file for language {language!r} (have: {', '.join(available())})")
    raw = path.read_bytes()
    data = yaml.load(raw.decode("utf-8"), Loader=LOADER)
    return Interface(language, data, hashlib.sha256(raw).hexdigest())


@lru_cache(maxsize=None)
def _plural_rule(language: str):
    from babel.plural import PluralRule

    return PluralRule(load(language).data["plural"])
