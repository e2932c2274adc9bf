//! Lists `graph-schema/gazetteer/*.ron` so the library can bundle every file.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new("graph-schema/gazetteer");
    println!("cargo:rerun-if-changed=graph-schema");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("graph-schema/gazetteer exists")
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
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("gazetteer_files.rs");
    std::fs::write(dest, out).unwrap();
}
