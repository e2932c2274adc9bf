//! Layers without cycles: no import cycle between the modules of `src/`.
//!
//! Every `.rs` file under `src/` (but `main.rs`, the binary's own crate) is a
//! module. An edge leads from a file to the module a path in it names: every
//! `use` declaration (groups, renames and `self` included, at any depth) and
//! every path written in the code that starts with `crate::`, `super::` or
//! `self::` (`super::engine::words_back(…)` inline counts like a `use`).
//! A path is followed through imports and re-exports, so
//! `crate::KnowledgeGraph` names `graph` (re-exported by `lib.rs`), and
//! `super::Thing` names the sibling a parent's `pub use` takes it from.
//!
//! Edges are read between the two children of the modules' nearest common
//! ancestor (a file under `extract/` naming `graph::store` is an edge
//! `extract -> graph`; `extract/hooks.rs` naming `extract/engine.rs` one
//! between those two siblings). Edges between a module and its own ancestor
//! (a child reading its parent's items, a parent running its children) are
//! Rust's nesting, not layering, and are left out. Unit-test modules
//! (`#[cfg(test)] mod …`) may use any layer and are left out too.
//!
//! Comments, strings and character literals are blanked before anything is
//! read, so a path in a doc comment or a message is no edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path from the crate root (`["extract", "engine"]`).
type ModPath = Vec<String>;

/// One `use` binding: the path as written and the name it binds (`None` for a glob).
#[derive(Debug, Clone)]
struct Import {
    path: Vec<String>,
    name: Option<String>,
    line: usize,
}

/// One file of the crate, read.
#[derive(Debug, Default)]
struct Module {
    file: String,
    /// Bindings of `use` declarations at the file's top level (what other
    /// modules can reach through this one).
    imports: BTreeMap<String, Vec<String>>,
    /// Every path that may name another module: (segments, line).
    paths: Vec<(Vec<String>, usize)>,
    /// Glob imports at the top level.
    globs: Vec<Import>,
    /// Child modules declared `#[cfg(test)] mod name;`.
    test_children: Vec<String>,
}

/// An edge from one file to a module, with the path that makes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: ModPath,
    to: ModPath,
    file: String,
    line: usize,
    path: String,
}

/// Sibling modules that import each other, and the edges that make it so.
#[derive(Debug)]
struct Cycle {
    modules: Vec<String>,
    edges: Vec<Edge>,
}

/// The crate's modules and the edges between them.
#[derive(Debug, Default)]
struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

