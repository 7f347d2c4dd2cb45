//! Account setup and editing: name, address, login, password (masked, kept in the OS keyring),
//! IMAP server and security, and the outgoing (SMTP) server in its own section. "Test connection"
//! and "Test sending server" log in without saving; "Add"/"Save" log in first too. Failures are
//! said in plain words; a refused certificate can be trusted by fingerprint (for either server:
//! an account has one trust setting).

mod receiving;
#[cfg(test)]
mod receiving_tests;
mod sending;
#[cfg(test)]
mod sending_tests;

use super::strings::t;
use crate::account::Incoming;
use crate::account::Security;
use crate::engine::form_check::{form_problems, incoming_port, smtp_port, FormField, FormProblem};
use crate::engine::AccountForm;
use iced::widget::{
    button, column, container, pick_list, row, scrollable, space, text, text_input, Column,
};
use iced::{Element, Fill};
pub use receiving::look_up;
pub use sending::{test as sending_test, SendingTest, SmtpSecurity};

/// How the incoming server is reached, as the form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImapSecurity {
    Tls,
    StartTls,
    /// Only shown for an account that already has it (allowed explicitly from the CLI).
    Plain,
}

impl ImapSecurity {
    /// The form's code for it (`AccountForm::security`).
    pub fn code(self) -> &'static str {
        match self {
            ImapSecurity::Tls => "tls",
            ImapSecurity::StartTls => "starttls",
            ImapSecurity::Plain => "plain",
        }
    }

    fn of(form: &AccountForm) -> ImapSecurity {
        match form.security.as_str() {
            "starttls" => ImapSecurity::StartTls,
            "plain" => ImapSecurity::Plain,
            _ => ImapSecurity::Tls,
        }
    }
}

impl std::fmt::Display for ImapSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ImapSecurity::Tls => t().imap_tls(),
            ImapSecurity::StartTls => t().imap_starttls(),
            ImapSecurity::Plain => t().smtp_plain(),
        })
    }
}

/// `text` with its port moved from `from` to `to`, when it names `from` (the usual port of the
/// security the user just left); any other port stays as typed.
pub fn follow_port(text: &str, from: u16, to: u16) -> String {
    match text.trim().rsplit_once(':') {
        Some((host, port)) if port == from.to_string() && !host.is_empty() => {
            format!("{host}:{to}")
        }
        _ => text.to_string(),
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Email(String),
    Login(String),
    Password(String),
    Server(String),
    Security(ImapSecurity),
    PickCa,
    CaPicked(Option<(String, String)>),
    TrustCertificate,
    Test,
    Submit,
    Cancel,
    SmtpServer(String),
    SmtpSecurity(SmtpSecurity),
    SmtpLogin(String),
    /// "Save a copy in Sent" ticked or not.
    SentCopy(bool),
    /// IMAP or POP3 (a new account only).
    Incoming(Incoming),
    /// "Notify me of new mail" ticked or not.
    Notify(bool),
    /// POP3: leave a copy on the server.
    LeaveOnServer(bool),
    DeleteAfterDays(String),
    DeleteWhenDeletedHere(bool),
    /// Nothing answered on IMAP, but the host offers POP3 at (server, security code).
    Pop3Offered(Option<(String, String)>),
    /// Take that offer.
    UsePop3,
    /// What looking up the address found (the form fills in), or why nothing.
    Discovered(Result<receiving::Lookup, String>),
    /// "Test sending server": the app takes the request with [`AccountSetup::take_sending_test`].
    TestSending,
    /// How that test went: the words to show, or (the failure, a refused certificate's SHA-256).
    SendingTested(Result<String, (String, Option<String>)>),
}

pub enum Event {
    None,
    PickCa,
    /// Log in with these settings, save nothing. An empty password means the stored one.
    Test(Box<AccountForm>, String),
    /// Add (or, when editing, change) the account. An empty password when editing keeps the stored one.
    Submit(Box<AccountForm>, String),
    /// Look up the servers of this address (the server field was left empty).
    Discover(String),
    Cancel,
}

/// What the last press asked for (a trusted certificate repeats it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Test,
    Submit,
    TestSending,
}

