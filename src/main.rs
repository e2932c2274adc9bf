//! The `finkg` binary: parse the arguments, run the command, report errors on
//! one line. Everything else lives in the library and in `cli`.

mod cli;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = cli.run(&mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            drop(out);
            let _ = writeln!(std::io::stderr(), "error: {}", cli::one_line_error(&e));
            ExitCode::FAILURE
        }
    }
}
