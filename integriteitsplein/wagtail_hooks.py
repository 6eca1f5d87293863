from wagtail import hooks

from integriteitsplein.pagecache import mark_served_page
from integriteitsplein.routememo import remember_route

# The page cache stores only responses that are a Wagtail page (integriteitsplein/pagecache.py).
hooks.register("before_serve_page", mark_served_page)
# Where a path led, for the page types that ask (integriteitsplein/routememo.py, ADR 0025).
hooks.register("before_serve_page", remember_route)
