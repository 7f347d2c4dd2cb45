//! The account form's "Sending (SMTP)" section: outgoing server, its security in words, its
//! login, "Save a copy in Sent", and "Test sending server" (run off the UI thread by [`test`]).

use super::{beside, field, AccountSetup, Action, Message};
use crate::engine::form_check::FormField;
use crate::engine::{account_from_form, AccountForm, Engine};
use crate::secrets::Password;
use crate::ui::account_tasks::Outcome;
use crate::ui::strings::t;
use iced::widget::{button, checkbox, column, pick_list, row, text, text_input};
use iced::{Alignment, Element, Fill};
use std::sync::Arc;

/// How the outgoing server is reached, as the form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    StartTls,
    Tls,
    /// Only shown for an account that already has it (allowed explicitly from the CLI).
    Plain,
}

impl SmtpSecurity {
    /// The form's code for it (`AccountForm::smtp_security`).
    pub fn code(self) -> &'static str {
        match self {
            SmtpSecurity::StartTls => "starttls",
            SmtpSecurity::Tls => "tls",
            SmtpSecurity::Plain => "plain",
        }
    }

    /// The form's choice; none made yet: what the engine picks for the port (TLS on 465,
    /// STARTTLS otherwise).
    pub fn of(form: &AccountForm) -> SmtpSecurity {
        match form.smtp_security.trim() {
            "tls" => SmtpSecurity::Tls,
            "starttls" => SmtpSecurity::StartTls,
            "plain" => SmtpSecurity::Plain,
            _ if form.smtp.trim().ends_with(":465") => SmtpSecurity::Tls,
            _ => SmtpSecurity::StartTls,
        }
    }
}

impl std::fmt::Display for SmtpSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SmtpSecurity::StartTls => t().smtp_starttls(),
            SmtpSecurity::Tls => t().smtp_tls(),
            SmtpSecurity::Plain => t().smtp_plain(),
        })
    }
}

/// "Test sending server" as asked: the form's settings, the password typed (empty: the stored
/// one of the account being edited).
#[derive(Debug, Clone)]
pub struct SendingTest {
    pub form: AccountForm,
    pub password: String,
    pub editing: Option<String>,
}

use crate::ui::account_tasks::failure;

/// Log in to the outgoing server with the form's settings (its trust settings too); nothing is
/// sent or saved. Success: "Logged in to HOST:PORT as LOGIN."; failure: the engine's sentence.
pub async fn test(engine: Arc<Engine>, request: SendingTest) -> Outcome<String> {
    let SendingTest {
        form,
        password,
        editing,
    } = request;
    let mut account = account_from_form(&form).map_err(|e| (e, None))?;
    let stored = match &editing {
        Some(name) => {
            let book = engine.accounts().map_err(|e| (e.to_string(), None))?;
            book.find(name).ok().map(|a| a.id.clone())
        }
        None => None,
    };
    if let Some(id) = stored.clone() {
        account.id = id;
    }
    let result = if password.is_empty() {
        if stored.is_none() {
            return Err((t().missing_password().to_string(), None));
        }
        engine.check_smtp_login(&account).await
    } else {
        engine
            .try_smtp_login(&account, &Password::new(password))
            .await
    };
    result.map_err(failure)?;
    let Some(server) = account.smtp.as_ref() else {
        return Err((t().missing_smtp().to_string(), None));
    };
    Ok(t().sending_works(&server.address(), &account.login_for(server)))
}

/// The section as the form shows it.
pub(super) fn view(setup: &AccountSetup) -> Element<'_, Message> {
    let form = &setup.form;
    let chosen = SmtpSecurity::of(form);
    let mut choices = vec![SmtpSecurity::StartTls, SmtpSecurity::Tls];
    if chosen == SmtpSecurity::Plain {
        choices.push(SmtpSecurity::Plain);
    }
    let security = pick_list(choices, Some(chosen), Message::SmtpSecurity);
    let test = button(text(t().test_sending()).size(12))
        .style(button::secondary)
        .on_press_maybe((!setup.busy).then_some(Message::TestSending));
    let result = setup.sending_result.as_ref().map(|r| match r {
        Ok(words) => text(words.as_str()).size(13).style(text::success),
        Err(e) => text(e.as_str()).size(13).style(text::danger),
    });
    let mut section = column![
        text(t().sending_section()).size(16),
        text(t().sending_hint()).size(12),
        row![
            field(
                t().smtp_server(),
                text_input("smtp.example.com:587", &form.smtp)
                    .id("setup-smtp")
                    .on_input(Message::SmtpServer)
                    .on_submit(Message::Submit)
            )
            .push(beside(setup.problem(FormField::Smtp)))
            .width(Fill),
            field(t().security(), security)
                .push(beside(setup.problem(FormField::SmtpSecurity)))
                .width(230),
        ]
        .spacing(8),
        field(
            t().smtp_login(),
            text_input(t().same_as_above(), &form.smtp_login)
                .id("setup-smtp-login")
                .on_input(Message::SmtpLogin)
                .on_submit(Message::Submit)
        ),
        checkbox(!form.no_sent_copy)
            .label(t().save_sent_copy())
            .text_size(13)
            .on_toggle(Message::SentCopy),
        row![test, result.map(|r| r.width(Fill))]
            .spacing(8)
            .align_y(Alignment::Center),
    ]
    .spacing(8);
    if setup.last == Action::TestSending {
        section = section.push(setup.trust_block());
    }
    section.into()
}
