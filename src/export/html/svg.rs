//! Graphviz's SVG made fit to sit inside the page: only drawing elements
//! and their geometry, re-escaped by finkg, nothing that runs or loads.
//!
//! The SVG is read with quick-xml and written again element by element:
//! declarations, comments and doctypes go; `<title>` (the node ids Graphviz
//! shows as native tooltips) goes; `<a>` links are unwrapped; any element
//! outside the small set Graphviz draws with (`script`, `foreignObject`,
//! `image` …) goes with everything inside it; attributes that could run or
//! load something (`on…`, `href`, `style`) go, and so do the root's size and
//! namespaces (the page sizes it, and HTML needs none). Text and attribute
//! values are unescaped and escaped again, so the output holds only
//! `&amp;`, `&lt;`, `&gt;` and `&quot;` references.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::fmt::Write as _;

/// Elements kept as they are (their attributes filtered).
const KEEP: &[&str] = &[
    "svg",
    "g",
    "polygon",
    "polyline",
    "path",
    "ellipse",
    "circle",
    "rect",
    "line",
    "text",
    "tspan",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
];

/// Elements whose children are kept without them.
const UNWRAP: &[&str] = &["a"];

/// The root attributes the page sets itself.
const ROOT_DROPPED: &[&str] = &["width", "height", "xmlns", "xmlns:xlink", "id", "class"];

/// Clean Graphviz's SVG (see the module docs); `root_attrs` are added to the
/// `<svg>` element, already escaped. An error says what could not be read.
pub(crate) fn clean_svg(svg: &str, root_attrs: &[(&str, &str)]) -> Result<String, String> {
    let mut reader = Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut out = String::with_capacity(svg.len());
    // One entry per open element: whether its end tag is written, and
    // whether it holds text (whose spaces all count).
    let mut open: Vec<(bool, bool)> = Vec::new();
    // Depth inside a dropped element, 0 when writing.
    let mut skipping = 0usize;
    let mut roots = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Eof => break,
            Event::Start(_) if skipping > 0 => skipping += 1,
            Event::Empty(_) if skipping > 0 => {}
            Event::End(_) if skipping > 0 => skipping -= 1,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let in_text = open.last().is_some_and(|o| o.1);
                if UNWRAP.contains(&name.as_str()) {
                    if !empty {
                        open.push((false, in_text));
                    }
                    continue;
                }
                if !KEEP.contains(&name.as_str()) || (name == "svg" && !open.is_empty()) {
                    if !empty {
                        skipping = 1;
                    }
                    continue;
                }
                let root = name == "svg";
                if root {
                    roots += 1;
                }
                out.push('<');
                out.push_str(&name);
                for a in e.attributes() {
                    let a = a.map_err(|e| format!("a bad attribute in <{name}>: {e}"))?;
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    if !keep_attribute(&key, root) {
                        continue;
                    }
                    let value = a
                        .unescape_value()
                        .map_err(|e| format!("a bad value of {key} in <{name}>: {e}"))?;
                    let _ = write!(out, " {key}=\"{}\"", escape(&value, true));
                }
                if root {
                    for (k, v) in root_attrs {
                        let _ = write!(out, " {k}=\"{v}\"");
                    }
                }
                if empty {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    open.push((true, in_text || name == "text" || name == "tspan"));
                }
            }
            Event::End(e) => {
                let (written, _) = open.pop().ok_or("an end tag with no start")?;
                if written {
                    out.push_str("</");
                    out.push_str(&String::from_utf8_lossy(e.name().as_ref()));
                    out.push('>');
                }
            }
            Event::Text(t) if skipping == 0 && !open.is_empty() => {
                let text = t.decode().map_err(|e| e.to_string())?;
                if text.trim().is_empty() && !open.last().is_some_and(|o| o.1) {
                    // Whitespace between elements: one line break keeps it readable.
                    if text.contains('\n') && !out.ends_with('\n') {
                        out.push('\n');
                    }
                } else {
                    out.push_str(&escape(&text, false));
                }
            }
            Event::GeneralRef(r) if skipping == 0 && !open.is_empty() => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let reference = format!("&{name};");
                let text = quick_xml::escape::unescape(&reference)
                    .map_err(|e| format!("an unknown reference {reference}: {e}"))?;
                out.push_str(&escape(&text, false));
            }
            Event::CData(c) if skipping == 0 && !open.is_empty() => {
                let text = c.decode().map_err(|e| e.to_string())?;
                out.push_str(&escape(&text, false));
            }
            // Declarations, doctypes, comments, processing instructions, text
            // outside the root or inside a dropped element.
            _ => {}
        }
    }
    if roots != 1 || !open.is_empty() {
        return Err("no complete <svg> element".into());
    }
    Ok(out.trim().to_string())
}

