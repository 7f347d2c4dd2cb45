//! HTML bodies as readable plain text (for the search index, previews and a text-only view).
//!
//! A single forward scan: no DOM, no network, linear time on any input (every search for a closing
//! marker starts where the last one ended or is answered from a cache).

/// Elements whose whole content is dropped.
const DROPPED: &[&str] = &["script", "style", "title", "template", "noscript", "svg"];
/// Elements that start and end a paragraph (a blank line around them).
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dl",
    "hr",
    "figure",
];
/// Elements that start and end a line.
const LINES: &[&str] = &[
    "div",
    "li",
    "tr",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "address",
    "form",
    "fieldset",
    "figcaption",
    "caption",
    "details",
    "summary",
    "center",
    "body",
    "html",
];
const CELLS: &[&str] = &["td", "th"];

/// Converts HTML to readable plain text: drops `<head>`, `<script>`, `<style>` and comments, decodes
/// entities, turns block elements into line breaks, writes links as `text <url>` and collapses white space.
pub fn to_plain_text(html: &str) -> String {
    let mut out = Output::default();
    let mut link: Option<(String, usize)> = None;
    walk(html, |item| {
        let tag = match item {
            Item::Text(text) => return out.text(text),
            Item::Tag(tag) => tag,
        };
        let name = tag.name.as_str();
        if name == "br" {
            out.line_break();
        } else if name == "a" {
            if let Some((href, start)) = link.take() {
                out.link_target(&href, start);
            }
            if !tag.closing {
                link = tag.href.map(|href| (href, out.buf.len()));
            }
        } else if name == "pre" {
            out.paragraph();
            out.pre = if tag.closing {
                out.pre.saturating_sub(1)
            } else {
                out.pre + 1
            };
        } else if name == "li" && !tag.closing {
            out.line();
            out.literal("- ");
        } else if PARAGRAPHS.contains(&name) {
            out.paragraph();
        } else if LINES.contains(&name) {
            out.line();
        } else if CELLS.contains(&name) && !tag.closing {
            out.space = true;
        }
    });
    if let Some((href, start)) = link {
        out.link_target(&href, start);
    }
    out.finish()
}

/// A piece of HTML as [`walk`] hands it out: text (entities not yet decoded) or a tag.
pub(super) enum Item<'a> {
    Text(&'a str),
    Tag(Tag),
}

