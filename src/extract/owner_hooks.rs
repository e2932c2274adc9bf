//! The owner tiers that stay code (`Hook(…)` in `owner_tiers`): a multiple given to
//! something, what a clause points back at, a sector opening the sentence, a counted
//! group, the valued company, respectively-pairing, restated lists, the subject of a
//! figure, and the topics a figure continues. Each reads the sentence view (the one
//! scan's hits) and the discourse state through [`FigureCx`].

use super::back_refs::{refers_back, Back};
use super::figure_cx::{Decision, FigureCx};
use super::figures::{run_of, skip_space, Bare};
use super::{roles, topics, Sent};
use crate::model::Unit;
use crate::schema::tiers::OwnerHook;
use crate::schema::Cls;

/// Run an owner hook for the figure. `below` is what the tiers after this one (down to
/// its `below`) decide.
pub(crate) fn run(
    h: OwnerHook,
    cx: &FigureCx<'_, '_>,
    below: &dyn Fn() -> Option<usize>,
) -> Option<Decision> {
    let owner = match h {
        OwnerHook::GivenToNothing => {
            return matches!(given_to(cx), Some(None)).then_some(Decision::Nobody)
        }
        OwnerHook::GivenTo => given_to(cx).flatten(),
        OwnerHook::RefersBack => refers_back_owner(cx),
        OwnerHook::OpeningSector => opening_sector(cx, below),
        OwnerHook::CountedGroup => counted_group(cx),
        OwnerHook::ValuedCompany => valued_company(cx),
        OwnerHook::Paired => paired(cx),
        OwnerHook::Restated => restated(cx),
        OwnerHook::Subject => subject(cx),
        OwnerHook::SectorByWord => topics::sector_by_word(cx),
        OwnerHook::PreviousSentence => topics::previous_sentence(cx),
        OwnerHook::FirstFigure => cx.assigned.iter().flatten().next().copied(),
        OwnerHook::ParagraphTopic => topics::paragraph_topic(cx),
        OwnerHook::PassageFocus => topics::passage_focus(cx),
    };
    owner.map(Decision::Owner)
}

