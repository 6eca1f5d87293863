from wagtail import hooks

from integriteitsplein.pagecache import mark_served_page

# The page cache stores only responses that are a Wagtail page (integriteitsplein/pagecache.py).
hooks.register("before_serve_page", mark_served_page)
