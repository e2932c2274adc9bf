//! The discourse state of a document: what the rules know when they read a sentence
//! (the report being summarised and its broker, the company in focus, the last
//! broker, person and index named, the sentences before, whether a list of risks is
//! open). Every stage walks the sentences with one of these; [`Discourse::begin`] and
//! [`Discourse::end`] are the only places that change it.

use super::{rounds, Sent};
use crate::resolve::Registry;
use crate::schema::Cls;
// (two lookups for every company and index mentioned: a fast hash)
use foldhash::HashMap;

/// What the rules remember from one sentence to the next.
#[derive(Debug, Default)]
pub(crate) struct Discourse {
    /// The news publisher the article names.
    pub publisher: Option<usize>,
    /// Index of the sentence being read.
    pub index: usize,
    /// The broker whose research report is being summarised.
    pub report: Option<usize>,
    /// The broker that opens its report in this sentence ("CITIC Securities released a
    /// research report stating that …").
    pub opened: Option<usize>,
    /// Inside a "Risk factors:" list of a report.
    pub in_risks: bool,
    /// The company most mentioned before this sentence (the latest on a tie).
    pub focus: Option<usize>,
    /// The broker named last before this sentence.
    pub last_broker: Option<usize>,
    /// The person named last before this sentence.
    pub last_person: Option<usize>,
    /// The index named last before this sentence.
    pub last_index: Option<usize>,
    /// The index most named before this sentence (the latest on a tie): what "the
    /// index" of a note on one market points back at, though others are compared.
    pub index_focus: Option<usize>,
    /// Entities of the previous sentence, in order.
    pub prev: Vec<usize>,
    /// Every entity mentioned before this sentence, in order.
    pub seen: Vec<usize>,
    /// The company this sentence names as raising money.
    pub raiser_here: Option<usize>,
    /// The company that raised money last, and how many sentences ago.
    pub raiser: Option<(usize, usize)>,
    /// Index of the first sentence of this sentence's paragraph (its line of the text).
    pub paragraph: usize,
    line: Option<usize>,
    company_mentions: HashMap<usize, usize>,
    index_mentions: HashMap<usize, usize>,
}

impl Discourse {
    /// A fresh state for a document whose publisher is known.
    pub(crate) fn new(publisher: Option<usize>) -> Discourse {
        Discourse {
            publisher,
            ..Discourse::default()
        }
    }

    /// Enter sentence `index`: a section end closes the report, a heading opens or
    /// closes a list of risks, a broker may open its report.
    pub(crate) fn begin(&mut self, index: usize, sent: &Sent<'_>, reg: &Registry) {
        self.index = index;
        if self.line != Some(sent.s.line) {
            self.paragraph = index;
            self.line = Some(sent.s.line);
        }
        if sent.section_end {
            self.report = None;
        }
        // a heading line ("Risk factors:", "Investment strategy:") opens a section; in
        // a list of risks the report states what could go wrong, not what it expects
        if let Some(title) = heading(sent.s.text) {
            self.in_risks = sent.has_in(Cls::RiskWords, title.0, title.1);
        }
        self.opened = report_opener(sent, reg, index == 0);
        if let Some(b) = self.opened {
            self.report = Some(b);
        }
        // a funding round: who raises (named before the verb), or whom a round led by
        // named investors is for
        let (here, led) = rounds::raiser_in(sent, reg);
        self.raiser_here = here;
        if let Some(r) = led.or(here) {
            self.raiser = Some((r, 0));
        }
    }

    /// The company raising money in this sentence: the one it names, else the one of a
    /// round named up to three sentences back.
    pub(crate) fn raiser_now(&self) -> Option<usize> {
        self.raiser_here
            .or(self.raiser.filter(|&(_, age)| age <= 3).map(|(r, _)| r))
    }

    /// How often the company in focus has been named so far.
    fn focus_mentions(&self) -> usize {
        self.focus
            .and_then(|f| self.company_mentions.get(&f).copied())
            .unwrap_or(0)
    }

