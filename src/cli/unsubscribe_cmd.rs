//! `jebi unsubscribe ID [--yes]`: the command line's twin of the reader's "Unsubscribe".

use jebi::engine::Engine;

pub async fn run(engine: &Engine, id: i64, yes: bool) -> Result<(), String> {
    let detail = engine
        .reader()
        .and_then(|db| {
            db.message(id)
                .map_err(|e| jebi::engine::Failure::Store(e.to_string()))
        })
        .map_err(|e| e.to_string())?;
    let how = detail
        .raw
        .as_deref()
        .map(jebi::mime::parse)
        .and_then(|p| p.unsubscribe)
        .ok_or_else(|| {
            format!("message {id} does not say how to unsubscribe (it has no List-Unsubscribe header, or its body is not downloaded yet)")
        })?;
    match (&how.web, &how.mail) {
        (Some(web), _) if how.one_click => {
            if !yes {
                println!("would send the list's one-click unsubscribe request to {web}; run again with --yes to send it");
                return Ok(());
            }
            let status = jebi::engine::unsubscribe::one_click(web.clone())
                .await
                .map_err(|e| e.to_string())?;
            println!("unsubscribed: {web} answered {status}");
        }
        (Some(web), _) => println!("open this page to unsubscribe: {web}"),
        (None, Some(mail)) => {
            let subject = if mail.subject.is_empty() {
                "unsubscribe"
            } else {
                &mail.subject
            };
            println!(
                "send a message to {} with the subject \"{subject}\" to unsubscribe",
                mail.to
            );
        }
        (None, None) => return Err(format!("message {id} offers no way to unsubscribe")),
    }
    Ok(())
}
