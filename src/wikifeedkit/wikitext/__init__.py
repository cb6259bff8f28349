"""Wikitext into the Article model: sections, infoboxes, citations, links, images, tables, lists."""

from __future__ import annotations

from .article import parse_article
from .templates import DEFAULT_TEMPLATES, TemplateRegistry

__all__ = ["DEFAULT_TEMPLATES", "TemplateRegistry", "parse_article"]
