"""Entry point: the server (st.App) when imported, page config, navigation and sidebar when run.

``streamlit run app.py`` sees the ``st.App`` below and imports this module once, before the
server accepts connections (``__name__ == "app"``): that is where the process is put in
st.navigation mode for good and the seat-cookie route is added (``workbench.ui.router``).
Every session then runs this file as its main script (``__name__ == "__main__"``).
"""

import streamlit as st

if __name__ != "__main__":
    from workbench.ui.router import install, routes
    from workbench.ui.warmup import warm_up

    install()
    warm_up()  # the pages' imports and first figures, before the first visitor waits for them
    app = st.App("app.py", routes=routes())
else:
    from workbench.ui.warmup import preload_chart_bundle
    from workbench.ui.widgets import sidebar

    st.set_page_config(page_title="Idea Prioritisation Workbench",
                       page_icon=":material/lightbulb:", layout="wide")

    navigation = st.navigation({
        "Workshop": [
            st.Page("pages/workshops.py", title="Workshops", icon=":material/folder_open:",
                    default=True),
            st.Page("pages/join.py", title="Join", icon=":material/login:"),
            st.Page("pages/console.py", title="Facilitator console", icon=":material/podium:"),
            st.Page("pages/projector.py", title="Projector view", icon=":material/tv:"),
            st.Page("pages/import.py", title="Import a backlog", icon=":material/upload_file:"),
        ],
        "Diverge": [
            st.Page("pages/needs.py", title="Customer needs", icon=":material/groups:"),
            st.Page("pages/feedback.py", title="Customer feedback", icon=":material/forum:"),
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
        "Follow up": [
            st.Page("pages/outcomes.py", title="KPIs & outcomes", icon=":material/monitoring:"),
            st.Page("pages/activity.py", title="Activity", icon=":material/history:"),
        ],
    }, expanded=True)  # past 12 pages Streamlit folds the rest under "View N more"
    # These pages refresh a live region of their own and poll the sidebar status with it.
    sidebar(page_polls=navigation.url_path in {"brainstorm", "console", "projector"},
            page=f"pages/{navigation.url_path or 'workshops'}.py")
    preload_chart_bundle()
    navigation.run()
