"""Bad input gets a clear, named error and changes NOTHING; hostile text is stored as data.

Every case runs against a copy of one prepared database file and compares the full content of
every table before and after the refused action.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench import services
from workbench.domain.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    QUOTE_MAX,
    STATEMENT_MAX,
    TITLE_MAX,
    DuplicateNeed,
    InvalidInput,
    InvalidWeights,
    NeedInUse,
    NotFacilitator,
    ScoreOutOfRange,
    SegmentInUse,
    UnknownItem,
    UnknownWorkshop,
    WorkbenchError,
)
from workbench.store import DuckDBStore, Store

TABLES = ("schema_version", "workshops", "participants", "segments", "needs", "evidence", "ideas",
          "idea_needs", "criteria", "scores", "votes", "events", "merges", "themes",
          "idea_themes", "decisions", "kpis", "idea_kpis", "outcomes", "journey_stages",
          "feedback")

HOSTILE = [
    "<script>alert(1)</script>",
    "**bold** [x](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE ideas; --",
    ":red[x] $x^2$",
    "Robert'); DELETE FROM scores WHERE ('1'='1",
    "\\' OR 1=1 --",
    "?; $1 %s {0} :name",
]


@dataclass
class Ctx:
    """Ids in the prepared file (see ``template``)."""

    store: Store
    wid: int          # the workshop
    ann: int          # participant, author of ``idea`` and ``loose``
    bo: int           # participant, has scored ``idea``
    seg: int          # segment holding need_a and need_b
    empty_seg: int    # segment with no needs
    need_a: int       # tagged to ``idea``
    need_b: int       # untagged
    evidence: int     # on need_a
    idea: int         # shortlisted, scored by Bo, one vote
    idea2: int        # shortlisted, by Bo
    loose: int        # not shortlisted
    impact: int
    cost: int
    feas: int
    other_wid: int    # a second workshop that nothing here should touch


def _prepare(store: Store) -> dict:
    wid = services.create_workshop(store, "Bad input workshop", "Goal")
    ann = services.join(store, wid, "Ann").id
    bo = services.join(store, wid, "Bo").id
    seg = services.add_segment(store, wid, ann, "SMB owners", "Small firms")
    empty_seg = services.add_segment(store, wid, ann, "Empty segment")
    need_a = services.add_need(store, wid, ann, seg, "Fast setup", 5, 2)
    need_b = services.add_need(store, wid, ann, seg, "Import contacts", 4)
    evidence = services.add_evidence(store, wid, ann, need_a, "Took ages.", "Ticket 1")
    idea = services.add_idea(store, wid, ann, "Setup wizard", "Guided", [need_a])
    idea2 = services.add_idea(store, wid, bo, "CSV import", "")
    loose = services.add_idea(store, wid, ann, "Not shortlisted")
    services.set_shortlist(store, wid, ann, [idea, idea2])
    impact, cost, feas = (c.id for c in store.list_criteria(wid))
    services.save_scores(store, wid, bo, [(idea, impact, 4), (idea, cost, 2)])
    store.write(lambda cur: cur.execute(
        "INSERT INTO votes (workshop_id, idea_id, voter_id) VALUES (?, ?, ?)", [wid, idea, bo]))
    other_wid = services.create_workshop(store, "Other workshop")
    other_ann = services.join(store, other_wid, "Ann")
    services.add_idea(store, other_wid, other_ann.id, "Other idea")
    return dict(wid=wid, ann=ann, bo=bo, seg=seg, empty_seg=empty_seg, need_a=need_a,
                need_b=need_b, evidence=evidence, idea=idea, idea2=idea2, loose=loose,
                impact=impact, cost=cost, feas=feas, other_wid=other_wid)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("bad_input") / "template.duckdb"
    store = DuckDBStore(path)
    ids = _prepare(store)
    store.close()
    return path, ids


class _Pool:
    """One open copy of the template, replaced by a fresh copy whenever a test changed it.

    Opening a file costs more than most of these tests, and most tests change nothing, so
    each test gets the open copy only after checking that every table still equals the
    template's; otherwise it gets a fresh copy. Every test still starts from the template.
    """

    def __init__(self, template: Path, folder: Path) -> None:
        self.template, self.folder, self.copies = template, folder, 0
        self.store: Store | None = None
        self.pristine: dict | None = None

    def get(self) -> Store:
        if self.store is not None and snapshot(self.store) == self.pristine:
            return self.store
        self.close()
        self.copies += 1
        copy = self.folder / f"copy{self.copies}.duckdb"
        shutil.copy(self.template, copy)
        self.store = DuckDBStore(copy)
        self.pristine = self.pristine or snapshot(self.store)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


@pytest.fixture(scope="module")
def pool(template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Pool]:
    pool = _Pool(template[0], tmp_path_factory.mktemp("bad_input_copies"))
    yield pool
    pool.close()


@pytest.fixture
def ctx(template, pool: _Pool) -> Ctx:
    return Ctx(store=pool.get(), **template[1])


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table (schema_version included), in a stable order."""
    def read(cur):
        return {t: cur.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    return store.write(read)


def assert_actionable(exc: BaseException) -> None:
    """The message is a sentence for a person, not a stack trace or a database error."""
    message = str(exc)
    assert message.strip() and message.rstrip().endswith((".", "?")), message
    for leak in ("Traceback", "duckdb", "Error:", "Exception", "SELECT", "INSERT", "None"):
        assert leak not in message, message


@contextmanager
def refused(store: Store, error, match: str | None = None) -> Iterator[None]:
    """The body must raise ``error`` (message matching ``match``) and change no table."""
    before = snapshot(store)
    with pytest.raises(error, match=match) as info:
        yield
    assert_actionable(info.value)
    after = snapshot(store)
    changed = [t for t in TABLES if before[t] != after[t]]
    assert not changed, f"tables changed by a refused action: {changed}"


def test_the_refused_check_notices_a_change_made_before_the_error(ctx):
    """Guard against a vacuous harness: a write followed by an error must be caught."""
    def sneaky() -> None:
        services.add_idea(ctx.store, ctx.wid, ctx.ann, "Slipped in")
        raise InvalidInput("Looks refused.")
    with pytest.raises(AssertionError, match="ideas"), refused(ctx.store, InvalidInput):
        sneaky()


# ---- text fields ------------------------------------------------------------------------------
# name -> (call with the value, field name shown in the message, limit, required)

Call = Callable[[Ctx, object], object]
TEXT_FIELDS: dict[str, tuple[Call, str, int, bool]] = {
    "workshop title on create": (
        lambda c, v: services.create_workshop(c.store, v, "Goal"), "Workshop title", TITLE_MAX,
        True),
    "workshop goal on create": (
        lambda c, v: services.create_workshop(c.store, "T", v), "Goal", DESCRIPTION_MAX, False),
    "workshop title on edit": (
        lambda c, v: services.edit_workshop(c.store, c.wid, c.ann, v, "Goal"), "Workshop title",
        TITLE_MAX, True),
    "workshop goal on edit": (
        lambda c, v: services.edit_workshop(c.store, c.wid, c.ann, "T", v), "Goal",
        DESCRIPTION_MAX, False),
    "display name": (
        lambda c, v: services.join(c.store, c.wid, v), "Display name", NAME_MAX, True),
    "segment name on add": (
        lambda c, v: services.add_segment(c.store, c.wid, c.ann, v, ""), "Segment name", NAME_MAX,
        True),
    "segment description on add": (
        lambda c, v: services.add_segment(c.store, c.wid, c.ann, "S", v), "Description",
        DESCRIPTION_MAX, False),
    "segment name on edit": (
        lambda c, v: services.edit_segment(c.store, c.wid, c.ann, c.seg, v, ""), "Segment name",
        NAME_MAX, True),
    "segment description on edit": (
        lambda c, v: services.edit_segment(c.store, c.wid, c.ann, c.seg, "S", v), "Description",
        DESCRIPTION_MAX, False),
    "need statement on add": (
        lambda c, v: services.add_need(c.store, c.wid, c.ann, c.seg, v, 3), "Need statement",
        STATEMENT_MAX, True),
    "need statement on edit": (
        lambda c, v: services.edit_need(c.store, c.wid, c.ann, c.need_b, c.seg, v, 3),
        "Need statement", STATEMENT_MAX, True),
    "evidence quote": (
        lambda c, v: services.add_evidence(c.store, c.wid, c.ann, c.need_a, v, "src"), "Quote",
        QUOTE_MAX, True),
    "evidence source": (
        lambda c, v: services.add_evidence(c.store, c.wid, c.ann, c.need_a, "Q", v), "Source",
        NAME_MAX * 2, False),
    "idea title on add": (
        lambda c, v: services.add_idea(c.store, c.wid, c.ann, v, ""), "Idea title", TITLE_MAX,
        True),
    "idea description on add": (
        lambda c, v: services.add_idea(c.store, c.wid, c.ann, "T", v), "Description",
        DESCRIPTION_MAX, False),
    "idea title on edit": (
        lambda c, v: services.edit_idea(c.store, c.wid, c.ann, c.idea, v, "", []), "Idea title",
        TITLE_MAX, True),
    "idea description on edit": (
        lambda c, v: services.edit_idea(c.store, c.wid, c.ann, c.idea, "T", v, []), "Description",
        DESCRIPTION_MAX, False),
    "merged title": (
        lambda c, v: services.merge_ideas(c.store, c.wid, c.ann, [c.idea, c.idea2], v),
        "Merged title", TITLE_MAX, True),
    "merged description": (
        lambda c, v: services.merge_ideas(c.store, c.wid, c.ann, [c.idea, c.idea2], "T", v),
        "Merged description", DESCRIPTION_MAX, False),
    "criterion name on add": (
        lambda c, v: services.add_criterion(c.store, c.wid, c.ann, v), "Criterion name", NAME_MAX,
        True),
    "criterion name on update": (
        lambda c, v: services.update_criteria(c.store, c.wid, c.ann,
                                             [(c.impact, v, "benefit", 1)]),
        "Criterion name", NAME_MAX, True),
}
REQUIRED = [name for name, spec in TEXT_FIELDS.items() if spec[3]]


@pytest.mark.parametrize("blank", ["", "   ", "\n\t \r\n", None, "\u200b\ufeff"],
                         ids=["empty", "spaces", "whitespace", "none", "invisible"])
@pytest.mark.parametrize("field", REQUIRED)
def test_empty_required_text_is_refused_and_nothing_changes(ctx, field, blank):
    call, label, _, _ = TEXT_FIELDS[field]
    with refused(ctx.store, InvalidInput, f"^{label} cannot be empty\\.$"):
        call(ctx, blank)


@pytest.mark.parametrize("field", list(TEXT_FIELDS))
def test_text_one_over_its_limit_is_refused_and_nothing_changes(ctx, field):
    call, label, limit, _ = TEXT_FIELDS[field]
    with refused(ctx.store, InvalidInput, f"^{label} is {limit + 1:,} characters; the limit is "
                                          f"{limit:,}\\.$"):
        call(ctx, "x" * (limit + 1))


@pytest.mark.parametrize("field", list(TEXT_FIELDS))
def test_text_exactly_at_its_limit_is_accepted(ctx, field):
    call, _, limit, _ = TEXT_FIELDS[field]
    before = snapshot(ctx.store)
    call(ctx, "y" * limit)
    assert snapshot(ctx.store) != before


@pytest.mark.parametrize("value", [42, True, ["a list"], {"a": 1}],
                         ids=["number", "bool", "list", "dict"])
@pytest.mark.parametrize("field", list(TEXT_FIELDS))
def test_text_of_the_wrong_type_is_refused_and_nothing_changes(ctx, field, value):
    call, label, _, _ = TEXT_FIELDS[field]
    with refused(ctx.store, InvalidInput, f"^{label} must be text\\.$"):
        call(ctx, value)


# ---- bulk paste -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "match"), [
    ("", "Paste at least one idea"),
    ("   \n\n\t\n", "Paste at least one idea"),
    ("-\n*\n•", "Paste at least one idea"),
    (None, "Paste ideas as text"),
    (42, "Paste ideas as text"),
    (["idea one", "idea two"], "Paste ideas as text"),
    ("ok\n" + "x" * (TITLE_MAX + 1) + "\nok", "Line 2 is 121 characters.*Nothing was added"),
    ("\n".join(f"idea {i}" for i in range(201)), "201 lines pasted; at most 200"),
], ids=["empty", "blank lines", "bullets only", "none", "number", "list", "long line",
        "too many lines"])
