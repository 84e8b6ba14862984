"""Serve folium's JavaScript and CSS from the app instead of public CDNs.

folium and its plugins reference Leaflet, jQuery, Bootstrap, Font Awesome and
several Leaflet plugins by CDN URL, so a browser without internet access draws
an empty map. This module keeps a registry that maps every such URL to a file
inside a package on a package registry (the npm registry, or PyPI for the two
files only folium itself distributes). :func:`install_assets` fetches those
packages at install time and copies the needed files, plus the images and
fonts their stylesheets reference, under ``static/vendor/``, which Streamlit
serves at ``/app/static/vendor/`` when ``server.enableStaticServing`` is on.
Nothing fetched is committed to the repository.

At run time :func:`localize` rewrites the ``default_js`` / ``default_css`` of
every element of a map to those local URLs, keeping the CDN URL for any file
that is not installed, so the app degrades to the CDN instead of breaking.
Call it after the map is fully built and right before ``st_folium``.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shlex
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import folium

from geo._errors import GeoError

__all__ = [
    "ASSETS",
    "STUBS",
    "VENDOR_DIR",
    "Asset",
    "AssetInstallError",
    "Stub",
    "install_assets",
    "local_url",
    "localize",
    "missing_assets",
]

VENDOR_DIR: Path = Path(__file__).resolve().parent.parent / "static" / "vendor"
"""Default install location: ``<repo root>/static/vendor``."""

DEFAULT_PREFIX = "/app/static/vendor"
"""URL at which Streamlit serves :data:`VENDOR_DIR`."""

COMMAND_TIMEOUT_S = 600
"""Seconds one ``npm`` or ``pip`` command may take before it is abandoned."""

Source = Literal["npm", "pypi"]

_FOLIUM_VERSION = importlib.metadata.version("folium")


@dataclass(frozen=True)
class Asset:
    """One CDN file folium references and where a registry package has it.

    Attributes
    ----------
    cdn_url : str
        The URL exactly as it appears in a folium class's ``default_js`` or
        ``default_css``.
    source : {"npm", "pypi"}
        Registry holding the package: an npm tarball, or a PyPI source
        distribution.
    package : str
        Package name on that registry.
    version : str
        Exact package version.
    path : str
        POSIX path of the file inside the package (without the archive's top
        folder, e.g. ``package/`` for npm).
    extras : tuple of str
        Files or folders inside the package that ``path`` needs next to it at
        the same relative location (images, fonts).
    """

    cdn_url: str
    source: Source
    package: str
    version: str
    path: str
    extras: tuple[str, ...] = ()

    @property
    def root(self) -> str:
        """Folder under the vendor dir that holds this package's files."""
        return f"{self.package.lstrip('@')}/{self.version}"

    @property
    def local(self) -> str:
        """Path of the file relative to the vendor dir."""
        return f"{self.root}/{self.path}"


@dataclass(frozen=True)
class Stub:
    """A CDN file that no registry package provides, replaced by a local stub.

    Attributes
    ----------
    cdn_url : str
        The URL exactly as folium references it.
    local : str
        Path of the stub relative to the vendor dir.
    content : str
        Text written to the stub.
    """

    cdn_url: str
    local: str
    content: str


def _npm(cdn_url: str, package: str, version: str, path: str, *extras: str) -> Asset:
    return Asset(cdn_url, "npm", package, version, path, extras)


def _folium_file(cdn_url: str, path: str) -> Asset:
    return Asset(cdn_url, "pypi", "folium", _FOLIUM_VERSION, path)


_JSDELIVR = "https://cdn.jsdelivr.net"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"