/// Replaces comments, string literals and character literals by spaces (line
/// breaks kept, so line numbers stay right).
fn blank(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let wipe = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        let prev_ident = i > 0 && ident(b[i - 1]);
        if b[i..].starts_with(b"//") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p);
            wipe(&mut out, i, end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let (mut depth, mut j) = (1, i + 2);
            while j < b.len() && depth > 0 {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            wipe(&mut out, i, j);
            i = j;
        } else if !prev_ident
            && (b[i..].starts_with(b"r#")
                || b[i..].starts_with(b"r\"")
                || b[i..].starts_with(b"br"))
            && raw_string_end(b, i).is_some()
        {
            let end = raw_string_end(b, i).unwrap_or(b.len());
            wipe(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            wipe(&mut out, i, (j + 1).min(b.len()));
            i = j + 1;
        } else if b[i] == b'\'' {
            // a character literal ('a', '\n', '\u{1F600}', '’'), else a lifetime or label
            let end = if b.get(i + 1) == Some(&b'\\') {
                let from = (i + 3).min(b.len());
                b[from..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|p| from + p + 1)
            } else {
                let ch = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 2 + ch)
            };
            match end {
                Some(end) => {
                    wipe(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The end of a raw string (`r"…"`, `r#"…"#`, `br"…"`) starting at `i`, if one does.
fn raw_string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + usize::from(b[i] == b'b') + 1;
    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
    j += hashes;
    if b.get(j) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let body = j + 1;
    b[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map(|p| body + p + close.len())
}

/// Tokens of blanked Rust: identifiers and the punctuation paths are made of.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
}

/// The tokens of `text` with their lines (other characters are skipped).
fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let b = text.as_bytes();
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
            out.push((Tok::Ident(text[start..i].to_string()), line));
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
        } else if b[i..].starts_with(b"::") {
            out.push((Tok::Punct("::"), line));
            i += 2;
        } else {
            let p = match c {
                b'{' => Some("{"),
                b'}' => Some("}"),
                b',' => Some(","),
                b';' => Some(";"),
                b'*' => Some("*"),
                b'#' => Some("#"),
                b'[' => Some("["),
                b']' => Some("]"),
                b'(' => Some("("),
                b')' => Some(")"),
                _ => None,
            };
            if let Some(p) = p {
                out.push((Tok::Punct(p), line));
            }
            i += 1;
        }
    }
    out
}

fn is_ident(t: &Tok, s: &str) -> bool {
    matches!(t, Tok::Ident(x) if x == s)
}

/// Drops `#[cfg(test)] mod name { … }` blocks; returns the kept tokens and the
/// names of `#[cfg(test)] mod name;` children.
fn strip_test_modules(toks: Vec<(Tok, usize)>) -> (Vec<(Tok, usize)>, Vec<String>) {
    let (mut out, mut children, mut i) = (Vec::new(), Vec::new(), 0);
    let cfg_test = [
        Tok::Punct("#"),
        Tok::Punct("["),
        Tok::Ident("cfg".into()),
        Tok::Punct("("),
        Tok::Ident("test".into()),
        Tok::Punct(")"),
        Tok::Punct("]"),
    ];
    while i < toks.len() {
        let at_cfg = toks.len() - i >= cfg_test.len()
            && toks[i..i + cfg_test.len()]
                .iter()
                .map(|t| &t.0)
                .eq(cfg_test.iter());
        if at_cfg {
            // skip visibility (`pub`, `pub(crate)`) up to `mod`
            let mut j = i + cfg_test.len();
            while j < toks.len() && !is_ident(&toks[j].0, "mod") && j - i < cfg_test.len() + 5 {
                j += 1;
            }
            if j + 2 < toks.len() && is_ident(&toks[j].0, "mod") {
                if let Tok::Ident(name) = &toks[j + 1].0 {
                    if toks[j + 2].0 == Tok::Punct(";") {
                        children.push(name.clone());
                        i = j + 3;
                        continue;
                    }
                    if toks[j + 2].0 == Tok::Punct("{") {
                        let (mut depth, mut k) = (1, j + 3);
                        while k < toks.len() && depth > 0 {
                            match toks[k].0 {
                                Tok::Punct("{") => depth += 1,
                                Tok::Punct("}") => depth -= 1,
                                _ => {}
                            }
                            k += 1;
                        }
                        i = k;
                        continue;
                    }
                }
            }
        }
        out.push(toks[i].clone());
        i += 1;
    }
    (out, children)
}

/// Parses one use tree at `toks[*i..]` with `prefix` before it.
fn use_tree(toks: &[(Tok, usize)], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Import>) {
    let line = toks.get(*i).map_or(0, |t| t.1);
    let mut path = prefix;
    loop {
        match toks.get(*i).map(|t| &t.0) {
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                *i += 1;
                if toks.get(*i).map(|t| &t.0) == Some(&Tok::Punct("::")) {
                    *i += 1;
                    continue;
                }
                // the last segment: `self`, a rename, or a name
                let last = path.last().cloned().unwrap_or_default();
                let mut name = Some(last.clone());
                if last == "self" {
                    path.pop();
                    name = path.last().cloned();
                }
                if toks.get(*i).is_some_and(|t| is_ident(&t.0, "as")) {
                    if let Some((Tok::Ident(alias), _)) = toks.get(*i + 1) {
                        name = Some(alias.clone());
                    }
                    *i += 2;
                }
                out.push(Import { path, name, line });
                return;
            }
            Some(Tok::Punct("*")) => {
                *i += 1;
                out.push(Import {
                    path,
                    name: None,
                    line,
                });
                return;
            }
            Some(Tok::Punct("{")) => {
                *i += 1;
                loop {
                    match toks.get(*i).map(|t| &t.0) {
                        Some(Tok::Punct("}")) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Punct(",")) => *i += 1,
                        None => return,
                        _ => use_tree(toks, i, path.clone(), out),
                    }
                }
            }
            // a leading `::` (an extern crate) or anything unexpected
            _ => {
                *i += 1;
                return;
            }
        }
    }
}

