//! Formatting for people: dates, column text, the no-window notice.

use jebi::store::MessageSummary;

pub fn date_text(ts: Option<i64>) -> String {
    match jebi::store::local_time_text(ts) {
        t if t.is_empty() => "-".into(),
        t => t,
    }
}

/// Cut to a display width, counting wide (CJK) characters as two columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars().filter(|c| !c.is_control()) {
        let w = if is_wide(c) { 2 } else { 1 };
        if used + w > width {
            if used < width {
                out.push('…');
                used += 1;
            }
            break;
        }
        out.push(c);
        used += w;
    }
    while used < width {
        out.push(' ');
        used += 1;
    }
    out
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

pub fn print_rows(rows: &[MessageSummary]) {
    for m in rows {
        let marks = format!(
            "{}{}{}",
            if m.seen { ' ' } else { 'N' },
            if m.flagged { '*' } else { ' ' },
            if m.has_attachments { '@' } else { ' ' }
        );
        let subject = if m.subject.is_empty() {
            "(no subject)"
        } else {
            &m.subject
        };
        println!(
            "{:>7} {} {} {} {}",
            m.id,
            marks,
            date_text(m.date),
            fit(&m.sender(), 24),
            fit(subject, 60).trim_end()
        );
    }
}

/// `jebi search --json`, written straight from the rows: the keys in alphabetical order, the
/// bytes the earlier `serde_json::Value` map wrote (scripts read them), without first building a
/// map for every message (a fifth of a short search's instructions went there).
pub fn search_json(query: &str, total: usize, rows: &[MessageSummary]) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        messages: Vec<Row<'a>>,
        query: &'a str,
        total: usize,
    }
    #[derive(serde::Serialize)]
    struct Row<'a> {
        account_id: &'a str,
        date: Option<i64>,
        flagged: bool,
        folder: &'a str,
        from_email: Option<&'a str>,
        from_name: Option<&'a str>,
        has_attachments: bool,
        has_body: bool,
        id: i64,
        seen: bool,
        size: u32,
        snippet: &'a str,
        subject: &'a str,
        uid: u32,
    }
    let messages = rows
        .iter()
        .map(|m| Row {
            account_id: &m.account_id,
            date: m.date,
            flagged: m.flagged,
            folder: &m.folder,
            from_email: m.from_email.as_deref(),
            from_name: m.from_name.as_deref(),
            has_attachments: m.has_attachments,
            has_body: m.has_body,
            id: m.id,
            seen: m.seen,
            size: m.size,
            snippet: &m.snippet,
            subject: &m.subject,
            uid: m.uid,
        })
        .collect();
    let out = Out {
        messages,
        query,
        total,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scripts read `jebi search --json`: the rows written straight out are byte for byte what
    /// the map of values wrote (same keys, same order, same escapes).
    #[test]
    fn search_json_is_the_same_bytes_as_the_value_map_wrote() {
        let row = |id: i64, name: Option<&str>| MessageSummary {
            id,
            account_id: "acc-1".into(),
            folder: "INBOX".into(),
            uid: 7,
            date: (id % 2 == 0).then_some(1_700_000_000),
            from_name: name.map(str::to_string),
            from_email: Some("a\"b@example.test".into()),
            subject: "회의 \u{1}\\ report".into(),
            seen: id % 2 == 0,
            flagged: true,
            has_attachments: false,
            has_body: true,
            size: 12_345,
            snippet: "line\nbreak".into(),
        };
        for rows in [vec![], vec![row(1, None), row(2, Some("김 철수"))]] {
            let before = serde_json::to_string_pretty(
                &serde_json::json!({ "query": "q \"x\"", "total": 99, "messages": rows }),
            )
            .unwrap();
            assert_eq!(search_json("q \"x\"", 99, &rows), before);
        }
    }
}
