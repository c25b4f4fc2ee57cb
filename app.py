"""Entry point: page config, navigation and the shared sidebar — nothing else."""

import streamlit as st

from workbench.ui.widgets import sidebar

st.set_page_config(page_title="Idea Prioritisation Workbench", page_icon=":material/lightbulb:",
                   layout="wide")

navigation = st.navigation({
    "Workshop": [
        st.Page("pages/workshops.py", title="Workshops", icon=":material/folder_open:",
                default=True),
        st.Page("pages/join.py", title="Join", icon=":material/login:"),
        st.Page("pages/console.py", title="Facilitator console", icon=":material/podium:"),
    ],
    "Diverge": [
        st.Page("pages/needs.py", title="Customer needs", icon=":material/groups:"),
        st.Page("pages/brainstorm.py", title="Brainstorm", icon=":material/lightbulb:"),
    ],
    "Converge": [
        st.Page("pages/refine.py", title="Refine", icon=":material/filter_alt:"),
        st.Page("pages/criteria.py", title="Criteria", icon=":material/balance:"),
        st.Page("pages/score.py", title="Score", icon=":material/edit_note:"),
        st.Page("pages/vote.py", title="Vote", icon=":material/how_to_vote:"),
        st.Page("pages/rank.py", title="Rank", icon=":material/leaderboard:"),
        st.Page("pages/decide.py", title="Decide", icon=":material/gavel:"),
    ],
})
# These pages refresh a live region of their own and poll the sidebar status with it.
sidebar(page_polls=navigation.url_path in {"brainstorm", "console"})
navigation.run()
