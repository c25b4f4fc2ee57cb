"""Plotly figures built from engine results — no data fetching, no Streamlit.

Built with graph_objects (about 15× cheaper to build than plotly.express for the same chart).
All user text passes through ``chart_label`` because Plotly renders a subset of HTML.
"""

from workbench.engine.charts.decision import (
    build_decision_matrix,
    build_framework_comparison,
    build_parallel_figure,
    build_waterfall_figure,
)
from workbench.engine.charts.ranking import (
    QUADRANTS,
    build_contribution_figure,
    build_matrix_figure,
    quadrant_of,
)
from workbench.engine.charts.robustness import build_rank_band_figure, build_rater_heatmap
from workbench.engine.charts.style import FONT, MODEBAR_BAND, NOTHING_TO_SHOW, PALETTE, PLOT_CONFIG

__all__ = ["FONT", "MODEBAR_BAND", "NOTHING_TO_SHOW", "PALETTE", "PLOT_CONFIG", "QUADRANTS",
           "build_contribution_figure", "build_decision_matrix", "build_framework_comparison",
           "build_matrix_figure", "build_parallel_figure", "build_rank_band_figure",
           "build_rater_heatmap", "build_waterfall_figure", "quadrant_of"]