fn keep_attribute(key: &str, root: bool) -> bool {
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("on") || lower.contains("href") || lower == "style" {
        return false;
    }
    if lower.starts_with("xlink:") || lower.starts_with("xml:") {
        return false;
    }
    !(root && ROOT_DROPPED.contains(&key))
}

/// Text or an attribute value with `&`, `<`, `>` (and `"` in values) escaped.
pub(crate) fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAPHVIZ: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generated by graphviz version 2.43.0 (0)
 -->
<svg width="143pt" height="131pt"
 viewBox="0.00 0.00 143.19 131.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 127)">
<title>%3</title>
<!-- a -->
<g id="n0" class="node k1">
<title>a</title>
<g id="a_n0"><a xlink:title="tip &amp; more">
<ellipse fill="none" stroke="black" cx="67.59" cy="-105" rx="67.69" ry="18"/>
<text text-anchor="middle" x="67.59" y="-101.3">&lt;script&gt;A&amp;&#45;B</text>
</a>
</g>
</g>
</g>
</svg>
"##;

    #[test]
    fn graphviz_svg_keeps_its_drawing_and_loses_the_rest() {
        let out = clean_svg(GRAPHVIZ, &[("id", "graph")]).unwrap();
        assert!(
            out.starts_with(r#"<svg viewBox="0.00 0.00 143.19 131.00" id="graph">"#),
            "{out}"
        );
        assert!(out.ends_with("</svg>"), "{out}");
        assert!(
            out.contains(r#"<g id="n0" class="node k1">"#),
            "ids and classes stay: {out}"
        );
        assert!(
            out.contains(r#"<ellipse fill="none" stroke="black""#),
            "{out}"
        );
        // Text stays text: re-escaped, references resolved.
        assert!(
            out.contains(">&lt;script&gt;A&amp;-B</text>"),
            "the label is escaped text: {out}"
        );
        for gone in [
            "<?xml",
            "DOCTYPE",
            "<!--",
            "<title",
            "<a ",
            "</a>",
            "xlink",
            "http",
            "width=",
            "tip &amp; more",
        ] {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
    }

    #[test]
    fn anything_that_runs_or_loads_is_dropped() {
        let hostile = r##"<svg viewBox="0 0 1 1" onload="alert(1)">
<script>alert(2)</script>
<g onclick="alert(3)" style="background:url(http://x)" class="node">
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(4)</script></div></foreignObject>
<image href="http://x/y.png"/><image xlink:href="http://x/y.png"></image>
<a xlink:href="javascript:alert(5)"><text>ok</text></a>
<svg><text>nested</text></svg>
<style>@import url(http://x);</style>
<polygon points="0,0 1,1" fill="red"/>
</g>
</svg>"##;
        let out = clean_svg(hostile, &[]).unwrap();
        assert_eq!(
            out,
            "<svg viewBox=\"0 0 1 1\">\n<g class=\"node\">\n<text>ok</text>\n<polygon points=\"0,0 1,1\" fill=\"red\"/>\n</g>\n</svg>"
        );
    }

    #[test]
    fn spaces_between_references_in_text_stay() {
        let out = clean_svg(
            "<svg><g>\n<text>&gt; &amp; &quot;Co&quot; <tspan> x</tspan> &#39;Ltd&#39;</text>\n</g></svg>",
            &[],
        )
        .unwrap();
        assert_eq!(
            out,
            "<svg><g>\n<text>&gt; &amp; \"Co\" <tspan> x</tspan> 'Ltd'</text>\n</g></svg>"
        );
    }

    #[test]
    fn what_is_not_svg_is_an_error() {
        assert!(clean_svg("", &[]).is_err());
        assert!(clean_svg("<svg><g></svg>", &[]).is_err());
        assert!(clean_svg("<svg></svg><svg></svg>", &[]).is_err());
        assert!(clean_svg("<svg><text>&bogus;</text></svg>", &[]).is_err());
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">&</a>"#, false),
            r#"&lt;a href="x"&gt;&amp;&lt;/a&gt;"#
        );
        assert_eq!(escape(r#"say "hi""#, true), "say &quot;hi&quot;");
    }
}
