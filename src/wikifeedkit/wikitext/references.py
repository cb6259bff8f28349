"""References: ``<ref>`` uses and definitions, resolved into one Citation per distinct reference.

Handles ``<ref name=X/>`` reuse (quoted or not), definitions later than the first use, list-defined
references (``{{reflist|refs=…}}``, ``<references>…</references>``), ``group=``, ``{{#tag:ref|…}}`` and
``{{refn|…}}``. Citations come in first-use order.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from mwparserfromhell.nodes import Tag, Template
from mwparserfromhell.wikicode import Wikicode

from ..model import Citation
from ..model.tree import tidy
from .cs1 import citation_from_template
from .templates import is_citation_template, template_key, template_summary
from .text import TextRenderer

RefKey = tuple[str | None, str]  # (group, name); anonymous references get a unique name


@dataclass(slots=True)
class _Definition:
    raw: str
    contents: Wikicode


@dataclass(slots=True)
class ReferenceCollector:
    """Collects uses and definitions during the article walk; ``citations()`` resolves them."""

    renderer: TextRenderer
    order: list[RefKey] = field(default_factory=list)
    uses: dict[RefKey, int] = field(default_factory=dict)
    definitions: dict[RefKey, _Definition] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _anonymous: int = 0

    def _key(self, group: str | None, name: str | None) -> RefKey:
        if name:
            return group, name
        self._anonymous += 1
        return group, f"\x00{self._anonymous}"

    def _see(self, key: RefKey) -> None:
        if key not in self.uses:
            self.order.append(key)
            self.uses[key] = 0

    def add(
        self, name: str | None, group: str | None, contents: Wikicode | None, raw: str, *, defining: bool
    ) -> None:
        """One reference tag. ``defining`` marks list-defined references (not a use where they stand)."""
        name = (name or "").strip() or None
        group = (group or "").strip() or None
        empty = contents is None or not str(contents).strip()
        if empty and name is None:
            self.warnings.append(f"an empty reference without a name: {raw[:80]!r}")
            return
        key = self._key(group, name)
        if not defining:
            self._see(key)
            self.uses[key] += 1
        if empty:
            return
        assert contents is not None
        known = self.definitions.get(key)
        if known is None:
            self.definitions[key] = _Definition(raw, contents)
            if defining:
                self._see(key)
        elif str(known.contents).strip() != str(contents).strip():
            self.warnings.append(
                f"reference {name!r} is defined twice with different text; the first is kept"
            )

    def add_tag(self, tag: Tag, *, defining: bool) -> None:
        self.add(_attribute(tag, "name"), _attribute(tag, "group"), tag.contents, str(tag), defining=defining)

    def add_template(self, template: Template, *, defining: bool) -> None:
        """``{{#tag:ref|text|name=…|group=…}}`` or ``{{refn|text|name=…|group=…}}``."""
        contents = template.get("1").value if template.has("1") else None
        name = str(template.get("name").value) if template.has("name") else None
        group = str(template.get("group").value) if template.has("group") else None
        self.add(name, group, contents, str(template), defining=defining)

    def citations(self) -> list[Citation]:
        """One Citation per distinct reference, in first-use order; undefined names become warnings."""
        result = []
        for key in self.order:
            group, name = key
            definition = self.definitions.get(key)
            shown = None if name.startswith("\x00") else name
            if definition is None:
                self.warnings.append(f"<ref name={shown!r}/> is used but never defined")
                continue
            citation = self._citation(definition)
            if self.uses[key] == 0:
                self.warnings.append(f"reference {shown!r} is defined but never used")
            result.append(dataclasses.replace(citation, ref_name=shown, group=group, uses=self.uses[key]))
        return result

    def _citation(self, definition: _Definition) -> Citation:
        cited = [
            template
            for template in definition.contents.ifilter_templates(recursive=True)
            if is_citation_template(template_key(str(template.name)))
        ]
        if cited:
            first = citation_from_template(cited[0], self.renderer, raw=definition.raw)
            bundled = tuple(citation_from_template(template, self.renderer) for template in cited[1:])
            return dataclasses.replace(first, bundled=bundled)
        # A reference made only of templates we cannot read as text is summarised rather than lost.
        text = tidy(self.renderer.render(definition.contents)) or "; ".join(
            template_summary(t, self.renderer.render)
            for t in definition.contents.ifilter_templates(recursive=False)
        )
        parameters: list[tuple[str, str]] = []
        for link in definition.contents.ifilter_external_links(recursive=True):
            parameters.append(("url", str(link.url)))
            if link.title is not None:
                parameters.append(("title", tidy(self.renderer.render(link.title))))
            break
        return Citation(raw=definition.raw, parameters=tuple(parameters), text=text)


def _attribute(tag: Tag, name: str) -> str | None:
    for attribute in tag.attributes:
        if str(attribute.name).strip().lower() == name:
            return str(attribute.value).strip() if attribute.value is not None else ""
    return None


def is_ref_template(key: str) -> bool:
    """Templates that stand for a ``<ref>``."""
    return key in {"#tag:ref", "refn"}


def outside_citation(template: Template, renderer: TextRenderer) -> Citation:
    """A citation template written outside any reference (a bibliography or further-reading entry)."""
    return dataclasses.replace(citation_from_template(template, renderer), in_reference=False)
