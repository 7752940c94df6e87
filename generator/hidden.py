"""HTML a sighted reader does not see, dropped from a page before its main text is extracted.

A page can hide text from its readers and still carry it in its markup: a summary made of that text would publish
what the page never showed. Dropped, inside <body> (the <html> and <body> elements themselves are never dropped:
pages hide them while scripts load, then show them):
- elements with the `hidden` attribute (not `hidden="until-found"`: collapsed text the reader can open and find);
- elements with `aria-hidden="true"`: the author declares them no part of the page's content (decoration,
  duplicates, or text cloaked from one audience). Not on the children of <body> themselves: dialog scripts mark
  the whole page behind an open dialog that way (a cookie banner, in a saved page), and the article is there;
- elements whose inline style, or a rule of a <style> element of the page, sets `display: none` or
  `visibility: hidden` / `collapse`, unless a rule that wins over it (by `!important`, specificity, then order,
  as in CSS) shows them; a rule under a condition (`@media`, `@supports`...) never hides, and shows when it could
  win;
- elements with a class that the usual CSS frameworks hide (generator/data/hidden.yml), unless one of their classes
  shows them at some screen width (`d-md-block`, `md:flex`...).

Kept: screen-reader-only text (`sr-only`, `visually-hidden`: clipped to a pixel, not hidden): it is the page's
own text for the readers who use a screen reader, often what a picture or an icon says to the others.
Stylesheets linked from elsewhere are not read: only what the page itself holds is seen.

Cost stays bounded: the stylesheets are parsed only when they hold a hiding declaration and are no longer than
MAX_CSS characters (beyond it, their rules are not read: attributes, inline styles and classes still are), at most
MAX_HIDING hiding rules are matched, and only the showing rules that name an element hidden by another.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.data import load as load_data

# Characters of <style> per page (about 0.7 s of parsing): above, the page's rules are not read at all, since
# reading only the first of them could take a later rule that shows an element for one that hides it.
MAX_CSS = 200_000
MAX_HIDING = 500  # hiding rules matched per page
# A cheap test on the stylesheet's text: no hiding declaration, nothing to parse.
_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.I)
_DYNAMIC = re.compile(r":(?:hover|focus|focus-within|focus-visible|active|visited|target|checked)\b", re.I)
INLINE = (10**9, 0, 0)  # the specificity of a style attribute: above any selector's


@dataclass(frozen=True)
class Rule:
    xpath: str
    prop: str  # display or visibility
    hides: bool  # otherwise shows
    key: tuple  # (important, specificity, order): the larger wins
    conditional: bool  # under @media, @supports...: may or may not apply
    right: tuple  # what the selector's last compound requires: (tag or "", id or "", classes)


@lru_cache(maxsize=1)
def _classes() -> tuple[frozenset[str], re.Pattern]:
    data = load_data("hidden.yml")
    return frozenset(data["hiding_classes"]), re.compile(data["showing_class"])


def drop_hidden(tree) -> int:
    """Remove, in place, the elements of an lxml.html tree that a reader of the page does not see; returns how
    many were removed."""
    body = tree if tree.tag == "body" else tree.find("body")
    if body is None:
        return 0
    rules = _page_rules(tree)
    hiding_classes, showing = _classes()
    hidden = []
    for el in body.iterdescendants():
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        if _hidden_attribute(el, el.getparent() is body) or _hidden_by_class(el, hiding_classes, showing):
            hidden.append(el)
    by_rule = _hidden_by_rules(tree, body, rules) if rules else []
    dropped = 0
    for el in [*hidden, *by_rule]:
        if el.getparent() is not None:
            el.drop_tree()  # its tail is the parent's text: it stays
            dropped += 1
    return dropped


def _hidden_attribute(el, top: bool) -> bool:
    hidden = el.get("hidden")
    if hidden is not None and hidden.strip().lower() != "until-found":
        return True
    if not top and (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = el.get("style")
    if style and ("none" in style or "hidden" in style or "collapse" in style):
        return any(hides for hides, _important in _declared(style).values())
    return False


def _hidden_by_class(el, hiding: frozenset[str], showing: re.Pattern) -> bool:
    names = (el.get("class") or "").split()
    return bool(names) and any(n in hiding for n in names) and not any(showing.fullmatch(n) for n in names)


def _declared(declarations) -> dict[str, tuple[bool, bool]]:
    """display and visibility, as declared (a style attribute's text, or a rule's parsed declarations):
    property -> (whether it hides, whether it is !important). The last declaration of a property wins."""
    import tinycss2

    out: dict[str, tuple[bool, bool]] = {}
    if isinstance(declarations, str):
        declarations = tinycss2.parse_blocks_contents(declarations, skip_whitespace=True, skip_comments=True)
    for decl in declarations:
        if decl.type != "declaration" or decl.lower_name not in ("display", "visibility"):
            continue
        value = tinycss2.serialize(decl.value).strip().lower()
        hides = value == "none" if decl.lower_name == "display" else value in ("hidden", "collapse")
        out[decl.lower_name] = (hides, decl.important)
    return out


@dataclass(frozen=True)
class Declared:
    """A rule of the page's stylesheets that declares display or visibility, before its selectors are read."""
    selectors: str
    prop: str
    hides: bool
    important: bool
    order: int
    conditional: bool


