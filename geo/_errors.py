"""The errors the pipeline raises, each with a message a user can act on."""
from __future__ import annotations


class GeoError(Exception):
    """Base class of this package's errors."""


class InputError(GeoError):
    """A file or value the user gave cannot be used; the message says why."""


class OfflineError(GeoError):
    """A network service (an online geocoder) was asked for but cannot be reached."""