def test_a_bad_bulk_paste_is_refused_and_no_idea_is_added(ctx, text, match):
    with refused(ctx.store, InvalidInput, match):
        services.add_ideas_bulk(ctx.store, ctx.wid, ctx.ann, text)


def test_a_bulk_paste_tagged_to_an_unknown_need_adds_no_idea(ctx):
    with refused(ctx.store, UnknownItem, "That need no longer exists"):
        services.add_ideas_bulk(ctx.store, ctx.wid, ctx.ann, "One\nTwo", [ctx.need_a, 999_999])


# ---- need numbers -----------------------------------------------------------------------------

BAD_LEVELS = [0, 6, -1, 2.5, "abc", True, False, math.nan, math.inf, [3], "7"]


@pytest.mark.parametrize("importance", BAD_LEVELS + [None, ""])
def test_a_need_importance_outside_one_to_five_is_refused_and_nothing_changes(ctx, importance):
    with refused(ctx.store, InvalidInput, "^Importance (must be a whole number from 1 to 5|is "
                                          "required)\\.$"):
        services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, "New need", importance)
    with refused(ctx.store, InvalidInput, "^Importance"):
        services.edit_need(ctx.store, ctx.wid, ctx.ann, ctx.need_b, ctx.seg, "Import contacts",
                          importance)


@pytest.mark.parametrize("satisfaction", BAD_LEVELS)
def test_a_need_satisfaction_outside_one_to_five_is_refused_and_nothing_changes(ctx,
                                                                               satisfaction):
    with refused(ctx.store, InvalidInput,
                 "^Current satisfaction must be a whole number from 1 to 5\\.$"):
        services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, "New need", 3, satisfaction)
    with refused(ctx.store, InvalidInput, "^Current satisfaction"):
        services.edit_need(ctx.store, ctx.wid, ctx.ann, ctx.need_b, ctx.seg, "Import contacts", 3,
                          satisfaction)


