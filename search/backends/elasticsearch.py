"""Wagtail's Elasticsearch 8 backend with a Dutch analyzer in its index settings.

Chosen by settings when ELASTICSEARCH_URL is set; `manage.py update_index` (re)builds the
index with these settings. Elasticsearch does the analysis itself, so queries go in as typed.
"""

from copy import deepcopy

from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend
from modelsearch.utils import deep_update

from search.analysis import elasticsearch_analysis


class DutchElasticsearchBackend(Elasticsearch8SearchBackend):
    settings = deep_update(
        deepcopy(Elasticsearch8SearchBackend.settings),
        {"settings": {"analysis": elasticsearch_analysis()}},
    )
    best_score_first = True


SearchBackend = DutchElasticsearchBackend
