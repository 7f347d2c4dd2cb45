//! How the account receives mail: IMAP or POP3, the POP3 options (leave a copy, delete after
//! days, delete there when deleted here), and the offer of POP3 when IMAP does not answer.

use super::{field, AccountSetup, ImapSecurity, Message};
use crate::account::{Incoming, Security};
use crate::engine::form_check::incoming_port;
use crate::ui::strings::t;
use iced::widget::{button, checkbox, column, row, text, text_input, Column};
use iced::{Element, Fill};

/// A security choice as the form shows it: its usual port depends on the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityChoice(pub ImapSecurity, pub Incoming);

impl std::fmt::Display for SecurityChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecurityChoice(ImapSecurity::Tls, Incoming::Pop3) => f.write_str(t().pop3_tls()),
            SecurityChoice(ImapSecurity::StartTls, Incoming::Pop3) => {
                f.write_str(t().pop3_starttls())
            }
            SecurityChoice(s, _) => s.fmt(f),
        }
    }
}

/// What a lookup found, as the form takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub incoming: Incoming,
    /// `host:port`, security code, login.
    pub server: String,
    pub security: String,
    pub login: String,
    /// `host:port` and security code of the outgoing server, if one was found.
    pub smtp: Option<(String, String)>,
    pub source: String,
}

/// Look `email`'s servers up (the engine's discovery), as the form takes them.
pub async fn look_up(email: String) -> Result<Lookup, String> {
    use crate::engine::discovery::{config_xml::Protocol, discover, Net};
    let found = discover(&email, &Net::from_env()).await.map_err(|tried| {
        let sources: Vec<&str> = tried.iter().map(|(s, _)| s.as_str()).collect();
        t().nothing_found(&email, &sources.join(", "))
    })?;
    let first = found
        .incoming
        .first()
        .ok_or_else(|| t().nothing_found(&email, &found.source))?;
    Ok(Lookup {
        incoming: if first.protocol == Protocol::Pop3 {
            Incoming::Pop3
        } else {
            Incoming::Imap
        },
        server: format!("{}:{}", first.host, first.port),
        security: first.security.to_string(),
        login: if first.login == email {
            String::new()
        } else {
            first.login.clone()
        },
        smtp: found
            .outgoing
            .first()
            .map(|o| (format!("{}:{}", o.host, o.port), o.security.to_string())),
        source: found.source,
    })
}

impl AccountSetup {
    /// Fill the form with what the lookup found (the person checks it and presses again).
    pub(super) fn discovered(&mut self, result: Result<Lookup, String>) {
        self.busy = false;
        self.looking_up = false;
        match result {
            Ok(found) => {
                self.form.incoming = found.incoming;
                self.form.imap = found.server;
                self.form.security = found.security;
                if self.form.login.trim().is_empty() {
                    self.form.login = found.login;
                }
                if let (true, Some((smtp, security))) =
                    (self.form.smtp.trim().is_empty(), found.smtp)
                {
                    self.form.smtp = smtp;
                    self.form.smtp_security = security;
                }
                self.tested = Some(t().found_servers(&found.source));
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// IMAP <-> POP3: the server's port follows when it is the usual one of the other.
    pub(super) fn switch_incoming(&mut self, to: Incoming) {
        if self.editing.is_some() || to == self.form.incoming {
            return;
        }
        let security = Security::parse(&self.form.security).unwrap_or(Security::Tls);
        self.form.imap = super::follow_port(
            &self.form.imap,
            incoming_port(self.form.incoming, security),
            incoming_port(to, security),
        );
        self.form.incoming = to;
    }
}

/// Two choices for a new account; the one it has when editing (it cannot change).
pub fn protocol_choice(setup: &AccountSetup) -> Element<'_, Message> {
    let chosen = setup.form.incoming;
    let label = |p: Incoming| match p {
        Incoming::Imap => t().receive_imap(),
        Incoming::Pop3 => t().receive_pop3(),
    };
    if setup.editing.is_some() {
        return text(label(chosen)).size(13).into();
    }
    // Two buttons, the chosen one filled (a pair of radio buttons whose labels are buttons).
    let choice = |p: Incoming| {
        let style = if p == chosen {
            button::primary
        } else {
            button::secondary
        };
        button(text(label(p)).size(13))
            .style(style)
            .on_press(Message::Incoming(p))
    };
    row![choice(Incoming::Imap), choice(Incoming::Pop3)]
        .spacing(8)
        .into()
}

/// What a POP3 account leaves on the server.
pub fn pop3_options(setup: &AccountSetup) -> Column<'_, Message> {
    let form = &setup.form;
    let mut col = column![checkbox(form.leave_on_server)
        .label(t().leave_on_server())
        .text_size(13)
        .on_toggle(Message::LeaveOnServer)]
    .spacing(6);
    if form.leave_on_server {
        col = col
            .push(
                field(
                    t().delete_after_days(),
                    text_input("", &form.delete_after_days)
                        .id("setup-delete-after-days")
                        .width(120)
                        .on_input(Message::DeleteAfterDays)
                        .on_submit(Message::Submit),
                )
                .push(super::beside(
                    setup.problem(crate::engine::form_check::FormField::DeleteAfterDays),
                )),
            )
            .push(
                checkbox(form.delete_when_deleted_here)
                    .label(t().delete_when_deleted_here())
                    .text_size(13)
                    .on_toggle(Message::DeleteWhenDeletedHere),
            );
    }
    col
}

/// "This server does not offer IMAP, but it offers POP3 at …" with the button that takes it.
pub fn offer(server: &str) -> Element<'_, Message> {
    row![
        text(t().pop3_offered(server)).size(13).width(Fill),
        button(text(t().use_pop3()).size(13)).on_press(Message::UsePop3),
    ]
    .spacing(8)
    .into()
}

/// The section's title, with "Notify me of new mail" beside it (the form stays as tall).
pub fn title(setup: &AccountSetup) -> Element<'_, Message> {
    row![
        text(t().incoming_section()).size(16).width(Fill),
        notify_choice(setup)
    ]
    .align_y(iced::Center)
    .into()
}

/// "Notify me of new mail" (a desktop notification per new message in the Inbox).
pub fn notify_choice(setup: &AccountSetup) -> Element<'_, Message> {
    checkbox(!setup.form.no_notify)
        .label(t().notify_new_mail())
        .text_size(13)
        .on_toggle(Message::Notify)
        .into()
}
