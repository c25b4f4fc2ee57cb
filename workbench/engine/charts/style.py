"""The charts' shared look: palette, font, layout, empty-state figures and axis spans."""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

PALETTE = ("#3b5bdb", "#f08c00", "#2f9e44", "#ae3ec9", "#e03131", "#1098ad", "#5c940d",
           "#d6336c")
FONT = dict(family="Source Sans Pro, sans-serif", size=13)


# Plotly's modebar (and Streamlit's fullscreen button) appear over the top of a chart on
# hover or tap. Every title starts below this band, so a toolbar never covers its text.
MODEBAR_BAND = 34
TITLE_ROOM = 36  # one 16 px title line and the gap under it
# Streamlit's st.plotly_chart config for every chart: fewer modebar buttons (so it stays
# narrow on a phone), no Plotly logo. Hover-only is Plotly's default and stays.
PLOT_CONFIG = {"displaylogo": False,
               "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
                                          "autoScale2d"]}


def top_margin(extra: int = 0) -> int:
    """Pixels above the plotting area: the toolbar band, the title and ``extra``."""
    return MODEBAR_BAND + TITLE_ROOM + extra


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Title (below the toolbar band), height, font and margins every chart shares."""
    # No template=: st.plotly_chart draws with the Streamlit theme anyway, and naming a
    # template makes Plotly validate all of it (~15 ms per figure, on every Rank rerun).
    fig.update_layout(title=dict(text=title, x=0, xanchor="left", xref="container", y=1,
                                 yanchor="top", yref="container", pad=dict(t=MODEBAR_BAND, l=4),
                                 automargin=True, font=dict(size=16)),
                      height=height, font=FONT, margin=dict(l=10, r=10, t=top_margin(), b=10),
                      hoverlabel=dict(font_size=13))
    return fig


# --- Prioritisation engine charts -------------------------------------------------------------

MUTED = "#adb5bd"
INK = "#212529"
PORTFOLIO = "#2f9e44"
FRONTIER = "#3b5bdb"
NOTHING_TO_SHOW = "Nothing to show yet"


def empty_figure(title: str, reason: str, height: int = 320) -> go.Figure:
    """A chart that says why there is nothing to draw."""
    # An empty chart still renders (and says why) so a page never breaks on thin data.
    fig = go.Figure()
    fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       text=f"{NOTHING_TO_SHOW}: {reason}", font=dict(color="#868e96", size=15))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, title, height)


def span(values: Sequence[float], pad_share: float = 0.08) -> list[float]:
    """An axis range around the finite values, padded so markers are not cut off."""
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    low, high = min(finite), max(finite)
    pad = max((high - low) * pad_share, 0.05 * max(abs(high), 1.0))
    return [low - pad, high + pad]