#[derive(Debug, Clone)]
pub struct AccountSetup {
    pub form: AccountForm,
    pub password: String,
    pub busy: bool,
    /// What the server or the keyring said about the last test or submit.
    pub error: Option<String>,
    /// The form's own problems, each beside its field (shown after a press).
    pub problems: Vec<FormProblem>,
    /// Whether there is something to go back to (false on the first start).
    pub can_cancel: bool,
    /// File name of the CA/certificate file picked, for display.
    pub ca_file: Option<String>,
    /// SHA-256 (hex) of a certificate the server presented and Jebi refused: offer to trust it.
    pub untrusted: Option<String>,
    /// The name of the account being edited (None: adding a new one).
    pub editing: Option<String>,
    /// "Test connection" worked: what to tell the user.
    pub tested: Option<String>,
    /// How "Test sending server" went (shown beside it).
    pub sending_result: Option<Result<String, String>>,
    /// A sending-server test asked for and not yet taken by the app.
    sending_test: Option<SendingTest>,
    /// The host offers POP3 where IMAP did not answer: (server, security code).
    pub pop3_offer: Option<(String, String)>,
    /// Looking the address's servers up ("Looking up…").
    pub looking_up: bool,
    last: Action,
}

impl AccountSetup {
    pub fn new(can_cancel: bool) -> AccountSetup {
        AccountSetup {
            form: AccountForm {
                security: "tls".into(),
                ..AccountForm::default()
            },
            password: String::new(),
            busy: false,
            error: None,
            problems: Vec::new(),
            can_cancel,
            ca_file: None,
            untrusted: None,
            editing: None,
            tested: None,
            sending_result: None,
            sending_test: None,
            pop3_offer: None,
            looking_up: false,
            last: Action::Submit,
        }
    }

    /// The form filled with an account's settings; the password field stays empty ("unchanged").
    pub fn edit(account: &crate::account::Account) -> AccountSetup {
        AccountSetup {
            form: crate::engine::form_from_account(account),
            editing: Some(account.name.clone()),
            ..AccountSetup::new(true)
        }
    }

    /// Everything to fix before the form can be sent, each with its field.
    pub fn check(&self) -> Vec<FormProblem> {
        let mut problems = form_problems(&self.form);
        if self.password.is_empty() && self.editing.is_none() {
            problems.push(FormProblem {
                field: FormField::Password,
                text: t().missing_password().to_string(),
            });
        }
        problems
    }

