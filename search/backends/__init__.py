"""Search backends with Dutch analysis; settings pick one (see WAGTAILSEARCH_BACKENDS)."""
