"""What an analyst does after the map draws: click a marker, brush the timeline, add an article."""
from __future__ import annotations

import datetime as dt

import pytest

from .conftest import OfflinePage, start_seeded_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    server, events = start_seeded_app(tmp_path_factory.mktemp("details") / "incidents.sqlite")
    yield server, events
    server.stop()


def _date_inputs(page) -> list[str]:
    return [e.input_value() for e in page.locator("[data-testid=stDateInput] input").all()]


def test_clicking_a_marker_shows_its_record_and_source(app, browser):
    server, events = app
    collision = next(e for e in events if e["event_type"] == "collision")
    page = OfflinePage(browser, server.url)
    page.page.goto(server.url + "/?types=collision")
    frame = page.map_frame()
    pins = frame.query_selector_all(".geo-pin")
    assert len(pins) == 1
    pins[0].click()
    page.page.get_by_text("Nearest base of each other actor").wait_for(timeout=30_000)
    body = page.page.inner_text("body")
    assert collision["quote"] in body
    assert collision["sources"][0]["headline"] in body
    assert "Read the article" in body
    assert "nan" not in body.split("Details", 1)[1].split("Export the filtered events", 1)[0]
    page.page.close()


def test_brushing_the_timeline_sets_the_date_filter(app, browser):
    server, _ = app
    page = OfflinePage(browser, server.url)
    page.page.goto(server.url + "/?from=2020-01-01&to=2020-12-31")
    page.map_frame()
    assert _date_inputs(page.page) == ["2020-01-01", "2020-12-31"]
    chart = page.page.locator(".vega-embed").first
    chart.scroll_into_view_if_needed()
    page.page.wait_for_timeout(500)
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.45
    page.page.mouse.move(box["x"] + box["width"] * 0.15, y)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=10)
    page.page.mouse.up()
    page.page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stDateInput] input')].map(e => e.value).join() "
        "!== '2020-01-01,2020-12-31'", timeout=30_000)
    start, end = (dt.date.fromisoformat(v) for v in _date_inputs(page.page))
    assert dt.date(2020, 1, 1) <= start < end <= dt.date(2020, 12, 31)
    assert f"from={start.isoformat()}" in page.page.url and f"to={end.isoformat()}" in page.page.url
    page.page.close()


def test_an_uploaded_article_is_extracted_and_its_markup_stays_text(app, browser, tmp_path):
    server, _ = app
    report = tmp_path / "wire.txt"
    report.write_text("Drones over Qamishli\n\nTurkish drones struck a car near Qamishli on Sunday, killing two SDF "
                      "fighters, a monitor said <img src=x onerror=alert(1)> {{ 7*7 }}.\n", encoding="utf-8")
    page = OfflinePage(browser, server.url)
    dialogs: list[str] = []
    page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.page.goto(server.url + "/?types=drone_strike")
    page.page.get_by_text("Add articles").click()
    page.page.locator("input[type=file]").set_input_files(str(report))
    page.page.get_by_role("button", name="Extract and add").click()
    frame = None
    for _ in range(60):
        frame = page.map_frame()
        found = frame.evaluate("""() => { let n = null; map_div.eachLayer(l => { if (l instanceof L.MarkerClusterGroup)
            l.getLayers().forEach(m => { if (m.options.title && m.options.title.includes('Qamishli')) n = m; }); });
            if (!n) return null; n.__parent._group.zoomToShowLayer(n, () => {}); n.openPopup();
            return n.getPopup().getContent().innerText; }""")
        if found:
            break
        page.page.wait_for_timeout(500)
    assert found, "the uploaded report's incident is not on the map"
    assert "<img src=x onerror=alert(1)>" in found and "{{ 7*7 }}" in found and "49" not in found
    page.page.wait_for_timeout(500)
    assert dialogs == []
    assert frame.evaluate("() => document.querySelectorAll('.geo-popup img').length") == 0
    page.page.close()
