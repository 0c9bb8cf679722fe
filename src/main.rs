//! The `archflow` binary: parses the command line and runs the command.
//!
//! In: the process arguments. Out: the exit code of `cli.md`. All the work
//! is in [`archflow::run_cli`].

fn main() {
    std::process::exit(archflow::run_cli());
}
