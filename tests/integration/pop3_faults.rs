//! A POP3 download killed (SIGKILL) at random moments, and cut by a proxy after a random number
//! of bytes, against real Dovecot POP3S: afterwards every message delivered exists exactly once
//! here, or is still on the server (or both). `JEBI_FAULT_TRIALS` sets the trials of each kind
//! (default 30; the closing figures were taken with 200).

use crate::pop3_account::add_pop3;
use crate::support::{simple_message, Jebi, MailStack};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn trials() -> usize {
    std::env::var("JEBI_FAULT_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

/// A small random generator (xorshift), seeded from the clock; the seed is printed.
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        eprintln!("pop3 fault trials: seed {seed}");
        Dice(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn subject_of(raw: &[u8]) -> Option<String> {
    String::from_utf8_lossy(raw)
        .lines()
        .find_map(|l| l.strip_prefix("Subject: ").map(|s| s.trim().to_string()))
}

/// The mailbox as the server and the store hold it, and the check that nothing was lost or
/// stored twice.
struct Ledger {
    delivered: BTreeSet<String>,
    next: usize,
    account_id: String,
}

impl Ledger {
    fn refill(&mut self, stack: &MailStack, n: usize) {
        let raws: Vec<Vec<u8>> = (self.next..self.next + n)
            .map(|i| {
                let subject = format!("Fault {i:06}");
                self.delivered.insert(subject.clone());
                // Sizes vary so batches and TLS records end in different places.
                simple_message(i, &subject, &"body line\r\n".repeat(1 + i % 40))
            })
            .collect();
        self.next += n;
        stack.deliver_all("alice", "INBOX", &raws);
    }

    /// The subjects in the server's Maildir. Dovecot moves files from new/ to cur/ while a
    /// session runs: new/ is read first, so a file moving meanwhile is seen in cur/.
    fn on_server(&self, stack: &MailStack) -> Vec<String> {
        let inbox = stack.user("alice").maildir.clone();
        ["new", "cur"]
            .iter()
            .flat_map(|sub| std::fs::read_dir(inbox.join(sub)).into_iter().flatten())
            .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
            .filter_map(|raw| subject_of(&raw))
            .collect()
    }

    /// Nothing lost, nothing stored twice. A message missing from both places is looked for
    /// again after a pause (the server may have been renaming files while they were listed):
    /// one really lost stays lost.
    fn check(&self, stack: &MailStack, jebi: &Jebi, trial: &str) -> (usize, usize) {
        for _ in 0..3 {
            if let Ok(counts) = self.look(stack, jebi, trial) {
                return counts;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        let lost = self.look(stack, jebi, trial).unwrap_err();
        panic!("{trial}: lost: {lost:?}");
    }

    /// Server first, then the store: the server only loses what the store already holds, so
    /// this order never sees a message in neither place by accident. Err: the lost ones.
    fn look(
        &self,
        stack: &MailStack,
        jebi: &Jebi,
        trial: &str,
    ) -> Result<(usize, usize), Vec<String>> {
        let server = self.on_server(stack);
        let db = jebi::store::Db::open_reader(jebi.data.path()).unwrap();
        let mut here: BTreeMap<String, usize> = BTreeMap::new();
        for m in db
            .list_messages(Some(&self.account_id), None, 10_000_000)
            .unwrap()
        {
            *here.entry(m.subject.clone()).or_default() += 1;
        }
        let twice: Vec<&String> = here
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(s, _)| s)
            .collect();
        assert!(twice.is_empty(), "{trial}: stored twice: {twice:?}");
        let server_set: BTreeSet<&String> = server.iter().collect();
        let lost: Vec<&String> = self
            .delivered
            .iter()
            .filter(|s| !here.contains_key(*s) && !server_set.contains(s))
            .collect();
        if !lost.is_empty() {
            return Err(lost.into_iter().cloned().collect());
        }
        Ok((here.len(), server.len()))
    }
}

fn setup() -> (MailStack, Jebi, Ledger) {
    let stack = MailStack::start(&[("alice", "pw-fault-1")], &[]);
    let jebi = Jebi::new();
    let out = add_pop3(&jebi, &stack, "home", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let account_id = jebi.json(&["account", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ledger = Ledger {
        delivered: BTreeSet::new(),
        next: 0,
        account_id,
    };
    (stack, jebi, ledger)
}

#[test]
fn a_download_killed_at_random_moments_loses_nothing_and_stores_nothing_twice() {
    let (stack, jebi, mut ledger) = setup();
    let mut dice = Dice::new();
    let (mut killed, mut finished) = (0, 0);
    // How long a whole run takes here, to aim the kills inside it.
    let mut span_ms = 600;
    for t in 0..trials() {
        if ledger.on_server(&stack).is_empty() {
            ledger.refill(&stack, 300);
        }
        let started = Instant::now();
        let mut child = jebi
            .cmd()
            .args(["sync", "--account", "home"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = Duration::from_millis(dice.below(span_ms));
        loop {
            if child.try_wait().unwrap().is_some() {
                finished += 1;
                // The next kills aim inside a whole run as long as this one.
                span_ms = started.elapsed().as_millis() as u64;
                break;
            }
            if started.elapsed() >= at {
                child.kill().unwrap();
                child.wait().unwrap();
                killed += 1;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        ledger.check(&stack, &jebi, &format!("kill trial {t} at {at:?}"));
    }
    // Let one run finish: everything ends up here once, and nothing stays on the server.
    jebi.ok(&["sync", "--account", "home"]);
    let (here, server) = ledger.check(&stack, &jebi, "final");
    assert_eq!((here, server), (ledger.delivered.len(), 0));
    eprintln!(
        "pop3 kill trials: {} ({killed} killed, {finished} finished), {} messages delivered, all stored once",
        trials(),
        ledger.delivered.len()
    );
    assert!(killed > 0, "no run was killed: the trials tested nothing");
}

/// A TCP proxy that cuts each connection once `budget` bytes (both ways) went through it.
struct CuttingProxy {
    port: u16,
    budget: Arc<AtomicU64>,
}

impl CuttingProxy {
    fn start(upstream: u16) -> CuttingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let budget = Arc::new(AtomicU64::new(u64::MAX));
        let limit = budget.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                let used = Arc::new(AtomicU64::new(0));
                let cap = limit.load(Ordering::SeqCst);
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let used = used.clone();
                    std::thread::spawn(move || pump(from, to, &used, cap));
                }
            }
        });
        CuttingProxy { port, budget }
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream, used: &AtomicU64, cap: u64) {
    let mut buf = [0u8; 4096];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let before = used.fetch_add(n as u64, Ordering::SeqCst);
        let allowed = cap.saturating_sub(before).min(n as u64) as usize;
        if to.write_all(&buf[..allowed]).is_err() || allowed < n {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

#[test]
fn a_download_cut_by_the_network_at_random_bytes_loses_nothing_and_stores_nothing_twice() {
    let (stack, jebi, mut ledger) = setup();
    let proxy = CuttingProxy::start(stack.pop3s_port);
    jebi.ok(&[
        "account",
        "edit",
        "home",
        "--pop3",
        &format!("127.0.0.1:{}", proxy.port),
    ]);
    let mut dice = Dice::new();
    let (mut failed, mut finished) = (0, 0);
    for t in 0..trials() {
        if ledger.on_server(&stack).is_empty() {
            ledger.refill(&stack, 300);
        }
        // Up to about one whole download of a refill (300 messages of 0.2-0.6 KB, TLS).
        let cut = dice.below(200_000);
        proxy.budget.store(cut, Ordering::SeqCst);
        let out = jebi.run(&["sync", "--account", "home"]);
        if out.status.success() {
            finished += 1;
        } else {
            failed += 1;
            let err = String::from_utf8_lossy(&out.stderr);
            // Said in words, never a panic or a debug dump.
            assert!(
                err.contains("account 'home'") && !err.contains("panicked"),
                "trial {t}: {err}"
            );
        }
        ledger.check(&stack, &jebi, &format!("cut trial {t} after {cut} bytes"));
    }
    proxy.budget.store(u64::MAX, Ordering::SeqCst);
    jebi.ok(&["sync", "--account", "home"]);
    let (here, server) = ledger.check(&stack, &jebi, "final");
    assert_eq!((here, server), (ledger.delivered.len(), 0));
    eprintln!(
        "pop3 cut trials: {} ({failed} cut, {finished} finished), {} messages delivered, all stored once",
        trials(),
        ledger.delivered.len()
    );
    assert!(failed > 0, "no run was cut: the trials tested nothing");
}