def test_a_need_without_a_segment_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, InvalidInput, "Choose a segment"):
        services.add_need(ctx.store, ctx.wid, ctx.ann, None, "New need", 3)
    with refused(ctx.store, InvalidInput, "Choose a segment"):
        services.edit_need(ctx.store, ctx.wid, ctx.ann, ctx.need_b, None, "Import contacts", 3)


# ---- duplicates -------------------------------------------------------------------------------


@pytest.mark.parametrize("statement", ["Fast setup", "fast setup", "FAST SETUP", "  Fast   setup ",
                                       "Fast\tsetup", "fAsT sEtUp"])
def test_the_same_need_statement_twice_in_a_segment_is_refused_and_nothing_changes(ctx,
                                                                                  statement):
    with refused(ctx.store, DuplicateNeed, "already has this need"):
        services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, statement, 3)


def test_editing_a_need_into_a_duplicate_of_another_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, DuplicateNeed, "already has this need"):
        services.edit_need(ctx.store, ctx.wid, ctx.ann, ctx.need_b, ctx.seg, "fast SETUP", 3)


def test_moving_a_need_into_a_segment_that_already_has_it_is_refused(ctx):
    twin = services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.empty_seg, "Fast setup", 2)
    with refused(ctx.store, DuplicateNeed):
        services.edit_need(ctx.store, ctx.wid, ctx.ann, twin, ctx.seg, "Fast setup", 2)


def test_the_same_need_statement_in_another_segment_is_fine(ctx):
    services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.empty_seg, "Fast setup", 3)
    assert (ctx.store.list_needs(ctx.wid)["statement"] == "Fast setup").sum() == 2


@pytest.mark.parametrize("name", ["Impact", "impact", "  IMPACT  ", "Feasibility"])
def test_adding_a_criterion_with_a_taken_name_is_refused_and_nothing_changes(ctx, name):
    with refused(ctx.store, InvalidInput, "There is already a criterion called"):
        services.add_criterion(ctx.store, ctx.wid, ctx.ann, name)


@pytest.mark.parametrize("name", ["Cost", "cost", " FEASIBILITY "])
def test_renaming_a_criterion_to_a_taken_name_is_refused_and_nothing_changes(ctx, name):
    with refused(ctx.store, InvalidInput, "^Two criteria cannot have the same name\\.$"):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann, [(ctx.impact, name, "benefit", 1)])


# ---- criteria: direction, scale, weights -------------------------------------------------------


@pytest.mark.parametrize("direction", ["up", "Benefit", "", None, 1, ["cost"]])
def test_an_unknown_criterion_direction_is_refused_and_nothing_changes(ctx, direction):
    with refused(ctx.store, InvalidInput, "Direction must be 'benefit'"):
        services.add_criterion(ctx.store, ctx.wid, ctx.ann, "Risk", direction)
    with refused(ctx.store, InvalidInput, "Direction must be 'benefit'"):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann, [(ctx.cost, "Cost", direction, 1)])


BAD_WEIGHTS = [-1, -0.01, math.nan, math.inf, -math.inf, "abc", "", None, True, False, [1], 1001]


@pytest.mark.parametrize("weight", BAD_WEIGHTS)
def test_a_negative_non_numeric_or_huge_weight_is_refused_and_nothing_changes(ctx, weight):
    with refused(ctx.store, InvalidWeights, "^Risk: "):
        services.add_criterion(ctx.store, ctx.wid, ctx.ann, "Risk", "cost", weight)
    with refused(ctx.store, InvalidWeights, "^Impact: "):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann, [(ctx.impact, "Impact", "benefit",
                                                               weight)])


@pytest.mark.parametrize(("low", "high", "match"), [
    (5, 1, "lowest value must be below"), (3, 3, "lowest value must be below"),
    (math.nan, 5, "lowest value must be below"), (1, math.inf, "lowest value must be below"),
    ("a", 5, "must be two numbers"), (1, None, "must be two numbers"),
    ([1], 5, "must be two numbers"),
])
def test_a_criterion_scale_that_is_not_low_below_high_is_refused_and_nothing_changes(
        ctx, low, high, match):
    with refused(ctx.store, InvalidInput, match):
        services.add_criterion(ctx.store, ctx.wid, ctx.ann, "Risk", "benefit", 1, low, high)


def test_setting_every_weight_to_zero_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, InvalidWeights, "At least one criterion needs a weight above 0"):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann, [
            (ctx.impact, "Impact", "benefit", 0), (ctx.cost, "Cost", "cost", "0"),
            (ctx.feas, "Feasibility", "benefit", 0.0)])


def test_zeroing_the_last_positive_weight_is_refused_and_nothing_changes(ctx):
    services.update_criteria(ctx.store, ctx.wid, ctx.ann, [
        (ctx.impact, "Impact", "benefit", 0), (ctx.cost, "Cost", "cost", 0)])
    with refused(ctx.store, InvalidWeights, "At least one criterion needs a weight above 0"):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann,
                                [(ctx.feas, "Feasibility", "benefit", 0)])


def test_deleting_the_only_weighted_criterion_is_refused_and_nothing_changes(ctx):
    services.update_criteria(ctx.store, ctx.wid, ctx.ann, [
        (ctx.impact, "Impact", "benefit", 0), (ctx.cost, "Cost", "cost", 0)])
    with refused(ctx.store, InvalidWeights, "At least one criterion needs a weight above 0"):
        services.delete_criterion(ctx.store, ctx.wid, ctx.ann, ctx.feas)


def test_deleting_the_last_criterion_is_refused_and_nothing_changes(ctx):
    services.delete_criterion(ctx.store, ctx.wid, ctx.ann, ctx.cost)
    services.delete_criterion(ctx.store, ctx.wid, ctx.ann, ctx.feas)
    with refused(ctx.store, InvalidInput, "^A workshop needs at least one criterion\\.$"):
        services.delete_criterion(ctx.store, ctx.wid, ctx.ann, ctx.impact)


def test_one_bad_weight_in_a_batch_refuses_the_whole_batch(ctx):
    with refused(ctx.store, InvalidWeights, "^Cost: "):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann, [
            (ctx.impact, "Renamed", "benefit", 2), (ctx.cost, "Cost", "cost", -3)])


@pytest.mark.parametrize("criterion", [999_999, "not an id", None])
def test_updating_an_unknown_criterion_is_refused_and_nothing_changes(ctx, criterion):
    with refused(ctx.store, UnknownItem, "That criterion no longer exists"):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann, [(criterion, "X", "benefit", 1)])


def test_deleting_an_unknown_criterion_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, UnknownItem, "That criterion no longer exists"):
        services.delete_criterion(ctx.store, ctx.wid, ctx.ann, 999_999)


def test_updating_a_criterion_of_another_workshop_is_refused(ctx):
    theirs = ctx.store.list_criteria(ctx.other_wid)[0].id
    with refused(ctx.store, UnknownItem):
        services.update_criteria(ctx.store, ctx.wid, ctx.ann, [(theirs, "Mine", "benefit", 1)])
    with refused(ctx.store, UnknownItem):
        services.delete_criterion(ctx.store, ctx.wid, ctx.ann, theirs)


# ---- scores -----------------------------------------------------------------------------------

BAD_SCORES = [0, 6, -1, 0.999, 5.001, 1e9, math.inf, -math.inf, "abc", "", "nan", True, False,
              [3], {"v": 3}, "4 stars"]


