//! Frame cost of the message list while scrolling a 100,000-message folder: for each scroll
//! position, build the view, lay it out and render it headless (tiny-skia), as one frame.
//! Then the reader with heavy messages (10,000 parts, a 50 MB attachment, a 1 MB HTML body):
//! the time to prepare it (off the UI thread) and the frame cost once it is shown.
//!     ICED_TEST_BACKEND=tiny-skia cargo bench --bench list_scroll
use jebi::store::MessageSummary;
use std::time::Instant;

fn main() {
    // `cargo test --all-targets` also runs this binary (without `--bench`): nothing to time then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("list_scroll: a benchmark; run it with `cargo bench --bench list_scroll`");
        return;
    }
    let rows: Vec<MessageSummary> = (0..100_000)
        .map(|i| MessageSummary {
            id: i,
            account_id: "a".into(),
            folder: "Inbox".into(),
            uid: i as u32 + 1,
            date: Some(1_790_000_000 - i * 60),
            from_name: Some(format!("Sender number {i}")),
            from_email: Some(format!("s{i}@example.test")),
            subject: format!("Subject of message {i} about the quarterly report"),
            seen: i % 3 != 0,
            flagged: i % 17 == 0,
            has_attachments: i % 7 == 0,
            has_body: true,
            size: 1000,
            snippet: String::new(),
        })
        .collect();
    let height = 700.0;
    let mut list = jebi::ui::MessageListBench::new(rows);
    let mut frames = Vec::new();
    for step in 0..120 {
        // Scroll through the folder in big and small jumps.
        let offset = ((step * 7919) % 100_000) as f32 * 46.0;
        let t = Instant::now();
        let view = list.frame(offset, height);
        let mut ui = iced_test::Simulator::with_size(
            iced::Settings::default(),
            iced::Size::new(420.0, height),
            view,
        );
        let _ = ui.snapshot(&iced::Theme::Light).expect("render");
        frames.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (median, p95) = median_p95(&mut frames);
    println!(
        "message list, 100,000 rows, {} scroll positions: frame (view + layout + render) median {median:.2} ms, p95 {p95:.2} ms",
        frames.len()
    );
    reader("10,000 parts", jebi::ui::many_parts(10_000));
    reader("50 MB attachment", jebi::ui::big_attachment(50));
    reader("1 MB HTML body", jebi::ui::long_html(1 << 20));
}

fn median_p95(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (
        samples[samples.len() / 2],
        samples[(samples.len() * 95) / 100],
    )
}

fn reader(what: &str, raw: Vec<u8>) {
    let mut prepare = Vec::new();
    let mut frames = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let bench = jebi::ui::ReaderBench::prepare(raw.clone());
        prepare.push(t.elapsed().as_secs_f64() * 1000.0);
        for _ in 0..4 {
            let t = Instant::now();
            let mut ui = iced_test::Simulator::with_size(
                iced::Settings::default(),
                iced::Size::new(700.0, 800.0),
                bench.frame(),
            );
            let _ = ui.snapshot(&iced::Theme::Light).expect("render");
            frames.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let (prep, _) = median_p95(&mut prepare);
    let (median, p95) = median_p95(&mut frames);
    println!(
        "reader, {what}: prepared off the UI thread in {prep:.0} ms (median of 5); frame median {median:.2} ms, p95 {p95:.2} ms"
    );
}
