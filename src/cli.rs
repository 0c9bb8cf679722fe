//! The command line: `archflow <command> ...`.
//!
//! In: the process arguments. Out: what each command prints, and the exit
//! code of `cli.md` — 0 when every input was valid, 1 when one was invalid
//! or unreadable, 2 when the command line itself was wrong.
//!
//! Each command is one variant of [`Command`] and one `run_*` function;
//! a new command adds both.

use std::fmt::Display;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::catalog::{self, ICONS};
use crate::diagnostics::{error_word, stderr_wants_color, FileReport};
use crate::inputs::{collect_inputs, Input, InputError};
use crate::model::Diagram;
use crate::pipeline::{self, PngScale, Stage};
use crate::validate;

mod editor;
mod fmt;
mod md;
mod streams;

/// Exit code: every input was valid and everything asked for was done.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one input was invalid or could not be read/written.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: the command line itself was wrong.
pub const EXIT_USAGE: i32 = 2;
/// PNG scale of `render` when `--scale` is not given.
pub const DEFAULT_SCALE: f32 = 2.0;
/// PNG scale of `icons --sheet`.
const SHEET_SCALE: f32 = 2.0;
/// The confusables sheet's PNG scale: 1, so its icons are their real 32 px.
const CONFUSABLES_SCALE: f32 = 1.0;

/// The limits of `validate`, as told in `check --help` (a test keeps the
/// numbers in step with the constants).
macro_rules! limits_help {
    () => {
        "Limits: a flow file may be at most 4 MiB and hold at most 10000 nodes, \
20000 edges and 2000 groups nested at most 16 deep; a title or label may \
be at most 1000 characters."
    };
}

/// Turns a small TOML flow of AWS services into an architecture diagram.
#[derive(Debug, Parser)]
#[command(
    name = "archflow",
    version,
    about,
    propagate_version = true,
    after_help = "Example:\n  archflow check scenarios/\n\nRun `archflow <COMMAND> --help` for the options of each command."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of `archflow`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate flow files without writing anything
    #[command(after_help = concat!(
        "Examples:\n",
        "  archflow check scenarios/              # every *.toml under scenarios/\n",
        "  archflow check q1.toml q2.toml\n\n",
        "Prints every error of every invalid file as file:line:column and exits 1;\n",
        "prints nothing and exits 0 when every file is valid.\n\n",
        limits_help!()
    ))]
    Check(CheckArgs),
    /// List every icon key, its category and its aliases
    #[command(
        after_help = "Examples:\n  archflow icons\n  archflow icons --json | jq '.[].key'\n  archflow icons --sheet icons/sheet.png    # a contact sheet of every icon (.png or .svg)\n  archflow icons --confusables icons/confusables.png    # the sets told apart at a glance"
    )]
    Icons(IconsArgs),
    /// Print the geometry of one diagram as JSON (layout-json.md)
    #[command(after_help = concat!(
        "Examples:\n",
        "  archflow layout scenarios/03-cloudfront/q1-static-dynamic-origins.toml\n",
        "  archflow layout q1.toml | jq '.nodes[].id'\n\n",
        "The same file always gives the same bytes. Exits 1 (and prints the\n",
        "errors) when the file is invalid."
    ))]
    Layout(LayoutArgs),
    /// Render flow files to SVG and PNG
    #[command(after_help = concat!(
        "Examples:\n",
        "  archflow render scenarios                 # every *.toml under scenarios/ into output/\n",
        "  archflow render q1.toml -o docs -f svg    # docs/q1.svg only\n",
        "  archflow render q1.toml -o q1.png         # exactly that one file\n",
        "  cat q1.toml | archflow render - -o -      # SVG from stdin to stdout\n",
        "  archflow render scenarios --theme dark --scale 3 -j 4\n\n",
        "A folder's files are mirrored under --out: scenarios/a/q1.toml becomes\n",
        "output/a/q1.svg and output/a/q1.png. Files are written whole or not at\n",
        "all, and a file whose bytes would not change is not rewritten. One bad\n",
        "file does not stop the others; the exit code is 1 if any failed."
    ))]
    Render(RenderArgs),
    /// Write the README gallery of rendered flow files
    #[command(after_help = concat!(
        "Examples:\n",
        "  archflow gallery scenarios --update README.md\n",
        "  archflow gallery scenarios > gallery.md\n\n",
        "The gallery goes between the gallery:start and gallery:end comments of\n",
        "the file given to --update; without --update it is printed."
    ))]
    Gallery(GalleryArgs),
    /// Render the archflow blocks of Markdown notes in place
    #[command(after_help = md::AFTER_HELP)]
    Md(md::MdArgs),
    /// Rewrite flow files in the canonical layout, keeping every comment
    #[command(after_help = fmt::AFTER_HELP)]
    Fmt(fmt::FmtArgs),
    /// Print the JSON Schema of flow files (for editors)
    #[command(after_help = editor::SCHEMA_HELP)]
    Schema,
    /// Print a shell completion script
    #[command(after_help = editor::COMPLETIONS_HELP)]
    Completions(editor::CompletionsArgs),
    /// Print one diagram in another tool's format (Graphviz DOT)
    #[command(after_help = concat!(
        "Examples:\n",
        "  archflow export --to dot scenarios/03-cloudfront/q1-static-dynamic-origins.toml\n",
        "  archflow export --to dot q1.toml | dot -Tsvg -o q1-dot.svg\n\n",
        "Groups become nested clusters; an edge to a group ends at its border\n",
        "(compound=true with lhead/ltail). Exits 1 (and prints the errors)\n",
        "when the file is invalid."
    ))]
    Export(ExportArgs),
    /// Serve a live preview of flow files in the browser
    #[command(after_help = concat!(
        "Examples:\n",
        "  archflow watch scenarios/                 # every *.toml under scenarios/\n",
        "  archflow watch q1.toml --open             # one diagram, zoom and pan\n",
        "  archflow watch notes/vpc.md               # the archflow blocks of a note\n",
        "  archflow watch q1.toml --port 0           # any free port\n\n",
        "The page follows every save: a changed picture replaces the old one in\n",
        "place, and an invalid file shows its errors above its last good picture.\n",
        "It listens on 127.0.0.1 only; --host 0.0.0.0 (or another address) lets\n",
        "other machines see the diagrams, and is never the default."
    ))]
    Watch(WatchArgs),
}

