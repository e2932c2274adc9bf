//! Lists `graph-schema/gazetteer/*.ron` and `graph-schema/rules/*.ron` so the library
//! can bundle every file.

use std::fmt::Write;
use std::path::Path;

fn bundle(dir: &str, out_name: &str) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let mut out = String::from("[\n");
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let abs = std::fs::canonicalize(&f).unwrap();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_name);
    std::fs::write(dest, out).unwrap();
}

fn main() {
    println!("cargo:rerun-if-changed=graph-schema");
    bundle("graph-schema/gazetteer", "gazetteer_files.rs");
    bundle("graph-schema/rules", "rule_files.rs");
}
