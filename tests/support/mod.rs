//! Test support: real Dovecot via mailstack.py, the `jebi` binary, and checks that the
//! password never lands on disk.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

/// Folder -> UID -> (seen, flagged): what a mailbox holds, compared between server and index.
pub type MailboxState =
    std::collections::BTreeMap<String, std::collections::BTreeMap<u32, (bool, bool)>>;

pub struct User {
    pub name: String,
    pub password: String,
    pub maildir: PathBuf,
}

/// A running Dovecot with its ports and test CA. Stopped on drop.
pub struct MailStack {
    pub dir: tempfile::TempDir,
    pub imap_port: u16,
    pub imaps_port: u16,
    pub pop3_port: u16,
    pub pop3s_port: u16,
    pub ca_file: PathBuf,
    /// The server's own certificate (PEM).
    pub cert_file: PathBuf,
    pub cert_sha256: String,
    pub users: Vec<User>,
    /// Postfix submission port (STARTTLS required, then AUTH) when started with `start_smtp`.
    pub smtp_port: Option<u16>,
    /// Postfix implicit-TLS (465-style) port when started with `start_smtp`.
    pub smtps_port: Option<u16>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/mailstack.py")
}

impl MailStack {
    /// Start Dovecot with `users` (name, password) and fill folders from dirs of messages.
    pub fn start(users: &[(&str, &str)], fills: &[(&str, &str, &Path)]) -> MailStack {
        MailStack::start_with(users, fills, false)
    }

    /// With `self_signed`, the server presents a self-signed CA:TRUE certificate, as many
    /// small servers do (rustls refuses it as a root: it must be pinned).
    pub fn start_with(
        users: &[(&str, &str)],
        fills: &[(&str, &str, &Path)],
        self_signed: bool,
    ) -> MailStack {
        MailStack::launch(users, fills, self_signed, false)
    }

    /// Dovecot plus a real Postfix (`smtp_port`: submission with STARTTLS, `smtps_port`:
    /// implicit TLS; SASL as "alice" or "alice@example.test"). Mail to NAME@example.test lands
    /// in NAME's INBOX; nobody@ / refused@example.test get 550 and tempfail@example.test 450 at
    /// RCPT; bounce@example.test is accepted, then bounced. See tests/support/mailstack_postfix.py.
    pub fn start_smtp(users: &[(&str, &str)], fills: &[(&str, &str, &Path)]) -> MailStack {
        MailStack::launch(users, fills, false, true)
    }

    /// `start_smtp` with the self-signed CA:TRUE certificate on every port.
    pub fn start_smtp_with(
        users: &[(&str, &str)],
        fills: &[(&str, &str, &Path)],
        self_signed: bool,
    ) -> MailStack {
        MailStack::launch(users, fills, self_signed, true)
    }

    /// Dovecot announcing no MOVE (as older servers): clients must COPY, set \Deleted, UID EXPUNGE.
    pub fn start_without_move(users: &[(&str, &str)], fills: &[(&str, &str, &Path)]) -> MailStack {
        const CAPS: &str = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT \
            THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED \
            I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH SEARCHRES WITHIN LIST-STATUS LITERAL+ SPECIAL-USE";
        MailStack::launch_env(
            users,
            fills,
            false,
            false,
            &[("JEBI_TEST_IMAP_CAPABILITY", CAPS)],
        )
    }

    fn launch(
        users: &[(&str, &str)],
        fills: &[(&str, &str, &Path)],
        self_signed: bool,
        smtp: bool,
    ) -> MailStack {
        MailStack::launch_env(users, fills, self_signed, smtp, &[])
    }

