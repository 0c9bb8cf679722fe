//! Editor and shell support: `archflow schema` and `archflow completions`.
//!
//! In: the command's arguments. Out: on stdout, the JSON Schema of the flow
//! format ([`crate::schema`]) or a completion script for a shell (clap's
//! generator, from the same definition as the command line itself).

use clap::{Args, CommandFactory as _};

use super::{print_output, Cli};

/// Arguments of `archflow completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

pub(super) const SCHEMA_HELP: &str = "Examples:
  archflow schema > flow.schema.json

For completion and checking in your editor (taplo, Even Better TOML in
VS Code), put this line at the top of a flow file:
  #:schema ./docs/flow.schema.json
(a path relative to the file, or a URL), or map `scenarios/**/*.toml` to
the schema once in a .taplo.toml. The repository keeps the schema in
docs/flow.schema.json.";

pub(super) const COMPLETIONS_HELP: &str = "Examples:
  archflow completions bash > ~/.local/share/bash-completion/completions/archflow
  archflow completions zsh  > ~/.zfunc/_archflow      # with fpath+=~/.zfunc
  archflow completions fish > ~/.config/fish/completions/archflow.fish
  archflow completions powershell >> $PROFILE";

pub(super) fn run_schema() -> i32 {
    print_output(crate::schema::flow_schema_json())
}

pub(super) fn run_completions(args: &CompletionsArgs) -> i32 {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "archflow", &mut script);
    print_output(script)
}
