"""Themes on Refine (suggest, rename, move, join, split), and the theme column elsewhere."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from workbench import services
from workbench.domain.labels import distinct
from workbench.domain.models import Workshop
from workbench.domain.safe_text import md
from workbench.engine.charts import PLOT_CONFIG
from workbench.engine.charts.themes import build_theme_treemap, theme_paths, theme_table
from workbench.services.themes import THEME_NAME_MAX
from workbench.store import Store
from workbench.ui.widgets import done, reporting

MAX_THEMES = 20
NO_THEME = "(no theme)"
PIN = ":material/push_pin:"


def theme_names(store: Store, workshop_id: int, idea_ids: Sequence[int]) -> list[str] | None:
    """Each idea's theme name ('' for none), or None when the workshop has no themes."""
    assigned = store.idea_themes(workshop_id)
    if store.themes(workshop_id).empty:
        return None
    of = dict(zip(assigned["idea_id"].astype(int), assigned["theme"], strict=True))
    return [str(of.get(int(i), "")) for i in idea_ids]


def theme_column() -> st.column_config.Column:
    """The theme column's header in a ranking table."""
    return st.column_config.TextColumn("Theme", width="medium")


def _suggest(store: Store, workshop: Workshop, actor: int | None, n_ideas: int,
             has_themes: bool) -> None:
    top = max(2, min(n_ideas, MAX_THEMES))
    count = st.slider("How many themes", 1, top, min(top, services.default_theme_count(n_ideas)),
                      key=f"theme_count_{workshop.id}",
                      help="Fewer themes ← → more themes. Themes are suggestions: fix them "
                           "below. Ideas you moved and names you gave stay when you suggest "
                           "again.")
    label = "Suggest themes again" if has_themes else "Suggest themes"
    if st.button(label, type="primary", key=f"suggest_themes_{workshop.id}"):
        with reporting():
            made = services.suggest_themes(store, workshop.id, actor, count)
            done(f"{made} themes suggested")


def _show(themes: pd.DataFrame, members: dict[int | None, list[int]],
          titles: dict[int, str], pinned: set[int]) -> None:
    # Rows of three on a laptop; a phone stacks them in the same (name) order.
    for k, theme in enumerate(themes.itertuples()):
        if k % 3 == 0:
            row = st.columns(3, gap="small")
        ids = members.get(int(theme.id), [])
        with row[k % 3].container(border=True, gap="small"):
            st.markdown(f"**{md(theme.name)}** · {len(ids)} idea(s)")
            if ids:
                st.markdown("\n".join(f"- {md(titles[i])}" + (f" {PIN}" if i in pinned else "")
                                      for i in ids))
    loose = members.get(None, [])
    if loose:
        st.caption(f"Not in a theme: {'; '.join(md(titles[i]) for i in loose)}")
    st.caption(f"{PIN} placed by a person: stays there when themes are suggested again.")


