//! Requests from a second `jebi` (a `mailto:` link clicked elsewhere, a second start): the
//! window comes forward, or a composer opens filled in from the URL.

use super::{App, Message};
use crate::instance::Request;
use iced::futures::channel::mpsc;
use iced::futures::Stream;
use iced::{window, Task};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

static LISTENER: OnceLock<Mutex<Option<interprocess::local_socket::Listener>>> = OnceLock::new();
/// What the process that opened the window was started for (a `mailto:` URL).
static FIRST: OnceLock<Mutex<Option<Request>>> = OnceLock::new();

/// The window answers the instance socket (see [`crate::instance::claim`]) and starts with
/// `first` when given.
pub fn start_with(start: crate::instance::Start, first: Option<Request>) {
    if let crate::instance::Start::First(listener) = start {
        let _ = LISTENER.set(Mutex::new(Some(listener)));
    }
    let _ = FIRST.set(Mutex::new(first));
}

/// Where requests made inside this process go (a clicked notification).
static HERE: OnceLock<Mutex<Option<mpsc::Sender<Request>>>> = OnceLock::new();

/// Hand a request to the window from any thread (dropped before the window listens).
pub fn deliver(request: Request) {
    if let Some(Ok(mut out)) = HERE.get().map(|m| m.lock()) {
        if let Some(out) = out.as_mut() {
            let _ = out.try_send(request);
        }
    }
}

/// Requests arriving on the socket, one thread per connection (each answers at once).
pub(super) fn requests() -> impl Stream<Item = Request> {
    iced::stream::channel(64, async move |out: mpsc::Sender<Request>| {
        let _ = HERE.set(Mutex::new(Some(out.clone())));
        let taken = LISTENER
            .get()
            .and_then(|m| m.lock().ok().and_then(|mut l| l.take()));
        if let Some(listener) = taken {
            std::thread::spawn(move || {
                use interprocess::local_socket::traits::ListenerExt;
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
            Request::OpenMessage(id) => {
                let focus = match self.main {
                    Some(main) => window::gain_focus(main),
                    None => Task::none(),
                };
                Task::batch([focus, self.open(id)])
            }
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

impl App {
    /// New mail of an account: desktop notifications (unless the account has them off), on a
    /// thread of their own (D-Bus calls block); a click opens the message.
    pub(super) fn notify_new_mail(
        &self,
        account_id: &str,
        news: Vec<crate::engine::new_mail::NewMail>,
    ) -> Task<Message> {
        let account = self
            .tree
            .snapshot
            .accounts
            .iter()
            .find(|a| a.id == account_id);
        let Some(account) = account.filter(|a| a.notify && self.settings.notifications) else {
            return Task::none();
        };
        let name = account.name.clone();
        std::thread::spawn(move || {
            crate::notify::show(&name, &news, |clicked| {
                deliver(match clicked {
                    crate::notify::Clicked::Message(id) => Request::OpenMessage(id),
                    crate::notify::Clicked::Window => Request::Show,
                })
            })
        });
        Task::none()
    }
}
