//! A picture of a company's targets over time (`finkg chart targets`): one
//! step line per broker (its target holds until its next action), a marker
//! at each action with its rating, and the price where the graph has one;
//! drawn with plotters as SVG or PNG.
//!
//! Text needs a TrueType font, read from the system once (`FINKG_FONT`, else
//! the usual places of DejaVu Sans, Liberation Sans or Arial, else the first
//! `.ttf` under `/usr/share/fonts`), so nothing is built against a system
//! library.

use crate::graph::{GraphError, KnowledgeGraph};
use crate::model::Unit;
use chrono::{Duration, NaiveDate};
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The entity is not in the graph.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// No dated target for the entity.
    #[error("{company}: no dated target in the graph to draw (ingest dated notes: --manifest, a feed, front matter)")]
    NoTargets {
        /// The entity, as asked.
        company: String,
    },
    /// No font for the chart's text.
    #[error("no TrueType font found for the chart's text: set FINKG_FONT to a .ttf file")]
    NoFont,
    /// Drawing failed.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

/// One step of a broker's line: from this date on, this target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetStep {
    /// Date of the action.
    pub date: NaiveDate,
    /// The target from then on.
    pub target: f64,
    /// The rating stated with it, or the latest before it.
    pub rating: Option<String>,
}

/// What a chart shows: per broker the dated steps of its target, and the
/// prices known on dates, all in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChart {
    /// The company or index.
    pub company: String,
    /// Unit of every value.
    pub unit: Unit,
    /// Steps per broker, oldest first.
    pub brokers: BTreeMap<String, Vec<TargetStep>>,
    /// (date, price) points, oldest first.
    pub prices: Vec<(NaiveDate, f64)>,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl TargetChart {
    /// The chart of an entity (name, alias, ticker or id): its brokers'
    /// dated targets in the unit most of them use.
    pub fn of(g: &KnowledgeGraph, company: &str) -> Result<TargetChart, ChartError> {
        let e = g
            .find_entity(company)
            .ok_or_else(|| GraphError::UnknownEntity {
                name: company.to_string(),
            })?;
        let histories = g.action_histories(Some(&e.id));
        let mut units: BTreeMap<Unit, usize> = BTreeMap::new();
        for h in &histories {
            for a in &h.actions {
                if let (Some(_), Some(u), Some(_)) =
                    (a.target, a.unit, a.date.as_deref().and_then(day))
                {
                    *units.entry(u).or_insert(0) += 1;
                }
            }
        }
        let Some((&unit, _)) = units
            .iter()
            .max_by_key(|(u, n)| (**n, std::cmp::Reverse(**u)))
        else {
            return Err(ChartError::NoTargets {
                company: company.to_string(),
            });
        };
        let mut brokers = BTreeMap::new();
        for h in &histories {
            let mut steps: Vec<TargetStep> = Vec::new();
            let mut rating = None;
            for a in &h.actions {
                rating = a.rating.clone().or(rating);
                let Some(date) = a.date.as_deref().and_then(day) else {
                    continue;
                };
                if let (Some(t), Some(u)) = (a.target, a.unit) {
                    if u == unit && t.is_finite() {
                        steps.push(TargetStep {
                            date,
                            target: t,
                            rating: rating.clone(),
                        });
                    }
                }
            }
            if !steps.is_empty() {
                brokers.insert(h.by.name.clone(), steps);
            }
        }
        let mut prices: Vec<(NaiveDate, f64)> = Vec::new();
        if let Ok(ms) = g.metrics_of(&e.id) {
            for m in ms {
                let l = m.metric.label.to_lowercase();
                let priced = (l.contains("price") || l.contains("close")) && !l.contains("target")
                    || m.evidence.iter().any(|ev| {
                        let s = ev.sentence.to_lowercase();
                        [
                            "closed at",
                            "trades at",
                            "traded at",
                            "trading at",
                            "closing price",
                        ]
                        .iter()
                        .any(|w| s.contains(w))
                            && !s.contains("target")
                    });
                if m.metric.unit != unit || !priced || !m.metric.value.is_finite() {
                    continue;
                }
                let date = m
                    .metric
                    .documents
                    .iter()
                    .filter_map(|d| g.document(d).and_then(|d| d.date.as_deref()).and_then(day))
                    .max();
                if let Some(d) = date {
                    prices.push((d, m.metric.value));
                }
            }
        }
        prices.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        Ok(TargetChart {
            company: e.name.clone(),
            unit,
            brokers,
            prices,
        })
    }

    /// The chart from the `history` properties of a company's `rates` and
    /// `forecasts` edges (what a query or the query store gives: one JSON
    /// array per edge, see [`ActionRecord`](crate::graph::ActionRecord)),
    /// by broker; no prices. `None` when no action has a date and a target.
    pub fn from_histories(company: &str, histories: &[(String, String)]) -> Option<TargetChart> {
        /// One action as a history property holds it.
        type Entry = (NaiveDate, Option<f64>, Option<String>, Option<Unit>);
        let mut by_broker: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        for (broker, json) in histories {
            let Ok(serde_json::Value::Array(items)) = serde_json::from_str(json) else {
                continue;
            };
            for it in items {
                let Some(date) = it["date"].as_str().and_then(day) else {
                    continue;
                };
                let entry = (
                    date,
                    it["target"].as_f64().filter(|t| t.is_finite()),
                    it["rating"].as_str().map(str::to_string),
                    it["unit"].as_str().and_then(|u| u.parse::<Unit>().ok()),
                );
                let list = by_broker.entry(broker.clone()).or_default();
                // the same action is on the broker's rates and forecasts edges
                if !list.contains(&entry) {
                    list.push(entry);
                }
            }
        }
        let mut units: BTreeMap<Unit, usize> = BTreeMap::new();
        for (_, t, _, u) in by_broker.values().flatten() {
            if let (Some(_), Some(u)) = (t, u) {
                *units.entry(*u).or_insert(0) += 1;
            }
        }
        let (&unit, _) = units
            .iter()
            .max_by_key(|(u, n)| (**n, std::cmp::Reverse(**u)))?;
        let mut brokers = BTreeMap::new();
        for (broker, mut list) in by_broker {
            list.sort_by_key(|a| a.0);
            let mut rating = None;
            let mut steps = Vec::new();
            for (date, t, r, u) in list {
                rating = r.or(rating);
                if let (Some(t), Some(u)) = (t, u) {
                    if u == unit {
                        steps.push(TargetStep {
                            date,
                            target: t,
                            rating: rating.clone(),
                        });
                    }
                }
            }
            if !steps.is_empty() {
                brokers.insert(broker, steps);
            }
        }
        Some(TargetChart {
            company: company.to_string(),
            unit,
            brokers,
            prices: Vec::new(),
        })
    }

    /// The first and last dates shown, a little wider than the data.
    fn dates(&self) -> (NaiveDate, NaiveDate) {
        let all = self
            .brokers
            .values()
            .flatten()
            .map(|s| s.date)
            .chain(self.prices.iter().map(|p| p.0));
        let (mut lo, mut hi) = (NaiveDate::MAX, NaiveDate::MIN);
        for d in all {
            lo = lo.min(d);
            hi = hi.max(d);
        }
        let pad = Duration::days(((hi - lo).num_days() / 12).max(15));
        (lo - pad, hi + pad)
    }

    /// The lowest and highest values shown, with a margin.
    fn values(&self) -> (f64, f64) {
        let all = self
            .brokers
            .values()
            .flatten()
            .map(|s| s.target)
            .chain(self.prices.iter().map(|p| p.1));
        let (mut lo, mut hi) = (f64::MAX, f64::MIN);
        for v in all {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        let pad = ((hi - lo) * 0.12).max(hi.abs() * 0.05).max(1e-9);
        ((lo - pad).max(0.0), hi + pad)
    }

    /// Draw on any plotters backend.
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let err = |e: &dyn std::fmt::Display| ChartError::Draw(e.to_string());
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let (d0, d1) = self.dates();
        let (v0, v1) = self.values();
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{}: broker targets ({})", self.company, self.unit),
                (FONT, 22),
            )
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(d0..d1, v0..v1)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .x_labels(6)
            .y_labels(8)
            .x_label_formatter(&|d: &NaiveDate| d.format("%Y-%m").to_string())
            .y_desc(format!("target, {}", self.unit))
            .label_style((FONT, 13))
            .draw()
            .map_err(|e| err(&e))?;
        for (i, (broker, steps)) in self.brokers.iter().enumerate() {
            let color = Palette99::pick(i).mix(1.0);
            // a step line: each target holds until the next action, the last to the end
            let mut line: Vec<(NaiveDate, f64)> = Vec::new();
            for (k, s) in steps.iter().enumerate() {
                if k > 0 {
                    line.push((s.date, steps[k - 1].target));
                }
                line.push((s.date, s.target));
            }
            if let Some(last) = steps.last() {
                line.push((d1 - Duration::days(1), last.target));
            }
            let label = match steps.last().and_then(|s| s.rating.as_deref()) {
                Some(r) => format!("{broker} ({r})"),
                None => broker.clone(),
            };
            chart
                .draw_series(LineSeries::new(line, color.stroke_width(2)))
                .map_err(|e| err(&e))?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
            chart
                .draw_series(
                    steps
                        .iter()
                        .map(|s| Circle::new((s.date, s.target), 4, color.filled())),
                )
                .map_err(|e| err(&e))?;
            // the rating beside the marker where it is new
            let mut shown: Option<&str> = None;
            let mut notes = Vec::new();
            for s in steps {
                let r = s.rating.as_deref();
                if r.is_some() && r != shown {
                    notes.push(Text::new(
                        format!("  {}", r.unwrap_or_default()),
                        (s.date, s.target),
                        (FONT, 12).into_font().color(&color),
                    ));
                }
                shown = r.or(shown);
            }
            chart.draw_series(notes).map_err(|e| err(&e))?;
        }
        if !self.prices.is_empty() {
            chart
                .draw_series(LineSeries::new(
                    self.prices.iter().copied(),
                    BLACK.mix(0.6).stroke_width(1),
                ))
                .map_err(|e| err(&e))?
                .label("price")
                .legend(|(x, y)| Cross::new((x + 9, y), 4, BLACK.stroke_width(1)));
            chart
                .draw_series(
                    self.prices
                        .iter()
                        .map(|p| Cross::new(*p, 5, BLACK.stroke_width(2))),
                )
                .map_err(|e| err(&e))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font((FONT, 13))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
        Ok(())
    }

    /// The chart as an SVG document of `width` × `height` pixels.
    pub fn to_svg(&self, (width, height): (u32, u32)) -> Result<String, ChartError> {
        font()?;
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
            self.draw(root)?;
        }
        Ok(out)
    }

    /// The chart as a PNG image of `width` × `height` pixels.
    pub fn to_png(&self, (width, height): (u32, u32)) -> Result<Vec<u8>, ChartError> {
        font()?;
        let mut rgb = vec![0u8; width as usize * height as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
            self.draw(root)?;
        }
        let mut png_bytes = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut png_bytes, width, height);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc
                .write_header()
                .map_err(|e| ChartError::Draw(e.to_string()))?;
            w.write_image_data(&rgb)
                .map_err(|e| ChartError::Draw(e.to_string()))?;
        }
        Ok(png_bytes)
    }
}