ASSETS: tuple[Asset, ...] = (
    # folium.Map
    _npm(f"{_JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.js",
         "leaflet", "1.9.3", "dist/leaflet.js"),
    _npm(f"{_JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.css",
         "leaflet", "1.9.3", "dist/leaflet.css", "dist/images"),
    _npm("https://code.jquery.com/jquery-3.7.1.min.js",
         "jquery", "3.7.1", "dist/jquery.min.js"),
    _npm(f"{_JSDELIVR}/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
         "bootstrap", "5.2.2", "dist/js/bootstrap.bundle.min.js"),
    _npm(f"{_JSDELIVR}/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
         "bootstrap", "5.2.2", "dist/css/bootstrap.min.css"),
    # The 2.0.2 release served by cdnjs, as repackaged on npm by drmonty; the
    # official npm package only has 2.0.0 and 2.0.4+.
    _npm(f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
         "drmonty-leaflet-awesome-markers", "2.0.2", "js/leaflet.awesome-markers.js"),
    _npm(f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
         "drmonty-leaflet-awesome-markers", "2.0.2", "css/leaflet.awesome-markers.css",
         "css/images"),
    _npm(f"{_JSDELIVR}/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
         "@fortawesome/fontawesome-free", "6.2.0", "css/all.min.css", "webfonts"),
    # folium ships this file in its source distribution only, not in the wheel.
    _folium_file(f"{_JSDELIVR}/gh/python-visualization/folium/folium/templates/"
                 "leaflet.awesome.rotate.min.css",
                 "folium/templates/leaflet.awesome.rotate.css"),
    # folium.plugins.MarkerCluster (and FastMarkerCluster)
    _npm(f"{_CDNJS}/leaflet.markercluster/1.1.0/leaflet.markercluster.js",
         "leaflet.markercluster", "1.1.0", "dist/leaflet.markercluster.js"),
    _npm(f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.css",
         "leaflet.markercluster", "1.1.0", "dist/MarkerCluster.css"),
    _npm(f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
         "leaflet.markercluster", "1.1.0", "dist/MarkerCluster.Default.css"),
    # folium.plugins.HeatMap: the very file the CDN URL points at.
    _folium_file(f"{_JSDELIVR}/gh/python-visualization/folium@main/folium/templates/"
                 "leaflet_heat.min.js",
                 "folium/templates/leaflet_heat.min.js"),
    # folium.plugins.Fullscreen: the npm package has no minified JS.
    _npm(f"{_JSDELIVR}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
         "leaflet.fullscreen", "3.0.0", "Control.FullScreen.js"),
    _npm(f"{_JSDELIVR}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",
         "leaflet.fullscreen", "3.0.0", "Control.FullScreen.css", "icon-fullscreen.svg"),
    # folium.plugins.MiniMap: the npm package has only the minified files.
    _npm(f"{_CDNJS}/leaflet-minimap/3.6.1/Control.MiniMap.js",
         "leaflet-minimap", "3.6.1", "dist/Control.MiniMap.min.js"),
    _npm(f"{_CDNJS}/leaflet-minimap/3.6.1/Control.MiniMap.css",
         "leaflet-minimap", "3.6.1", "dist/Control.MiniMap.min.css", "dist/images"),
    # folium.plugins.MeasureControl: dist/leaflet-measure.css is already minified.
    _npm(f"{_JSDELIVR}/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js",
         "leaflet-measure", "2.1.7", "dist/leaflet-measure.min.js"),
    _npm(f"{_JSDELIVR}/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css",
         "leaflet-measure", "2.1.7", "dist/leaflet-measure.css", "dist/images"),
)
"""Every CDN file folium references that a registry package provides."""

STUBS: tuple[Stub, ...] = (
    Stub(
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        "stubs/bootstrap-glyphicons.css",
        "/* Local stand-in for bootstrap 3.0.0's bootstrap-glyphicons.css, which\n"
        "   no package registry provides (npm has bootstrap 3.1.1 and later only).\n"
        "   Glyphicon icons, e.g. folium.Icon's default prefix='glyphicon', show no\n"
        "   glyph offline: use folium.Icon(prefix='fa', icon=...) instead. */\n",
    ),
)
"""CDN files replaced by a local stub because no registry provides them."""

_LOCAL_BY_URL: dict[str, str] = {a.cdn_url: a.local for a in (*ASSETS, *STUBS)}


class AssetInstallError(GeoError):
    """Raised when the vendored assets cannot be fetched or installed."""


# --------------------------------------------------------------------------
# Run time: URL rewriting