/// "assigning about 30x to Big Tech, 28.5x to the rest of Tech": a multiple given `to`
/// something is that thing's (Some(Some)); when no entity is named there, it is no
/// one's here (Some(None)); None when the figure is no multiple given to anything.
fn given_to(cx: &FigureCx<'_, '_>) -> Option<Option<usize>> {
    let sent = cx.sent;
    let t = sent.s.text;
    let q = cx.q();
    if q.unit != Some(Unit::Multiple) {
        return None;
    }
    let followed_by_space = |end: usize| t.as_bytes().get(end) == Some(&b' ');
    // "giving Big Tech about 30x, the rest of Tech 28.5x, and the remainder of the index
    // 20.5x": a list item that opens with "the" and its own words before the multiple
    // gives it to what it names; a name there owns it, none makes it no one's
    if let Some(i) = t[..q.start].rfind(", ").map(|i| i + 2) {
        let item = &t[i..q.start];
        let item = item.strip_prefix("and ").unwrap_or(item);
        let opens_the = sent
            .hit_starting(Cls::DefiniteArticle, q.start - item.len())
            .is_some_and(|h| followed_by_space(h.end()));
        if opens_the && !item.contains(|c: char| c.is_ascii_digit()) {
            return Some(
                cx.owners
                    .iter()
                    .find(|m| m.start >= i && m.end <= q.start)
                    .map(|m| m.eid),
            );
        }
    }
    let mut at = skip_space(t, q.end);
    if let Some(h) = sent.hit_starting(Cls::MultipleWords, at) {
        if followed_by_space(h.end()) {
            at = h.end() + 1;
        }
    }
    let to = sent.hit_starting(Cls::GivenToWords, at)?;
    if !followed_by_space(to.end()) {
        return None;
    }
    let at = to.end() + 1;
    // "20x to 25x earnings" is a range
    if t[at..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let the = sent
        .hit_starting(Cls::DefiniteArticle, at)
        .filter(|h| followed_by_space(h.end()))
        .map_or(at, |h| h.end() + 1);
    Some(
        cx.owners
            .iter()
            .find(|m| m.start == at || m.start == the)
            .map(|m| m.eid),
    )
}

/// The company in focus, the index or the model the figure's clause points back at
/// ("sliding 3.2% as the index edged up 0.3%"), unless a name of the clause is written
/// after the pointing word (a model is pointed back at even after its maker).
fn refers_back_owner(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let sent = cx.sent;
    let q = cx.q();
    let reg = cx.reg;
    let (back, at) = refers_back(sent, sent.figure_clause(q.start, false), q.start)?;
    // (a model owns no money: "the company behind the Kimi chatbot … $500 million")
    let money_q = q.unit.is_some_and(Unit::is_money) || q.scaled;
    let in_clause = || {
        cx.owners
            .iter()
            .filter(move |m| m.end <= q.start && m.start >= cx.cs)
    };
    let owner_in_clause = in_clause().any(|m| !(money_q && reg.kind(m.eid) == reg.k.model));
    let last_owner = in_clause().map(|m| m.end).max();
    if owner_in_clause && back != Back::Model && last_owner.is_none_or(|e| at <= e) {
        return None;
    }
    // "Miners were the worst performers on the index, shedding 1.8%": "the index" after
    // a preposition is no subject when a company or sector is named before it
    if back == Back::Index
        && after_preposition(sent, at)
        && cx
            .owners
            .iter()
            .any(|m| m.end <= at && [reg.k.company, reg.k.sector].contains(&reg.kind(m.eid)))
    {
        return None;
    }
    match back {
        Back::Company => cx.focus(),
        Back::Index => cx.index_in_focus(),
        Back::Model => cx.in_sentence(reg.k.model),
    }
}

/// "Energy was the best-performing sector in the S&P 500, gaining 4%": a sector opening
/// the sentence is the subject of its first clause, not an index or company named after
/// a preposition; an owner the tiers below find written before the figure, not after a
/// preposition, stays.
fn opening_sector(cx: &FigureCx<'_, '_>, below: &dyn Fn() -> Option<usize>) -> Option<usize> {
    let sent = cx.sent;
    let t = sent.s.text;
    let q = cx.q();
    if cx.cs != 0 {
        return None;
    }
    let first = sent.ms.iter().min_by_key(|m| m.start)?;
    let opens = t[..first.start].trim().is_empty();
    // the subject is followed by its verb, not by "'s" or a list
    let verb = !t[first.end..]
        .trim_start()
        .starts_with(['\'', '’', ',', '/']);
    if !(opens && verb && cx.reg.kind(first.eid) == cx.reg.k.sector) {
        return None;
    }
    let stays = below().is_some_and(|o| {
        !sent
            .ms
            .iter()
            .filter(|m| m.eid == o && m.end <= q.start)
            .all(|m| after_preposition(sent, m.start))
    });
    (!stays).then_some(first.eid)
}

/// Whether the words before byte `at` end with a preposition, "the" aside ("… sector
/// in the S&P 500").
fn after_preposition(sent: &Sent<'_>, at: usize) -> bool {
    let end = sent.past_the(at);
    sent.hit_ending(Cls::OwnerPrepositions, end)
        .is_some_and(|h| h.start() >= 1 && sent.s.text.as_bytes()[h.start() - 1] == b' ')
}

/// A count written right before the name of a sector or an index counts its members
/// ("a basket of 33 Chinese AI stocks"). A sector with an index of the same name in the
/// document gives the count to the index (the index is what was built from them); a
/// sector owns the count only when no named entity is in the sentence.
fn counted_group(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let m = cx.group?;
    let reg = cx.reg;
    let e = &reg.entities[m.eid];
    if e.kind == reg.k.index {
        return Some(m.eid);
    }
    // "leading domestic computing power chain companies" ~ "Domestic Computing Power
    // Chain Index"
    let wanted = cx.words.group_core(&e.name);
    let index = reg
        .entities
        .iter()
        .position(|x| x.kind == reg.k.index && cx.words.group_core(&x.name) == wanted);
    index.or(cx.sectors_only.then_some(m.eid))
}

/// The company a valuation is of: "valuing it at" and "at a $12 billion valuation" speak
/// of the sentence's subject (the company raising or being bought), "valuing the
/// video-game maker" of the company named; investors and news sources are not it.
fn valued_company(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let sent = cx.sent;
    let t = sent.s.text;
    let q = cx.q();
    let reg = cx.reg;
    sent.ms
        .iter()
        .filter(|m| m.end <= q.start && reg.kind(m.eid) == reg.k.company)
        .filter(|m| !sent.starts_at(Cls::ReportingVerbs, m.end))
        .filter(|m| !roles::is_source(t, m))
        .find(|m| {
            let led = sent
                .hits_of(Cls::RoundInvestorCues)
                .any(|h| h.end() <= m.start);
            let head = t[..m.start].trim_end();
            !led && !head.ends_with(',') || head.trim_start().is_empty()
        })
        .map(|m| m.eid)
}

/// With "respectively" (or in slash lists): the k-th value of a list goes to the k-th
/// entity of the last list of entities of the same length written before it.
fn paired(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let run = run_of(cx.value_runs, cx.qi);
    if run.len() < 2 {
        return None;
    }
    let pos = cx.qi - run.start;
    let first = cx.qs[run.start].start;
    let mut i = 0;
    let mut group = None;
    while i < cx.owners.len() {
        let r = run_of(cx.owner_runs, i);
        if cx.owners[r.end - 1].end <= first && r.len() == run.len() {
            group = Some(r.clone());
        }
        i = r.end;
    }
    group.map(|g| cx.owners[g.start + pos].eid)
}

/// A list of values restating the list just before it, in the same order: "130 billion
/// for Alibaba and 82.9 billion for Tencent, or 12.7% and 11.0% of revenue".
fn restated(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let run = run_of(cx.value_runs, cx.qi);
    let k = run.len();
    if k < 2 || run.start < k {
        return None;
    }
    let pos = cx.qi - run.start;
    let earlier = &cx.assigned[run.start - k..run.start];
    if earlier.iter().any(Option::is_none) {
        return None;
    }
    let distinct = earlier
        .iter()
        .enumerate()
        .all(|(i, e)| !earlier[..i].contains(e));
    let sent = cx.sent;
    let prev_end = cx.qs[run.start - 1].end;
    let start = cx.qs[run.start].start;
    let end = sent.s.text[..start].trim_end().len();
    let restates = sent
        .hits_of(Cls::RestatingWords)
        .any(|h| h.end() == end && h.start() >= prev_end);
    (distinct && restates).then(|| earlier[pos]).flatten()
}

/// The entity a figure belongs to as its subject: an entity right after "for" ("35x for
/// Nvidia"), the members of what was just named, the second of a comparison, the
/// speaker "it" stands for, a possessive or name right before it, else the subject of
/// its clause, else of the sentence.
fn subject(cx: &FigureCx<'_, '_>) -> Option<usize> {
    let sent = cx.sent;
    let t = sent.s.text;
    let q = cx.q();
    let reg = cx.reg;
    let owners = cx.owners;
    let space_at = |i: usize| t.as_bytes().get(i) == Some(&b' ');
    let before = |m: &&&super::Ment| m.end <= q.start;
    // "130 billion for Alibaba", "39.2 times for the Nasdaq Composite"
    if let Some(h) = sent.hit_starting(Cls::ForWords, skip_space(t, q.end)) {
        if space_at(h.end()) {
            let at = h.end() + 1;
            let the = |m: &super::Ment| {
                let (s, e) = {
                    let w = &t[at..m.start];
                    let tr = w.trim();
                    let s = at + (tr.as_ptr() as usize - w.as_ptr() as usize);
                    (s, s + tr.len())
                };
                sent.hit_exact(Cls::DefiniteArticle, s, e)
            };
            if let Some(m) = owners
                .iter()
                .find(|m| m.start == at || (m.start > at && the(m)))
            {
                return Some(m.eid);
            }
        }
    }
    // "spearheaded by a 1.9% advance in the luxury index": the name right after the move
    // noun and "in" (past "the" and up to two more words) moved by the figure
    if let Some(h) = sent.hit_starting(Cls::MoveInWords, skip_space(t, q.end)) {
        if space_at(h.end()) {
            if let Some(m) = owners
                .iter()
                .find(|m| super::figures::moved_in(t, h.end(), m))
            {
                return Some(m.eid);
            }
        }
    }
    // the words before the figure, past "the …'s" ("gaining 18% against the index's 4%")
    let mut lead = t[..q.start].trim_end().len();
    if let Some(h) = sent
        .hits_of(Cls::DefiniteArticle)
        .filter(|h| h.start() >= 1 && space_at(h.start() - 1) && space_at(h.end()))
        .filter(|h| h.end() < lead)
        .last()
    {
        let tail = &t[h.end() + 1..lead];
        if tail.ends_with("'s") || tail.ends_with("’s") {
            lead = h.start() - 1;
        }
    }
    // "an index made up of 47 leading suppliers": the members of what was just named
    if sent.ends_at(Cls::MemberLeads, lead) {
        if let Some(m) = owners.iter().filter(before).max_by_key(|m| m.end) {
            return Some(m.eid);
        }
    }
    // "gaining 18% against 4%": the number after "against" is the compared entity's
    if sent.ends_at(Cls::ComparisonLeads, lead) {
        let mut named = owners.iter().filter(before).map(|m| m.eid);
        let first = named.next()?;
        return named.find(|&e| e != first);
    }
    // (a model owns no money: "its investment in the Claude maker to $8 billion")
    let money = q.unit.is_some_and(Unit::is_money) || q.scaled;
    let holds = |m: &&&super::Ment| !(money && reg.kind(m.eid) == reg.k.model);
    // "launched Mistral Medium 3, saying it performs at 90%", "Alibaba said it expects
    // …": the pronoun after a speech verb is the name written last before it (past an
    // apposition such as "the maker of ChatGPT")
    let it = sent
        .hits_of(Cls::SpeechIt)
        .filter(|h| h.start() >= 1 && space_at(h.start() - 1) && space_at(h.end()))
        .filter(|h| h.end() < lead)
        .map(|h| h.start() - 1)
        .max();
    if let Some(it) = it {
        let between = owners.iter().any(|m| m.start > it && m.end <= q.start);
        let named = owners
            .iter()
            .filter(|m| m.end <= it)
            .filter(holds)
            .filter(|m| !sent.ends_at(Cls::AppositionLeads, m.start))
            .max_by_key(|m| m.end);
        if let (false, Some(m)) = (between, named) {
            return Some(m.eid);
        }
    }
    if let Some(m) = owners
        .iter()
        .filter(before)
        .filter(holds)
        .max_by_key(|m| m.end)
    {
        let gap = &t[m.end..q.start];
        if (gap.starts_with("'s ") || gap.starts_with("’s ")) && gap.split_whitespace().count() <= 3
        {
            return Some(m.eid);
        }
        // "Alibaba (09988) 81%", "CSI 1000 Index (15.3%)", "SK hynix vaulting 5.12 percent"
        let bare = Bare::of(t, m.end, q.start);
        let only =
            |c: Cls| bare.contiguous && bare.span.is_some_and(|(s, e)| sent.hit_exact(c, s, e));
        // "Nvidia has beaten the index by 40 points": a margin belongs to the subject
        let margin = only(Cls::MarginWords);
        // "the CSI 300 Index, which added 0.5%": a relative clause speaks of its antecedent
        let which = bare.span.is_some_and(|(s, _)| {
            t[s..].starts_with(", ") && sent.hit_starting(Cls::RelativePronouns, s + 2).is_some()
        });
        // "the best performer was Quenby Aerospace, up 9.2%": a move set off by a comma
        // right after the name is the name's, unless the name follows a preposition
        // ("Meituan was the worst performer on the Hang Seng Index, sliding 7%")
        let apposed = bare.contiguous
            && !after_preposition(sent, m.start)
            && bare.words == 1
            && bare.span.is_some_and(|(s, e)| {
                t[s..].starts_with(',')
                    && sent.hit_exact(Cls::ApposedMoves, skip_space(t, s + 1), e)
            });
        if which || apposed {
            return Some(m.eid);
        }
        // "buy Ampere Computing for $6.5 billion": the price is the buyer's
        let deal = only(Cls::ForWords);
        if !(margin || deal) && bare.words <= 2 && !bare.punct {
            return Some(m.eid);
        }
    }
    // a model owns counts ("1 trillion parameters") but money belongs to its maker
    let rank = |m: &&&super::Ment| money && reg.kind(m.eid) == reg.k.model;
    let cs = cx.cs;
    let in_clause = owners
        .iter()
        .filter(|m| m.start >= cs && m.end <= q.start)
        .min_by_key(|m| (rank(m), m.start));
    // "…, while an index tracking Hong Kong-listed tech firms has risen 6%": a clause
    // whose subject is something unnamed says nothing of the sentence's subject
    let opener = sent.hit_ending(Cls::ContrastOpeners, cs).is_some();
    let unnamed = opener && {
        let at = skip_space(t, cs);
        sent.hit_starting(Cls::IndefiniteSubjects, at)
            .is_some_and(|h| space_at(h.end()))
    };
    if in_clause.is_none() && unnamed {
        return None;
    }
    in_clause
        .or_else(|| {
            owners
                .iter()
                .filter(before)
                .min_by_key(|m| (rank(m), m.start))
        })
        .or_else(|| {
            owners
                .iter()
                .filter(|m| m.start >= q.end)
                .min_by_key(|m| m.start)
        })
        .map(|m| m.eid)
}