@pytest.mark.parametrize("value", BAD_SCORES)
def test_a_score_off_the_one_to_five_scale_or_not_a_number_is_refused_and_nothing_changes(
        ctx, value):
    with refused(ctx.store, ScoreOutOfRange,
                 "^Setup wizard — Impact: .*1 to 5.*Nothing was saved\\.$"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, value)])


@pytest.mark.parametrize("round_no", [0, 2, 99, -1, "abc", 1.5, True, [1]])
def test_scores_for_a_round_that_has_not_started_or_is_not_a_number_are_refused(ctx, round_no):
    """The workshop is in round 1: only round 1 takes scores."""
    with refused(ctx.store, InvalidInput, "^Round must be a whole number from 1 to 1\\.$"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, 3)],
                             round_no=round_no)


@pytest.mark.parametrize("value", [0, 6, "abc", True])
def test_one_bad_score_refuses_the_whole_batch(ctx, value):
    with refused(ctx.store, ScoreOutOfRange, "Nothing was saved"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [
            (ctx.idea, ctx.impact, 1), (ctx.idea, ctx.feas, 5), (ctx.idea2, ctx.cost, value)])


def test_a_score_is_checked_against_its_own_criterions_scale(ctx):
    risk = services.add_criterion(ctx.store, ctx.wid, ctx.ann, "Risk", "cost", 1, 0, 10)
    services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, risk, 0), (ctx.idea2, risk, 10)])
    with refused(ctx.store, ScoreOutOfRange, "Risk: 11 is outside the scale 0 to 10"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, risk, 11)])


def test_scoring_an_idea_that_is_not_shortlisted_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, InvalidInput, "'Not shortlisted' is not on the shortlist"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, 3),
                                                         (ctx.loose, ctx.impact, 3)])


def test_scoring_an_idea_taken_off_the_shortlist_is_refused_and_nothing_changes(ctx):
    services.set_shortlist(ctx.store, ctx.wid, ctx.ann, [ctx.idea2])
    with refused(ctx.store, InvalidInput, "not on the shortlist"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, 3)])


def test_scoring_a_deleted_idea_is_refused_and_nothing_changes(ctx):
    services.delete_idea(ctx.store, ctx.wid, ctx.ann, ctx.idea)
    with refused(ctx.store, UnknownItem, "That idea no longer exists"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, 3)])


def test_scoring_a_merged_away_idea_is_refused_and_nothing_changes(ctx):
    services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.idea2, ctx.idea], "Merged")
    with refused(ctx.store, UnknownItem, "That idea no longer exists"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, 3)])


def test_scoring_an_idea_of_another_workshop_is_refused_and_nothing_changes(ctx):
    theirs = int(ctx.store.list_ideas(ctx.other_wid)["id"].iloc[0])
    with refused(ctx.store, UnknownItem, "That idea no longer exists"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(theirs, ctx.impact, 3)])


def test_scoring_on_a_deleted_criterion_is_refused_and_nothing_changes(ctx):
    services.delete_criterion(ctx.store, ctx.wid, ctx.ann, ctx.feas)
    with refused(ctx.store, UnknownItem, "That criterion no longer exists"):
        services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, 3),
                                                         (ctx.idea, ctx.feas, 3)])


def test_an_idea_deleted_between_reading_and_saving_scores_saves_nothing(ctx):
    """The store re-checks inside its transaction (another session won the race)."""
    ctx.store.delete_idea(ctx.wid, ctx.ann, ctx.idea2)
    with refused(ctx.store, UnknownItem, "That idea no longer exists"):
        ctx.store.save_scores(ctx.wid, ctx.bo, [(ctx.idea, ctx.impact, 1.0),
                                                (ctx.idea2, ctx.impact, 1.0)])


# ---- ownership, in-use and selections ---------------------------------------------------------


def test_editing_or_deleting_someone_elses_idea_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, WorkbenchError, "only change ideas you added yourself"):
        services.edit_idea(ctx.store, ctx.wid, ctx.bo, ctx.idea, "Mine now", "", [])
    with refused(ctx.store, WorkbenchError, "only change ideas you added yourself"):
        services.delete_idea(ctx.store, ctx.wid, ctx.bo, ctx.idea)
    with refused(ctx.store, WorkbenchError, "only change ideas you added yourself"):
        services.delete_idea(ctx.store, ctx.wid, None, ctx.idea)


def test_deleting_a_need_with_tagged_ideas_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, NeedInUse, "1 idea\\(s\\) are tagged to this need"):
        services.delete_need(ctx.store, ctx.wid, ctx.ann, ctx.need_a)


def test_deleting_a_segment_with_needs_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, SegmentInUse, "still has 2 need\\(s\\)"):
        services.delete_segment(ctx.store, ctx.wid, ctx.ann, ctx.seg)


@pytest.mark.parametrize("copies", [0, 1, 2, 3], ids=["none", "one", "same twice", "same x3"])
def test_merging_fewer_than_two_distinct_ideas_is_refused_and_nothing_changes(ctx, copies):
    chosen = [ctx.idea] * copies
    with refused(ctx.store, InvalidInput, "^Choose at least two ideas to merge\\.$"):
        services.merge_ideas(ctx.store, ctx.wid, ctx.ann, chosen, "Merged")


@pytest.mark.parametrize("selection", [["abc"], [None], [[1]], 5])
def test_a_malformed_selection_is_refused_and_nothing_changes(ctx, selection):
    with refused(ctx.store, InvalidInput, "^Shortlist: unexpected selection\\.$"):
        services.set_shortlist(ctx.store, ctx.wid, ctx.ann, selection)
    with refused(ctx.store, InvalidInput, "^Needs: unexpected selection\\.$"):
        services.add_idea(ctx.store, ctx.wid, ctx.ann, "Tagged badly", "", selection)
    with refused(ctx.store, InvalidInput, "^Needs: unexpected selection\\.$"):
        services.edit_idea(ctx.store, ctx.wid, ctx.ann, ctx.idea, "Tagged badly", "", selection)


def test_shortlisting_an_unknown_idea_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, UnknownItem, "That idea no longer exists"):
        services.set_shortlist(ctx.store, ctx.wid, ctx.ann, [ctx.idea, 999_999])


def test_tagging_an_idea_to_an_unknown_need_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, UnknownItem, "That need no longer exists"):
        services.add_idea(ctx.store, ctx.wid, ctx.ann, "New", "", [999_999])
    with refused(ctx.store, UnknownItem, "That need no longer exists"):
        services.edit_idea(ctx.store, ctx.wid, ctx.ann, ctx.idea, "Setup wizard", "", [999_999])


def test_tagging_an_idea_to_a_need_of_another_workshop_is_refused(ctx):
    seg = services.add_segment(ctx.store, ctx.other_wid, None, "Theirs")
    theirs = services.add_need(ctx.store, ctx.other_wid, None, seg, "Their need", 3)
    with refused(ctx.store, UnknownItem, "That need no longer exists"):
        services.add_idea(ctx.store, ctx.wid, ctx.ann, "New", "", [theirs])


@pytest.mark.parametrize("action", ["merge", "score idea", "score criterion", "need segment"])
def test_a_malformed_id_in_other_selections_is_refused_with_a_named_error(ctx, action):
    with refused(ctx.store, WorkbenchError):
        if action == "merge":
            services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.idea, "abc"], "Merged")
        elif action == "score idea":
            services.save_scores(ctx.store, ctx.wid, ctx.bo, [("abc", ctx.impact, 3)])
        elif action == "score criterion":
            services.save_scores(ctx.store, ctx.wid, ctx.bo, [(ctx.idea, [1], 3)])
        else:
            services.add_need(ctx.store, ctx.wid, ctx.ann, "abc", "New need", 3)