    fn launch_env(
        users: &[(&str, &str)],
        fills: &[(&str, &str, &Path)],
        self_signed: bool,
        smtp: bool,
        env: &[(&str, &str)],
    ) -> MailStack {
        let dir = tempfile::Builder::new()
            .prefix("jebi-stack-")
            .tempdir()
            .unwrap();
        let mut cmd = Command::new("python3");
        cmd.arg(script())
            .arg("start")
            .arg("--dir")
            .arg(dir.path().join("stack"));
        for (u, p) in users {
            cmd.arg("--user").arg(format!("{u}:{p}"));
        }
        for (u, folder, src) in fills {
            cmd.arg("--fill")
                .arg(format!("{u}:{folder}:{}", src.display()));
        }
        if self_signed {
            cmd.arg("--self-signed");
        }
        if smtp {
            cmd.arg("--smtp");
        }
        cmd.env_remove("JEBI_TEST_IMAP_CAPABILITY");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot run python3 tests/support/mailstack.py ({e}); install python3")
        });
        // Read exactly one line: the daemon may keep the pipe open after the script exits.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let status = child.wait().unwrap();
        if !status.success() || line.trim().is_empty() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            let postfix = if smtp { " postfix" } else { "" };
            panic!(
                "Dovecot did not start ({status}): {err}\nInstall it with: apt-get install -y dovecot-imapd dovecot-pop3d dovecot-lmtpd{postfix}"
            );
        }
        let v: serde_json::Value = serde_json::from_str(line.trim()).expect("mailstack JSON");
        let port = |k: &str| v[k].as_u64().unwrap_or(0) as u16;
        let users = users
            .iter()
            .map(|(u, p)| User {
                name: u.to_string(),
                password: p.to_string(),
                maildir: PathBuf::from(v["users"][u]["maildir"].as_str().expect("maildir")),
            })
            .collect();
        MailStack {
            imap_port: port("imap_port"),
            imaps_port: port("imaps_port"),
            pop3_port: port("pop3_port"),
            pop3s_port: port("pop3s_port"),
            ca_file: PathBuf::from(v["ca_file"].as_str().unwrap()),
            cert_file: PathBuf::from(v["cert_file"].as_str().unwrap_or_default()),
            cert_sha256: v["cert_sha256"].as_str().unwrap_or("").to_string(),
            users,
            smtp_port: v["smtp_port"].as_u64().map(|p| p as u16),
            smtps_port: v["smtps_port"].as_u64().map(|p| p as u16),
            dir,
        }
    }

    pub fn stack_dir(&self) -> PathBuf {
        self.dir.path().join("stack")
    }

    pub fn user(&self, name: &str) -> &User {
        self.users.iter().find(|u| u.name == name).unwrap()
    }

    fn helper(&self, args: &[&str]) {
        let out = Command::new("python3")
            .arg(script())
            .args(args)
            .arg("--dir")
            .arg(self.stack_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mailstack {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Run the second IMAP client (tests/support/imap_peer.py) as `user`; returns its stdout.
    pub fn peer(&self, user: &str, args: &[&str]) -> String {
        let u = self.user(user);
        let out = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/imap_peer.py"))
            .args(["--port", &self.imaps_port.to_string(), "--user", user])
            .args(["--password", &u.password])
            .arg("--ca")
            .arg(&self.ca_file)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "imap_peer {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What the server holds for `user`: folder -> UID -> (seen, flagged).
    pub fn server_state(&self, user: &str) -> MailboxState {
        let v: serde_json::Value = serde_json::from_str(&self.peer(user, &["state"])).unwrap();
        let mut out = MailboxState::new();
        for (folder, msgs) in v.as_object().unwrap() {
            let entry = out.entry(folder.clone()).or_default();
            for (uid, flags) in msgs.as_object().unwrap() {
                let has = |f: &str| flags.as_array().unwrap().iter().any(|x| x == f);
                entry.insert(uid.parse().unwrap(), (has("\\Seen"), has("\\Flagged")));
            }
        }
        out
    }

    /// Deliver a raw message into a user's folder (as if it arrived).
    pub fn deliver(&self, user: &str, folder: &str, raw: &[u8], flags: Option<&str>) {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), raw).unwrap();
        let path = f.path().to_string_lossy().to_string();
        let mut args = vec![
            "deliver", "--user", user, "--folder", folder, "--file", &path,
        ];
        if let Some(fl) = flags {
            args.push("--flags");
            args.push(fl);
        }
        self.helper(&args);
    }

    /// Deliver many messages in one go (one helper run).
    pub fn deliver_all(&self, user: &str, folder: &str, raws: &[Vec<u8>]) {
        let dir = message_dir(raws);
        let mut args = vec![
            "deliver".to_string(),
            "--user".into(),
            user.into(),
            "--folder".into(),
            folder.into(),
        ];
        for i in 0..raws.len() {
            args.push("--file".into());
            args.push(dir.path().join(format!("m{i:05}")).to_string_lossy().into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.helper(&args);
    }

    pub fn reset_uidvalidity(&self, user: &str, folder: &str) {
        self.helper(&["reset-uidvalidity", "--user", user, "--folder", folder]);
    }

    /// Files of a Maildir folder (`cur` and `new`) of a user.
    pub fn maildir_files(&self, user: &str, folder: &str) -> Vec<PathBuf> {
        let base = self.user(user).maildir.clone();
        let dir = if folder == "INBOX" {
            base
        } else {
            base.join(format!(".{folder}"))
        };
        let mut out = Vec::new();
        for sub in ["cur", "new"] {
            if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
                out.extend(rd.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        }
        out.sort();
        out
    }

    /// Postfix's log (`maillog_file`) of a `start_smtp` stack.
    pub fn postfix_log(&self) -> PathBuf {
        self.stack_dir().join("postfix.log")
    }

    /// Poll `maildir_files(user, folder)` until at least `n` files exist (delivery by Postfix is
    /// asynchronous) and return them; panics after `timeout` with what is there and Postfix's log.
    pub fn wait_for_messages(
        &self,
        user: &str,
        folder: &str,
        n: usize,
        timeout: std::time::Duration,
    ) -> Vec<PathBuf> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let files = self.maildir_files(user, folder);
            if files.len() >= n {
                return files;
            }
            if std::time::Instant::now() >= deadline {
                let log = std::fs::read_to_string(self.postfix_log()).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                panic!(
                    "{user}'s folder {folder} has {} message(s) after {timeout:?}, wanted {n}: {files:?}\n\
                     postfix log tail ({}):\n{}",
                    files.len(),
                    self.postfix_log().display(),
                    tail.join("\n")
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for MailStack {
    fn drop(&mut self) {
        let _ = Command::new("python3")
            .arg(script())
            .arg("stop")
            .arg("--dir")
            .arg(self.stack_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Fails (never skips) when no Secret Service session is available for tests.
pub fn require_keyring() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        panic!(
            "no D-Bus session: run the tests with ./scripts/test-all.sh (it starts gnome-keyring), \
             or install it with: apt-get install -y gnome-keyring dbus-x11"
        );
    }
}

/// A data directory plus a way to run `jebi` against it.
pub struct Jebi {
    pub data: tempfile::TempDir,
}

impl Jebi {
    pub fn new() -> Jebi {
        require_keyring();
        Jebi {
            data: tempfile::Builder::new()
                .prefix("jebi-data-")
                .tempdir()
                .unwrap(),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_jebi"));
        c.arg("--data-dir").arg(self.data.path());
        c.stdin(Stdio::null());
        // No test reaches the internet: account discovery asks a closed loopback port and no
        // DNS unless the test points it at its own servers.
        c.env("JEBI_DISCOVERY_VIA", "http://127.0.0.1:9");
        c.env("JEBI_DISCOVERY_DNS", "off");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Run and require success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "jebi {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run and require failure; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "jebi {args:?} should have failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// What the index holds for an account: folder (server name) -> UID -> (seen, flagged).
    pub fn local_state(&self, account: &str) -> MailboxState {
        let mut out = MailboxState::new();
        let folders = self.json(&["folders", "--account", account]);
        for f in folders[0]["folders"].as_array().unwrap() {
            let name = f["name"].as_str().unwrap().to_string();
            let list = self.json(&[
                "list",
                "--account",
                account,
                "--folder",
                &name,
                "--limit",
                "1000000",
            ]);
            let entry = out.entry(name).or_default();
            for m in list.as_array().unwrap() {
                let uid = m["uid"].as_u64().unwrap() as u32;
                let prev = entry.insert(uid, (m["seen"] == true, m["flagged"] == true));
                assert!(prev.is_none(), "UID {uid} twice in the index: {list:#}");
            }
        }
        out
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Add an account over IMAPS trusting the test CA.
    pub fn add_account(&self, stack: &MailStack, name: &str, user: &str) {
        let imap = format!("127.0.0.1:{}", stack.imaps_port);
        let out = self.try_add(
            stack,
            name,
            user,
            &["--imap", &imap, "--imap-security", "tls"],
        );
        assert!(
            out.status.success(),
            "account add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `jebi account add` for `user` trusting the test CA, with `server` flags (and any more),
    /// the user's password on stdin; the outcome as it is.
    pub fn try_add(&self, stack: &MailStack, name: &str, user: &str, server: &[&str]) -> Output {
        let u = stack.user(user);
        let mut c = self.cmd();
        c.args(["account", "add", "--name", name])
            .args(["--email", &format!("{user}@example.test"), "--login", user])
            .args(server)
            .arg("--ca-file")
            .arg(&stack.ca_file)
            .arg("--password-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        writeln!(child.stdin.take().unwrap(), "{}", u.password).unwrap();
        child.wait_with_output().unwrap()
    }

    /// Run with a password on stdin (for `account add` variants).
    pub fn with_password(&self, args: &[&str], password: &str) -> Output {
        let mut c = self.cmd();
        c.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    }

    /// The password must not be in any file of the data directory (store, WAL, config, logs).
    pub fn assert_password_absent(&self, password: &str) {
        assert_not_in_tree(self.data.path(), password.as_bytes());
    }
}

pub fn assert_not_in_tree(dir: &Path, needle: &[u8]) {
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the password was found in {}",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Write simple messages into a fresh directory (for `--fill`).
pub fn message_dir(messages: &[Vec<u8>]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, m) in messages.iter().enumerate() {
        std::fs::write(dir.path().join(format!("m{i:05}")), m).unwrap();
    }
    dir
}

pub fn simple_message(i: usize, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Sender {i} <sender{i}@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Date: Mon, {day} Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{i}@example.test>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        day = 1 + i % 28
    )
    .into_bytes()
}

/// CPython's email test corpus of odd and broken messages (fails with a hint if absent).
pub fn cpython_email_corpus() -> PathBuf {
    let out = Command::new("python3")
        .args(["-c", "import test.test_email,os;print(os.path.join(os.path.dirname(test.test_email.__file__),'data'))"])
        .output()
        .expect("python3 is needed for the malformed-mail corpus");
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(
        p.join("msg_01.txt").exists(),
        "the CPython email test corpus is missing: install python3's test package (Debian: libpython3-testsuite)"
    );
    p
}

/// A plain-text server for hostile behaviour a real server will not show: sends `greeting`,
/// then answers each line (without its line end) with `reply`; `None` hangs up. Returns its
/// port and everything the client sent.
pub fn scripted_server(
    greeting: &'static [u8],
    reply: impl Fn(&str) -> Option<String> + Send + 'static,
) -> (u16, Arc<Mutex<Vec<u8>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let log = heard.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let _ = stream.write_all(greeting);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                log.lock().unwrap().extend_from_slice(line.as_bytes());
                match reply(line.trim_end()) {
                    Some(text) if stream.write_all(text.as_bytes()).is_ok() => {}
                    _ => break,
                }
            }
        }
    });
    (port, heard)
}

/// dnsmasq answering on a loopback port with the records given as its options
/// (`--mx-host=...`, `--srv-host=...`), and nothing else.
pub struct Dnsmasq {
    child: std::process::Child,
    pub addr: std::net::SocketAddr,
}

impl Dnsmasq {
    pub fn start(records: &[String]) -> Dnsmasq {
        let binary = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .unwrap_or_else(|| panic!("dnsmasq is missing: apt-get install -y dnsmasq-base"));
        for _ in 0..5 {
            let port = std::net::UdpSocket::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let mut child = Command::new(binary)
                .args(["--keep-in-foreground", "--no-daemon", "--bind-interfaces"])
                .args(["--listen-address=127.0.0.1", "--no-resolv", "--no-hosts"])
                .args(["--conf-file=/dev/null", "--pid-file"])
                .arg(format!("--port={port}"))
                .args(records)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("dnsmasq");
            // Up when it answers over TCP (it serves both).
            for _ in 0..100 {
                if let Ok(Some(status)) = child.try_wait() {
                    let mut err = String::new();
                    let _ = std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err);
                    if err.contains("in use") {
                        break;
                    }
                    panic!("dnsmasq did not start ({status}): {err}");
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Dnsmasq {
                        child,
                        addr: ([127, 0, 0, 1], port).into(),
                    };
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("dnsmasq did not start on a loopback port");
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
