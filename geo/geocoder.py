"""An online geocoder as the gazetteer's last resort: Nominatim through geopy, off by default.

Every offline layer (curated, user, GeoNames) is tried first; only a name none
of them knows reaches the network, and only when the user opted in, with
``GEO_ONLINE_GEOCODER=1`` in the environment or an :class:`OnlineGeocoder`
handed to :meth:`geo.gazetteer.Gazetteer.from_sources`. The default path makes
no request at all.

Nominatim's usage policy asks for at most one request per second and a user
agent that identifies the application; both are built in (geopy's
``RateLimiter`` with ``min_delay_seconds=1``; ``GEO_GEOCODER_USER_AGENT``
overrides the agent, and a deployment should set it to something that
identifies it and gives a contact). Every answer, "not found" included, is
kept in the store's ``geocode_cache`` table, so a name is asked for once.
Results are biased to Syria and its neighbours (``countrycodes`` and a
``viewbox``) and come back as :class:`~geo.records.Place` entries of the
``online`` layer, with a precision that says how coarse they are.

Without a network, :meth:`OnlineGeocoder.geocode` raises
:class:`~geo._errors.OfflineError` with a message that says what to do.

>>> from geo.geocoder import OnlineGeocoder
>>> class Fake:                                   # tests inject a geocoder like this
...     def geocode(self, query, **kwargs):
...         return None
>>> OnlineGeocoder(store=None, geocoder=Fake(), cache=False).geocode("Nowhere") is None
True
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from geo._errors import OfflineError
from geo.records import Place

#: Set to ``1`` to let :meth:`Gazetteer.resolve` ask Nominatim for names no offline layer knows.
ENV_ENABLE = "GEO_ONLINE_GEOCODER"
#: Overrides :data:`USER_AGENT`; a deployment should name itself and a contact here.
ENV_USER_AGENT = "GEO_GEOCODER_USER_AGENT"
USER_AGENT = "geo-incidents/0.1 (open-source OSINT incident map of Syria; offline-first, cached lookups)"
#: Nominatim's usage policy: at most one request per second.
MIN_DELAY_SECONDS = 1.0
TIMEOUT_SECONDS = 10.0
#: Syria and its neighbours (ISO 3166-1 alpha-2, as Nominatim's ``countrycodes``).
COUNTRY_CODES = ("sy", "iq", "tr", "lb", "jo", "il", "ps")
#: South-west and north-east corners (lat, lon) of the area results are biased to.
VIEWBOX = ((29.0, 33.5), (38.5, 48.5))

#: Nominatim ``addresstype`` / ``type`` to the gazetteer's kind and a point precision (km).
_KINDS: Mapping[str, tuple[str, float]] = {
    "country": ("country", 300.0), "state": ("governorate", 60.0), "province": ("governorate", 60.0),
    "region": ("region", 40.0), "county": ("district", 25.0), "district": ("district", 20.0),
    "city": ("city", 8.0), "town": ("town", 3.0), "village": ("village", 2.0), "hamlet": ("village", 1.5),
    "suburb": ("neighbourhood", 2.0), "quarter": ("neighbourhood", 1.5), "neighbourhood": ("neighbourhood", 1.0),
    "aerodrome": ("airport", 2.0), "military": ("base", 2.0),
}


class _Geocoder(Protocol):
    def geocode(self, query: str, **kwargs: Any) -> Any: ...


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the user opted in to online geocoding (``GEO_ONLINE_GEOCODER=1``)."""
    value = (environ if environ is not None else os.environ).get(ENV_ENABLE, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def from_environment(store=None) -> OnlineGeocoder | None:
    """An :class:`OnlineGeocoder` if the environment enables one, else ``None`` (the default).

    ``store`` is where answers are cached: a :class:`geo.store.Store`, a path, or
    ``None`` for the default store.
    """
    return OnlineGeocoder(store) if enabled() else None


@dataclass(frozen=True)
class _Answer:
    """What Nominatim said about a query, as stored in the cache."""

    name: str
    lat: float
    lon: float
    kind: str
    precision_km: float
    country: str
    admin1: str
    source: str

    def place(self) -> Place:
        return Place(name=self.name, lat=self.lat, lon=self.lon, kind=self.kind, admin1=self.admin1,
                     country=self.country, precision_km=self.precision_km, layer="online", source=self.source)


def _answer(location: Any) -> _Answer:
    """A geopy ``Location`` from Nominatim as an :class:`_Answer`."""
    raw = getattr(location, "raw", None) or {}
    address = raw.get("address") or {}
    kind, precision = _KINDS.get(raw.get("addresstype") or raw.get("type") or "", ("town", 5.0))
    name = raw.get("name") or str(getattr(location, "address", "")).split(",")[0].strip()
    osm = f"{raw.get('osm_type', '')} {raw.get('osm_id', '')}".strip()
    return _Answer(
        name=name or "?", lat=float(location.latitude), lon=float(location.longitude), kind=kind,
        precision_km=precision, country=address.get("country", ""),
        admin1=address.get("state") or address.get("province") or "",
        source=f"Nominatim (OpenStreetMap) {osm}".strip(),
    )


class OnlineGeocoder:
    """Nominatim behind a rate limit and a persistent cache (see the module docstring).

    Parameters
    ----------
    store
        A :class:`geo.store.Store` whose ``geocode_cache`` keeps answers, or the
        path of one; ``None`` is the default store. A path is opened on first use.
    geocoder
        Anything with geopy's ``geocode(query, **kwargs)``; a ``Nominatim``
        built with :data:`USER_AGENT` and ``timeout`` when omitted. Tests pass
        a fake here, so they never touch the network.
    timeout
        Seconds to wait for Nominatim before giving up.
    min_delay_seconds
        Smallest interval between two requests (Nominatim asks for 1 s).
    cache
        Keep answers in the store (on unless a test says otherwise).
    """

    def __init__(self, store=None, *, geocoder: _Geocoder | None = None, user_agent: str | None = None,
                 timeout: float = TIMEOUT_SECONDS, min_delay_seconds: float = MIN_DELAY_SECONDS,
                 cache: bool = True):
        from geopy.extra.rate_limiter import RateLimiter

        if geocoder is None:
            from geopy.geocoders import Nominatim

            agent = user_agent or os.environ.get(ENV_USER_AGENT) or USER_AGENT
            geocoder = Nominatim(user_agent=agent, timeout=timeout)
        self.geocoder = geocoder
        self.timeout = timeout
        self._store = store
        self._cache = cache
        # Retries only for a busy service; an unreachable one is reported at once.
        self.rate_limited: Callable[..., Any] = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
            error_wait_seconds=max(2.0, min_delay_seconds), swallow_exceptions=False,
        )

    @property
    def store(self):
        """The store that caches answers, opened on first use."""
        if self._cache and not hasattr(self._store, "cached_geocode"):
            from geo.store import Store

            self._store = Store(self._store)
        return self._store

    @staticmethod
    def cache_key(name: str) -> str:
        """The cache key of a query: its words, case-folded, with the bias that shaped the answer."""
        return f"nominatim:{','.join(COUNTRY_CODES)}:{' '.join(name.split()).casefold()}"

    def geocode(self, name: str) -> Place | None:
        """The place Nominatim finds for ``name`` near Syria, from the cache when asked before.

        Raises
        ------
        OfflineError
            when Nominatim cannot be reached or does not answer in time.
        """
        query = " ".join(name.split())
        if not query:
            return None
        store = self.store if self._cache else None
        key = self.cache_key(query)
        if store is not None:
            hit, cached = store.cached_geocode(key)
            if hit:
                return _Answer(**cached).place() if cached else None
        location = self._ask(query)
        answer = _answer(location) if location is not None else None
        if store is not None:
            store.cache_geocode(key, answer.__dict__ if answer else None)
        return answer.place() if answer else None

    def _ask(self, query: str) -> Any:
        from geopy.exc import GeocoderQueryError, GeopyError

        try:
            return self.rate_limited(
                query, exactly_one=True, country_codes=list(COUNTRY_CODES), viewbox=VIEWBOX, bounded=False,
                addressdetails=True, language="en", timeout=self.timeout,
            )
        except GeocoderQueryError:
            return None  # Nominatim refused this query (too long, malformed): not a network problem
        except (GeopyError, OSError) as exc:
            raise OfflineError(
                f"the online geocoder (Nominatim) could not be reached for {query!r}: {exc}. "
                f"Check the network connection, or unset {ENV_ENABLE} to work offline "
                "(names no offline gazetteer knows then stay unresolved and are listed by "
                "`python -m geo unresolved`)."
            ) from exc
