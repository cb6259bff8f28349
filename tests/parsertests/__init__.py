"""MediaWiki's own parser tests (npm parsoid@0.11.1) as a second oracle for ``parse_article``."""