/// Arguments of `archflow watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// A flow file, a folder of them, or a Markdown note (*.md)
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// The port to listen on (0 picks a free one)
    #[arg(long, value_name = "N", default_value_t = crate::watch::DEFAULT_PORT)]
    pub port: u16,
    /// The address to listen on; anything but 127.0.0.1 shows the diagrams
    /// to other machines
    #[arg(long, value_name = "H", default_value = crate::watch::DEFAULT_HOST)]
    pub host: String,
    /// Open the page in the default browser
    #[arg(long)]
    pub open: bool,
}

/// Arguments of `archflow export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    pub to: ExportFormat,
    /// The flow file (`-` reads standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// The formats of `archflow export --to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Graphviz DOT (a digraph with nested clusters)
    Dot,
}

/// Arguments of `archflow render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Flow files or folders (a folder means every *.toml under it; `-`
    /// reads standard input)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder [default: output]; or, for one input, the one file to
    /// write (`x.svg`, `x.png`), or `-` for stdout
    #[arg(short, long, value_name = "DIR|FILE|-")]
    pub out: Option<PathBuf>,
    /// Formats to write, comma-separated [default: svg,png; with `-o
    /// FILE` the file's extension; with `-o -` svg]
    #[arg(short, long, value_name = "LIST", value_delimiter = ',')]
    pub format: Option<Vec<FormatArg>>,
    /// Pixels per unit of the PNG [default: 2, which gives crisp README
    /// images; lowered for a drawing too large for 100 million pixels]
    #[arg(long, value_name = "N", value_parser = parse_scale)]
    pub scale: Option<f32>,
    /// Colour theme
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// Worker threads (default: one per core)
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// An output format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Svg,
    Png,
}

/// A theme on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

fn parse_scale(s: &str) -> Result<f32, String> {
    let v: f32 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if v > 0.0 && v <= crate::render::png::MAX_SCALE {
        Ok(v)
    } else {
        Err(format!(
            "the scale must be above 0 and at most {}",
            crate::render::png::MAX_SCALE
        ))
    }
}