# ---- things another session deleted meanwhile --------------------------------------------------

GONE_WORKSHOP: dict[str, Callable[[Ctx], object]] = {
    "edit workshop": lambda c: services.edit_workshop(c.store, c.wid, c.ann, "T", ""),
    "archive": lambda c: services.set_archived(c.store, c.wid, c.ann, True),
    "join": lambda c: services.join(c.store, c.wid, "Late comer"),
    "add segment": lambda c: services.add_segment(c.store, c.wid, c.ann, "Seg"),
    "edit segment": lambda c: services.edit_segment(c.store, c.wid, c.ann, c.seg, "Seg", ""),
    "delete segment": lambda c: services.delete_segment(c.store, c.wid, c.ann, c.empty_seg),
    "add need": lambda c: services.add_need(c.store, c.wid, c.ann, c.seg, "New need", 3),
    "edit need": lambda c: services.edit_need(c.store, c.wid, c.ann, c.need_b, c.seg, "N", 3),
    "delete need": lambda c: services.delete_need(c.store, c.wid, c.ann, c.need_b),
    "add evidence": lambda c: services.add_evidence(c.store, c.wid, c.ann, c.need_a, "Q"),
    "delete evidence": lambda c: c.store.delete_evidence(c.wid, c.ann, c.evidence),
    "add idea": lambda c: services.add_idea(c.store, c.wid, c.ann, "New idea"),
    "bulk add": lambda c: services.add_ideas_bulk(c.store, c.wid, c.ann, "One\nTwo"),
    "edit idea": lambda c: services.edit_idea(c.store, c.wid, c.ann, c.idea, "T", "", []),
    "delete idea": lambda c: services.delete_idea(c.store, c.wid, c.ann, c.idea),
    "shortlist": lambda c: services.set_shortlist(c.store, c.wid, c.ann, [c.idea]),
    "empty shortlist": lambda c: services.set_shortlist(c.store, c.wid, c.ann, []),
    "merge": lambda c: services.merge_ideas(c.store, c.wid, c.ann, [c.idea, c.idea2], "M"),
    "add criterion": lambda c: services.add_criterion(c.store, c.wid, c.ann, "Risk"),
    "update criteria": lambda c: services.update_criteria(
        c.store, c.wid, c.ann, [(c.impact, "Impact", "benefit", 2)]),
    "save scores": lambda c: services.save_scores(c.store, c.wid, c.bo,
                                                 [(c.idea, c.impact, 3)]),
    "delete workshop": lambda c: c.store.delete_workshop(c.wid, c.ann),
}


@pytest.mark.parametrize("action", list(GONE_WORKSHOP))
def test_acting_on_a_workshop_another_session_deleted_is_refused_and_nothing_changes(ctx,
                                                                                     action):
    ctx.store.delete_workshop(ctx.wid)
    with refused(ctx.store, (UnknownWorkshop, UnknownItem), "no longer exists"):
        GONE_WORKSHOP[action](ctx)


def test_deleting_a_criterion_of_a_workshop_another_session_deleted_says_it_is_gone(ctx):
    ctx.store.delete_workshop(ctx.wid)
    with refused(ctx.store, (UnknownWorkshop, UnknownItem), "no longer exists"):
        services.delete_criterion(ctx.store, ctx.wid, ctx.ann, ctx.impact)


GONE_IDEA: dict[str, Callable[[Ctx], object]] = {
    "edit": lambda c: services.edit_idea(c.store, c.wid, c.ann, c.idea, "T", "", []),
    "delete": lambda c: services.delete_idea(c.store, c.wid, c.ann, c.idea),
    "shortlist": lambda c: services.set_shortlist(c.store, c.wid, c.ann, [c.idea, c.idea2]),
    "merge as survivor": lambda c: services.merge_ideas(c.store, c.wid, c.ann,
                                                       [c.idea, c.idea2], "M"),
    "merge as absorbed": lambda c: services.merge_ideas(c.store, c.wid, c.ann,
                                                       [c.idea2, c.idea], "M"),
    "score": lambda c: services.save_scores(c.store, c.wid, c.bo, [(c.idea, c.impact, 3)]),
    "store edit": lambda c: c.store.update_idea(c.wid, c.ann, c.idea, "T", "", []),
    "store delete": lambda c: c.store.delete_idea(c.wid, c.ann, c.idea),
}


@pytest.mark.parametrize("how", ["deleted", "merged away"])
@pytest.mark.parametrize("action", list(GONE_IDEA))
def test_acting_on_an_idea_another_session_removed_is_refused_and_nothing_changes(ctx, action,
                                                                                  how):
    if how == "deleted":
        ctx.store.delete_idea(ctx.wid, ctx.ann, ctx.idea)
    else:
        services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.loose, ctx.idea], "Absorbed it")
    with refused(ctx.store, UnknownItem, "^That idea no longer exists"):
        GONE_IDEA[action](ctx)


GONE_OTHER: dict[str, tuple[Callable[[Ctx], object], Callable[[Ctx], object], str]] = {
    "edit a deleted segment": (
        lambda c: services.delete_segment(c.store, c.wid, c.ann, c.empty_seg),
        lambda c: services.edit_segment(c.store, c.wid, c.ann, c.empty_seg, "S", ""), "segment"),
    "delete a deleted segment": (
        lambda c: services.delete_segment(c.store, c.wid, c.ann, c.empty_seg),
        lambda c: services.delete_segment(c.store, c.wid, c.ann, c.empty_seg), "segment"),
    "add a need to a deleted segment": (
        lambda c: services.delete_segment(c.store, c.wid, c.ann, c.empty_seg),
        lambda c: services.add_need(c.store, c.wid, c.ann, c.empty_seg, "Need", 3), "segment"),
    "edit a deleted need": (
        lambda c: services.delete_need(c.store, c.wid, c.ann, c.need_b),
        lambda c: services.edit_need(c.store, c.wid, c.ann, c.need_b, c.seg, "N", 3), "need"),
    "delete a deleted need": (
        lambda c: services.delete_need(c.store, c.wid, c.ann, c.need_b),
        lambda c: services.delete_need(c.store, c.wid, c.ann, c.need_b), "need"),
    "quote a deleted need": (
        lambda c: services.delete_need(c.store, c.wid, c.ann, c.need_b),
        lambda c: services.add_evidence(c.store, c.wid, c.ann, c.need_b, "Q"), "need"),
    "tag an idea to a deleted need": (
        lambda c: services.delete_need(c.store, c.wid, c.ann, c.need_b),
        lambda c: services.add_idea(c.store, c.wid, c.ann, "I", "", [c.need_b]), "need"),
    "retag an idea to a deleted need": (
        lambda c: services.delete_need(c.store, c.wid, c.ann, c.need_b),
        lambda c: services.edit_idea(c.store, c.wid, c.ann, c.idea, "I", "", [c.need_b]), "need"),
    "delete deleted evidence": (
        lambda c: c.store.delete_evidence(c.wid, c.ann, c.evidence),
        lambda c: c.store.delete_evidence(c.wid, c.ann, c.evidence), "evidence quote"),
    "reweigh a deleted criterion": (
        lambda c: services.delete_criterion(c.store, c.wid, c.ann, c.feas),
        lambda c: services.update_criteria(c.store, c.wid, c.ann,
                                          [(c.feas, "Feasibility", "benefit", 1)]), "criterion"),
    "delete a deleted criterion": (
        lambda c: services.delete_criterion(c.store, c.wid, c.ann, c.feas),
        lambda c: services.delete_criterion(c.store, c.wid, c.ann, c.feas), "criterion"),
}


