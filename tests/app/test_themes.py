"""Themes on Refine: suggest, rename, move, join, split; and the theme on Rank, Decide, Needs."""

from __future__ import annotations

from tests.app.ui import as_seat, click, errors, texts, toasts
from workbench import services
from workbench.domain.safe_text import md

PAGE = "pages/refine.py"


def suggested(app, store, count=5):
    """The Refine page on the demo after suggesting ``count`` themes."""
    at = app(PAGE)
    wid = at.session_state["workshop_id"]
    at.slider(key=f"theme_count_{wid}").set_value(count).run()
    click(at, "Suggest themes")
    return at, wid


def theme_of(store, wid) -> dict[int, str]:
    rows = store.idea_themes(wid)
    return dict(zip(rows["idea_id"].astype(int), rows["theme"], strict=True))


def names(store, wid) -> list[str]:
    return list(store.themes(wid)["name"])


def test_suggesting_groups_every_demo_idea_into_named_themes(app, store):
    at, wid = suggested(app, store)
    assert "5 themes suggested" in toasts(at)
    assert len(names(store, wid)) == 5
    assert set(theme_of(store, wid)) == set(store.list_ideas(wid)["id"].astype(int))
    shown = texts(at)
    for theme in store.themes(wid).itertuples():
        assert f"**{md(theme.name)}** · {theme.ideas} idea(s)" in shown


def test_a_renamed_theme_keeps_its_name_when_themes_are_suggested_again(app, store):
    at, wid = suggested(app, store)
    first = int(store.themes(wid)["id"].iloc[0])
    at.selectbox(key=f"fix_theme_{wid}").set_value(first).run()
    at.text_input(key=f"theme_name_{wid}_{first}").input("Our first theme").run()
    click(at, "Save name")
    assert "Our first theme" in names(store, wid)
    click(at, "Suggest themes again")   # same count: the same groups come back
    assert "Our first theme" in names(store, wid)
    assert "**Our first theme**" in texts(at)


def test_a_moved_idea_stays_in_its_theme_when_themes_are_suggested_again(app, store):
    at, wid = suggested(app, store)
    before = theme_of(store, wid)
    idea = next(iter(before))
    target = next(int(t) for t, n in zip(store.themes(wid)["id"], store.themes(wid)["name"],
                                         strict=True) if n != before[idea])
    at.selectbox(key=f"move_idea_{wid}").set_value(idea).run()
    at.selectbox(key=f"move_to_{wid}").set_value(target).run()
    click(at, "Move")
    moved_to = theme_of(store, wid)[idea]
    assert moved_to != before[idea]
    at.slider(key=f"theme_count_{wid}").set_value(3).run()
    click(at, "Suggest themes again")
    assert theme_of(store, wid)[idea] == moved_to
    pinned = store.idea_themes(wid).set_index("idea_id")["pinned"]
    assert bool(pinned[idea]) and int(pinned.sum()) == 1


def test_joining_two_themes_leaves_one_holding_all_their_ideas(app, store):
    at, wid = suggested(app, store)
    themes = store.themes(wid)
    a, b = (int(t) for t in themes["id"].iloc[:2])
    total = int(themes["ideas"].iloc[:2].sum())
    at.multiselect(key=f"join_themes_{wid}").set_value([a, b]).run()
    click(at, "Join")
    after = store.themes(wid).set_index("id")
    assert b not in after.index and int(after.loc[a, "ideas"]) == total
    assert len(after) == 4


def test_splitting_moves_the_chosen_ideas_into_a_new_named_theme(app, store):
    at, wid = suggested(app, store)
    big = store.themes(wid).sort_values("ideas").iloc[-1]
    inside = [i for i, t in theme_of(store, wid).items() if t == big["name"]]
    at.selectbox(key=f"fix_theme_{wid}").set_value(int(big["id"])).run()
    at.multiselect(key=f"split_ideas_{wid}_{int(big['id'])}").set_value(inside[:1]).run()
    at.text_input(key=f"split_name_{wid}_{int(big['id'])}").input("Split off").run()
    click(at, "Split into a new theme")
    assert theme_of(store, wid)[inside[0]] == "Split off"
    assert len(names(store, wid)) == 6
    assert "1 idea(s) moved to “Split off”" in toasts(at)


def test_themes_on_fewer_than_three_ideas_are_refused_on_screen(app, store):
    wid = services.create_workshop(store, "Two ideas", "")
    for title in ("Dark mode", "Night theme"):
        services.add_idea(store, wid, None, title)
    at = app()
    at.session_state["workshop_id"] = wid
    at.switch_page(PAGE).run()
    click(at, "Suggest themes")
    assert errors(at) == ["Themes need at least 3 ideas; there are 2."]
    assert store.themes(wid).empty


def test_a_participant_sees_the_themes_but_cannot_change_them_in_a_live_workshop(store):
    started = services.start_live_workshop(store, "Pricing offsite", "Pick two bets", "Fay")
    fay, wid = started.seat, started.seat.workshop.id
    pat = services.join_with_code(store, fay.workshop.join_code, "Pat")
    services.set_phase(store, wid, fay.participant.id, "diverge")
    for title in ("Annual plan discount", "Usage-based tier", "Free trial extension"):
        services.add_idea(store, wid, pat.participant.id, title)
    at = as_seat(pat, PAGE)
    assert "The facilitator has not grouped the ideas into themes yet." in texts(at)
    assert not [b for b in at.button if b.label.startswith("Suggest themes")]
    services.suggest_themes(store, wid, fay.participant.id, 2)
    at.run()
    assert all(f"**{md(n)}**" in texts(at) for n in names(store, wid))
    assert not [b for b in at.button if b.label in ("Save name", "Move", "Join")]
    facilitator = as_seat(fay, PAGE)
    assert [b for b in facilitator.button if b.label == "Suggest themes again"]


def test_a_hostile_theme_name_is_shown_literally_everywhere(app, store):
    at, wid = suggested(app, store)
    hostile = "**bold** [x](javascript:alert(1)) <b>"
    first = int(store.themes(wid)["id"].iloc[0])
    services.rename_theme(store, wid, None, first, hostile)
    at.run()
    assert f"**{md(hostile)}**" in texts(at)
    assert "javascript:alert(1))" not in texts(at).replace(md(hostile), "")


def test_rank_decide_and_needs_show_the_themes(app, store):
    at, wid = suggested(app, store)
    rank = app("pages/rank.py")
    table = rank.dataframe[0].value
    assert "theme" in table.columns
    assert set(table["theme"]) <= set(names(store, wid))
    decide = app("pages/decide.py")
    assert any("theme" in d.value.columns for d in decide.dataframe)
    needs = app("pages/needs.py")
    assert "Themes by segment and need" in texts(needs)
    assert any("Theme" in t.value.columns for t in needs.table)


def test_the_idea_wall_labels_each_idea_with_its_theme(app, store):
    at, wid = suggested(app, store)
    wall = texts(app("pages/brainstorm.py"))
    for idea, theme in theme_of(store, wid).items():
        title = store.list_ideas(wid).set_index("id").loc[idea, "title"]
        assert f"- {md(title)} · *{md(theme)}*" in wall
