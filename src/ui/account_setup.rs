//! Account setup and editing: name, address, login, password (masked, kept in the OS keyring),
//! IMAP server and security, and the outgoing (SMTP) server in its own section. "Test connection"
//! and "Test sending server" log in without saving; "Add"/"Save" log in first too. Failures are
//! said in plain words; a refused certificate can be trusted by fingerprint (for either server:
//! an account has one trust setting).

mod sending;
#[cfg(test)]
mod sending_tests;

use super::strings::t;
use crate::engine::AccountForm;
use iced::widget::{
    button, column, container, pick_list, row, scrollable, text, text_input, Column,
};
use iced::{Element, Fill};
pub use sending::{test as sending_test, SendingTest, SmtpSecurity};

pub const SECURITY_CHOICES: [&str; 3] = ["tls", "starttls", "plain"];

#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Email(String),
    Login(String),
    Password(String),
    Server(String),
    Security(&'static str),
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
    pub error: Option<String>,
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
            can_cancel,
            ca_file: None,
            untrusted: None,
            editing: None,
            tested: None,
            sending_result: None,
            sending_test: None,
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

    /// What is missing before the form can be sent, if anything.
    pub fn missing(&self) -> Option<&'static str> {
        if self.form.name.trim().is_empty() {
            Some(t().missing_name())
        } else if !self.form.email.contains('@') {
            Some(t().missing_email())
        } else if self.form.imap.trim().is_empty() {
            Some(t().missing_server())
        } else if self.password.is_empty() && self.editing.is_none() {
            Some(t().missing_password())
        } else {
            None
        }
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
        ) {
            self.tested = None;
            self.error = None;
            self.sending_result = None;
        }
        match message {
            Message::Name(v) => self.form.name = v,
            Message::Email(v) => self.form.email = v,
            Message::Login(v) => self.form.login = v,
            Message::Password(v) => self.password = v,
            Message::Server(v) => self.form.imap = v,
            Message::Security(v) => self.form.security = v.to_string(),
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
            Message::SmtpSecurity(v) => self.form.smtp_security = v.code().to_string(),
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
        Event::None
    }

    /// The sending-server test the last message asked for, if any (the app runs it with
    /// [`sending::test`] and answers with [`Message::SendingTested`]).
    pub fn take_sending_test(&mut self) -> Option<SendingTest> {
        self.sending_test.take()
    }

    fn start(&mut self, action: Action) -> Event {
        let no_server = action == Action::TestSending && self.form.smtp.trim().is_empty();
        let missing = self
            .missing()
            .or_else(|| no_server.then(|| t().missing_smtp()));
        if let Some(why) = missing {
            match action {
                Action::TestSending => self.sending_result = Some(Err(why.to_string())),
                _ => self.error = Some(why.to_string()),
            }
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

    pub fn view(&self) -> Element<'_, Message> {
        let security = pick_list(
            &SECURITY_CHOICES[..],
            SECURITY_CHOICES
                .iter()
                .copied()
                .find(|s| *s == self.form.security),
            Message::Security,
        );
        let title = match &self.editing {
            Some(name) => t().edit_title(name),
            None => t().setup_title().to_string(),
        };
        let password_hint = if self.editing.is_some() {
            t().unchanged()
        } else {
            ""
        };
        let mut col = column![
            text(title).size(22),
            text(t().setup_keyring()).size(12),
            field(
                t().account_name(),
                text_input("Work", &self.form.name)
                    .id("setup-name")
                    .on_input(Message::Name)
                    .on_submit(Message::Submit)
            ),
            field(
                t().email_address(),
                text_input("you@example.com", &self.form.email)
                    .id("setup-email")
                    .on_input(Message::Email)
                    .on_submit(Message::Submit)
            ),
            field(
                t().login_label(),
                text_input("", &self.form.login)
                    .id("setup-login")
                    .on_input(Message::Login)
                    .on_submit(Message::Submit)
            ),
            field(
                t().password(),
                text_input(password_hint, &self.password)
                    .id("setup-password")
                    .secure(true)
                    .on_input(Message::Password)
                    .on_submit(Message::Submit)
            ),
            row![
                field(
                    t().imap_server(),
                    text_input("imap.example.com:993", &self.form.imap)
                        .id("setup-server")
                        .on_input(Message::Server)
                        .on_submit(Message::Submit)
                )
                .width(Fill),
                field(t().security(), security),
            ]
            .spacing(8),
        ]
        .spacing(10)
        .max_width(520);
        let ca_label = match (&self.ca_file, &self.form.ca_pem) {
            (Some(name), _) => t().trusting(name),
            (None, Some(_)) => t().current_certificate().to_string(),
            (None, None) => t().system_trust().to_string(),
        };
        col = col.push(
            row![
                text(ca_label).size(12).width(Fill),
                button(text(t().ca_file()).size(12))
                    .style(button::secondary)
                    .on_press(Message::PickCa)
            ]
            .spacing(8),
        );
        col = col.push(sending::view(self));
        if let Some(e) = &self.error {
            col = col.push(text(e.as_str()).size(13).style(text::danger));
        }
        if let Some(ok) = &self.tested {
            col = col.push(text(ok.as_str()).size(13).style(text::success));
        }
        if self.last != Action::TestSending {
            col = col.push(self.trust_block());
        }
        let submit_words = if self.editing.is_some() {
            t().save_changes()
        } else {
            t().add_account()
        };
        let (add, test) = if self.busy {
            (
                button(text(t().checking())),
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
        col = col.push(buttons);
        scrollable(container(col).padding(24).width(Fill))
            .height(Fill)
            .into()
    }
}

/// A labelled input.
fn field<'a>(label: &'static str, input: impl Into<Element<'a, Message>>) -> Column<'a, Message> {
    column![text(label).size(12), input.into()].spacing(2)
}