/// Arguments of `archflow gallery`.
#[derive(Debug, Args)]
pub struct GalleryArgs {
    /// The folder of flow files
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Where the pictures are, as linked from the Markdown file
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub images: String,
    /// Rewrite the gallery section of this Markdown file in place
    #[arg(long, value_name = "FILE")]
    pub update: Option<PathBuf>,
}

/// Arguments of `archflow layout`.
#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// The flow file (`-` reads standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Arguments of `archflow check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Flow files or folders (a folder means every *.toml under it; `-`
    /// reads standard input)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Arguments of `archflow icons`.
#[derive(Debug, Args)]
pub struct IconsArgs {
    /// Print a JSON array of {"key", "name", "category", "aliases"}
    #[arg(long)]
    pub json: bool,
    /// Draw every icon with its key into this file (.svg or .png)
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub sheet: Option<PathBuf>,
    /// Draw the sets of icons a reader must tell apart, in colour and in
    /// greyscale at 32 px, into this file (.svg or .png)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "sheet"])]
    pub confusables: Option<PathBuf>,
}

/// Parses the process arguments, runs the command and returns the exit
/// code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    run_command(cli.command)
}

/// Runs one parsed command and returns the exit code.
pub fn run_command(command: Command) -> i32 {
    match command {
        Command::Check(args) => run_check(&args),
        Command::Icons(args) => run_icons(&args),
        Command::Layout(args) => run_layout(&args),
        Command::Render(args) => run_render(&args),
        Command::Gallery(args) => run_gallery(&args),
        Command::Export(args) => run_export(&args),
        Command::Md(args) => md::run_md(&args),
        Command::Fmt(args) => fmt::run_fmt(&args),
        Command::Schema => editor::run_schema(),
        Command::Completions(args) => editor::run_completions(&args),
        Command::Watch(args) => run_watch(args),
    }
}

fn run_watch(args: WatchArgs) -> i32 {
    let options = crate::watch::Options {
        path: args.path,
        port: args.port,
        host: args.host,
        open: args.open,
    };
    match crate::watch::run(&options) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            print_error(stderr_wants_color(), e);
            EXIT_INVALID
        }
    }
}

