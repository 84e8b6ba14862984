"""geo: from news reporting on military incidents to a map analysts can trust.

The pipeline has three stages, each a small module:

1. :mod:`geo.corpus` reads plain-text articles, splits files that hold several,
   drops repeated captions and scrape leftovers, and attaches outlet and
   publication date from a ``metadata.csv`` beside the files.
2. :mod:`geo.gazetteer` finds place names in text in all their
   transliterations (curated ``gazetteer.csv`` first, then GeoNames, then what
   users add) and resolves each to coordinates with an honest precision.
3. :mod:`geo.extract` turns each reported event into an :class:`~geo.records.Incident`:
   what happened (:mod:`geo.taxonomy`), who (:mod:`geo.actors`), when
   (:mod:`geo.dates`), where, and the sentence that says so.

:mod:`geo.store` keeps articles and incidents in an SQLite file;
:mod:`geo.mapview` draws them with Folium; ``app.py`` is the Streamlit front.

Examples
--------
>>> from geo.gazetteer import Gazetteer
>>> gaz = Gazetteer.default()
>>> gaz.resolve("Derik").name
'al-Malikiyah'

>>> from geo.corpus import read_articles
>>> from geo.extract import extract_article
>>> incidents = [i for a in read_articles("seeds") for i in extract_article(a)]  # doctest: +SKIP
>>> incidents[0].place, incidents[0].quote                                      # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"
