//! Running the built `finkg` binary in a temporary folder; helpers of the
//! export tests in `export`, of the `finkg view` tests in `view`.

pub mod export;
pub mod view;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The bundled sample corpus.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The seed articles, sorted.
pub fn seed_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "seeds/ has no articles");
    files
}

/// A temporary working folder to run `finkg` in.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    /// The command line, for messages.
    pub args: Vec<String>,
    /// Whether it exited 0.
    pub success: bool,
    /// Exit code.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    fn from_output(args: &[&str], o: Output) -> Run {
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            success: o.status.success(),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Assert it succeeded; returns itself for more checks.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert!(
            self.success,
            "finkg {:?} failed ({:?})\nstdout:\n{}\nstderr:\n{}",
            self.args, self.code, self.stdout, self.stderr
        );
        self
    }

    /// Assert it failed with a one-line `error: …` on standard error
    /// containing every one of `needles`; returns the error line.
    #[track_caller]
    pub fn fails_with(self, needles: &[&str]) -> String {
        assert!(
            !self.success,
            "finkg {:?} should have failed\nstdout:\n{}",
            self.args, self.stdout
        );
        assert_eq!(self.code, Some(1), "{self:?}");
        let errors: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.starts_with('['))
            .collect();
        assert_eq!(errors.len(), 1, "not one error line: {:?}", self.stderr);
        let line = errors[0];
        assert!(line.starts_with("error: "), "{line}");
        for n in needles {
            assert!(line.contains(n), "`{n}` not in `{line}`");
        }
        line.to_string()
    }
}

impl Sandbox {
    /// A new empty folder.
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write a file (creating folders), returning its path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Read a file of the folder.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Copy the seed articles into `seeds/` of the folder.
    pub fn copy_seeds(&self) {
        for f in seed_files() {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            self.write(&format!("seeds/{name}"), std::fs::read(&f).unwrap());
        }
    }

    /// The `finkg` command, to run in the folder.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_finkg"));
        cmd.args(args)
            .current_dir(self.root())
            .stdin(Stdio::null())
            .env_remove("RUST_BACKTRACE")
            .env_remove("FINKG_FAULT");
        cmd
    }

    /// Run `finkg ARGS…` in the folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().unwrap();
        Run::from_output(args, out)
    }

    /// Names of the files directly in a folder of the sandbox, sorted.
    pub fn list(&self, rel: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(rel))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Whether Graphviz's `dot` runs here. When it does not: fine on a developer
/// machine (the caller skips), a failure under CI, which installs it.
pub fn dot_available() -> bool {
    let ok = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "Graphviz `dot` is not installed, and CI is set: .ci/run must install it"
        );
        eprintln!("skipping the Graphviz part: `dot` is not installed");
    }
    ok
}

/// Render DOT text to SVG with `dot -Tsvg`, asserting it succeeds.
pub fn render_svg(dot: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(dot).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot -Tsvg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "dot warned: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Copy the bundled schema folder (`graph-schema/`) to `to` in the sandbox.
pub fn copy_schema(s: &Sandbox, to: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-schema");
    for f in ["ontology.ron", "lexicon.ron", "confidence.ron"] {
        s.write(&format!("{to}/{f}"), std::fs::read(src.join(f)).unwrap());
    }
    for dir in ["gazetteer", "rules"] {
        for e in std::fs::read_dir(src.join(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            s.write(&format!("{to}/{dir}/{name}"), std::fs::read(&p).unwrap());
        }
    }
}
