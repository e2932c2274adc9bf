//! The graph page of `finkg serve` and `finkg view`: one HTML shell, one
//! script (`app.js`) and one style (`app.css`), finkg's own. Served, the
//! page loads them from `/assets/` and reads the JSON API; written by
//! `finkg view`, the page holds them inline (allowed by hash in its
//! Content-Security-Policy) with the answers the script would ask for
//! (see [`static_page`]) in a `<script type="application/json">` block,
//! and works offline from `file://`.

use super::data::{self, EdgeDetail, EntityDetail, Legend, Stats, Subgraph};
use super::{script_json, sha256_source, svg::escape};
use crate::export::ExportError;
use crate::graph::GraphStore;
use crate::schema::Ontology;
use serde::Serialize;
use std::collections::BTreeMap;

/// The page's script.
pub const APP_JS: &str = include_str!("app.js");
/// The page's style.
pub const APP_CSS: &str = include_str!("app.css");

/// The served page's Content-Security-Policy: its own script, style and
/// API, nothing else.
pub const SERVED_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A built-in asset by file name (`app.js`, `app.css`), with its MIME type;
/// nothing else is served, whatever the path.
pub fn asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    match name {
        "app.js" => Some((APP_JS.as_bytes(), "text/javascript; charset=utf-8")),
        "app.css" => Some((APP_CSS.as_bytes(), "text/css; charset=utf-8")),
        _ => None,
    }
}

/// The shell around the page: `head_extra` goes in `<head>` (the style),
/// `body_end` before `</body>` (data and script).
fn shell(title: &str, subtitle: &str, head_extra: &str, body_end: &str) -> String {
    format!(
        "<!DOCTYPE html>\n\
<html lang=\"en\">\n\
<head>\n\
<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<meta name=\"generator\" content=\"finkg {version}\">\n\
<title>{title}</title>\n\
{head_extra}\n\
</head>\n\
<body>\n\
<header>\n\
<h1>finkg</h1>\n\
<span class=\"sub\" id=\"subtitle\">{subtitle}</span>\n\
<div id=\"searchbox\" role=\"search\">\n\
<input id=\"search\" type=\"search\" placeholder=\"Search a name, alias or ticker  ( / )\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"Search entities by name, alias or ticker\" aria-controls=\"results\">\n\
<ul id=\"results\" role=\"listbox\" hidden></ul>\n\
</div>\n\
<span id=\"stats\"></span>\n\
</header>\n\
<div id=\"main\">\n\
<div id=\"canvas\" tabindex=\"0\">\n\
<svg id=\"graph\" role=\"img\" aria-label=\"graph\"></svg>\n\
<div class=\"hint\">The entities with the most support; click one to expand it, an arrow for its sentences.</div>\n\
<div class=\"legend\" id=\"legend\"></div>\n\
<div class=\"zoom\"><button type=\"button\" id=\"zoom-in\" title=\"Zoom in\">+</button><button type=\"button\" id=\"zoom-out\" title=\"Zoom out\">&#8722;</button><button type=\"button\" id=\"zoom-fit\" title=\"Fit to the window\">&#9633;</button></div>\n\
</div>\n\
<aside>\n\
<div class=\"tabs\" role=\"tablist\">\n\
<button type=\"button\" role=\"tab\" data-tab=\"details\" aria-selected=\"true\">Details</button>\n\
<button type=\"button\" role=\"tab\" data-tab=\"query\" aria-selected=\"false\">Cypher</button>\n\
<button type=\"button\" role=\"tab\" data-tab=\"questions\" aria-selected=\"false\">Questions</button>\n\
</div>\n\
<div class=\"panel\" id=\"tab-details\" aria-live=\"polite\"><p class=\"muted\">Click an entity or a relation, or search one.</p><noscript>This page needs JavaScript.</noscript></div>\n\
<div class=\"panel\" id=\"tab-query\" hidden>\n\
<label for=\"cypher\" class=\"muted\">Cypher (Ctrl+Enter runs it)</label>\n\
<textarea id=\"cypher\" spellcheck=\"false\">MATCH (b:broker)-[r:forecasts]-&gt;(c:company)\nRETURN b.name AS broker, count(c) AS companies\nORDER BY companies DESC LIMIT 10</textarea>\n\
<div class=\"row\"><button type=\"button\" class=\"act\" id=\"run\">Run</button><button type=\"button\" class=\"act alt\" id=\"explain\">Explain</button><button type=\"button\" class=\"act alt\" id=\"show-in-graph\" disabled>Show in graph</button></div>\n\
<div id=\"explain-out\"></div>\n\
<div id=\"query-out\"></div>\n\
</div>\n\
<div class=\"panel\" id=\"tab-questions\" hidden></div>\n\
</aside>\n\
</div>\n\
{body_end}\n\
</body>\n\
</html>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = escape(title, false),
        subtitle = escape(subtitle, false),
    )
}