fn run_render(args: &RenderArgs) -> i32 {
    use crate::batch::{self, Format, Outcome};
    use std::io::IsTerminal as _;
    let color = stderr_wants_color();
    let formats: Option<Vec<Format>> = args.format.as_ref().map(|list| {
        let mut formats: Vec<Format> = list
            .iter()
            .map(|f| match f {
                FormatArg::Svg => Format::Svg,
                FormatArg::Png => Format::Png,
            })
            .collect();
        formats.sort();
        formats.dedup();
        formats
    });
    let target = streams::render_target(&args.paths, args.out.as_deref(), formats.as_deref());
    let (out, formats) = match target {
        Ok(streams::Target::Folder(out, formats)) => (out, formats),
        Ok(one) => return render_one_output(args, &one),
        Err(message) => {
            print_error(color, message);
            return EXIT_USAGE;
        }
    };
    let (inputs, errors) = collect_inputs(&args.paths);
    let options = batch::Options {
        out: out.clone(),
        formats,
        scale: args.scale.unwrap_or(DEFAULT_SCALE),
        fit_scale: args.scale.is_none(),
        theme: match args.theme {
            ThemeArg::Light => crate::render::Theme::Light,
            ThemeArg::Dark => crate::render::Theme::Dark,
        },
    };
    let bar = if std::io::stderr().is_terminal() && inputs.len() > 1 {
        indicatif::ProgressBar::new(inputs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let outcomes = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool.install(|| batch::render_all(&inputs, &options, &tick)),
        Err(_) => batch::render_all(&inputs, &options, &tick),
    };
    bar.finish_and_clear();
    let mut failures = Failures::new(color);
    if !failures.collected(&inputs, &errors) {
        return EXIT_INVALID;
    }
    let (mut rendered, mut written, mut unchanged) = (0, 0, 0);
    for outcome in &outcomes {
        match outcome {
            Outcome::Rendered {
                written: w,
                unchanged: u,
            } => {
                rendered += 1;
                written += w;
                unchanged += u;
            }
            Outcome::Failed(error) => failures.error(error),
        }
    }
    let failed = failures.count;
    let _ = writeln!(
        failures.out,
        "rendered {rendered} file{}, {failed} failed ({written} written, {unchanged} unchanged, in {})",
        if rendered == 1 { "" } else { "s" },
        out.display()
    );
    failures.exit_code()
}

fn run_gallery(args: &GalleryArgs) -> i32 {
    let color = stderr_wants_color();
    let (inputs, errors) = collect_inputs(std::slice::from_ref(&args.dir));
    if !errors.is_empty() || inputs.is_empty() {
        for e in &errors {
            print_error(color, e);
        }
        if inputs.is_empty() {
            print_error(
                color,
                format_args!("no *.toml flow files under {}", args.dir.display()),
            );
        }
        return EXIT_INVALID;
    }
    let images_base = match &args.update {
        Some(file) => file.parent().unwrap_or(Path::new("")).to_path_buf(),
        None => PathBuf::new(),
    };
    let images = images_base.join(args.images.trim_end_matches('/'));
    if !images.is_dir() {
        print_error(
            color,
            format_args!(
                "--images {}: no such folder ({} is looked for); render the pictures first: archflow render {} -o {}",
                args.images,
                images.display(),
                args.dir.display(),
                images.display()
            ),
        );
        return EXIT_INVALID;
    }
    let source = args.dir.to_string_lossy().trim_end_matches('/').to_string();
    let section = crate::gallery::section(&inputs, &source, args.images.trim_end_matches('/'));
    match &args.update {
        None => {
            let _ = std::io::stdout().write_all(section.as_bytes());
            EXIT_OK
        }
        Some(file) => {
            let current = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => {
                    print_error(color, format_args!("cannot read {}: {e}", file.display()));
                    return EXIT_INVALID;
                }
            };
            let Some(updated) = crate::gallery::splice(&current, &section) else {
                print_error(
                    color,
                    format_args!(
                        "{} has no `{}` ... `{}` markers",
                        file.display(),
                        crate::gallery::START,
                        crate::gallery::END
                    ),
                );
                return EXIT_INVALID;
            };
            match crate::batch::write_if_changed(file, updated.as_bytes()) {
                Ok(_) => EXIT_OK,
                Err(e) => {
                    print_error(color, format_args!("cannot write {}: {e}", file.display()));
                    EXIT_INVALID
                }
            }
        }
    }
}

fn run_layout(args: &LayoutArgs) -> i32 {
    let options = pipeline::Options {
        until: Stage::Layout,
        ..pipeline::Options::default()
    };
    match streams::compile(&args.file, &options) {
        Ok(compiled) => {
            let mut json = compiled.layout.to_json();
            json.push('\n');
            print_output(&json)
        }
        Err(e) => print_pipeline_error(&e),
    }
}

fn run_export(args: &ExportArgs) -> i32 {
    let Some(diagram) = load_or_print_report(&args.file) else {
        return EXIT_INVALID;
    };
    let text = match args.to {
        ExportFormat::Dot => crate::export::to_dot(&diagram),
    };
    print_output(&text)
}

fn run_check(args: &CheckArgs) -> i32 {
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) = args
        .paths
        .iter()
        .cloned()
        .partition(|p| streams::is_std_stream(p));
    let (inputs, errors) = collect_inputs(&paths);
    let mut failures = Failures::new(stderr_wants_color());
    if stdin.is_empty() && !failures.collected(&inputs, &errors) {
        return EXIT_INVALID;
    }
    if !stdin.is_empty() {
        for e in &errors {
            failures.error(&pipeline::Error::Output(e.to_string()));
        }
        if let Err(report) = streams::load(Path::new(streams::STD_STREAM)) {
            failures.invalid(&report);
        }
    }
    for input in &inputs {
        match validate::load_file(&input.path) {
            Err(report) => failures.invalid(&report),
            Ok(diagram) => {
                let source = std::fs::read_to_string(&input.path).unwrap_or_default();
                for w in crate::warnings::warnings(&diagram, &source) {
                    let _ = writeln!(failures.out, "warning: {}:{w}", input.path.display());
                }
            }
        }
    }
    let failed = failures.count;
    if failed > 0 {
        let total = inputs.len() + errors.len() + stdin.len().min(1);
        let _ = writeln!(
            failures.out,
            "checked {total} file{}, {failed} invalid",
            if total == 1 { "" } else { "s" }
        );
    }
    failures.exit_code()
}