def local_url(cdn_url: str, dest: Path = VENDOR_DIR, prefix: str = DEFAULT_PREFIX) -> str:
    """Return the local URL of a CDN file when it is installed.

    Parameters
    ----------
    cdn_url : str
        A URL from a folium ``default_js`` / ``default_css`` list.
    dest : Path
        Vendor directory the assets were installed into.
    prefix : str
        URL at which ``dest`` is served.

    Returns
    -------
    str
        ``prefix/<local path>`` if the registry knows ``cdn_url`` and the file
        exists in ``dest``; otherwise ``cdn_url`` unchanged.
    """
    local = _LOCAL_BY_URL.get(cdn_url)
    installed = local is not None and (Path(dest) / local).is_file()
    return f"{prefix.rstrip('/')}/{local}" if installed else cdn_url


def _walk(element: Any) -> Iterator[Any]:
    """Yield ``element`` and all its descendants through ``_children``."""
    stack = [element]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(getattr(node, "_children", {}).values())


def _localized(links: Iterable[tuple[str, str]], dest: Path, prefix: str) -> list[tuple[str, str]]:
    return [(name, local_url(url, dest, prefix)) for name, url in links]


def localize(m: folium.Map, dest: Path = VENDOR_DIR, prefix: str = DEFAULT_PREFIX) -> folium.Map:
    """Point every script and stylesheet of a map at the local copies.

    Sets instance-level ``default_js`` / ``default_css`` on ``m`` and each
    descendant element, leaving the folium classes untouched. URLs without an
    installed local copy stay on the CDN. Elements added after this call are
    not rewritten, so call it once the map is complete.

    Parameters
    ----------
    m : folium.Map
        The map to rewrite in place.
    dest : Path
        Vendor directory the assets were installed into.
    prefix : str
        URL at which ``dest`` is served.

    Returns
    -------
    folium.Map
        ``m`` itself.
    """
    for element in _walk(m):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if links:
                setattr(element, attr, _localized(links, dest, prefix))
    return m


def missing_assets(dest: Path = VENDOR_DIR) -> list[str]:
    """List the CDN URLs that have no local copy in ``dest``.

    Parameters
    ----------
    dest : Path
        Vendor directory the assets were installed into.

    Returns
    -------
    list of str
        Registry CDN URLs whose local file is absent, in registry order.
    """
    return [url for url, local in _LOCAL_BY_URL.items() if not (Path(dest) / local).is_file()]


# --------------------------------------------------------------------------
# Install time: fetching packages from the registries


_STACK_LINE = re.compile(r"\s{2,}at\s|^\S+ error\s*$")


def _failure(cmd: Sequence[str], reason: str) -> AssetInstallError:
    return AssetInstallError(
        f"`{shlex.join(cmd)}` failed: {reason}\n"
        "The map still works without the local copies: it falls back to the "
        "public CDN URLs, which need internet access in the browser."
    )


def _run(cmd: Sequence[str], cwd: Path) -> str:
    """Run a command and return its stdout, raising :class:`AssetInstallError`."""
    try:
        done = subprocess.run(
            list(cmd), cwd=cwd, capture_output=True, text=True,
            timeout=COMMAND_TIMEOUT_S, check=False,
        )
    except FileNotFoundError:
        raise _failure(cmd, f"{cmd[0]!r} was not found on PATH.") from None
    except subprocess.TimeoutExpired:
        raise _failure(cmd, f"no answer within {COMMAND_TIMEOUT_S} s.") from None
    if done.returncode != 0:
        useful = [line for line in done.stderr.splitlines() if not _STACK_LINE.search(line)]
        tail = "\n".join(useful[-12:])
        raise _failure(cmd, f"exit status {done.returncode}.\n{tail}")
    return done.stdout


def _npm_pack(
    packages: Sequence[tuple[str, str]], workdir: Path, tool: Sequence[str]
) -> dict[tuple[str, str], Path]:
    """Download npm tarballs with ``npm pack`` (no dependencies, no scripts)."""
    specs = [f"{name}@{version}" for name, version in packages]
    cmd = [*tool, "pack", "--json", "--ignore-scripts", "--pack-destination", str(workdir), *specs]
    try:
        packed = json.loads(_run(cmd, workdir))
    except json.JSONDecodeError as exc:
        raise _failure(cmd, f"unreadable JSON output ({exc}).") from None
    return {(p["name"], p["version"]): workdir / p["filename"] for p in packed}


def _sdist_name(name: str, version: str) -> str:
    return f"{name.replace('-', '_')}-{version}.tar.gz"