@pytest.mark.parametrize("case", list(GONE_OTHER))
def test_acting_on_something_another_session_deleted_is_refused_and_nothing_changes(ctx, case):
    remove, act, kind = GONE_OTHER[case]
    remove(ctx)
    with refused(ctx.store, UnknownItem, f"^That {kind} no longer exists"):
        act(ctx)


@pytest.mark.parametrize("where", ["deleted segment", "other workshop's segment"])
def test_moving_a_need_into_a_segment_that_is_gone_or_foreign_is_refused(ctx, where):
    if where == "deleted segment":
        target = ctx.empty_seg
        services.delete_segment(ctx.store, ctx.wid, ctx.ann, ctx.empty_seg)
    else:
        target = services.add_segment(ctx.store, ctx.other_wid, None, "Theirs")
    with refused(ctx.store, UnknownItem, "^That segment no longer exists"):
        services.edit_need(ctx.store, ctx.wid, ctx.ann, ctx.need_b, target, "Import contacts", 4)


# ---- hostile text is data ---------------------------------------------------------------------
# name -> (store the text, read it back)

ROUND_TRIPS: dict[str, tuple[Callable[[Ctx, str], object], Callable[[Ctx, object], str]]] = {
    "workshop title": (lambda c, t: services.create_workshop(c.store, t, "g"),
                       lambda c, r: c.store.get_workshop(r).title),
    "workshop goal": (lambda c, t: services.create_workshop(c.store, "t", t),
                      lambda c, r: c.store.get_workshop(r).goal),
    "edited workshop title": (lambda c, t: services.edit_workshop(c.store, c.wid, c.ann, t, t),
                              lambda c, r: c.store.get_workshop(c.wid).title),
    "display name": (lambda c, t: services.join(c.store, c.wid, t).id,
                     lambda c, r: c.store.list_participants(c.wid).set_index("id").loc[r, "name"]),
    "segment name": (lambda c, t: services.add_segment(c.store, c.wid, c.ann, t, t),
                     lambda c, r: c.store.list_segments(c.wid).set_index("id").loc[r, "name"]),
    "segment description": (
        lambda c, t: services.add_segment(c.store, c.wid, c.ann, "s", t),
        lambda c, r: c.store.list_segments(c.wid).set_index("id").loc[r, "description"]),
    "need statement": (
        lambda c, t: services.add_need(c.store, c.wid, c.ann, c.empty_seg, t, 3),
        lambda c, r: c.store.list_needs(c.wid).set_index("id").loc[r, "statement"]),
    "evidence quote": (
        lambda c, t: services.add_evidence(c.store, c.wid, c.ann, c.need_a, t, t),
        lambda c, r: c.store.list_evidence(c.wid).set_index("id").loc[r, "quote"]),
    "evidence source": (
        lambda c, t: services.add_evidence(c.store, c.wid, c.ann, c.need_a, "q", t),
        lambda c, r: c.store.list_evidence(c.wid).set_index("id").loc[r, "source"]),
    "idea title": (lambda c, t: services.add_idea(c.store, c.wid, c.ann, t, t),
                   lambda c, r: c.store.get_idea(r).title),
    "idea description": (lambda c, t: services.add_idea(c.store, c.wid, c.ann, "i", t),
                         lambda c, r: c.store.get_idea(r).description),
    "edited idea title": (
        lambda c, t: services.edit_idea(c.store, c.wid, c.ann, c.idea, t, t, [c.need_a]),
        lambda c, r: c.store.list_ideas(c.wid).set_index("id").loc[c.idea, "title"]),
    "bulk pasted title": (lambda c, t: services.add_ideas_bulk(c.store, c.wid, c.ann, f"• {t}")[0],
                          lambda c, r: c.store.get_idea(r).title),
    "merged title": (lambda c, t: services.merge_ideas(c.store, c.wid, c.ann, [c.idea, c.idea2], t),
                     lambda c, r: c.store.get_idea(r).title),
    "criterion name": (lambda c, t: services.add_criterion(c.store, c.wid, c.ann, t),
                       lambda c, r: next(x.name for x in c.store.list_criteria(c.wid)
                                         if x.id == r)),
}


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("field", list(ROUND_TRIPS))
def test_hostile_text_is_stored_and_returned_byte_for_byte(ctx, field, text):
    store_it, read_it = ROUND_TRIPS[field]
    before_ideas = len(ctx.store.list_ideas(ctx.wid))
    ref = store_it(ctx, text)
    assert read_it(ctx, ref) == text
    assert set(TABLES) <= {r[0] for r in ctx.store.write(lambda cur: cur.execute(
        "SELECT table_name FROM information_schema.tables").fetchall())}
    assert len(ctx.store.list_ideas(ctx.wid)) >= before_ideas - 1       # merge hides one
    assert not ctx.store.all_scores(ctx.wid).empty


def test_hostile_multiline_text_keeps_its_lines_exactly(ctx):
    text = "\n".join(HOSTILE)
    idea = services.add_idea(ctx.store, ctx.wid, ctx.ann, "Multi", text)
    assert ctx.store.get_idea(idea).description == text
    need_text = "x" + HOSTILE[3]
    need = services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, need_text, 2)
    assert ctx.store.need_statement_taken(ctx.seg, need_text.upper())
    assert ctx.store.list_needs(ctx.wid).set_index("id").loc[need, "statement"] == need_text


def test_hostile_text_in_a_duplicate_check_is_compared_as_data(ctx):
    services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, "' OR '1'='1", 2)
    with refused(ctx.store, DuplicateNeed):
        services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, "' or '1'='1", 2)
    services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, "%", 2)
    services.add_need(ctx.store, ctx.wid, ctx.ann, ctx.seg, "_", 2)     # not a LIKE wildcard
    statements = ctx.store.list_needs(ctx.wid)["statement"].tolist()
    assert {"%", "_", "' OR '1'='1"} <= set(statements)


# ---- a need with its new segment, in one go (issue 17) ------------------------------------------


def _one_go(c: Ctx, name: object, statement: object = "Manage many clients",
            importance: object = 3, satisfaction: object = None) -> tuple[int, int]:
    return services.add_need_with_segment(c.store, c.wid, c.ann, name, statement, importance,
                                          satisfaction)


