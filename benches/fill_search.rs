//! Fills a data directory's Local Folders Inbox with the search benchmark's corpus
//! (`jebi::store::search_corpus`), for `bench/search_window.sh`:
//!     cargo bench --bench fill_search -- DATA_DIR [N]     (default 100,000 messages)

fn main() {
    // `cargo test --all-targets` also runs this binary (without `--bench`): nothing to fill then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("fill_search: run it with `cargo bench --bench fill_search -- DATA_DIR [N]`");
        return;
    }
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench fill_search -- DATA_DIR [N]");
        std::process::exit(64);
    };
    let n: u32 = args.get(1).and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let started = std::time::Instant::now();
    let engine = jebi::engine::Engine::new(std::path::PathBuf::from(dir));
    let filled = engine.writer().map_err(|e| e.to_string()).and_then(|w| {
        w.run_blocking(move |db| {
            let inbox = jebi::engine::local_folders::ensure(db)?;
            jebi::store::search_corpus::fill(db, inbox, 0..n)
        })
        .map_err(|e| e.to_string())
    });
    match filled {
        Ok(()) => eprintln!(
            "fill_search: {n} messages in {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("fill_search: {e}");
            std::process::exit(1);
        }
    }
}
