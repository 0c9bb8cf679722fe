//! Watching the files and drawing again what changed.
//!
//! In: the [`Target`] and the [`Hub`]. Out: a running file watcher (the
//! `notify` crate with its small debouncer): a burst of changes — an
//! editor writing a new file and renaming it over the old one, a save of
//! many files at once — becomes one render, of the diagrams whose files
//! changed plus those that appeared; diagrams whose files went away leave
//! the page. Each render that changed anything is one event. Reading a
//! file is not a change: the render's own reads must not start the next.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify_debouncer_mini::notify::event::{AccessKind, AccessMode};
use notify_debouncer_mini::notify::{
    self, Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind,
};
use notify_debouncer_mini::{
    new_debouncer_opt, Config, DebounceEventResult, DebouncedEventKind, Debouncer,
};
use rayon::prelude::*;

use super::hub::Hub;
use super::target::{is_icon_file, Item, Target};

/// How long the files must stay quiet before a render: long enough to
/// take an editor's write-and-rename as one change, short enough that a
/// save shows within a blink.
pub const QUIET: Duration = Duration::from_millis(40);

/// The running watcher; dropping it stops the watching.
pub type Watching = Debouncer<ChangeWatcher>;

/// The system's file watcher, less the events of files merely opened or
/// read (inotify tells those too, and the debouncer keeps only paths).
pub struct ChangeWatcher(RecommendedWatcher);

/// Whether an event only tells that a file was opened, read or closed
/// unchanged. A file closed after writing is a change.
fn is_only_a_read(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(a) if *a != AccessKind::Close(AccessMode::Write))
}

impl Watcher for ChangeWatcher {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let changes_only = move |event: notify::Result<Event>| {
            if !event.as_ref().is_ok_and(|e| is_only_a_read(&e.kind)) {
                handler.handle_event(event);
            }
        };
        RecommendedWatcher::new(changes_only, config).map(ChangeWatcher)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

/// Starts watching the target; every burst of changes is rendered on the
/// watcher's own thread.
pub fn start(target: Arc<Target>, hub: Arc<Hub>) -> Result<Watching, String> {
    let (folder, recursive) = target.watched();
    let folder = folder.to_path_buf();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            // A path still being written is told early as "continuous"
            // and again once it is quiet: only the quiet one is drawn,
            // so a file is never read half-written in the middle of a save.
            let changed: HashSet<PathBuf> = events
                .into_iter()
                .filter(|e| e.kind == DebouncedEventKind::Any)
                .map(|e| e.path)
                .collect();
            if !changed.is_empty() {
                render(&target, &hub, Some(&changed));
            }
        }
        Err(e) => eprintln!("archflow watch: {e}"),
    };
    let config = Config::default().with_timeout(QUIET).with_batch_mode(true);
    let mut debouncer = new_debouncer_opt::<_, ChangeWatcher>(config, handler)
        .map_err(|e| format!("cannot watch files: {e}"))?;
    let mode = if recursive {
        RecursiveMode::Recursive
    } else {
        RecursiveMode::NonRecursive
    };
    debouncer
        .watcher()
        .watch(&folder, mode)
        .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    Ok(debouncer)
}

/// Draws again the diagrams that `changed` paths touch (all of them when
/// `changed` is `None`, or when a custom icon changed) and those new to
/// the page, and publishes the result. Prints one line when anything
/// changed on the page.
pub fn render(target: &Target, hub: &Hub, changed: Option<&HashSet<PathBuf>>) {
    let _turn = hub.render_turn();
    let start = Instant::now();
    let items = target.items();
    let everything = changed.is_none_or(|paths| paths.iter().any(|p| is_icon_file(p)));
    let due: Vec<&Item> = hub.with_state(|state| {
        items
            .iter()
            .filter(|item| {
                everything
                    || !state.contains(&item.name)
                    || changed.is_some_and(|paths| item.triggers.iter().any(|t| paths.contains(t)))
            })
            .collect()
    });
    let outcomes: Vec<_> = due
        .par_iter()
        .map(|item| (item.name.clone(), target.render(item)))
        .collect();
    target.forget_old_blocks(&items);
    let invalid: Vec<&str> = outcomes
        .iter()
        .filter(|(_, o)| o.is_err())
        .map(|(name, _)| name.as_str())
        .collect();
    let order: Vec<String> = items.iter().map(|i| i.name.clone()).collect();
    let summary = format!(
        "drew {} of {} diagram{}{} in {} ms",
        outcomes.len(),
        order.len(),
        if order.len() == 1 { "" } else { "s" },
        if invalid.is_empty() {
            String::new()
        } else {
            format!(", invalid: {}", invalid.join(", "))
        },
        start.elapsed().as_millis()
    );
    if hub.publish(&order, outcomes).is_some() {
        println!("{summary}");
    }
}
