"""Articles built from pieces: headings, paragraphs with links and formatting, an infobox, references with
names and reuse, cite templates, lists, tables and categories. Each draw gives the wikitext and what was put
in it (``Plan``), so tests can check the parse against the plan, not against the parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

import wikifeedkit as wfk

_WORDS = st.sampled_from(
    ["alpha", "beta", "Gamma", "delta", "épée", "Zürich", "naïve", "Ωmega", "東京", "don't", "A&B", "x<y", "50%",
     "$5", "#1", "a_b", "~", "^", "\\", "q?", "—"]
)  # fmt: skip
_NAMES = st.sampled_from(
    ["Paris", "Ada Lovelace", "New York City", "Ωmega point", "C++", "Zürich", "Mount Fuji"]
)
_TITLES = st.lists(st.sampled_from(["History", "Early life", "Works", "Legacy", "Reception", "Ωmega", "Notes and more"]),
                   min_size=1, max_size=3).map(" ".join)  # fmt: skip
CATEGORY_NAMES = st.sampled_from(
    ["Living people", "1900 births", "Cities in France", "Ωmega things", "Tests"]
)


@dataclass
class Plan:
    """What a generated page holds, as it was put in."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    infobox: list[tuple[str, str]] | None = None
    references: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (kind, title)
    uses: dict[str, int] = field(default_factory=dict)


@st.composite
def _inline(draw: st.DrawFn, plan: Plan) -> str:
    choice = draw(st.integers(0, 5))
    if choice == 0:
        target = draw(_NAMES)
        plan.links.append(target)
        return f"[[{target}|{draw(_WORDS)}]]" if draw(st.booleans()) else f"[[{target}]]"
    if choice == 1:
        return f"''{draw(_WORDS)}''"
    if choice == 2:
        return f"'''{draw(_WORDS)}'''"
    if choice == 3:
        return f"[http://example.test/{draw(st.integers(0, 99))} {draw(_WORDS)}]"
    return draw(_WORDS)


@st.composite
def _reference(draw: st.DrawFn, plan: Plan) -> str:
    if plan.references and draw(st.booleans()):
        name = draw(st.sampled_from(sorted(plan.references)))
        plan.uses[name] += 1
        return f'<ref name="{name}" />'
    name = f"r{len(plan.references) + 1}"
    kind = draw(st.sampled_from(["web", "news", "book", "journal"]))
    title = " ".join(
        draw(st.lists(_WORDS.filter(lambda w: w not in {"~", "^", "\\"}), min_size=1, max_size=4))
    )
    plan.references[name] = (kind, title)
    plan.uses[name] = 1
    year = draw(st.integers(1900, 2030))
    return f'<ref name="{name}">{{{{cite {kind} |title={title} |url=http://example.test/{name} |date={year}}}}}</ref>'


@st.composite
def _paragraph(draw: st.DrawFn, plan: Plan) -> str:
    pieces = [draw(_inline(plan)) for _ in range(draw(st.integers(1, 8)))]
    text = " ".join(pieces) + "."
    if draw(st.booleans()):
        text += draw(_reference(plan))
    return text


@st.composite
def _block(draw: st.DrawFn, plan: Plan) -> str:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "list", "table"]))
    if kind == "list":
        return "\n".join(f"* {draw(_paragraph(plan))}" for _ in range(draw(st.integers(1, 3))))
    if kind == "table":
        cells = [draw(_WORDS) for _ in range(4)]
        return f'{{| class="wikitable"\n! {cells[0]} !! {cells[1]}\n|-\n| {cells[2]} || {cells[3]}\n|}}'
    return draw(_paragraph(plan))


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, Plan]:
    """A page's wikitext built from pieces, and the plan of what it holds."""
    plan = Plan()
    parts: list[str] = []
    if draw(st.booleans()):
        fields = [("name", draw(_NAMES)), ("birth_place", f"[[{draw(_NAMES)}]]"), ("empty", "")]
        plan.infobox = fields
        plan.links.append(fields[1][1][2:-2])
        parts.append("{{Infobox person\n" + "".join(f"| {k} = {v}\n" for k, v in fields) + "}}")
    parts.extend(draw(_block(plan)) for _ in range(draw(st.integers(1, 2))))
    level = 2
    for _ in range(draw(st.integers(0, 5))):
        level = draw(st.integers(2, min(level + 1, 4)))
        title = draw(_TITLES)
        plan.headings.append((level, title))
        marks = "=" * level
        parts.append(f"{marks} {title} {marks}")
        parts.extend(draw(_block(plan)) for _ in range(draw(st.integers(0, 2))))
    if plan.references:
        plan.headings.append((2, "References"))
        parts.append("== References ==\n<references />")
    for name in draw(st.lists(CATEGORY_NAMES, unique=True, max_size=3)):
        plan.categories.append(name)
        parts.append(f"[[Category:{name}]]")
    return "\n".join(parts) + "\n", plan


@st.composite
def sections(draw: st.DrawFn, level: int = 2) -> wfk.Section:
    """A section made by hand: a title, a body of paragraphs, maybe subsections."""
    unused = Plan()
    body = "\n" + "\n\n".join(draw(_paragraph(unused)) for _ in range(draw(st.integers(0, 2)))) + "\n"
    children: tuple[wfk.Section, ...] = ()
    if level < 4:
        children = tuple(draw(st.lists(sections(level + 1), max_size=2)))
    return wfk.Section(title=draw(_TITLES), level=level, wikitext=body, children=children)


@st.composite
def built_articles(draw: st.DrawFn) -> wfk.Article:
    """An Article made as a user would make it: parts only, no source text."""
    infoboxes: tuple[wfk.Infobox, ...] = ()
    if draw(st.booleans()):
        parameters = (("name", draw(_NAMES)), ("image", ""), ("spouse", f"[[{draw(_NAMES)}]]"))
        infoboxes = (wfk.Infobox("Infobox person", "person", parameters),)
    categories = tuple(
        wfk.Category(name, draw(st.none() | st.just("Sort key")))
        for name in draw(st.lists(CATEGORY_NAMES, unique=True, max_size=3))
    )
    languages = tuple(
        wfk.LanguageLink(code, draw(_NAMES))
        for code in draw(st.lists(st.sampled_from(["de", "fr", "ja"]), unique=True))
    )
    return wfk.Article(
        wikitext="",
        lead_wikitext=draw(_paragraph(Plan())) + "\n",
        sections=tuple(draw(st.lists(sections(), max_size=3))),
        infoboxes=infoboxes,
        categories=categories,
        language_links=languages,
    )
