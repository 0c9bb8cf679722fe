//! `gen-flow`: writes a synthetic flow file for benchmarks to stdout.
//!
//! In: `--nodes N --seed S`. Out: the TOML text of a valid flow file with N
//! nodes, the same bytes for the same arguments (the crate's `synth` module,
//! which does all the work).
//!
//! ```text
//! gen-flow --nodes 1000 --seed 1 > big.toml && archflow check big.toml
//! ```

use std::io::Write as _;

use clap::Parser;

/// Writes a deterministic synthetic flow file (for benchmarks) to stdout.
#[derive(Debug, Parser)]
#[command(
    name = "gen-flow",
    version,
    after_help = "Example:\n  gen-flow --nodes 1000 --seed 1 > big.toml && archflow check big.toml"
)]
struct Args {
    /// Number of nodes (1 to 10000, the limit of a flow file)
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u32).range(1..=10_000))]
    nodes: u32,
    /// Seed of the generator: equal seeds give equal files
    #[arg(long, short = 's', default_value_t = 1)]
    seed: u64,
}

fn main() {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let text = archflow::internals::synth::generate(archflow::internals::synth::Params {
        nodes: args.nodes as usize,
        seed: args.seed,
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("error: cannot write the flow file: {e}");
            std::process::exit(1);
        }
    }
}