/// The page `finkg serve` answers at `/`.
pub fn served_page(_ontology: &Ontology) -> String {
    shell(
        "finkg",
        "",
        "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/assets/app.css\">",
        "<script src=\"/assets/app.js\"></script>",
    )
}

/// What a page written by `finkg view` holds: the answers the script asks
/// the server for, for the whole (filtered) graph.
#[derive(Debug, Serialize)]
pub struct StaticData {
    /// `finkg-page/1`.
    pub format: &'static str,
    /// Kinds and colours.
    pub legend: Legend,
    /// Totals.
    pub stats: Stats,
    /// The first screen.
    pub overview: Subgraph,
    /// Every entity and relation (for search, expansion, show in graph).
    pub all: Subgraph,
    /// Each entity's panel, by id.
    pub entities: BTreeMap<String, EntityDetail>,
    /// Each relation's panel, by number.
    pub edges: BTreeMap<u32, EdgeDetail>,
}

/// The data of a page of `store`.
pub fn static_data(store: &GraphStore, ontology: &Ontology, overview: usize) -> StaticData {
    let v = store.view();
    let entities: Vec<u32> = (0..store.node_count() as u32)
        .filter(|&n| !v.is_metric(n))
        .collect();
    let all = data::subgraph(store, &entities, false);
    let mut details = BTreeMap::new();
    let mut edges = BTreeMap::new();
    for &n in &entities {
        if let Some(d) = data::entity(store, n) {
            for l in d.outgoing.iter().chain(&d.incoming) {
                if let Some(e) = data::edge(store, l.edge) {
                    edges.insert(l.edge, e);
                }
            }
            for m in &d.metrics {
                if let Some(e) = data::edge(store, m.edge) {
                    edges.insert(m.edge, e);
                }
            }
            details.insert(d.id.clone(), d);
        }
    }
    StaticData {
        format: "finkg-page/1",
        legend: Legend::new(ontology),
        stats: data::stats(store),
        overview: data::overview(store, overview),
        all,
        entities: details,
        edges,
    }
}

/// Only the page's own script and style, by hash, and images of its own
/// data (the target charts); nothing loads.
fn static_csp() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; \
         connect-src 'none'; base-uri 'none'; form-action 'none'",
        sha256_source(APP_JS),
        sha256_source(APP_CSS)
    )
}

/// The self-contained page `finkg view` writes.
pub fn static_page(data: &StaticData, subtitle: &str) -> Result<String, ExportError> {
    let json = script_json(data)?;
    let head = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<style>{APP_CSS}</style>",
        static_csp()
    );
    let body = format!(
        "<script type=\"application/json\" id=\"finkg-data\">{json}</script>\n<script>{APP_JS}</script>"
    );
    let title = if subtitle.trim().is_empty() {
        "finkg knowledge graph".to_string()
    } else {
        format!("finkg knowledge graph · {subtitle}")
    };
    Ok(shell(&title, subtitle, &head, &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    #[test]
    fn assets_are_found_by_exact_name_only() {
        assert!(asset("app.js").is_some());
        assert!(asset("app.css").is_some());
        for bad in ["../app.js", "app.js/", "/etc/passwd", "..%2Fapp.js", ""] {
            assert!(asset(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_static_page_holds_its_data_and_no_markup_from_names() {
        let mut g = sample();
        let mut x = crate::graph::tests::doc_a();
        x.doc.id = "hostile".into();
        let hostile = "</script><img src=x onerror=alert(1)>";
        x.entities
            .push(crate::graph::tests::ent(hostile, "company", &[], &[]));
        x.relations[0].subject = hostile.into();
        g.ingest(x);
        let store = GraphStore::build(&g);
        let schema = crate::Schema::bundled().unwrap();
        let d = static_data(&store, &schema.ontology, 40);
        assert!(d.entities.values().any(|e| e.name.contains("onerror")));
        let page = static_page(&d, "a <b> subtitle").unwrap();
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "only the two script ends"
        );
        assert!(!page.contains("<img"));
        assert!(page.contains("a &lt;b&gt; subtitle"));
        assert!(page.contains("id=\"finkg-data\""));
    }
}