/// The family name the chart's font is registered under.
const FONT: &str = "sans-serif";

/// Register a system font for the chart's text, once.
fn font() -> Result<(), ChartError> {
    static FONT_READY: OnceLock<bool> = OnceLock::new();
    let ok = *FONT_READY.get_or_init(|| {
        let Some(bytes) = font_path().and_then(|p| std::fs::read(p).ok()) else {
            return false;
        };
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        plotters::style::register_font(FONT, FontStyle::Normal, bytes).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::NoFont)
    }
}

/// Where the font is: `FINKG_FONT`, a usual place, or any `.ttf` under
/// `/usr/share/fonts`.
fn font_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FINKG_FONT").map(PathBuf::from) {
        return Some(p);
    }
    let usual = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/Library/Fonts/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "C:\\Windows\\Fonts\\arial.ttf",
    ];
    if let Some(p) = usual.iter().map(Path::new).find(|p| p.is_file()) {
        return Some(p.to_path_buf());
    }
    any_ttf(Path::new("/usr/share/fonts"), 4)
}

fn any_ttf(dir: &Path, depth: usize) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in &entries {
        if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ttf")) {
            return Some(p.clone());
        }
    }
    if depth == 0 {
        return None;
    }
    entries
        .iter()
        .filter(|p| p.is_dir())
        .find_map(|p| any_ttf(p, depth - 1))
}