@pytest.mark.parametrize("name, match", [
    ("", "^Segment name cannot be empty"),
    ("  \t ", "^Segment name cannot be empty"),
    (None, "^Segment name cannot be empty"),
    ("\u200b\ufeff", "^Segment name cannot be empty"),
    ("x" * (NAME_MAX + 1), "^Segment name is 61 characters; the limit is 60"),
    (42, "^Segment name must be text"),
    ("SMB\u202eowners", r"^Segment name contains an invisible control character \(U\+202E\)"),
    ("SMB\x00owners", r"^Segment name contains an invisible control character \(U\+0000\)"),
    ("SMB owners", "^There is already a segment called “SMB owners”"),
    ("smb OWNERS", "^There is already a segment called “smb OWNERS”"),
    ("  SMB   owners ", "^There is already a segment called “SMB owners”"),
    ("SMB \u043ewners", "^There is already a segment called"),         # Cyrillic о
    ("Empty segment", "^There is already a segment called “Empty segment”"),
], ids=["empty", "spaces", "none", "invisible", "too long", "not text", "bidi", "nul",
        "taken", "taken, other case", "taken, other spacing", "look-alike", "taken, empty"])
def test_a_bad_segment_name_in_one_go_writes_neither_segment_nor_need(ctx, name, match):
    with refused(ctx.store, InvalidInput, match):
        _one_go(ctx, name)


@pytest.mark.parametrize("statement, importance, satisfaction, match", [
    ("", 3, None, "^Need statement cannot be empty"),
    ("x" * (STATEMENT_MAX + 1), 3, None, "^Need statement is 301 characters"),
    ("Fine", 0, None, "^Importance"),
    ("Fine", "high", None, "^Importance"),
    ("Fine", 3, 6, "^Current satisfaction"),
    ("Fine", 3, math.nan, "^Current satisfaction"),
], ids=["empty", "too long", "importance 0", "importance text", "satisfaction 6",
        "satisfaction nan"])
def test_a_bad_need_in_one_go_creates_no_segment_either(ctx, statement, importance,
                                                          satisfaction, match):
    with refused(ctx.store, InvalidInput, match):
        _one_go(ctx, "Agencies", statement, importance, satisfaction)


def test_one_go_on_a_workshop_another_session_deleted_is_refused(ctx):
    ctx.store.delete_workshop(ctx.wid)
    with refused(ctx.store, (UnknownWorkshop, UnknownItem), "no longer exists"):
        _one_go(ctx, "Agencies")


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_segment_name_in_one_go_is_stored_as_data(ctx, text):
    segment, need = _one_go(ctx, text, statement=text, satisfaction=2)
    assert ctx.store.list_segments(ctx.wid).set_index("id").loc[segment, "name"] == text
    row = ctx.store.list_needs(ctx.wid).set_index("id").loc[need]
    assert (row["segment_id"], row["statement"], row["importance"], row["satisfaction"]) == (
        segment, text, 3, 2)
    with refused(ctx.store, InvalidInput, "^There is already a segment called"):
        _one_go(ctx, text.upper())


# ---- merging and unmerging ---------------------------------------------------------------------


def test_merging_an_idea_with_itself_is_refused_and_nothing_changes(ctx):
    with refused(ctx.store, InvalidInput, "^Choose at least two ideas to merge\\.$"):
        services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.idea, ctx.idea, str(ctx.idea)],
                             "Merged")


def test_merging_an_idea_of_another_workshop_is_refused_and_nothing_changes(ctx):
    theirs = int(ctx.store.list_ideas(ctx.other_wid)["id"].iloc[0])
    for chosen in ([ctx.idea, theirs], [theirs, ctx.idea]):
        with refused(ctx.store, UnknownItem, "^That idea no longer exists"):
            services.merge_ideas(ctx.store, ctx.wid, ctx.ann, chosen, "Across")


def test_merging_an_idea_already_merged_is_refused_and_nothing_changes(ctx):
    services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.idea, ctx.loose], "Merged once")
    for chosen in ([ctx.idea2, ctx.loose], [ctx.loose, ctx.idea2]):
        with refused(ctx.store, UnknownItem, "^That idea no longer exists"):
            services.merge_ideas(ctx.store, ctx.wid, ctx.ann, chosen, "Merged twice")


@pytest.mark.parametrize("merge_id, match", [
    ("abc", "^Merge: unexpected selection\\.$"),
    (None, "^Merge: unexpected selection\\.$"),
    (True, "^Merge: unexpected selection\\.$"),
    (999_999, "^There is no such merge in this workshop"),
], ids=["text", "none", "bool", "unknown"])
def test_unmerging_something_that_is_not_a_merge_is_refused_and_nothing_changes(ctx, merge_id,
                                                                                 match):
    with refused(ctx.store, InvalidInput, match):
        services.unmerge_ideas(ctx.store, ctx.wid, ctx.ann, merge_id)


def test_unmerging_an_idea_that_was_not_merged_is_refused_and_nothing_changes(ctx):
    """An idea's id is not a merge's: the idea was never merged, so there is nothing to undo."""
    with refused(ctx.store, InvalidInput, "^There is no such merge in this workshop"):
        services.unmerge_ideas(ctx.store, ctx.wid, ctx.ann, ctx.idea)


def test_unmerging_twice_or_in_another_workshop_is_refused_and_nothing_changes(ctx):
    services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.idea, ctx.idea2], "Merged")
    merge_id = int(ctx.store.list_merges(ctx.wid)["id"].iloc[0])
    with refused(ctx.store, InvalidInput, "^There is no such merge in this workshop"):
        services.unmerge_ideas(ctx.store, ctx.other_wid, None, merge_id)
    services.unmerge_ideas(ctx.store, ctx.wid, ctx.ann, merge_id)
    with refused(ctx.store, InvalidInput, "^That merge has already been undone\\.$"):
        services.unmerge_ideas(ctx.store, ctx.wid, ctx.ann, merge_id)


def test_unmerging_an_earlier_merge_before_the_latest_is_refused_and_nothing_changes(ctx):
    first = services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.idea, ctx.idea2], "Two")
    services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [first, ctx.loose], "Three")
    earlier = int(ctx.store.list_merges(ctx.wid)["id"].iloc[-1])
    with refused(ctx.store, InvalidInput, "^“Three” has a later merge: undo the latest merge "
                                          "into it first\\.$"):
        services.unmerge_ideas(ctx.store, ctx.wid, ctx.ann, earlier)


def test_a_participant_cannot_merge_or_unmerge_in_a_live_workshop_and_nothing_changes(ctx):
    start = services.start_live_workshop(ctx.store, "Live", "", "Fiona")
    wid, fiona = start.seat.workshop.id, start.seat.participant.id
    pat = services.join_with_code(ctx.store, start.seat.workshop.join_code, "Pat").participant.id
    services.set_phase(ctx.store, wid, fiona, "diverge")
    a, b = (services.add_idea(ctx.store, wid, pat, t) for t in ("Dark mode", "Night theme"))
    with refused(ctx.store, NotFacilitator, "^Only the facilitator can merge ideas\\.$"):
        services.merge_ideas(ctx.store, wid, pat, [a, b], "Both")
    services.merge_ideas(ctx.store, wid, fiona, [a, b], "Both")
    merge_id = int(ctx.store.list_merges(wid)["id"].iloc[0])
    for who in (pat, None):
        with refused(ctx.store, (NotFacilitator, WorkbenchError), "facilitator|Join"):
            services.unmerge_ideas(ctx.store, wid, who, merge_id)
    services.unmerge_ideas(ctx.store, wid, fiona, merge_id)


# ---- the brainstorm focus --------------------------------------------------------------------


