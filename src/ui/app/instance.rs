//! Requests from a second `jebi` (a `mailto:` link clicked elsewhere, a second start): the
//! window comes forward, or a composer opens filled in from the URL.

use super::{App, Message};
use crate::instance::Request;
use iced::futures::channel::mpsc;
use iced::futures::Stream;
use iced::{window, Task};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

#[cfg(unix)]
static LISTENER: OnceLock<Mutex<Option<std::os::unix::net::UnixListener>>> = OnceLock::new();
/// What the process that opened the window was started for (a `mailto:` URL).
static FIRST: OnceLock<Mutex<Option<Request>>> = OnceLock::new();

/// The window answers the instance socket (see [`crate::instance::claim`]) and starts with
/// `first` when given.
pub fn start_with(start: crate::instance::Start, first: Option<Request>) {
    #[cfg(unix)]
    if let crate::instance::Start::First(listener) = start {
        let _ = LISTENER.set(Mutex::new(Some(listener)));
    }
    #[cfg(not(unix))]
    let _ = start;
    let _ = FIRST.set(Mutex::new(first));
}

/// Requests arriving on the socket, one thread per connection (each answers at once).
pub(super) fn requests() -> impl Stream<Item = Request> {
    iced::stream::channel(16, async move |out: mpsc::Sender<Request>| {
        #[cfg(unix)]
        {
            let taken = LISTENER
                .get()
                .and_then(|m| m.lock().ok().and_then(|mut l| l.take()));
            if let Some(listener) = taken {
                std::thread::spawn(move || {
                    for stream in listener.incoming().flatten() {
                        let mut out = out.clone();
                        std::thread::spawn(move || {
                            if let Some(request) = crate::instance::serve(stream) {
                                let _ = out.try_send(request);
                            }
                        });
                    }
                });
            }
        }
        #[cfg(not(unix))]
        drop(out);
        std::future::pending::<()>().await;
    })
}

impl App {
    /// The request the process was started with, once the accounts are known.
    pub(super) fn first_request(&mut self) -> Task<Message> {
        let first = FIRST
            .get()
            .and_then(|m| m.lock().ok().and_then(|mut r| r.take()));
        match first {
            Some(request) => self.on_request(request),
            None => Task::none(),
        }
    }

    pub(super) fn on_request(&mut self, request: Request) -> Task<Message> {
        match request {
            Request::Show => match self.main {
                Some(id) => window::gain_focus(id),
                None => Task::none(),
            },
            Request::Mailto(url) => match crate::mailto::parse(&url) {
                Ok(m) => {
                    let mut seed = self.new_message_seed_here();
                    let draft = &mut seed.draft;
                    draft.to = m.to;
                    draft.cc = m.cc;
                    draft.bcc = m.bcc;
                    draft.subject = m.subject;
                    // The signature (if any) stays under what the link wrote.
                    draft.body = if m.body.is_empty() {
                        std::mem::take(&mut draft.body)
                    } else {
                        format!("{}\n{}", m.body, draft.body)
                    };
                    draft.references = m.in_reply_to.iter().cloned().collect();
                    draft.in_reply_to = m.in_reply_to;
                    self.open_composer(seed, Instant::now())
                }
                Err(e) => {
                    self.notice = Some(crate::ui::strings::t().mailto_refused(&e.to_string()));
                    Task::none()
                }
            },
        }
    }
}