/// Goes through the HTML once, handing out text and tags in order. Comments, declarations,
/// `<head>` and the elements whose content is never shown (scripts, styles...) are skipped.
pub(super) fn walk(html: &str, mut f: impl FnMut(Item<'_>)) {
    let mut scan = Scanner {
        src: html,
        pos: 0,
        quotes_reliable: true,
        found: Vec::new(),
    };
    while scan.pos < html.len() {
        let next_tag = html[scan.pos..]
            .find('<')
            .map_or(html.len(), |i| scan.pos + i);
        if next_tag > scan.pos {
            f(Item::Text(&html[scan.pos..next_tag]));
        }
        scan.pos = next_tag;
        if scan.pos >= html.len() {
            break;
        }
        let Some(tag) = scan.tag() else {
            f(Item::Text("<"));
            scan.pos += 1;
            continue;
        };
        let name = tag.name.as_str();
        if name.is_empty() {
            continue;
        }
        if !tag.closing && !tag.self_closing && DROPPED.contains(&name) {
            scan.pos = scan.find(&format!("</{name}")).unwrap_or(html.len());
        } else if !tag.closing && name == "head" {
            let end = [scan.find("</head"), scan.find("<body")]
                .into_iter()
                .flatten()
                .min();
            scan.pos = end.unwrap_or(scan.pos);
        } else {
            f(Item::Tag(tag));
        }
    }
}

/// How many references to remote content (images, stylesheets, backgrounds, CSS `url()`) the
/// HTML holds. Only counted, never fetched: a reader tells the user what it is not loading.
pub fn remote_references(html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    let mut count = 0;
    for needle in ["src=", "srcset=", "background=", "url(", "href="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(needle) {
            let at = from + i + needle.len();
            let value = lower[at..].trim_start_matches(['"', '\'', ' ']);
            let remote = value.starts_with("http://")
                || value.starts_with("https://")
                || value.starts_with("//");
            // `href` counts only on <link> (stylesheets), not on ordinary links.
            let is_link_tag = needle != "href="
                || lower[..from + i]
                    .rfind('<')
                    .is_some_and(|t| lower[t..].starts_with("<link"));
            if remote && is_link_tag {
                count += 1;
            }
            from = at;
        }
    }
    count
}

pub(super) struct Tag {
    /// Lower-case element name.
    pub name: String,
    pub closing: bool,
    pub self_closing: bool,
    /// `href` of `<a>`, entities decoded.
    pub href: Option<String>,
    /// `src` of `<img>` (or the first `srcset` candidate), entities decoded.
    pub src: Option<String>,
    /// `alt` of `<img>`, entities decoded.
    pub alt: Option<String>,
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    /// Cleared after the first unterminated quote: from then on quotes are ignored, so a stray quote
    /// cannot make every later tag scan to the end of the document.
    quotes_reliable: bool,
    /// Results of earlier searches: (needle, position found or None when absent from there on).
    found: Vec<(String, Option<usize>)>,
}

impl Scanner<'_> {
    /// Reads the tag or markup declaration at `pos` (which holds `<`) and moves past it.
    /// `None` when the `<` does not start markup and is ordinary text.
    fn tag(&mut self) -> Option<Tag> {
        let bytes = self.src.as_bytes();
        let rest = &bytes[self.pos..];
        let unnamed = Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            href: None,
            src: None,
            alt: None,
        };
        if rest.starts_with(b"<!--") {
            self.pos = self
                .find_from("-->", self.pos + 4)
                .map_or(bytes.len(), |end| end + 3);
            return Some(unnamed);
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            self.pos = self
                .find_from(">", self.pos)
                .map_or(bytes.len(), |end| end + 1);
            return Some(unnamed);
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = self.pos + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut i = name_start;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        let name = self.src[name_start..i].to_ascii_lowercase();
        let mut tag = Tag {
            name,
            closing,
            self_closing: false,
            href: None,
            src: None,
            alt: None,
        };
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                tag.self_closing = bytes[i] == b'/';
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                self.pos = (i + 1).min(bytes.len());
                return Some(tag);
            }
            tag.self_closing = false;
            let attr_start = i;
            while i < bytes.len()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let attr = &self.src[attr_start..i];
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (value, end) = self.attribute_value(i);
            i = end;
            let value = value.trim();
            match (tag.name.as_str(), attr.to_ascii_lowercase().as_str()) {
                ("a", "href") => tag.href = Some(decode_entities(value)),
                ("img", "src") => tag.src = Some(decode_entities(value)),
                ("img", "srcset") if tag.src.is_none() => {
                    let first = value.split(',').next().unwrap_or("").trim();
                    let url = first.split_whitespace().next().unwrap_or("");
                    tag.src = Some(decode_entities(url));
                }
                ("img", "alt") => tag.alt = Some(decode_entities(value)),
                _ => {}
            }
        }
    }

    /// The attribute value starting at byte `i` and the position after it.
    fn attribute_value(&mut self, i: usize) -> (&str, usize) {
        let bytes = self.src.as_bytes();
        if let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) {
            if self.quotes_reliable {
                if let Some(close) = self.src[i + 1..].find(char::from(quote)) {
                    return (&self.src[i + 1..i + 1 + close], i + 2 + close);
                }
                self.quotes_reliable = false;
            }
            let (value, end) = self.unquoted_value(i + 1);
            return (value.trim_end_matches(char::from(quote)), end);
        }
        self.unquoted_value(i)
    }

    fn unquoted_value(&self, start: usize) -> (&str, usize) {
        let bytes = self.src.as_bytes();
        let mut i = start;
        while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        (&self.src[start..i], i)
    }

    /// Position of the next case-insensitive `needle` at or after `pos`.
    fn find(&mut self, needle: &str) -> Option<usize> {
        self.find_from(needle, self.pos)
    }

    fn find_from(&mut self, needle: &str, from: usize) -> Option<usize> {
        let cached = self
            .found
            .iter()
            .find(|(n, _)| n == needle)
            .map(|(_, at)| *at);
        match cached {
            Some(None) => return None,
            Some(Some(at)) if at >= from => return Some(at),
            _ => {}
        }
        let hay = self.src.as_bytes();
        let needle_bytes = needle.as_bytes();
        let at = (from..hay.len().saturating_sub(needle_bytes.len() - 1))
            .find(|&i| hay[i..i + needle_bytes.len()].eq_ignore_ascii_case(needle_bytes));
        match self.found.iter_mut().find(|(n, _)| n == needle) {
            Some(entry) => entry.1 = at,
            None => self.found.push((needle.to_string(), at)),
        }
        at
    }
}