def test_focus_on_another_workshops_need_or_a_deleted_need_is_refused(ctx):
    other_seg = services.add_segment(ctx.store, ctx.other_wid, None, "Other segment")
    other_need = services.add_need(ctx.store, ctx.other_wid, None, other_seg, "Other need", 3)
    with refused(ctx.store, UnknownItem, "That need no longer exists"):
        services.set_focus_need(ctx.store, ctx.wid, ctx.ann, other_need)
    services.delete_need(ctx.store, ctx.wid, ctx.ann, ctx.need_b)
    with refused(ctx.store, UnknownItem, "That need no longer exists"):
        services.set_focus_need(ctx.store, ctx.wid, ctx.ann, ctx.need_b)
    for junk in ("abc", 1.5, True):
        with refused(ctx.store, InvalidInput, "^Need: unexpected selection\\.$"):
            services.set_focus_need(ctx.store, ctx.wid, ctx.ann, junk)


def test_a_participant_cannot_push_the_focus_in_a_live_workshop_and_nothing_changes(ctx):
    start = services.start_live_workshop(ctx.store, "Live", "", "Fiona")
    wid, fiona = start.seat.workshop.id, start.seat.participant.id
    pat = services.join_with_code(ctx.store, start.seat.workshop.join_code, "Pat").participant.id
    seg = services.add_segment(ctx.store, wid, fiona, "Buyers")
    need = services.add_need(ctx.store, wid, fiona, seg, "Know the price", 5, 1)
    with refused(ctx.store, NotFacilitator,
                 "^Only the facilitator can choose the need everyone brainstorms next\\.$"):
        services.set_focus_need(ctx.store, wid, pat, need)
    with refused(ctx.store, (NotFacilitator, WorkbenchError), "facilitator|Join"):
        services.set_focus_need(ctx.store, wid, None, need)
    services.set_focus_need(ctx.store, wid, fiona, need)
    assert ctx.store.focus_need(wid) == need


# ---- themes ----------------------------------------------------------------------------------


def _themed(ctx: Ctx) -> tuple[int, ...]:
    """Themes suggested for the three ideas; returns the theme ids (by name)."""
    services.suggest_themes(ctx.store, ctx.wid, ctx.ann, 2)
    return tuple(int(t) for t in ctx.store.themes(ctx.wid)["id"])


def test_themes_on_fewer_than_three_ideas_or_a_bad_count_are_refused(ctx):
    services.delete_idea(ctx.store, ctx.wid, ctx.ann, ctx.loose)
    with refused(ctx.store, InvalidInput, "^Themes need at least 3 ideas; there are 2\\.$"):
        services.suggest_themes(ctx.store, ctx.wid, ctx.ann, 2)
    services.add_idea(ctx.store, ctx.wid, ctx.ann, "Third idea")
    for bad in (0, 4, 1.5, "2", True, None):
        with refused(ctx.store, InvalidInput, "number of themes"):
            services.suggest_themes(ctx.store, ctx.wid, ctx.ann, bad)


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, "Mall\u202eory", None, 7])
def test_an_empty_too_long_or_hostile_theme_name_is_refused(ctx, name):
    first, second = _themed(ctx)
    with refused(ctx.store, InvalidInput, "Theme name"):
        services.rename_theme(ctx.store, ctx.wid, ctx.ann, first, name)
    idea = int(ctx.store.idea_themes(ctx.wid)["idea_id"].iloc[0])
    with refused(ctx.store, InvalidInput, "Theme name"):
        services.split_theme(ctx.store, ctx.wid, ctx.ann, first, [idea], name)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_theme_name_with_markup_or_sql_is_kept_literally(ctx, name):
    first, _ = _themed(ctx)
    services.rename_theme(ctx.store, ctx.wid, ctx.ann, first, name)
    assert name in set(ctx.store.themes(ctx.wid)["name"])


def test_a_duplicate_theme_name_is_refused(ctx):
    first, second = _themed(ctx)
    services.rename_theme(ctx.store, ctx.wid, ctx.ann, first, "Onboarding")
    with refused(ctx.store, InvalidInput, "^There is already a theme called “ONBOARDING”\\.$"):
        services.rename_theme(ctx.store, ctx.wid, ctx.ann, second, "ONBOARDING")


def test_theme_fixes_on_another_workshops_themes_or_ideas_or_merged_ideas_are_refused(ctx):
    first, second = _themed(ctx)
    other = services.add_idea(ctx.store, ctx.other_wid, None, "Two")
    services.add_idea(ctx.store, ctx.other_wid, None, "Three")
    services.suggest_themes(ctx.store, ctx.other_wid, None, 1)
    (foreign,) = (int(t) for t in ctx.store.themes(ctx.other_wid)["id"])
    with refused(ctx.store, UnknownItem, "That theme no longer exists"):
        services.move_idea(ctx.store, ctx.wid, ctx.ann, ctx.idea, foreign)
    with refused(ctx.store, UnknownItem, "That idea no longer exists"):
        services.move_idea(ctx.store, ctx.wid, ctx.ann, other, first)
    with refused(ctx.store, UnknownItem, "That theme no longer exists"):
        services.join_themes(ctx.store, ctx.wid, ctx.ann, [first, foreign])
    with refused(ctx.store, UnknownItem, "That theme no longer exists"):
        services.rename_theme(ctx.store, ctx.wid, ctx.ann, foreign, "Mine now")
    with refused(ctx.store, InvalidInput, "^Choose at least two themes to join\\.$"):
        services.join_themes(ctx.store, ctx.wid, ctx.ann, [first, first])
    services.merge_ideas(ctx.store, ctx.wid, ctx.ann, [ctx.idea, ctx.loose], "Both")
    with refused(ctx.store, UnknownItem, "That idea no longer exists"):
        services.move_idea(ctx.store, ctx.wid, ctx.ann, ctx.loose, second)


def test_splitting_every_idea_out_of_a_theme_is_refused(ctx):
    services.suggest_themes(ctx.store, ctx.wid, ctx.ann, 1)
    (only,) = (int(t) for t in ctx.store.themes(ctx.wid)["id"])
    with refused(ctx.store, InvalidInput, "^Leave at least one idea in the theme"):
        services.split_theme(ctx.store, ctx.wid, ctx.ann, only,
                             [ctx.idea, ctx.idea2, ctx.loose], "All")
    with refused(ctx.store, InvalidInput, "^Choose the ideas that go into the new theme\\.$"):
        services.split_theme(ctx.store, ctx.wid, ctx.ann, only, [], "None")


def test_a_participant_cannot_change_themes_in_a_live_workshop_and_nothing_changes(ctx):
    start = services.start_live_workshop(ctx.store, "Live", "", "Fiona")
    wid, fiona = start.seat.workshop.id, start.seat.participant.id
    pat = services.join_with_code(ctx.store, start.seat.workshop.join_code, "Pat").participant.id
    services.set_phase(ctx.store, wid, fiona, "diverge")
    for title in ("Dark mode", "Night theme", "Invoice export"):
        services.add_idea(ctx.store, wid, pat, title)
    for who in (pat, None):
        with refused(ctx.store, (NotFacilitator, WorkbenchError), "facilitator|Join"):
            services.suggest_themes(ctx.store, wid, who, 2)
    services.suggest_themes(ctx.store, wid, fiona, 2)
    theme = int(ctx.store.themes(wid)["id"].iloc[0])
    with refused(ctx.store, NotFacilitator, "^Only the facilitator can change themes\\.$"):
        services.rename_theme(ctx.store, wid, pat, theme, "Mine")