    /// The problem beside `field`, if any.
    fn problem(&self, field: FormField) -> Option<&str> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.text.as_str())
    }

    pub fn update(&mut self, message: Message) -> Event {
        // Changing a field makes the last outcome (success or error) out of date.
        if matches!(
            message,
            Message::Name(_)
                | Message::Email(_)
                | Message::Login(_)
                | Message::Password(_)
                | Message::Server(_)
                | Message::Security(_)
                | Message::SmtpServer(_)
                | Message::SmtpSecurity(_)
                | Message::SmtpLogin(_)
                | Message::SentCopy(_)
                | Message::Incoming(_)
        ) {
            self.tested = None;
            self.error = None;
            self.sending_result = None;
            self.pop3_offer = None;
        }
        let edits = matches!(
            message,
            Message::Name(_)
                | Message::Email(_)
                | Message::Password(_)
                | Message::Server(_)
                | Message::Security(_)
                | Message::SmtpServer(_)
                | Message::SmtpSecurity(_)
                | Message::Incoming(_)
                | Message::DeleteAfterDays(_)
                | Message::LeaveOnServer(_)
        );
        match message {
            Message::Name(v) => self.form.name = v,
            Message::Email(v) => self.form.email = v,
            Message::Login(v) => self.form.login = v,
            Message::Password(v) => self.password = v,
            Message::Server(v) => self.form.imap = v,
            Message::Security(v) => {
                let old = Security::parse(&self.form.security).unwrap_or(Security::Tls);
                let new = Security::parse(v.code()).unwrap_or(Security::Tls);
                let proto = self.form.incoming;
                self.form.imap = follow_port(
                    &self.form.imap,
                    incoming_port(proto, old),
                    incoming_port(proto, new),
                );
                self.form.security = v.code().to_string();
            }
            Message::Incoming(v) => self.switch_incoming(v),
            Message::Notify(on) => self.form.no_notify = !on,
            Message::LeaveOnServer(on) => self.form.leave_on_server = on,
            Message::DeleteAfterDays(v) => self.form.delete_after_days = v,
            Message::DeleteWhenDeletedHere(on) => self.form.delete_when_deleted_here = on,
            Message::Pop3Offered(offer) => self.pop3_offer = offer,
            Message::Discovered(result) => self.discovered(result),
            Message::UsePop3 => {
                if let Some((server, security)) = self.pop3_offer.take() {
                    // The failure that led to the offer is out of date now.
                    self.error = None;
                    self.tested = None;
                    self.form.incoming = Incoming::Pop3;
                    self.form.imap = server;
                    self.form.security = security;
                }
            }
            Message::Cancel => return Event::Cancel,
            Message::PickCa => return Event::PickCa,
            Message::CaPicked(None) => {}
            Message::CaPicked(Some((name, pem))) => match crate::tls::parse_pem_certs(&pem) {
                Ok(_) => {
                    self.form.ca_pem = Some(pem);
                    self.ca_file = Some(name);
                    self.error = None;
                }
                Err(e) => self.error = Some(format!("{name}: {e}")),
            },
            Message::TrustCertificate => {
                if let Some(fp) = self.untrusted.take() {
                    self.form.pinned_sha256.push(fp);
                    return self.start(self.last);
                }
            }
            Message::Test => return self.start(Action::Test),
            Message::Submit => return self.start(Action::Submit),
            Message::SmtpServer(v) => self.form.smtp = v,
            Message::SmtpSecurity(v) => {
                let old = Security::parse(SmtpSecurity::of(&self.form).code());
                let new = Security::parse(v.code());
                if let (Some(old), Some(new)) = (old, new) {
                    self.form.smtp = follow_port(&self.form.smtp, smtp_port(old), smtp_port(new));
                }
                self.form.smtp_security = v.code().to_string();
            }
            Message::SmtpLogin(v) => self.form.smtp_login = v,
            Message::SentCopy(on) => self.form.no_sent_copy = !on,
            Message::TestSending => return self.start(Action::TestSending),
            Message::SendingTested(result) => {
                self.busy = false;
                match result {
                    Ok(words) => self.sending_result = Some(Ok(words)),
                    Err((e, untrusted)) => {
                        self.sending_result = Some(Err(e));
                        self.untrusted = untrusted;
                    }
                }
            }
        }
        // Problems shown stay until the next press, but one that is fixed goes at once.
        if edits && !self.problems.is_empty() {
            let now = self.check();
            self.problems.retain(|p| now.contains(p));
        }
        Event::None
    }

    /// The sending-server test the last message asked for, if any (the app runs it with
    /// [`sending::test`] and answers with [`Message::SendingTested`]).
    pub fn take_sending_test(&mut self) -> Option<SendingTest> {
        self.sending_test.take()
    }

    fn start(&mut self, action: Action) -> Event {
        let mut problems = self.check();
        // Only an address (and a password): look its servers up first; the person checks
        // what was found and presses again.
        let only_address = self.editing.is_none()
            && self.form.imap.trim().is_empty()
            && action != Action::TestSending
            && problems.iter().all(|p| p.field == FormField::Server);
        if only_address {
            self.problems.clear();
            self.error = None;
            self.tested = None;
            self.busy = true;
            self.looking_up = true;
            return Event::Discover(self.form.email.trim().to_string());
        }
        if action == Action::TestSending && self.form.smtp.trim().is_empty() {
            problems.push(FormProblem {
                field: FormField::Smtp,
                text: t().missing_smtp().to_string(),
            });
        }
        self.problems = problems;
        if !self.problems.is_empty() {
            return Event::None;
        }
        self.error = None;
        self.tested = None;
        self.sending_result = None;
        self.untrusted = None;
        self.busy = true;
        self.last = action;
        let form = Box::new(self.form.clone());
        match action {
            Action::Test => Event::Test(form, self.password.clone()),
            Action::Submit => Event::Submit(form, self.password.clone()),
            Action::TestSending => {
                self.sending_test = Some(SendingTest {
                    form: *form,
                    password: self.password.clone(),
                    editing: self.editing.clone(),
                });
                Event::None
            }
        }
    }

    /// The outcome of a test or a submit that did not close the form.
    pub fn finished(&mut self, result: Result<String, (String, Option<String>)>) {
        self.busy = false;
        match result {
            Ok(words) => self.tested = Some(words),
            Err((e, untrusted)) => {
                self.error = Some(e);
                self.untrusted = untrusted;
            }
        }
    }

    /// "Trust this certificate" with the fingerprint to check, after a refused certificate.
    fn trust_block(&self) -> Option<Element<'_, Message>> {
        let fp = self.untrusted.as_ref()?;
        Some(
            column![
                text(t().check_fingerprint(&crate::tls::fingerprint_for_people(fp))).size(12),
                button(text(t().trust_certificate()))
                    .style(button::danger)
                    .on_press(Message::TrustCertificate),
            ]
            .spacing(6)
            .into(),
        )
    }

    /// The incoming server's fields and the account's identity.
    fn incoming_view(&self) -> Column<'_, Message> {
        let chosen = ImapSecurity::of(&self.form);
        let mut choices = vec![ImapSecurity::Tls, ImapSecurity::StartTls];
        if chosen == ImapSecurity::Plain {
            choices.push(ImapSecurity::Plain);
        }
        let password_hint = if self.editing.is_some() {
            t().unchanged()
        } else {
            ""
        };
        // The name may stay empty: the address names the account.
        let name_hint = match self.form.email.trim() {
            "" => t().name_hint(),
            email => email,
        };
        let security = pick_list(
            choices
                .into_iter()
                .map(|s| receiving::SecurityChoice(s, self.form.incoming))
                .collect::<Vec<_>>(),
            Some(receiving::SecurityChoice(chosen, self.form.incoming)),
            |c| Message::Security(c.0),
        );
        let pop3 = self.form.incoming == Incoming::Pop3;
        let port = incoming_port(
            self.form.incoming,
            Security::parse(chosen.code()).unwrap_or(Security::Tls),
        );
        let server_hint = if pop3 {
            format!("pop.example.com:{port}")
        } else {
            format!("imap.example.com:{port}")
        };
        let server_label = if pop3 {
            t().pop3_server()
        } else {
            t().imap_server()
        };
        let mut incoming = column![
            receiving::title(self),
            receiving::protocol_choice(self),
            field(
                t().email_address(),
                text_input("you@example.com", &self.form.email)
                    .id("setup-email")
                    .on_input(Message::Email)
                    .on_submit(Message::Submit)
            )
            .push(beside(self.problem(FormField::Email))),
            field(
                t().password(),
                text_input(password_hint, &self.password)
                    .id("setup-password")
                    .secure(true)
                    .on_input(Message::Password)
                    .on_submit(Message::Submit)
            )
            .push(beside(self.problem(FormField::Password))),
            field(
                t().account_name(),
                text_input(name_hint, &self.form.name)
                    .id("setup-name")
                    .on_input(Message::Name)
                    .on_submit(Message::Submit)
            ),
            field(
                t().login_label(),
                text_input(t().login_hint(), &self.form.login)
                    .id("setup-login")
                    .on_input(Message::Login)
                    .on_submit(Message::Submit)
            ),
            row![
                field(
                    server_label,
                    text_input(&server_hint, &self.form.imap)
                        .id("setup-server")
                        .on_input(Message::Server)
                        .on_submit(Message::Submit)
                )
                .push(beside(self.problem(FormField::Server)))
                .width(Fill),
                field(t().security(), security)
                    .push(beside(self.problem(FormField::Security)))
                    .width(230),
            ]
            .spacing(8),
        ]
        .spacing(8);
        let ca_label = match (&self.ca_file, &self.form.ca_pem) {
            (Some(name), _) => t().trusting(name),
            (None, Some(_)) => t().current_certificate().to_string(),
            (None, None) if !self.form.pinned_sha256.is_empty() => {
                t().trusting_accepted().to_string()
            }
            (None, None) => t().system_trust().to_string(),
        };
        incoming = incoming.push(
            row![
                text(ca_label).size(12).width(Fill),
                button(text(t().ca_file()).size(12))
                    .style(button::secondary)
                    .on_press(Message::PickCa)
            ]
            .spacing(8),
        );
        if let Some(problem) = self.problem(FormField::CaFile) {
            incoming = incoming.push(beside(Some(problem)));
        }
        if pop3 {
            incoming = incoming.push(receiving::pop3_options(self));
        }
        incoming
    }

    pub fn view(&self) -> Element<'_, Message> {
        let title = match &self.editing {
            Some(name) => t().edit_title(name),
            None => t().setup_title().to_string(),
        };
        // Side by side where the window is wide enough, else one under the other.
        let sections = iced::widget::responsive(move |size| {
            let incoming = self.incoming_view();
            if size.width >= TWO_COLUMNS {
                row![incoming.width(Fill), sending::view(self)]
                    .spacing(24)
                    .into()
            } else {
                column![incoming, sending::view(self)].spacing(16).into()
            }
        });
        let mut col = column![
            text(title).size(22),
            text(t().setup_keyring()).size(12),
            sections,
        ]
        .spacing(8)
        .max_width(1100);
        let submit_words = if self.editing.is_some() {
            t().save_changes()
        } else {
            t().add_account()
        };
        let (add, test) = if self.busy {
            let busy_words = if self.looking_up {
                t().looking_up()
            } else {
                t().checking()
            };
            (
                button(text(busy_words)),
                button(text(t().test_connection())).style(button::secondary),
            )
        } else {
            (
                button(text(submit_words)).on_press(Message::Submit),
                button(text(t().test_connection()))
                    .style(button::secondary)
                    .on_press(Message::Test),
            )
        };
        let mut buttons = row![add, test].spacing(8);
        if self.can_cancel {
            buttons = buttons.push(
                button(text(t().cancel()))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            );
        }
        // The buttons stay where they are: what a press found comes below them.
        col = col.push(buttons);
        if !self.problems.is_empty() {
            col = col.push(text(t().fix_marked()).size(13).style(text::danger));
        }
        if let Some(e) = &self.error {
            col = col.push(text(e.as_str()).size(13).style(text::danger));
        }
        if let Some((server, _)) = &self.pop3_offer {
            col = col.push(receiving::offer(server));
        }
        if let Some(ok) = &self.tested {
            col = col.push(text(ok.as_str()).size(13).style(text::success));
        }
        if self.last != Action::TestSending {
            col = col.push(self.trust_block());
        }
        scrollable(container(col).padding(24).width(Fill))
            .height(Fill)
            .into()
    }
}

/// Put the keyboard in the form's first field (the address), so that it can be filled in
/// with the keyboard alone: Tab and Shift+Tab move on, Enter adds, Esc cancels.
pub fn focus_first<T>() -> iced::Task<T> {
    iced::widget::operation::focus("setup-email")
}

/// A field's problem under it, in red; an empty line of the same height when there is none,
/// so that nothing moves when one appears.
fn beside<'a>(problem: Option<&'a str>) -> Element<'a, Message> {
    match problem {
        Some(words) => text(words).size(12).style(text::danger).into(),
        None => space().height(PROBLEM_LINE).into(),
    }
}

/// From this width on, the incoming and outgoing servers sit side by side.
const TWO_COLUMNS: f32 = 860.0;

/// The height of one line of a problem (size 12).
const PROBLEM_LINE: f32 = 16.0;

/// A labelled input.
fn field<'a>(label: &'static str, input: impl Into<Element<'a, Message>>) -> Column<'a, Message> {
    column![text(label).size(12), input.into()].spacing(2)
}
