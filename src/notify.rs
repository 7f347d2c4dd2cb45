//! Desktop notifications of new mail (freedesktop notifications over D-Bus through
//! notify-rust): sender and subject for a few messages, a count for many. Clicking one calls
//! `on_click` with what to open, on a thread of its own.

use crate::engine::new_mail::NewMail;

/// More than this many new messages at once: one notification with the count.
pub const ONE_BY_ONE: usize = 3;

/// What a click on a notification asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clicked {
    Message(i64),
    /// The summary of many: show the window.
    Window,
}

/// The (summary, body, click) of each notification for `news` of account `account`.
pub fn texts(account: &str, news: &[NewMail]) -> Vec<(String, String, Clicked)> {
    if news.len() > ONE_BY_ONE {
        let words = crate::locale::pick(
            format!("{} new messages", crate::locale::grouped(news.len() as u64)),
            format!("새 메일 {}개", crate::locale::grouped(news.len() as u64)),
        );
        return vec![(words, account.to_string(), Clicked::Window)];
    }
    news.iter()
        .map(|m| {
            let subject = if m.subject.trim().is_empty() {
                crate::locale::pick("(no subject)".to_string(), "(제목 없음)".to_string())
            } else {
                m.subject.clone()
            };
            (m.from.clone(), subject, Clicked::Message(m.id))
        })
        .collect()
}

/// Show the notifications (blocking: D-Bus calls). A desktop without a notification service
/// shows nothing; that is not an error anyone needs to see.
pub fn show(account: &str, news: &[NewMail], on_click: impl Fn(Clicked) + Clone + Send + 'static) {
    for (summary, body, clicked) in texts(account, news) {
        // Windows toasts and macOS banners: no hints, actions or click back (the window's
        // title still shows the count).
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            let _ = notify_rust::Notification::new()
                .appname("Jebi")
                .summary(&summary)
                .body(&body)
                .show();
            let _ = (&on_click, clicked);
        }
        #[cfg(all(unix, not(target_os = "macos")))]
        let shown = notify_rust::Notification::new()
            .appname("Jebi")
            .summary(&summary)
            .body(&escape(&body))
            .icon(crate::APP_ID)
            .hint(notify_rust::Hint::DesktopEntry(crate::APP_ID.to_string()))
            .hint(notify_rust::Hint::Category("email.arrived".to_string()))
            .action(
                "default",
                &crate::locale::pick("Open".to_string(), "열기".to_string()),
            )
            .show();
        #[cfg(all(unix, not(target_os = "macos")))]
        if let Ok(handle) = shown {
            let on_click = on_click.clone();
            std::thread::spawn(move || {
                handle.wait_for_action(|action| {
                    if action == "default" {
                        on_click(clicked);
                    }
                });
            });
        }
    }
}

/// Notification bodies may carry markup: a subject's `<` and `&` are text.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(i: i64) -> NewMail {
        NewMail {
            id: i,
            from: format!("Sender {i}"),
            subject: format!("Subject <{i}> & more"),
        }
    }

    #[test]
    fn a_few_one_by_one_many_as_a_count() {
        let few: Vec<NewMail> = (1..=3).map(mail).collect();
        let t = texts("Work", &few);
        assert_eq!(t.len(), 3);
        assert_eq!(
            t[0],
            (
                "Sender 1".into(),
                "Subject <1> & more".into(),
                Clicked::Message(1)
            )
        );
        let many: Vec<NewMail> = (1..=1200).map(mail).collect();
        assert_eq!(
            texts("Work", &many),
            [(
                "1,200 new messages".to_string(),
                "Work".to_string(),
                Clicked::Window
            )]
        );
        assert_eq!(escape("a <b> & c"), "a &lt;b&gt; &amp; c");
    }
}
