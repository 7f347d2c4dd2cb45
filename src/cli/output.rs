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