def _fix(store: Store, workshop: Workshop, actor: int | None, themes: pd.DataFrame,
         members: dict[int | None, list[int]], titles: dict[int, str]) -> None:
    names = distinct({int(t): str(n) for t, n in zip(themes["id"], themes["name"],
                                                      strict=True)})
    wid = workshop.id
    with st.expander("Rename or split a theme"):
        theme = st.selectbox("Theme", list(names), format_func=names.__getitem__,
                             key=f"fix_theme_{wid}")
        if theme is not None:
            new_name = st.text_input("New name", value=names[theme], max_chars=THEME_NAME_MAX,
                                     key=f"theme_name_{wid}_{theme}")
            if st.button("Save name", key=f"rename_theme_{wid}"):
                with reporting():
                    services.rename_theme(store, wid, actor, theme, new_name)
                    done(f"Theme renamed to “{md(new_name.strip()[:60])}”")
            inside = members.get(theme, [])
            moving = st.multiselect("Ideas for a new theme", inside, format_func=titles.get,
                                    key=f"split_ideas_{wid}_{theme}")
            split_name = st.text_input("Name of the new theme", max_chars=THEME_NAME_MAX,
                                       key=f"split_name_{wid}_{theme}")
            if st.button("Split into a new theme", key=f"split_theme_{wid}"):
                with reporting():
                    services.split_theme(store, wid, actor, theme, moving, split_name)
                    done(f"{len(moving)} idea(s) moved to “{md(split_name.strip()[:60])}”")
    with st.expander("Move an idea"):
        idea = st.selectbox("Idea", list(titles), format_func=titles.__getitem__, index=None,
                            placeholder="Choose an idea", key=f"move_idea_{wid}")
        choices: list[int | None] = [*names, None]
        target = st.selectbox("To theme", choices, key=f"move_to_{wid}",
                              format_func=lambda t: NO_THEME if t is None else names[t])
        if st.button("Move", key=f"move_button_{wid}", disabled=idea is None):
            with reporting():
                services.move_idea(store, wid, actor, idea, target)
                done(f"Moved to {md(NO_THEME if target is None else names[target])}")
    with st.expander("Join themes"):
        joining = st.multiselect("Themes to join (the first keeps its name)", list(names),
                                 format_func=names.__getitem__, key=f"join_themes_{wid}")
        if st.button("Join", key=f"join_button_{wid}"):
            with reporting():
                services.join_themes(store, wid, actor, joining)
                done(f"{len(joining)} themes joined into “{md(names[joining[0]][:60])}”")


def themes_section(store: Store, workshop: Workshop, actor: int | None, facilitating: bool,
                   ideas: pd.DataFrame) -> None:
    """Refine's Themes: the suggested groups with their ideas, and the controls to fix them."""
    themes = store.themes(workshop.id)
    assigned = store.idea_themes(workshop.id)
    titles = distinct(dict(zip(ideas["id"].astype(int), ideas["title"], strict=True)))
    # A fixed label: a label that counted the themes would remount the expander, folded,
    # right after "Suggest themes".
    with st.expander("Themes", expanded=False, icon=":material/category:"):
        count = f"{len(themes)} theme(s). " if len(themes) else ""
        st.caption(f"{count}Ideas grouped by meaning, named by their most telling words. "
                   "Suggest, then fix: rename, move an idea, join or split.")
        members: dict[int | None, list[int]] = {}
        placed = dict(zip(assigned["idea_id"].astype(int), assigned["theme_id"], strict=True))
        for i in titles:
            t = placed.get(i)
            members.setdefault(None if t is None or pd.isna(t) else int(t), []).append(i)
        pinned = set(assigned.loc[assigned["pinned"].astype(bool), "idea_id"].astype(int))
        if facilitating:
            _suggest(store, workshop, actor, len(titles), not themes.empty)
        elif themes.empty:
            st.caption("The facilitator has not grouped the ideas into themes yet.")
        if themes.empty:
            return
        _show(themes, members, titles, pinned)
        if facilitating:
            _fix(store, workshop, actor, themes, members, titles)


def theme_map(store: Store, workshop_id: int) -> None:
    """The segment → need → theme → idea treemap with a table alternative (Needs page)."""
    if store.themes(workshop_id).empty:
        return
    def compute() -> tuple[object, pd.DataFrame]:
        assigned = store.idea_themes(workshop_id)
        paths = theme_paths(store.list_needs(workshop_id), store.list_ideas(workshop_id),
                            dict(zip(assigned["idea_id"].astype(int), assigned["theme"],
                                     strict=True)))
        return build_theme_treemap(paths), theme_table(paths)
    figure, table = store.derived(("theme_map", workshop_id), compute)
    st.subheader("Themes by segment and need", anchor=False)
    chart, listing = st.tabs(["Treemap", "Table"])
    with chart:
        st.plotly_chart(figure, width="stretch", config=PLOT_CONFIG)
    with listing:
        st.table(table.assign(**{c: table[c].map(md) for c in ("Segment", "Need", "Theme",
                                                                 "Titles")}),
                 hide_index=True, border="horizontal")