/// The stderr of a command that works through many inputs: it reports
/// each input that failed and counts them, and the count gives the exit
/// code.
struct Failures {
    out: std::io::StderrLock<'static>,
    color: bool,
    /// The inputs that failed so far.
    count: usize,
}

impl Failures {
    fn new(color: bool) -> Failures {
        Failures {
            out: std::io::stderr().lock(),
            color,
            count: 0,
        }
    }

    /// Reports each path that gave no flow files (each is a failure) —
    /// and, when the paths gave nothing at all, says so and returns false:
    /// the command then stops with [`EXIT_INVALID`].
    fn collected(&mut self, inputs: &[Input], errors: &[InputError]) -> bool {
        for e in errors {
            self.count += 1;
            write_error(&mut self.out, self.color, format_args!("{e}\n"));
        }
        if inputs.is_empty() && errors.is_empty() {
            write_error(
                &mut self.out,
                self.color,
                "no *.toml flow files found under the given paths",
            );
            return false;
        }
        true
    }

    /// An input that is not a valid flow file: every error of it.
    fn invalid(&mut self, report: &FileReport) {
        self.count += 1;
        let _ = self.out.write_all(report.render(self.color).as_bytes());
    }

    /// An input that could not be done: its report, or the reason in one
    /// line.
    fn error(&mut self, error: &pipeline::Error) {
        self.count += 1;
        let _ = self.out.write_all(error.render(self.color).as_bytes());
    }

    /// [`EXIT_INVALID`] when any input failed, else [`EXIT_OK`].
    fn exit_code(&self) -> i32 {
        if self.count > 0 {
            EXIT_INVALID
        } else {
            EXIT_OK
        }
    }
}

/// The flow file at `path` as a diagram, or `None` after printing every
/// error of it to stderr.
fn load_or_print_report(path: &Path) -> Option<Diagram> {
    match streams::load(path) {
        Ok(d) => Some(d),
        Err(report) => {
            let _ = std::io::stderr().write_all(report.render(stderr_wants_color()).as_bytes());
            None
        }
    }
}

/// Draws the one input of `render` into one file or to stdout.
fn render_one_output(args: &RenderArgs, target: &streams::Target) -> i32 {
    use crate::batch::Format;
    let format = match target {
        streams::Target::File(_, f) | streams::Target::Stdout(f) => *f,
        streams::Target::Folder(..) => Format::Svg,
    };
    let options = pipeline::Options {
        theme: match args.theme {
            ThemeArg::Light => crate::render::Theme::Light,
            ThemeArg::Dark => crate::render::Theme::Dark,
        },
        until: match format {
            Format::Svg => Stage::Svg,
            Format::Png => Stage::Png(match args.scale {
                Some(scale) => PngScale::Exact(scale),
                None => PngScale::AtMost(DEFAULT_SCALE),
            }),
        },
    };
    let compiled = match streams::compile(&args.paths[0], &options) {
        Ok(compiled) => compiled,
        Err(e) => return print_pipeline_error(&e),
    };
    let bytes = match format {
        Format::Svg => compiled.svg.map(String::into_bytes),
        Format::Png => compiled.png,
    }
    .unwrap_or_default();
    match target {
        streams::Target::File(path, _) => match crate::batch::write_if_changed(path, &bytes) {
            Ok(_) => EXIT_OK,
            Err(e) => print_pipeline_error(&pipeline::Error::Output(format!(
                "cannot write {}: {e}",
                path.display()
            ))),
        },
        _ => print_output(&bytes),
    }
}

/// Prints a pipeline error to stderr and gives [`EXIT_INVALID`].
fn print_pipeline_error(error: &pipeline::Error) -> i32 {
    let _ = std::io::stderr().write_all(error.render(stderr_wants_color()).as_bytes());
    EXIT_INVALID
}

