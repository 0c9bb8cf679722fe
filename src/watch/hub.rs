//! The one place the watch threads meet.
//!
//! In: the results of each render (from the watcher thread) and pages
//! that connect to `/events` (from server threads). Out: the [`State`]
//! behind one lock; every render that changed something sent as one
//! `render` event to every connected page; a page that connects gets the
//! whole state first, as a `state` event, so a page that reconnects after a
//! restart draws itself anew. Renders are taken one at a time.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};

use super::state::{Outcome, State};

/// A Server-Sent Events message, ready to write.
pub type Message = Arc<str>;

/// The state and the pages listening to it.
pub struct Hub {
    inner: Mutex<Inner>,
    /// Held through a whole render, so two renders never interleave.
    rendering: Mutex<()>,
}

struct Inner {
    state: State,
    listeners: Vec<Sender<Message>>,
}

impl Hub {
    pub fn new(state: State) -> Hub {
        Hub {
            inner: Mutex::new(Inner {
                state,
                listeners: Vec::new(),
            }),
            rendering: Mutex::new(()),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        // A thread that panicked while holding the lock left a state that
        // is still whole (every change to it is one assignment): go on.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Held by whoever renders, for the whole render.
    pub fn render_turn(&self) -> MutexGuard<'_, ()> {
        self.rendering.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads the state.
    pub fn with_state<R>(&self, read: impl FnOnce(&State) -> R) -> R {
        read(&self.inner().state)
    }

    /// Takes one render's results (see [`State::apply`]); when anything
    /// changed, sends the event to every page and returns its data.
    pub fn publish(&self, order: &[String], outcomes: Vec<(String, Outcome)>) -> Option<String> {
        let mut inner = self.inner();
        let data = inner.state.apply(order, outcomes)?;
        let message: Message = sse_message("render", inner.state.version(), &data).into();
        inner
            .listeners
            .retain(|listener| listener.send(message.clone()).is_ok());
        Some(data)
    }

    /// A new page listening: the `state` message to send it first, and
    /// where every later message arrives. Both are taken under one lock,
    /// so no render falls between them.
    pub fn subscribe(&self) -> (Message, Receiver<Message>) {
        let mut inner = self.inner();
        let (sender, receiver) = channel();
        inner.listeners.push(sender);
        let first = sse_message("state", inner.state.version(), &inner.state.to_json());
        (first.into(), receiver)
    }
}

/// One Server-Sent Events message. `data` must be one line (the JSON of
/// [`super::state`] is).
fn sse_message(event: &str, id: u64, data: &str) -> String {
    debug_assert!(!data.contains(['\n', '\r']));
    format!("event: {event}\nid: {id}\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::state::{Kind, Picture};

    #[test]
    fn a_page_gets_the_state_then_one_message_per_change() {
        let hub = Hub::new(State::new("r".into(), "d".into(), Kind::Folder));
        let (first, receiver) = hub.subscribe();
        assert!(first.starts_with("event: state\nid: 0\ndata: {"), "{first}");
        let order = vec!["a".to_string()];
        let picture = Picture {
            light: "<svg/>".into(),
            dark: "<svg/>".into(),
        };
        assert!(hub
            .publish(&order, vec![("a".into(), Ok(picture.clone()))])
            .is_some());
        assert!(hub
            .publish(&order, vec![("a".into(), Ok(picture))])
            .is_none());
        let got: Vec<Message> = receiver.try_iter().collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].starts_with("event: render\nid: 1\ndata: {"));
        assert!(got[0].ends_with("}\n\n"));
        drop(receiver);
        // A page that went away is forgotten at the next render.
        hub.publish(&[], vec![]);
        assert_eq!(hub.inner().listeners.len(), 0);
    }
}
