//! Account setup: name, address, login, password (masked, kept in the OS keyring), IMAP
//! server and security. "Add" checks the login first and says why it failed in plain words.

use super::strings::t;
use crate::engine::AccountForm;
use iced::widget::{button, column, container, pick_list, row, text, text_input};
use iced::{Element, Fill};

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
    Submit,
    Cancel,
}

pub enum Event {
    None,
    PickCa,
    Submit(Box<AccountForm>, String),
    Cancel,
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
        } else if self.password.is_empty() {
            Some(t().missing_password())
        } else {
            None
        }
    }

    pub fn update(&mut self, message: Message) -> Event {
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
                    return self.update(Message::Submit);
                }
            }
            Message::Submit => {
                if let Some(why) = self.missing() {
                    self.error = Some(why.to_string());
                    return Event::None;
                }
                self.error = None;
                self.busy = true;
                return Event::Submit(Box::new(self.form.clone()), self.password.clone());
            }
        }
        Event::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let field = |label: &'static str, input: Element<'static, Message>| {
            column![text(label).size(12), input].spacing(2)
        };
        let security = pick_list(
            &SECURITY_CHOICES[..],
            SECURITY_CHOICES
                .iter()
                .copied()
                .find(|s| *s == self.form.security),
            Message::Security,
        );
        let mut col = column![
            text(t().setup_title()).size(22),
            text(t().setup_keyring()).size(12),
            field(
                t().account_name(),
                text_input("Work", &self.form.name)
                    .id("setup-name")
                    .on_input(Message::Name)
                    .into()
            ),
            field(
                t().email_address(),
                text_input("you@example.com", &self.form.email)
                    .id("setup-email")
                    .on_input(Message::Email)
                    .into()
            ),
            field(
                t().login_label(),
                text_input("", &self.form.login)
                    .id("setup-login")
                    .on_input(Message::Login)
                    .into()
            ),
            field(
                t().password(),
                text_input("", &self.password)
                    .id("setup-password")
                    .secure(true)
                    .on_input(Message::Password)
                    .on_submit(Message::Submit)
                    .into()
            ),
            row![
                field(
                    t().imap_server(),
                    text_input("imap.example.com:993", &self.form.imap)
                        .id("setup-server")
                        .on_input(Message::Server)
                        .into()
                )
                .width(Fill),
                field(t().security(), security.into()),
            ]
            .spacing(8),
        ]
        .spacing(10)
        .max_width(520);
        let ca_label = match &self.ca_file {
            Some(name) => t().trusting(name),
            None => t().system_trust().to_string(),
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
        if let Some(e) = &self.error {
            col = col.push(text(e.as_str()).size(13).style(text::danger));
        }
        if let Some(fp) = &self.untrusted {
            col = col.push(
                column![
                    text(t().check_fingerprint(&crate::tls::fingerprint_for_people(fp))).size(12),
                    button(text(t().trust_certificate()))
                        .style(button::danger)
                        .on_press(Message::TrustCertificate),
                ]
                .spacing(6),
            );
        }
        let add = if self.busy {
            button(text(t().checking()))
        } else {
            button(text(t().add_account())).on_press(Message::Submit)
        };
        let mut buttons = row![add].spacing(8);
        if self.can_cancel {
            buttons = buttons.push(
                button(text(t().cancel()))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            );
        }
        col = col.push(buttons);
        container(col).padding(24).width(Fill).height(Fill).into()
    }
}
