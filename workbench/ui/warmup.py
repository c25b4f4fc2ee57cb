"""Warm-ups: what one process or one browser pays once is paid before a person waits for it.

Measured by ``bench/bench_first_open.py``. The first visitor of a fresh process used to wait
~1.5–2 s for the pages' imports (scipy, DuckDB, pandas' parts, Plotly's lazily loaded
validators); ``warm_up()`` runs them when app.py is imported, before the server accepts a
connection. A fresh browser waited for Streamlit's Plotly bundle (4.7 MB, loaded only when
the first chart arrives, then parsed and run) behind grey placeholders;
``preload_chart_bundle()`` has every page load it while the browser is idle.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from functools import cache
from pathlib import Path

import streamlit as st

from workbench.engine.charts.samples import sample_figures
from workbench.similarity.engines import engine as similarity_engine

# The services and store packages bring in their own modules; engine and ui are walked
# because pages import their modules one by one.
PACKAGES = ("workbench.services", "workbench.store")
WALKED = ("workbench.engine", "workbench.ui")
BUNDLE = re.compile(r"PlotlyChart\.[A-Za-z0-9_-]+\.js")

# Resolved against Streamlit's own entry script, so it is the very module the chart element
# imports later (one fetch, one evaluation) whatever path the app is served under. It waits
# 1.5 s, then for an idle moment: a page with charts has asked for the bundle by then (this
# import is then a no-op) and a page without charts has drawn itself first.
_PRELOAD = """<script>
(() => {
  const main = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!main || window.__workbenchCharts) return;
  window.__workbenchCharts = true;
  const load = () => import(new URL("./%s", main.src).href).catch(() => {});
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 300));
  setTimeout(() => idle(load, {timeout: 2000}), 1500);
})();
</script>"""


def warm_up() -> float:
    """Import every module the pages use and build each chart once; the seconds it took."""
    started = time.perf_counter()
    for name in PACKAGES:
        importlib.import_module(name)
    for name in WALKED:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(module.name)
    for figure in sample_figures().values():
        figure.to_json()
    # The similarity model (~0.6 s to load): otherwise the first idea added in the process
    # waits for it, and a poll landing in that long run can undo the form's reset.
    similarity_engine().embed(["warm up"])
    return time.perf_counter() - started


@cache
def chart_bundle() -> str | None:
    """File name of Streamlit's Plotly chart bundle (its hash changes per release), if any."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(p.name for p in folder.glob("PlotlyChart.*.js") if BUNDLE.fullmatch(p.name))
    return found[0] if found else None


def preload_markup() -> str | None:
    """The script that loads the chart bundle (app-authored: no user text ever goes in)."""
    name = chart_bundle()
    return None if name is None else _PRELOAD % name


def preload_chart_bundle() -> None:
    """Have the browser load Streamlit's Plotly code when idle, before a chart needs it."""
    markup = preload_markup()
    if markup is None:
        return
    # At the foot of the sidebar: an element that draws nothing, out of the page's way.
    with st.sidebar:
        st.html(markup, unsafe_allow_javascript=True)