/// Text being built, with white space and line breaks held back until the next visible character.
#[derive(Default)]
struct Output {
    buf: String,
    space: bool,
    newlines: usize,
    pre: usize,
}

/// Hands out the characters of HTML text with its entities decoded.
pub(super) fn decoded_chars(html_text: &str, mut f: impl FnMut(char)) {
    let mut rest = html_text;
    while let Some(amp) = rest.find('&') {
        rest[..amp].chars().for_each(&mut f);
        match entity(&rest[amp + 1..]) {
            Some((decoded, used)) => {
                decoded.chars().for_each(&mut f);
                rest = &rest[amp + 1 + used..];
            }
            None => {
                f('&');
                rest = &rest[amp + 1..];
            }
        }
    }
    rest.chars().for_each(f);
}

impl Output {
    fn text(&mut self, html_text: &str) {
        decoded_chars(html_text, |c| self.char(c));
    }

    fn char(&mut self, c: char) {
        if self.pre > 0 && (c == '\n' || c == ' ' || c == '\t') {
            if c == '\n' {
                self.newlines += 1;
            } else {
                self.flush();
                self.buf.push(c);
            }
        } else if c.is_whitespace() {
            self.space = true;
        } else if !c.is_control() && c != '\u{ad}' {
            self.flush();
            self.buf.push(c);
        }
    }

    /// Text that is not HTML (a list bullet, a link target).
    fn literal(&mut self, text: &str) {
        self.flush();
        self.buf.push_str(text);
    }

    fn flush(&mut self) {
        if self.newlines > 0 {
            if !self.buf.is_empty() {
                self.buf
                    .truncate(self.buf.trim_end_matches([' ', '\t']).len());
                self.buf
                    .extend(std::iter::repeat_n('\n', self.newlines.min(2)));
            }
        } else if self.space && !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push(' ');
        }
        self.newlines = 0;
        self.space = false;
    }

    fn line_break(&mut self) {
        self.newlines += 1;
    }

    fn line(&mut self) {
        self.newlines = self.newlines.max(1);
    }

    fn paragraph(&mut self) {
        self.newlines = self.newlines.max(2);
    }

    /// Writes ` <href>` after a link's text, unless the text already shows it or the link goes nowhere.
    fn link_target(&mut self, href: &str, start: usize) {
        let label = self.buf.get(start..).unwrap_or("").trim();
        let lower = href.to_ascii_lowercase();
        let pointless = href.is_empty()
            || href.starts_with('#')
            || lower.starts_with("javascript:")
            || label.is_empty()
            || label == href
            || href.strip_prefix("mailto:") == Some(label);
        if !pointless {
            self.space = true;
            self.literal(&format!("<{href}>"));
        }
    }

    fn finish(mut self) -> String {
        self.buf.truncate(self.buf.trim_end().len());
        self.buf
    }
}

/// An attribute value with entities decoded, control and bidi-override characters removed (they
/// could disguise a link's real target).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    decoded_chars(text, |c| {
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if !c.is_control() && !bidi {
            out.push(c);
        }
    });
    out
}

/// Decodes the entity at the start of `s` (just after `&`): the text and the bytes used.
fn entity(s: &str) -> Option<(String, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .bytes()
            .take_while(|b| (*b as char).is_digit(radix))
            .count();
        if len == 0 || len > 8 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len], radix).ok()?;
        let c = char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((c.to_string(), skip + len + semicolon));
    }
    let len = s
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .take(10)
        .count();
    let name = &s[..len];
    let has_semicolon = s[len..].starts_with(';');
    let text = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "copy" => "©",
        "reg" => "®",
        _ if !has_semicolon => return None,
        "apos" => "'",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "bull" => "•",
        "middot" => "·",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "deg" => "°",
        "times" => "×",
        "divide" => "÷",
        "plusmn" => "±",
        "sect" => "§",
        "para" => "¶",
        "iexcl" => "¡",
        "iquest" => "¿",
        "shy" | "zwnj" | "zwj" | "lrm" | "rlm" => "",
        _ => return None,
    };
    Some((text.to_string(), len + usize::from(has_semicolon)))
}

#[cfg(test)]
mod tests;