/// Whether a font for charts is available (tests skip the drawing without one).
pub fn font_available() -> bool {
    font().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{doc, ent, ev};
    use crate::model::{Action, Extraction};

    /// Two brokers' dated notes on one company, and a closing price.
    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let notes = [
            ("d1", "2025-03-10", "Daiwa", Some("buy"), 48.0),
            ("d2", "2025-06-02", "Daiwa", Some("buy"), 60.0),
            ("d3", "2025-06-02", "CLSA", Some("outperform"), 58.0),
            ("d4", "2025-12-01", "Daiwa", Some("neutral"), 52.0),
        ];
        for (id, date, by, rating, target) in notes {
            let mut d = doc(id);
            d.date = Some(date.into());
            let mut metrics = Vec::new();
            if id == "d4" {
                let mut m = crate::graph::tests::metric("Xiaomi", "price", 45.2, Unit::Hkd, id);
                m.evidence = ev(id, 200, "Xiaomi shares closed at HK$45.20.");
                metrics.push(m);
            }
            g.ingest(Extraction {
                doc: d,
                entities: vec![
                    ent(by, "broker", &[], &[]),
                    ent("Xiaomi", "company", &[], &[]),
                ],
                relations: vec![],
                metrics,
                actions: vec![Action {
                    by: by.into(),
                    on: "Xiaomi".into(),
                    analyst: None,
                    rating: rating.map(str::to_string),
                    previous_rating: None,
                    target: Some(target),
                    previous_target: None,
                    unit: Some(Unit::Hkd),
                    initiated: false,
                    evidence: ev(id, 0, "A note."),
                }],
            });
        }
        g
    }

    /// A font, or a skip (a failure under CI).
    fn have_font() -> bool {
        if font_available() {
            return true;
        }
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and there is no font for charts"
        );
        eprintln!("note: no TrueType font; skipping the drawing");
        false
    }

    #[test]
    fn the_chart_holds_each_brokers_dated_steps_and_the_price() {
        let c = TargetChart::of(&graph(), "Xiaomi").unwrap();
        assert_eq!(c.unit, Unit::Hkd);
        let daiwa: Vec<(String, f64)> = c.brokers["Daiwa"]
            .iter()
            .map(|s| (s.date.to_string(), s.target))
            .collect();
        assert_eq!(
            daiwa,
            [
                ("2025-03-10".to_string(), 48.0),
                ("2025-06-02".to_string(), 60.0),
                ("2025-12-01".to_string(), 52.0)
            ]
        );
        assert_eq!(c.brokers["Daiwa"][2].rating.as_deref(), Some("neutral"));
        assert_eq!(c.prices, [(day("2025-12-01").unwrap(), 45.2)]);
        let err = TargetChart::of(&graph(), "Daiwa").unwrap_err().to_string();
        assert!(err.contains("no dated target"), "{err}");
        assert!(TargetChart::of(&graph(), "Nobody").is_err());
    }

    #[test]
    fn a_chart_from_history_properties_is_the_same_chart_without_prices() {
        let g = graph();
        let mut histories = Vec::new();
        for r in g.relations(&crate::graph::RelationFilter::any()) {
            if let Some(h) = r.edge.attrs.get("history") {
                histories.push((r.subject.name.clone(), h.clone()));
            }
        }
        let from_props = TargetChart::from_histories("Xiaomi", &histories).unwrap();
        let mut full = TargetChart::of(&g, "Xiaomi").unwrap();
        full.prices.clear();
        assert_eq!(from_props, full);
        assert!(TargetChart::from_histories("X", &[("B".into(), "not json".into())]).is_none());
    }

    #[test]
    fn hostile_names_are_text_in_the_svg() {
        if !have_font() {
            return;
        }
        let mut c = TargetChart::of(&graph(), "Xiaomi").unwrap();
        c.company = "<script>alert(1)</script> & \"Co\"".into();
        let steps = c.brokers.remove("Daiwa").unwrap();
        c.brokers.insert("Evil <b>&amp;".into(), steps);
        let svg = c.to_svg((600, 400)).unwrap();
        assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
        let mut reader = quick_xml::Reader::from_str(&svg);
        let mut texts = String::new();
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Text(t) => texts.push_str(&t.decode().unwrap()),
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        // plotters leaves markup characters out of its text
        assert!(
            texts.contains("Evil") && texts.contains("alert(1)"),
            "{texts}"
        );
    }

    #[test]
    fn svg_parses_back_and_png_has_its_size() {
        if !have_font() {
            return;
        }
        let c = TargetChart::of(&graph(), "Xiaomi").unwrap();
        let svg = c.to_svg((800, 450)).unwrap();
        // well-formed XML with an <svg> root of the asked size, and the labels
        let mut reader = quick_xml::Reader::from_str(&svg);
        let mut texts = String::new();
        let mut root = None;
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                    if root.is_none() =>
                {
                    root = Some(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                    let w = e.try_get_attribute("width").unwrap().unwrap();
                    assert_eq!(&*w.value, b"800");
                }
                quick_xml::events::Event::Text(t) => {
                    texts.push_str(&t.decode().unwrap());
                    texts.push('|');
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(root.as_deref(), Some("svg"));
        for want in [
            "Xiaomi: broker targets (HKD)",
            "Daiwa (neutral)",
            "CLSA (outperform)",
            "price",
            "2025-06",
        ] {
            assert!(texts.contains(want), "{want} not in {texts}");
        }
        let png = c.to_png((640, 360)).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (640, 360));
        assert!(
            png.len() > 2_000,
            "a drawing, not an empty image: {} bytes",
            png.len()
        );
    }
}