def _pip_download(
    packages: Sequence[tuple[str, str]], workdir: Path, tool: Sequence[str]
) -> dict[tuple[str, str], Path]:
    """Download PyPI source distributions with ``pip download``."""
    reqs = [f"{name}=={version}" for name, version in packages]
    cmd = [*tool, "download", "--quiet", "--no-deps", "--no-binary", ":all:",
           "--dest", str(workdir), *reqs]
    _run(cmd, workdir)
    return {(name, version): workdir / _sdist_name(name, version) for name, version in packages}


_FETCHERS: Mapping[Source, Callable[..., dict[tuple[str, str], Path]]] = {
    "npm": _npm_pack,
    "pypi": _pip_download,
}


def _strip_top(name: str) -> PurePosixPath | None:
    """Drop an archive member's top folder; ``None`` for unsafe names."""
    parts = PurePosixPath(name).parts[1:]
    safe = bool(parts) and ".." not in parts and not name.startswith("/")
    return PurePosixPath(*parts) if safe else None


def _wanted(path: PurePosixPath, asset: Asset) -> bool:
    """Whether an archive path is the asset's file or inside one of its extras."""
    return any(
        path == PurePosixPath(w) or PurePosixPath(w) in path.parents
        for w in (asset.path, *asset.extras)
    )


def _extract(archive: Path, assets: Sequence[Asset], dest: Path) -> list[Path]:
    """Copy the files ``assets`` need from one package archive into ``dest``."""
    written: list[Path] = []
    with tarfile.open(archive) as tar:
        for member in tar:
            inner = _strip_top(member.name) if member.isfile() else None
            for asset in assets:
                if inner is not None and _wanted(inner, asset):
                    target = dest / asset.root / inner
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
                    written.append(target)
    absent = [a.path for a in assets if dest / a.local not in written]
    if absent:
        raise AssetInstallError(f"{archive.name} has no {', '.join(absent)}: fix the registry in {__name__}.")
    return written


def _write_stub(stub: Stub, dest: Path) -> Path:
    target = dest / stub.local
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(stub.content, encoding="utf-8")
    return target


def _archive(archives: Mapping[tuple[str, str], Path], package: tuple[str, str]) -> Path:
    """The downloaded archive of ``(name, version)``, or a clear error."""
    path = archives.get(package)
    if path is None or not path.is_file():
        raise AssetInstallError(f"{package[0]}@{package[1]} was not downloaded (expected {path}).")
    return path


def _package_key(asset: Asset) -> tuple[str, str, str]:
    return (asset.source, asset.package, asset.version)


def install_assets(
    dest: Path = VENDOR_DIR, *, npm: str = "npm", python: str = sys.executable
) -> list[Path]:
    """Fetch every registry package and copy the files folium needs into ``dest``.

    npm packages are downloaded with ``npm pack`` (tarball only: no dependency
    resolution, no install scripts) and folium's own two files from its PyPI
    source distribution with ``pip download``. Running it again rewrites the
    same files.

    Parameters
    ----------
    dest : Path
        Vendor directory to fill; created if absent.
    npm : str
        The npm executable.
    python : str
        The Python executable whose ``pip`` downloads the PyPI packages.

    Returns
    -------
    list of Path
        Every file written, sorted.

    Raises
    ------
    AssetInstallError
        When npm or pip is missing, a registry is unreachable, or a package
        lacks a file the registry expects; the message names the command.
    """
    dest = Path(dest)
    tools: Mapping[Source, Sequence[str]] = {"npm": [npm], "pypi": [python, "-m", "pip"]}
    ordered = sorted(ASSETS, key=_package_key)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="geo-assets-") as tmp:
        for source, group in groupby(ordered, key=lambda a: a.source):
            assets = list(group)
            packages = list(dict.fromkeys((a.package, a.version) for a in assets))
            workdir = Path(tmp) / source
            workdir.mkdir()
            archives = _FETCHERS[source](packages, workdir, tools[source])
            for package, pkg_assets in groupby(assets, key=lambda a: (a.package, a.version)):
                written += _extract(_archive(archives, package), list(pkg_assets), dest)
    written += [_write_stub(stub, dest) for stub in STUBS]
    return sorted(set(written))
