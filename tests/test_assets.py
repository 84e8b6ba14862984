"""Offline tests of geo.assets: no npm, no pip, no network."""

from __future__ import annotations

import io
import re
import tarfile
from collections.abc import Sequence
from pathlib import Path

import folium
import folium.plugins
import pytest

from geo import assets
from geo.assets import (
    ASSETS,
    STUBS,
    AssetInstallError,
    install_assets,
    local_url,
    localize,
    missing_assets,
)

PREFIX = "/app/static/vendor"
ALL_LOCAL = [a.local for a in (*ASSETS, *STUBS)]
CLASSES = (
    folium.Map,
    folium.plugins.MarkerCluster,
    folium.plugins.FastMarkerCluster,
    folium.plugins.HeatMap,
    folium.plugins.Fullscreen,
    folium.plugins.MiniMap,
    folium.plugins.MeasureControl,
)
_LINK = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')


def _fill(vendor: Path) -> Path:
    for local in ALL_LOCAL:
        (vendor / local).parent.mkdir(parents=True, exist_ok=True)
        (vendor / local).write_text("/* fake */")
    return vendor


def _map() -> folium.Map:
    m = folium.Map(location=[48.85, 2.35], zoom_start=12)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    folium.Marker([48.85, 2.35], icon=folium.Icon(color="red", prefix="fa", icon="fire")).add_to(cluster)
    folium.plugins.HeatMap([[48.85, 2.35, 1.0], [48.86, 2.36, 0.5]]).add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    return m


def _header_urls(m: folium.Map) -> list[str]:
    html = m.get_root().render()
    return _LINK.findall(html)


def test_registry_covers_every_folium_url() -> None:
    known = {a.cdn_url for a in (*ASSETS, *STUBS)}
    wanted = {
        url
        for cls in CLASSES
        for _, url in (*cls.default_js, *cls.default_css)
    }
    assert wanted - known == set(), f"folium {folium.__version__} uses URLs missing from geo.assets"


def test_registry_is_consistent() -> None:
    urls = [a.cdn_url for a in (*ASSETS, *STUBS)]
    assert len(urls) == len(set(urls))
    assert len(ALL_LOCAL) == len(set(ALL_LOCAL))
    assert all(a.source in assets._FETCHERS for a in ASSETS)
    assert all(not local.startswith("/") and ".." not in local for local in ALL_LOCAL)


def test_localize_with_installed_files_leaves_no_cdn(tmp_path: Path) -> None:
    vendor = _fill(tmp_path / "vendor")
    m = localize(_map(), dest=vendor, prefix=PREFIX)
    urls = _header_urls(m)
    assert urls, "no script or link tags found"
    assert [u for u in urls if u.startswith(("https://", "http://", "//"))] == []
    assert f"{PREFIX}/leaflet/1.9.3/dist/leaflet.js" in urls
    assert f"{PREFIX}/stubs/bootstrap-glyphicons.css" in urls
    assert any(u.endswith("leaflet_heat.min.js") for u in urls)
    assert any(u.endswith("leaflet.markercluster.js") for u in urls)


def test_localize_without_files_keeps_cdn(tmp_path: Path) -> None:
    m = localize(_map(), dest=tmp_path / "empty", prefix=PREFIX)
    urls = _header_urls(m)
    assert not [u for u in urls if u.startswith(PREFIX)]
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in urls


def test_localize_does_not_touch_classes(tmp_path: Path) -> None:
    before = {cls: (list(cls.default_js), list(cls.default_css)) for cls in CLASSES}
    localize(_map(), dest=_fill(tmp_path), prefix=PREFIX)
    assert before == {cls: (list(cls.default_js), list(cls.default_css)) for cls in CLASSES}


def test_localize_matches_what_st_folium_collects(tmp_path: Path) -> None:
    """st_folium reads default_js/default_css off the element instances."""
    m = localize(_map(), dest=_fill(tmp_path), prefix=PREFIX)
    links = [
        url
        for el in assets._walk(m)
        for _, url in (*getattr(el, "default_js", []), *getattr(el, "default_css", []))
    ]
    assert links and all(u.startswith(PREFIX + "/") for u in links)


def test_local_url(tmp_path: Path) -> None:
    asset = ASSETS[0]
    assert local_url(asset.cdn_url, tmp_path, PREFIX) == asset.cdn_url
    _fill(tmp_path)
    assert local_url(asset.cdn_url, tmp_path, PREFIX + "/") == f"{PREFIX}/{asset.local}"
    unknown = "https://example.invalid/x.js"
    assert local_url(unknown, tmp_path, PREFIX) == unknown


def test_missing_assets(tmp_path: Path) -> None:
    assert len(missing_assets(tmp_path)) == len(ALL_LOCAL)
    _fill(tmp_path)
    (tmp_path / ASSETS[0].local).unlink()
    assert missing_assets(tmp_path) == [ASSETS[0].cdn_url]


def _fake_fetcher(top: str):
    """A fetcher that builds tarballs holding every registry path, offline."""

    def fetch(packages: Sequence[tuple[str, str]], workdir: Path, tool: Sequence[str]) -> dict:
        out = {}
        for name, version in packages:
            archive = workdir / f"{name.replace('/', '-')}-{version}.tgz"
            with tarfile.open(archive, "w:gz") as tar:
                for asset in (a for a in ASSETS if (a.package, a.version) == (name, version)):
                    files = [asset.path, *(f"{e}/inner.png" for e in asset.extras), "README.md"]
                    for path in files:
                        data = f"{name} {path}".encode()
                        info = tarfile.TarInfo(f"{top}/{path}")
                        info.size = len(data)
                        tar.addfile(info, io.BytesIO(data))
            out[(name, version)] = archive
        return out

    return fetch


def test_install_assets_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(assets._FETCHERS, "npm", _fake_fetcher("package"))
    monkeypatch.setitem(assets._FETCHERS, "pypi", _fake_fetcher("folium-x"))
    vendor = tmp_path / "vendor"
    first = install_assets(vendor)
    assert missing_assets(vendor) == []
    assert not list(vendor.rglob("README.md"))
    assert (vendor / "leaflet/1.9.3/dist/images/inner.png").is_file()
    assert (vendor / "fortawesome/fontawesome-free/6.2.0/webfonts/inner.png").is_file()
    assert "glyphicon" in (vendor / STUBS[0].local).read_text()
    assert install_assets(vendor) == first


def test_install_assets_reports_missing_npm(tmp_path: Path) -> None:
    with pytest.raises(AssetInstallError, match=r"(?s)/nonexistent/npm pack.*CDN"):
        install_assets(tmp_path, npm="/nonexistent/npm", python="/nonexistent/python")
