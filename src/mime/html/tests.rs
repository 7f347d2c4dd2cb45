use super::to_plain_text;

#[test]
fn drops_head_script_style_and_comments() {
    let html = "<!DOCTYPE html><html><head><title>Ignored title</title><meta charset=utf-8>\
        <style>p { color: red }</style></head><body><!-- hidden <b>comment</b> -->\
        <script type=\"text/javascript\">if (a < b) alert('x')</script><p>Visible</p>\
        <SCRIPT>never()</SCRIPT></body></html>";
    assert_eq!(to_plain_text(html), "Visible");
}

#[test]
fn head_without_closing_tag_ends_at_body() {
    assert_eq!(to_plain_text("<head><meta name=x><body>Hello"), "Hello");
    // A lone <head> with neither </head> nor <body> hides nothing.
    assert_eq!(to_plain_text("<head>Still shown"), "Still shown");
}

#[test]
fn decodes_named_and_numeric_entities() {
    let html = "Fish &amp; chips&nbsp;&lt;3 &quot;q&quot; &#x1F600; &#233;t&#xE9; &copy; &bogus; AT&T &#0; &amp";
    assert_eq!(
        to_plain_text(html),
        "Fish & chips <3 \"q\" 😀 été © &bogus; AT&T \u{fffd} &"
    );
}

#[test]
fn block_elements_become_lines_and_paragraphs() {
    let html = "<div>one</div><div>two</div><p>para</p><p>next<br>line<br/><br>gap</p>\
        <ul><li>apple</li><li>pear</li></ul><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>";
    assert_eq!(
        to_plain_text(html),
        "one\ntwo\n\npara\n\nnext\nline\n\ngap\n\n- apple\n- pear\n\na b\nc"
    );
}

#[test]
fn collapses_white_space_but_keeps_pre() {
    let html = "  lots   of\n\n  space\t here <pre>  keep\n   this</pre> after";
    assert_eq!(
        to_plain_text(html),
        "lots of space here\n\n  keep\n   this\n\nafter"
    );
}

#[test]
fn links_show_their_target_once() {
    let html = "See <a href=\"https://example.com/a?x=1&amp;y=2\">the docs</a>, \
        <a href='https://example.com'>https://example.com</a>, \
        <a href=mailto:kim@example.kr>kim@example.kr</a>, <a href=\"#top\">top</a>, \
        <a href=\"javascript:void(0)\">js</a> and <A HREF=\"https://x.org\"><img src=a.png></A>.";
    assert_eq!(
        to_plain_text(html),
        "See the docs <https://example.com/a?x=1&y=2>, https://example.com, kim@example.kr, top, js and ."
    );
}

#[test]
fn malformed_markup_degrades_to_text() {
    assert_eq!(to_plain_text("a < b and c > d"), "a < b and c > d");
    assert_eq!(to_plain_text("x <b unterminated"), "x");
    // An unterminated quote ends at the tag's '>' instead of swallowing the rest of the document.
    assert_eq!(
        to_plain_text("<p title=\"oops>never closed</p> tail"),
        "never closed\n\ntail"
    );
    assert_eq!(to_plain_text("<!-- never closed <p>hidden"), "");
    assert_eq!(to_plain_text("한국어 <b>굵게</b>&#xD55C;"), "한국어 굵게한");
    assert_eq!(to_plain_text(""), "");
}

#[test]
fn hostile_inputs_stay_linear() {
    // Shapes that make naive scanners quadratic: many unterminated quotes, many unclosed <script>
    // and <head> tags, many comment openers.
    let n = 200_000;
    let inputs = [
        "<a href=\"x>".repeat(n),
        "<script>".repeat(n),
        "<head>".repeat(n),
        "<!--".repeat(n),
        "<p a='".repeat(n),
        "&#x".repeat(n),
        "<".repeat(n),
    ];
    let started = std::time::Instant::now();
    for input in &inputs {
        let _ = to_plain_text(input);
    }
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn never_panics_on_cut_multibyte_and_odd_bytes() {
    let samples = [
        "<a href=\"é",
        "&#x10FFFF;&#xD800;&#99999999999;",
        "<\u{0}>\u{0}",
        "<a href=é>é</a>",
        "</>",
        "<-->",
    ];
    for sample in samples {
        let _ = to_plain_text(sample);
    }
    assert_eq!(to_plain_text("&#xD800;x"), "\u{fffd}x");
}

#[test]
fn remote_references_are_counted_not_fetched() {
    let html = r#"<img src="http://tracker.test/p.gif"><img srcset='https://a.test/x 2x'>
        <div style="background: url(//cdn.test/bg.png)"></div><a href="https://ok.test">link</a>
        <link rel=stylesheet href="https://css.test/a.css"><img src="cid:part1">"#;
    assert_eq!(super::remote_references(html), 4);
    assert_eq!(super::remote_references("<p>plain</p>"), 0);
}