def _page_rules(tree) -> list[Declared]:
    """The display and visibility rules of the page's <style> elements, in order; none when no rule hides."""
    css = "\n".join(node.text or "" for node in tree.iter("style"))
    if len(css) > MAX_CSS or not _HIDING.search(css):
        return []
    import tinycss2

    rules: list[Declared] = []

    def walk(nodes, conditional: bool) -> None:
        for node in nodes:
            if node.type == "at-rule" and node.content is not None:
                walk(tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True), True)
            elif node.type == "qualified-rule":
                declared = _declared(tinycss2.parse_blocks_contents(node.content, skip_whitespace=True,
                                                                    skip_comments=True))
                for name, (hides, important) in declared.items():
                    if not (hides and conditional):  # hiding only under a condition is not hidden for sure
                        rules.append(Declared(tinycss2.serialize(node.prelude), name, hides, important, len(rules),
                                              conditional))

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), False)
    return rules if any(r.hides for r in rules) else []


def _rules(rule: Declared) -> list[Rule]:
    """The rule's selectors, each as XPath."""
    from cssselect import HTMLTranslator, SelectorError, parse
    from cssselect.xpath import ExpressionError

    selectors = rule.selectors
    if not rule.hides:  # a rule that shows on hover or focus may show: matched as if always
        selectors = _DYNAMIC.sub("", selectors)
    out = []
    try:
        parsed = parse(selectors)
    except SelectorError:
        return out
    for selector in parsed:
        if selector.pseudo_element is not None:  # ::before, ::after: generated text, not the element
            continue
        try:
            xpath = HTMLTranslator().selector_to_xpath(selector)
        except (SelectorError, ExpressionError):
            continue
        out.append(Rule(xpath, rule.prop, rule.hides, (rule.important, selector.specificity(), rule.order),
                        rule.conditional, _rightmost(selector.parsed_tree)))
    return out


def _rightmost(node) -> tuple:
    """What an element must have to match the last compound of a selector: (tag, id, classes)."""
    from cssselect import parser

    if isinstance(node, parser.CombinedSelector):
        node = node.subselector
    tag, ident, classes = "", "", set()
    while node is not None:
        if isinstance(node, parser.Class):
            classes.add(node.class_name)
        elif isinstance(node, parser.Hash):
            ident = node.id
        elif isinstance(node, parser.Element):
            tag = "" if node.element in (None, "*") else node.element.lower()
            break
        node = getattr(node, "selector", None)
    return tag, ident, frozenset(classes)


def _names(elements) -> re.Pattern:
    """A pattern finding, in a selector, the classes, ids and tags of these elements."""
    classes = {c for el in elements for c in (el.get("class") or "").split()}
    ids = {el.get("id") for el in elements if el.get("id")}
    tags = {el.tag for el in elements}
    words = [r"\." + re.escape(c) for c in classes] + ["#" + re.escape(i) for i in ids] + \
        [r"(?<![\w.#:-])" + re.escape(t) for t in tags]
    return re.compile("(?:" + "|".join(sorted(words)) + r")(?![\w-])")


def _could_match(el, right: tuple) -> bool:
    tag, ident, classes = right
    if tag and el.tag != tag or ident and el.get("id") != ident:
        return False
    return not classes or classes <= set((el.get("class") or "").split())


def _hidden_by_rules(tree, body, declared: list[Declared]) -> list:
    """The elements inside body that the page's rules hide, with no rule (or inline style) that wins showing
    them."""
    matched: dict = {}  # element -> [rules that match it]
    for rule in [r for d in [d for d in declared if d.hides][:MAX_HIDING] for r in _rules(d)]:
        for el in tree.xpath(rule.xpath):
            matched.setdefault(el, []).append(rule)
    candidates = [el for el in matched if el is not body and _inside(el, body)]
    if not candidates:
        return []
    # Only the showing rules that name a candidate's class, id or tag (or match any element) are read at all.
    names = _names(candidates)
    for d in declared:
        if not d.hides and ("*" in d.selectors or "[" in d.selectors or names.search(d.selectors.replace("\\", ""))):
            for rule in _rules(d):
                if any(_could_match(el, rule.right) for el in candidates):
                    for el in tree.xpath(rule.xpath):
                        if el in matched:
                            matched[el].append(rule)
    out = []
    for el in candidates:
        inline = _declared(el.get("style") or "")
        for name in ("display", "visibility"):
            mine = [r for r in matched[el] if r.prop == name]
            if name in inline:  # a style attribute wins over every rule but an !important one
                hides, important = inline[name]
                mine.append(Rule("", name, hides, (important, INLINE, 0), False, ()))
            if _hidden(mine):
                out.append(el)
                break
    return out


def _hidden(rules: list[Rule]) -> bool:
    firm = [r for r in rules if not r.conditional]
    if not firm:
        return False
    winner = max(firm, key=lambda r: r.key)
    return winner.hides and not any(r.conditional and not r.hides and r.key > winner.key for r in rules)


def _inside(el, body) -> bool:
    return any(parent is body for parent in el.iterancestors())
