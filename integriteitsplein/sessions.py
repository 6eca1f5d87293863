"""Sessions read from the shared cache, written to the database: one SQL query less on
every page (issue 13), and never broken by a cache outage.

Django's `cached_db` store already falls back to the database when a read from the cache
fails, but not when it then writes the session back, checks a new key or deletes one on
logout: with Redis down, every page and the logout would fail. Here each cache call is
allowed to fail (it is logged), and the database stays the one truth:

- a cached copy lives at most CACHE_SECONDS, so a session deleted in the database while the
  cache could not be reached (a logout during an outage) is gone from the cache soon after;
- a logout deletes the database row first, so that session cannot be loaded from the
  database again.
"""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    def _cache_call(self, method, *args):
        try:
            return getattr(self._cache, method)(*args)
        except Exception:
            logger.warning("Sessiecache niet bereikbaar (%s); de database is gebruikt.", method)
            return None

    def _cache_seconds(self, expiry=None):
        return min(CACHE_SECONDS, self.get_expiry_age(expiry=expiry))

    def load(self):
        data = self._cache_call("get", self.cache_key)
        if data is None:
            session = self._get_session_from_db()
            if not session:
                return {}
            data = self.decode(session.session_data)
            self._cache_call(
                "set", self.cache_key, data, self._cache_seconds(expiry=session.expire_date)
            )
        return data

    def exists(self, session_key):
        if session_key and self._cache_call("has_key", self.cache_key_prefix + session_key):
            return True
        return super(cached_db.SessionStore, self).exists(session_key)

    def save(self, must_create=False):
        super(cached_db.SessionStore, self).save(must_create)
        self._cache_call("set", self.cache_key, self._session, self._cache_seconds())

    def delete(self, session_key=None):
        super(cached_db.SessionStore, self).delete(session_key)
        session_key = session_key or self.session_key
        if session_key:
            self._cache_call("delete", self.cache_key_prefix + session_key)