    /// Leave the sentence: it becomes what later sentences look back at.
    pub(crate) fn end(&mut self, sent: &Sent<'_>, reg: &Registry) {
        let k = &reg.k;
        for m in &sent.ms {
            let kind = reg.kind(m.eid);
            if kind == k.broker {
                self.last_broker = Some(m.eid);
            } else if kind == k.person {
                self.last_person = Some(m.eid);
            } else if kind == k.index {
                self.last_index = Some(m.eid);
                count_mention(&mut self.index_mentions, &mut self.index_focus, m.eid);
            }
        }
        // the company in focus: the most mentioned so far, the latest on a tie
        // (a publisher or data vendor is never what an article is about)
        for m in &sent.ms {
            if reg.kind(m.eid) == k.company && !reg.entities[m.eid].source {
                count_mention(&mut self.company_mentions, &mut self.focus, m.eid);
            }
        }
        // a rating or target sentence about one company puts it in focus, however often
        // others were named before ("Halden raised Quenby to Buy. The target rises to $34.")
        // ("Pell analyst Ida Holm raised Quenby to Overweight from Equal-Weight": a rating
        // cue and a rating word say so without the word "rating")
        if sent.has(Cls::RatingContext) || (sent.has(Cls::RatingCues) && sent.has(Cls::Ratings)) {
            let mut rated = sent
                .ms
                .iter()
                .filter(|m| reg.kind(m.eid) == k.company && !reg.entities[m.eid].source);
            if let Some(first) = rated.next() {
                if rated.all(|m| m.eid == first.eid) {
                    let best = self.focus_mentions();
                    let n = self.company_mentions.entry(first.eid).or_insert(0);
                    *n = (*n).max(best);
                    self.focus = Some(first.eid);
                }
            }
        }
        if let Some((_, age)) = self.raiser.as_mut() {
            *age += 1;
        }
        self.prev.clear();
        self.prev.extend(sent.ms.iter().map(|m| m.eid));
        self.seen.extend(sent.ms.iter().map(|m| m.eid));
    }

    /// The state in one line, by entity names (for traces).
    pub(crate) fn describe(&self, reg: &Registry) -> String {
        let name = |e: Option<usize>| e.map_or("-".to_string(), |e| reg.entities[e].name.clone());
        format!(
            "report: {}; focus: {}; last broker: {}; last person: {}; last index: {}; publisher: {}{}",
            name(self.report),
            name(self.focus),
            name(self.last_broker),
            name(self.last_person),
            name(self.last_index),
            name(self.publisher),
            if self.in_risks { "; in a list of risks" } else { "" }
        )
    }

    /// The entity of a kind named last before this sentence.
    pub(crate) fn last_of_kind(
        &self,
        reg: &Registry,
        kind: crate::schema::KindSet,
    ) -> Option<usize> {
        self.seen
            .iter()
            .rev()
            .copied()
            .find(|&e| kind.has(reg.kind(e)))
    }
}

/// Count one more mention of `e`; it becomes the `lead` (what a passage is about) when
/// named at least as often as the lead so far (the latest wins a tie).
fn count_mention(counts: &mut HashMap<usize, usize>, lead: &mut Option<usize>, e: usize) {
    let n = {
        let n = counts.entry(e).or_insert(0);
        *n += 1;
        *n
    };
    let best = lead.and_then(|l| counts.get(&l).copied()).unwrap_or(0);
    if n >= best {
        *lead = Some(e);
    }
}

/// The title of a heading line (short, ending with a colon), as a byte range.
fn heading(t: &str) -> Option<(usize, usize)> {
    let lead = t.len() - t.trim_start().len();
    let trimmed = t.trim();
    let title = trimmed.strip_suffix(':')?;
    (title.split_whitespace().count() <= 5).then_some((lead, lead + title.len()))
}

/// A broker that opens its research report in this sentence: "<broker> released a
/// research report …" (an opener within four words after it), "the main views of
/// <broker>" (an intro right before it), or a headline "<broker>: …" on the first line.
fn report_opener(sent: &Sent<'_>, reg: &Registry, first: bool) -> Option<usize> {
    let t = sent.s.text;
    for b in sent.ms.iter().filter(|m| reg.kind(m.eid) == reg.k.broker) {
        let limit = b.end + 60;
        let opener = sent
            .hits_of(Cls::ReportOpeners)
            .find(|h| h.start() >= b.end && h.end() <= limit)
            .is_some_and(|h| sent.words_between(b.end, h.start()) <= 4);
        if opener || sent.ends_at(Cls::ReportIntros, b.start) {
            return Some(b.eid);
        }
        if first && b.start <= 2 && t[b.end..].trim_start().starts_with(':') {
            return Some(b.eid);
        }
    }
    None
}