/// Reads one file.
fn read_module(file: &str, text: &str) -> Module {
    let (toks, test_children) = strip_test_modules(tokens(&blank(text)));
    let mut m = Module {
        file: file.to_string(),
        test_children,
        ..Module::default()
    };
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Punct("{") => depth += 1,
            Tok::Punct("}") => depth = depth.saturating_sub(1),
            Tok::Ident(k) if k == "use" => {
                let mut j = i + 1;
                let mut imports = Vec::new();
                use_tree(&toks, &mut j, Vec::new(), &mut imports);
                for imp in imports {
                    m.paths.push((imp.path.clone(), imp.line));
                    if depth == 0 {
                        match &imp.name {
                            Some(n) if n != "_" => {
                                m.imports.insert(n.clone(), imp.path.clone());
                            }
                            Some(_) => {}
                            None => m.globs.push(imp),
                        }
                    }
                }
                while j < toks.len() && toks[j].0 != Tok::Punct(";") {
                    j += 1;
                }
                i = j;
            }
            Tok::Ident(k) if k == "crate" || k == "super" || k == "self" => {
                // a path in the code: `crate::a::b`, `super::super::x`
                let line = toks[i].1;
                let mut path = vec![k.clone()];
                let mut j = i + 1;
                while toks.get(j).map(|t| &t.0) == Some(&Tok::Punct("::")) {
                    match toks.get(j + 1).map(|t| &t.0) {
                        Some(Tok::Ident(s)) => path.push(s.clone()),
                        _ => break,
                    }
                    j += 2;
                }
                if path.len() > 1 {
                    m.paths.push((path, line));
                }
                i = j.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    m
}

impl Crate {
    /// Reads the files given as (path under `src/` with `/` separators, text).
    fn from_files(files: &[(String, String)]) -> Crate {
        let mut modules = BTreeMap::new();
        for (rel, text) in files {
            if rel == "main.rs" || !rel.ends_with(".rs") {
                continue;
            }
            let mut parts: ModPath = rel[..rel.len() - 3].split('/').map(String::from).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            modules.insert(parts, read_module(rel, text));
        }
        // files declared `#[cfg(test)] mod x;` are unit tests: left out
        let tests: Vec<ModPath> = modules
            .iter()
            .flat_map(|(p, m)| {
                m.test_children.iter().map(move |c| {
                    let mut q = p.clone();
                    q.push(c.clone());
                    q
                })
            })
            .collect();
        for t in tests {
            modules.remove(&t);
        }
        Crate { modules }
    }

    /// Reads every `.rs` file under `src`.
    fn read(src: &Path) -> Crate {
        fn walk(dir: &Path, src: &Path, out: &mut Vec<(String, String)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|e| e.expect("a directory entry").path())
                .collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    walk(&p, src, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let rel = p.strip_prefix(src).expect("under src");
                    let rel: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    let text = std::fs::read_to_string(&p)
                        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                    out.push((rel.join("/"), text));
                }
            }
        }
        let mut files = Vec::new();
        walk(src, src, &mut files);
        Crate::from_files(&files)
    }

    /// The module a path written in module `from` names: the deepest module it
    /// reaches, following imports and re-exports. `None` for a path outside the
    /// crate (`std::…`, `serde::…`) or a name of `from` itself.
    fn resolve(&self, from: &ModPath, segs: &[String], hops: usize) -> Option<ModPath> {
        if hops > 16 || segs.is_empty() {
            return None;
        }
        let mut cur: ModPath;
        let mut rest = segs;
        match segs[0].as_str() {
            "crate" => {
                cur = Vec::new();
                rest = &segs[1..];
            }
            "super" | "self" => {
                cur = from.clone();
                while let Some(s) = rest.first() {
                    match s.as_str() {
                        "super" => {
                            cur.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = &rest[1..];
                }
            }
            first => {
                let mut child = from.clone();
                child.push(first.to_string());
                if self.modules.contains_key(&child) {
                    cur = from.clone();
                } else if let Some(target) =
                    self.modules.get(from).and_then(|m| m.imports.get(first))
                {
                    let mut p = target.clone();
                    p.extend_from_slice(&segs[1..]);
                    return self.resolve(from, &p, hops + 1);
                } else {
                    return None;
                }
            }
        }
        while let Some((seg, after)) = rest.split_first() {
            let mut next = cur.clone();
            next.push(seg.clone());
            if self.modules.contains_key(&next) {
                cur = next;
                rest = after;
                continue;
            }
            // a name `cur` imports (a re-export, or an import its children may read)
            if let Some(target) = self.modules.get(&cur).and_then(|m| m.imports.get(seg)) {
                let mut p = target.clone();
                p.extend_from_slice(after);
                return self.resolve(&cur, &p, hops + 1).or(Some(cur));
            }
            break;
        }
        Some(cur)
    }

    /// Every edge between two different files' modules.
    fn edges(&self) -> Vec<Edge> {
        let mut out = BTreeSet::new();
        for (from, m) in &self.modules {
            for (path, line) in &m.paths {
                if let Some(to) = self.resolve(from, path, 0) {
                    if &to != from && self.modules.contains_key(&to) {
                        out.insert(Edge {
                            from: from.clone(),
                            to,
                            file: m.file.clone(),
                            line: *line,
                            path: path.join("::"),
                        });
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    /// Glob imports from an enclosing module outside unit tests: they hide which
    /// sibling a name comes from.
    fn ancestor_globs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (from, m) in &self.modules {
            for g in &m.globs {
                if let Some(to) = self.resolve(from, &g.path, 0) {
                    if to.len() < from.len() && from.starts_with(&to) {
                        out.push(format!(
                            "{}:{}: use {}::*",
                            m.file,
                            g.line,
                            g.path.join("::")
                        ));
                    }
                }
            }
        }
        out
    }

    /// The import cycles: each the sibling modules of one strongly connected
    /// component and the edges between them.
    fn cycles(&self) -> Vec<Cycle> {
        // lift each edge to the children of the two modules' common ancestor
        let mut lifted: BTreeMap<(ModPath, ModPath), Vec<Edge>> = BTreeMap::new();
        for e in self.edges() {
            let common = e.from.iter().zip(&e.to).take_while(|(a, b)| a == b).count();
            if common == e.from.len() || common == e.to.len() {
                continue; // ancestor and descendant
            }
            let key = (e.from[..=common].to_vec(), e.to[..=common].to_vec());
            lifted.entry(key).or_default().push(e);
        }
        let mut adj: BTreeMap<&ModPath, Vec<&ModPath>> = BTreeMap::new();
        for (a, b) in lifted.keys() {
            adj.entry(a).or_default().push(b);
        }
        let mut out = Vec::new();
        for comp in strongly_connected(&adj) {
            let set: BTreeSet<&ModPath> = comp.iter().copied().collect();
            let mut edges = Vec::new();
            for ((a, b), es) in &lifted {
                if set.contains(a) && set.contains(b) {
                    edges.extend(es.iter().cloned());
                }
            }
            out.push(Cycle {
                modules: comp.into_iter().map(name).collect(),
                edges,
            });
        }
        out
    }
}

/// The strongly connected components of more than one node (Tarjan's algorithm).
fn strongly_connected<'a>(adj: &BTreeMap<&'a ModPath, Vec<&'a ModPath>>) -> Vec<Vec<&'a ModPath>> {
    struct State<'a> {
        index: BTreeMap<&'a ModPath, usize>,
        low: BTreeMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        on: BTreeSet<&'a ModPath>,
        out: Vec<Vec<&'a ModPath>>,
    }
    fn visit<'a>(v: &'a ModPath, adj: &BTreeMap<&'a ModPath, Vec<&'a ModPath>>, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for &w in adj.get(v).map_or(&[][..], Vec::as_slice) {
            if !s.index.contains_key(w) {
                visit(w, adj, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for &v in adj.keys() {
        if !s.index.contains_key(v) {
            visit(v, adj, &mut s);
        }
    }
    s.out
}

/// A module's name as written after `crate::` (`crate` for the root).
fn name(m: &ModPath) -> String {
    if m.is_empty() {
        "crate".to_string()
    } else {
        m.join("::")
    }
}

/// A readable list of cycles, one edge a line.
fn report(cycles: &[Cycle]) -> String {
    let mut out = String::new();
    for c in cycles {
        out.push_str(&format!("cycle among {}:\n", c.modules.join(", ")));
        for e in &c.edges {
            out.push_str(&format!(
                "   {} -> {}  ({}:{}: {})\n",
                name(&e.from),
                name(&e.to),
                e.file,
                e.line,
                e.path
            ));
        }
    }
    out
}

#[test]
fn src_has_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let krate = Crate::read(&src);
    assert!(
        krate.modules.len() > 50,
        "src/ read: {} modules",
        krate.modules.len()
    );
    let globs = krate.ancestor_globs();
    assert!(
        globs.is_empty(),
        "glob imports from an enclosing module:\n{}",
        globs.join("\n")
    );
    let cycles = krate.cycles();
    assert!(
        cycles.is_empty(),
        "import cycles in src/:\n{}",
        report(&cycles)
    );
}

/// A small crate's files, as `Crate::from_files` takes them.
fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[test]
fn a_cycle_through_a_reexport_or_an_inline_path_is_found() {
    // b reaches a through lib.rs's re-export; a reaches b with an inline path
    let k = Crate::from_files(&files(&[
        ("lib.rs", "mod a;\nmod b;\npub use a::Thing;\n"),
        ("a/mod.rs", "pub struct Thing;\nfn f() { crate::b::g(); }\n"),
        ("b.rs", "use crate::Thing;\npub fn g() {}\n"),
    ]));
    let cycles = k.cycles();
    let text = report(&cycles);
    assert_eq!(cycles.len(), 1, "{text}");
    assert!(text.contains("a -> b  (a/mod.rs:2: crate::b::g)"), "{text}");
    assert!(text.contains("b -> a  (b.rs:1: crate::Thing)"), "{text}");

    // siblings: hooks reaches engine through the parent's `pub(crate) use`
    let k = Crate::from_files(&files(&[
        ("lib.rs", "mod x;\n"),
        (
            "x/mod.rs",
            "mod engine;\nmod hooks;\npub(crate) use engine::Cx;\n",
        ),
        (
            "x/engine.rs",
            "use super::hooks::{self as h};\npub struct Cx;\n",
        ),
        ("x/hooks.rs", "use super::{Cx};\n"),
    ]));
    let text = report(&k.cycles());
    assert!(
        text.contains("x::hooks -> x::engine  (x/hooks.rs:1: super::Cx)"),
        "{text}"
    );
    assert!(text.contains("x::engine -> x::hooks"), "{text}");
}

#[test]
fn what_is_no_edge_is_no_cycle() {
    // paths in comments and strings, unit tests, a parent and its child, other crates
    let k = Crate::from_files(&files(&[
        ("lib.rs", "mod a;\nmod b;\n"),
        (
            "a.rs",
            "//! see crate::b::g\nuse std::fmt;\nfn f() { let _ = \"crate::b\"; let _ = '\"'; }\n\
             /* crate::b::g() */\n#[cfg(test)]\nmod tests {\n    use crate::b::g;\n}\n",
        ),
        ("b/mod.rs", "mod c;\nuse crate::a;\nfn g() { c::h(); }\n"),
        (
            "b/c.rs",
            "pub fn h() { super::g(); let _ = r#\"crate::a\"#; }\n",
        ),
    ]));
    let edges = k.edges();
    let shown: Vec<String> = edges
        .iter()
        .map(|e| format!("{} -> {}", e.from.join("::"), e.to.join("::")))
        .collect();
    assert_eq!(shown, ["b -> a", "b::c -> b"]);
    assert!(k.cycles().is_empty(), "{}", report(&k.cycles()));
}