/// Writes a command's result to stdout and gives the exit code.
fn print_output(text: impl AsRef<[u8]>) -> i32 {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_ref()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        // A closed pipe (`archflow icons | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(_) => EXIT_INVALID,
    }
}

/// `error: message` on stderr.
fn print_error(color: bool, message: impl Display) {
    write_error(&mut std::io::stderr(), color, message);
}

/// `error: message` on `out`, the word in red when `color` is set.
fn write_error(out: &mut impl std::io::Write, color: bool, message: impl Display) {
    let _ = writeln!(out, "{}: {message}", error_word(color));
}

fn run_icons(args: &IconsArgs) -> i32 {
    if let Some(path) = &args.sheet {
        return run_sheet(path, crate::sheet::contact_sheet(), SHEET_SCALE);
    }
    if let Some(path) = &args.confusables {
        return run_sheet(
            path,
            crate::confusables::confusables_sheet(),
            CONFUSABLES_SCALE,
        );
    }
    let text = if args.json {
        icons_json()
    } else {
        icons_table()
    };
    print_output(&text)
}

/// Writes a sheet of icons (the contact sheet or the confusables) to
/// `path`, as SVG or as a PNG at `scale`, by its extension.
fn run_sheet(
    path: &Path,
    (diagram, layout): (crate::model::Diagram, crate::layout::Layout),
    scale: f32,
) -> i32 {
    let until = match path.extension().and_then(|e| e.to_str()) {
        Some("svg") => Stage::Svg,
        Some("png") => Stage::Png(PngScale::Exact(scale)),
        _ => {
            print_error(
                stderr_wants_color(),
                "the sheet must be a .svg or .png file",
            );
            return EXIT_INVALID;
        }
    };
    let options = pipeline::Options {
        until,
        ..pipeline::Options::default()
    };
    let written = pipeline::draw(diagram, layout, &options).and_then(|compiled| {
        let bytes = match until {
            Stage::Png(_) => compiled.png.unwrap_or_default(),
            _ => compiled.svg.unwrap_or_default().into_bytes(),
        };
        crate::batch::write_if_changed(path, &bytes)
            .map_err(|e| pipeline::Error::Output(format!("cannot write {}: {e}", path.display())))
    });
    match written {
        Ok(_) => EXIT_OK,
        Err(e) => print_pipeline_error(&e),
    }
}

/// Every icon as a JSON array of `{"key","name","category","aliases"}`.
pub fn icons_json() -> String {
    let list: Vec<serde_json::Value> = ICONS
        .iter()
        .map(|e| {
            serde_json::json!({
                "key": e.key,
                "name": e.name,
                "category": e.category.as_str(),
                "aliases": e.aliases,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string());
    text.push('\n');
    text
}

/// Every icon as an aligned table: key, display name, category, aliases.
pub fn icons_table() -> String {
    let key_w = ICONS.iter().map(|e| e.key.len()).max().unwrap_or(0).max(3);
    let name_w = ICONS
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let cat_w = catalog::Category::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{:key_w$}  {:name_w$}  {:cat_w$}  ALIASES\n",
        "KEY", "NAME", "CATEGORY"
    );
    for e in ICONS {
        let line = format!(
            "{:key_w$}  {:name_w$}  {:cat_w$}  {}",
            e.key,
            e.name,
            e.category.as_str(),
            e.aliases.join(", ")
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn limits_help_matches_the_constants() {
        assert!(limits_help!().contains(&format!("{}", validate::MAX_NODES)));
        assert!(limits_help!().contains(&format!("{}", validate::MAX_EDGES)));
        assert!(limits_help!().contains(&format!("{}", validate::MAX_GROUPS)));
        assert!(limits_help!().contains(&format!("{} deep", validate::MAX_GROUP_DEPTH)));
        assert!(limits_help!().contains(&format!("{} characters", validate::MAX_LABEL_CHARS)));
        let help = Cli::command()
            .find_subcommand_mut("check")
            .map(|c| c.render_long_help().to_string())
            .unwrap_or_default();
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(squash(&help).contains(&squash(limits_help!())), "{help}");
    }
}
