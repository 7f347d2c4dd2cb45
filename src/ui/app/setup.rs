//! The account form's requests: pick a CA file, test the connection, save the account.

use super::{App, Message};
use crate::engine::Control;
use crate::ui::account_setup;
use crate::ui::account_tasks;
use iced::Task;

impl App {
    pub(super) fn on_setup(&mut self, m: account_setup::Message) -> Task<Message> {
        let Some(setup) = self.setup.as_mut() else {
            return Task::none();
        };
        match setup.update(m) {
            account_setup::Event::None => Task::none(),
            account_setup::Event::Cancel => {
                self.setup = None;
                Task::none()
            }
            account_setup::Event::PickCa => Task::perform(
                async {
                    let file = rfd::AsyncFileDialog::new()
                        .set_title(crate::ui::strings::t().pick_ca_title())
                        .add_filter("PEM certificate", &["pem", "crt", "cer"])
                        .pick_file()
                        .await?;
                    let pem = String::from_utf8_lossy(&file.read().await).into_owned();
                    Some((file.file_name(), pem))
                },
                |picked| Message::Setup(account_setup::Message::CaPicked(picked)),
            ),
            account_setup::Event::Test(form, password) => {
                let editing = setup.editing.clone();
                Task::perform(
                    account_tasks::test_connection(self.engine.clone(), *form, password, editing),
                    Message::Tested,
                )
            }
            account_setup::Event::Discover(email) => {
                Task::perform(crate::ui::account_setup::look_up(email), |r| {
                    Message::Setup(account_setup::Message::Discovered(r))
                })
            }
            account_setup::Event::Submit(form, password) => {
                let editing = setup.editing.clone();
                Task::perform(
                    account_tasks::save(self.engine.clone(), *form, password, editing),
                    Message::AccountAdded,
                )
            }
        }
    }

    pub(super) fn on_tested(
        &mut self,
        r: Result<String, (String, Option<String>)>,
    ) -> Task<Message> {
        let failed = r.is_err();
        if let Some(setup) = self.setup.as_mut() {
            setup.finished(r);
        }
        if failed {
            self.offer_pop3()
        } else {
            Task::none()
        }
    }

    /// After a failed test or add of a new IMAP account: when nothing answers on IMAP and the
    /// host offers POP3, the form says so and offers it.
    fn offer_pop3(&self) -> Task<Message> {
        let Some(setup) = self.setup.as_ref().filter(|s| s.editing.is_none()) else {
            return Task::none();
        };
        let form = setup.form.clone();
        Task::perform(
            async move { crate::engine::pop3_fetch::pop3_instead(&form).await },
            |offer| Message::Setup(account_setup::Message::Pop3Offered(offer)),
        )
    }

    pub(super) fn on_account_added(
        &mut self,
        r: Result<(), (String, Option<String>)>,
    ) -> Task<Message> {
        match r {
            Ok(()) => {
                // An edited account syncs at once (a new password does not change the settings
                // its worker is keyed on; new settings start a new worker anyway).
                let edited = self.setup.as_ref().and_then(|s| s.editing.as_deref());
                let account = edited
                    .and_then(|name| self.tree.snapshot.accounts.iter().find(|a| a.name == name));
                if let Some(control) = account.and_then(|a| self.controls.get(&a.id)) {
                    let _ = control.send(Control::SyncNow);
                }
                self.setup = None;
                self.tree.selected = None;
                self.reload_snapshot()
            }
            Err(failure) => {
                if let Some(s) = self.setup.as_mut() {
                    s.finished(Err(failure));
                }
                self.offer_pop3()
            }
        }
    }
}
