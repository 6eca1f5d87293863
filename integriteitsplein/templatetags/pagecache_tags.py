"""The bits of a page that differ per reader (integriteitsplein/pagecache.py).

    {% per_reader "naam" %}                      the reader's name
    {% per_reader "userbar" page_id=page.pk %}   Wagtail's user bar (editors)
    {% per_reader "peiling" pk=poll.pk %}        a poll: the form, or the result once voted

Apps register their own (`pagecache.register_fragment` in their AppConfig.ready: the polls in
meedoen/fragments.py, the report form's token in meldkanaal/forms.py, the agenda's and the
trainings'). Rendered at once outside the page cache; under it a placeholder, filled per
request.
"""

from django import template

from integriteitsplein import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def per_reader(context, name, **kwargs):
    return pagecache.per_reader(context.get("request"), name, **kwargs)
