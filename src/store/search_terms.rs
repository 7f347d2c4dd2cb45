//! The search language beyond words: `from:` `to:` `subject:` `has:attachment` `is:unread`
//! `is:read` `is:starred` `before:` `after:` `folder:` (also `in:`). Values may be quoted
//! (`from:"Kim Minji"`); a term Jebi does not know (`http://x`, `note:`) stays plain text.
//! Every value reaches SQL as a bound parameter, never as SQL text.

use rusqlite::types::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    From(String),
    To(String),
    Subject(String),
    HasAttachment,
    Unread,
    Read,
    Starred,
    /// Sent before this day (local midnight, unix seconds).
    Before(i64),
    /// Sent on or after this day.
    After(i64),
    Folder(String),
}

/// What a person typed: the words for the full-text index, and the filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: String,
    pub filters: Vec<Filter>,
}

/// Split into tokens, keeping quoted stretches together (`from:"a b"` is one token).
fn tokens(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn unquote(v: &str) -> String {
    v.trim_matches('"').to_string()
}

/// Local midnight of `YYYY-MM-DD` (or `YYYY/MM/DD`).
fn day(key: &str, value: &str) -> Result<i64, String> {
    use chrono::TimeZone;
    let bad = || format!("'{key}:' wants a date like 2026-11-29, not '{value}'");
    let date = chrono::NaiveDate::parse_from_str(&value.replace('/', "-"), "%Y-%m-%d")
        .map_err(|_| bad())?;
    let midnight = date.and_hms_opt(0, 0, 0).ok_or_else(bad)?;
    chrono::Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.timestamp())
        .ok_or_else(bad)
}

/// Parse what was typed. Errors are one sentence for the person (a date that is not one, an
/// unknown `is:` or `has:` value).
pub fn parse_search(input: &str) -> Result<SearchQuery, String> {
    let mut q = SearchQuery::default();
    let mut text = Vec::new();
    for token in tokens(input) {
        let Some((key, raw)) = token.split_once(':') else {
            text.push(token);
            continue;
        };
        let value = unquote(raw);
        let filter = match key.to_ascii_lowercase().as_str() {
            _ if value.is_empty() => None,
            "from" => Some(Filter::From(value)),
            "to" => Some(Filter::To(value)),
            "subject" => Some(Filter::Subject(value)),
            "folder" | "in" => Some(Filter::Folder(value)),
            "before" => Some(Filter::Before(day(key, &value)?)),
            "after" => Some(Filter::After(day(key, &value)?)),
            "has" => match value.to_ascii_lowercase().as_str() {
                "attachment" | "attachments" => Some(Filter::HasAttachment),
                _ => return Err(format!("'has:{value}' is not known: use has:attachment")),
            },
            "is" => match value.to_ascii_lowercase().as_str() {
                "unread" => Some(Filter::Unread),
                "read" => Some(Filter::Read),
                "starred" | "flagged" => Some(Filter::Starred),
                _ => {
                    return Err(format!(
                        "'is:{value}' is not known: use is:unread, is:read or is:starred"
                    ))
                }
            },
            _ => None,
        };
        match filter {
            Some(f) => q.filters.push(f),
            None => text.push(token),
        }
    }
    q.text = text.join(" ");
    Ok(q)
}

/// `LIKE` pattern matching `text` anywhere, with LIKE's wildcards escaped.
pub fn like_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// `AND ...` conditions on `messages m JOIN folders f` for `filters`, their values appended to
/// `args` (placeholders are numbered after what `args` already holds).
pub fn filter_sql(filters: &[Filter], args: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    let bind = |args: &mut Vec<Value>, v: Value| {
        args.push(v);
        args.len()
    };
    for f in filters {
        let cond = match f {
            Filter::From(v) => {
                let n = bind(args, like_pattern(v).into());
                format!("(m.from_email LIKE ?{n} ESCAPE '\\' OR m.from_name LIKE ?{n} ESCAPE '\\')")
            }
            Filter::To(v) => {
                let n = bind(args, like_pattern(v).into());
                format!("(m.to_list LIKE ?{n} ESCAPE '\\' OR m.cc_list LIKE ?{n} ESCAPE '\\')")
            }
            Filter::Subject(v) => {
                let n = bind(args, like_pattern(v).into());
                format!("m.subject LIKE ?{n} ESCAPE '\\'")
            }
            Filter::HasAttachment => "m.has_attachments = 1".into(),
            Filter::Unread => "m.seen = 0".into(),
            Filter::Read => "m.seen = 1".into(),
            Filter::Starred => "m.flagged = 1".into(),
            Filter::Before(t) => {
                let n = bind(args, (*t).into());
                format!("coalesce(m.date, m.internal_date) < ?{n}")
            }
            Filter::After(t) => {
                let n = bind(args, (*t).into());
                format!("coalesce(m.date, m.internal_date) >= ?{n}")
            }
            Filter::Folder(v) => {
                let n = bind(args, v.clone().into());
                format!(
                    "(f.display_name = ?{n} COLLATE NOCASE OR f.name = ?{n} COLLATE NOCASE
                      OR f.role = lower(?{n}))"
                )
            }
        };
        sql.push_str(" AND ");
        sql.push_str(&cond);
    }
    // Deleted mail and junk stay out of results unless a folder: term asks for them.
    if !filters.iter().any(|f| matches!(f, Filter::Folder(_))) {
        sql.push_str(" AND coalesce(f.role, '') NOT IN ('trash', 'junk')");
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_words() {
        let q = parse_search(r#"budget from:"Kim Minji" is:unread has:attachment 회의 "big plan""#)
            .unwrap();
        assert_eq!(q.text, r#"budget 회의 "big plan""#);
        assert_eq!(
            q.filters,
            vec![
                Filter::From("Kim Minji".into()),
                Filter::Unread,
                Filter::HasAttachment
            ]
        );
        let q = parse_search("see https://example.com/x note: folder:Sent in:inbox").unwrap();
        assert_eq!(q.text, "see https://example.com/x note:");
        assert_eq!(
            q.filters,
            vec![
                Filter::Folder("Sent".into()),
                Filter::Folder("inbox".into())
            ]
        );
        assert!(parse_search("before:yesterday")
            .unwrap_err()
            .contains("wants a date"));
        assert!(parse_search("is:shiny").unwrap_err().contains("is:unread"));
        let q = parse_search("after:2026-11-01 before:2026/12/01").unwrap();
        match &q.filters[..] {
            [Filter::After(a), Filter::Before(b)] => assert_eq!(b - a, 30 * 86400),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn values_are_bound_never_spliced() {
        let mut args = vec![Value::Null];
        let sql = filter_sql(
            &[
                Filter::Subject("x' OR 1=1 --".into()),
                Filter::Folder("a\"b".into()),
            ],
            &mut args,
        );
        assert!(!sql.contains("OR 1=1") && !sql.contains("a\"b"), "{sql}");
        assert_eq!(args.len(), 3);
        assert!(sql.contains("?2") && sql.contains("?3"), "{sql}");
    }
}
