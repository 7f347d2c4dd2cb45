#!/usr/bin/env python3
"""Real Dovecot (IMAP, IMAPS, POP3, POP3S, LMTP, auth), optionally Postfix (SMTP), on loopback for Jebi's tests.

Standard library only.  Usage:

  mailstack.py start --dir DIR [--user NAME:PASSWORD]... [--fill USER:FOLDER:SRCDIR]... [--self-signed] [--link]
                     [--smtp]
      Prints one JSON line describing the running stack (ports, CA file, fingerprints, users).
      Default users: alice / alice-password, bob / bob-password. --fill copies every file of SRCDIR (sorted by
      name; UIDs follow that order) into the folder; a name ending in ":2,FLAGS" keeps those Maildir flags; the
      Date: header becomes INTERNALDATE. --self-signed serves a CA:TRUE self-signed certificate (ca_file is that
      certificate).
      --smtp also starts Postfix (needs root): smtp_port (submission, STARTTLS required) and smtps_port (implicit
      TLS) in the JSON (null without --smtp), SASL against the stack's users, mail to NAME@example.test lands in
      NAME's INBOX. SMTP AUTH accepts "alice" and "alice@example.test" (IMAP/POP3 only "alice"). Test recipients
      (5xx/4xx at RCPT, bounces, DSN) and how Postfix is run: see mailstack_postfix.py.
  mailstack.py stop --dir DIR
  mailstack.py deliver --dir DIR --user U --folder F --file MSG [--flags FS]
  mailstack.py reset-uidvalidity --dir DIR --user U --folder F [--no-kick]
  mailstack.py selftest

Folder names are IMAP names with "/" as hierarchy separator ("INBOX", "Sent", "Work/2024", "받은편지"); on disk they
are Maildir++ folders (".Sent", ".Work.2024", modified UTF-7 for non-ASCII).

Importable: start(dir, users, fills, smtp=False) -> dict, stop(dir), deliver(dir, user, folder, file, flags) -> str,
reset_uidvalidity(dir, user, folder). The Dovecot configuration is written by mailstack_conf.py, Postfix's (and how
it is run) by mailstack_postfix.py, the self-test lives in mailstack_selftest.py.
"""

import argparse
import base64
import email.parser
import email.utils
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

from mailstack_conf import SEPARATOR, SPECIAL_USE, dovecot_conf

INSTALL_HINT = "install it with: apt-get install -y dovecot-imapd dovecot-pop3d dovecot-lmtpd"
DEFAULT_USERS = [("alice", "alice-password"), ("bob", "bob-password")]
STATE_FILE = "mailstack.json"
SBIN_DIRS = ["/usr/sbin", "/usr/local/sbin", "/sbin"]
_counter_lock = threading.Lock()
_counter = [0]


class StackError(Exception):
    """A failure with a message meant for a human; exit_code 2 means a missing dependency."""

    def __init__(self, message, exit_code=1):
        super().__init__(message)
        self.exit_code = exit_code


# ---------------------------------------------------------------------------------------------------------------
# helpers

def _which(name):
    path = os.environ.get("PATH", "") + os.pathsep + os.pathsep.join(SBIN_DIRS)
    return shutil.which(name, path=path)


def _run(argv, **kw):
    res = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if res.returncode != 0:
        raise StackError("command failed (%d): %s\n%s%s" % (res.returncode, " ".join(argv),
                                                            res.stdout.decode(errors="replace"),
                                                            res.stderr.decode(errors="replace")))
    return res


def _write(path, data, mode=0o644):
    if isinstance(data, str):
        data = data.encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def _tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")
    except OSError:
        return "(no log at %s)" % path


def _imap_utf7(name):
    """RFC 3501 modified UTF-7, as Dovecot stores non-ASCII Maildir++ folder names on disk."""
    out, buf = [], []

    def flush():
        if buf:
            raw = "".join(buf).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            buf.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7e:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            buf.append(ch)
    flush()
    return "".join(out)


def _load_state(dir):
    path = os.path.join(os.path.abspath(dir), STATE_FILE)
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise StackError("no mail stack in %s (missing %s)" % (dir, STATE_FILE))


def _is_root():
    return os.geteuid() == 0


def _mail_ids():
    """uid/gid the mail files belong to (the 'mail' user as root, else ourselves)."""
    if _is_root():
        import pwd
        pw = pwd.getpwnam("mail")
        return pw.pw_uid, pw.pw_gid
    return os.getuid(), os.getgid()


def _check_traversable(path):
    """Dovecot's mail processes run as 'mail': every ancestor of DIR must be searchable by others. A private
    (0700) temp dir of ours below the system temp dir, as mktemp -d or Rust's tempfile create, gets o+x (search
    only, no listing); anything else is an error."""
    if not _is_root():
        return
    tmp_root = os.path.realpath(tempfile.gettempdir())
    p = os.path.dirname(os.path.abspath(path))
    while True:
        st = os.stat(p)
        if not st.st_mode & 0o001:
            real = os.path.realpath(p)
            if real.startswith(tmp_root + os.sep) and st.st_uid == os.geteuid():
                os.chmod(p, (st.st_mode & 0o7777) | 0o001)
            else:
                raise StackError("%s is not searchable by other users (mode %o); Dovecot's mail processes run as "
                                 "'mail' and cannot reach a Maildir below it: use a directory under %s"
                                 % (p, st.st_mode & 0o777, tmp_root))
        if p == "/":
            return
        p = os.path.dirname(p)


def folder_path(maildir, folder):
    """Filesystem directory of IMAP folder `folder` in Maildir++ `maildir`."""
    if folder.upper() == "INBOX":
        return maildir
    parts = [p for p in folder.split(SEPARATOR) if p]
    if not parts or any(p in (".", "..") or "." in p for p in parts):
        raise StackError("unsupported folder name %r (use '/' as separator, no '.' inside names)" % folder)
    return os.path.join(maildir, "." + ".".join(_imap_utf7(p) for p in parts))


def _ensure_folder(maildir, folder, uid, gid):
    path = folder_path(maildir, folder)
    for sub in ("", "cur", "new", "tmp"):
        d = os.path.join(path, sub)
        if not os.path.isdir(d):
            os.makedirs(d, mode=0o700, exist_ok=True)
            if _is_root():
                os.chown(d, uid, gid)
    if path != maildir:
        marker = os.path.join(path, "maildirfolder")
        if not os.path.exists(marker):
            _write(marker, b"", 0o600)
            if _is_root():
                os.chown(marker, uid, gid)
    return path


def _unique_name(seq=None):
    """A Maildir base name. Dovecot assigns UIDs to new files in the order of the time prefix (seconds, then
    M<usecs>); seq=(base_seconds, index) makes a run of names that sort in index order."""
    with _counter_lock:
        _counter[0] += 1
        n = _counter[0]
    if seq is None:
        now = time.time()
        sec, usec = int(now), int((now % 1) * 1e6)
    else:
        sec, usec = seq[0] + seq[1] // 1000000, seq[1] % 1000000
    return "%d.M%06dP%dQ%08dR%08x.jebi-test" % (sec, usec, os.getpid(), n, random.getrandbits(32))


def _message_date(path):
    """Date: header of a message as a unix time (used as the file mtime = IMAP INTERNALDATE), or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536).split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
        msg = email.parser.BytesHeaderParser().parsebytes(head + b"\n\n")
        date = msg.get("Date")
        if date:
            return email.utils.parsedate_to_datetime(str(date)).timestamp()
    except Exception:
        pass
    return None


def _normalize_flags(flags):
    flags = flags or ""
    bad = [c for c in flags if not ("A" <= c <= "Z" or "a" <= c <= "z")]
    if bad:
        raise StackError("bad Maildir flags %r (letters only, e.g. 'S', 'FS', 'RS')" % flags)
    return "".join(sorted(set(flags)))


def _place(src, folder_dir, uid, gid, flags, into_new, seq=None, link=False):
    """Copy src into folder_dir via tmp/ then rename into new/ or cur/ (Maildir delivery).
    link=True hard-links instead when possible (same filesystem, world-readable source): much faster for big
    corpora, but the file keeps the source's owner, mode and mtime (= INTERNALDATE)."""
    st = os.stat(src)
    base = "%s,S=%d" % (_unique_name(seq), st.st_size)
    tmp = os.path.join(folder_dir, "tmp", base)
    linked = False
    if link and (st.st_mode & 0o004 or not _is_root()):
        try:
            os.link(src, tmp)
            linked = True
        except OSError:
            pass
    if not linked:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o600)
        mtime = _message_date(src)
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        if _is_root():
            os.chown(tmp, uid, gid)
    if into_new:
        dest = os.path.join(folder_dir, "new", base)
    else:
        dest = os.path.join(folder_dir, "cur", base + ":2," + _normalize_flags(flags))
    os.rename(tmp, dest)
    return dest


# ---------------------------------------------------------------------------------------------------------------
# certificates

def _make_certs(dir, self_signed):
    openssl = _which("openssl")
    if not openssl:
        raise StackError("openssl not found: install it with: apt-get install -y openssl", 2)
    ca_key, ca_pem = os.path.join(dir, "ca.key"), os.path.join(dir, "ca.pem")
    key, csr, crt = os.path.join(dir, "server.key"), os.path.join(dir, "server.csr"), os.path.join(dir, "server.pem")
    ext = os.path.join(dir, "server.ext")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    san = "subjectAltName=DNS:localhost,IP:127.0.0.1"
    if self_signed:
        # What real self-signed servers present: a CA:TRUE certificate that is its own issuer.
        _run([openssl, "req", "-x509"] + ec + ["-keyout", key, "-out", crt, "-days", "3650",
                                               "-subj", "/CN=localhost", "-addext", san])
        shutil.copyfile(crt, ca_pem)
    else:
        _run([openssl, "req", "-x509"] + ec + ["-keyout", ca_key, "-out", ca_pem, "-days", "3650",
                                               "-subj", "/O=Jebi tests/CN=Jebi Test CA %d" % os.getpid(),
                                               "-addext", "basicConstraints=critical,CA:TRUE",
                                               "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        _run([openssl, "req", "-new"] + ec + ["-keyout", key, "-out", csr, "-subj", "/CN=localhost"])
        _write(ext, "basicConstraints=critical,CA:FALSE\n"
                    "keyUsage=critical,digitalSignature,keyEncipherment\n"
                    "extendedKeyUsage=serverAuth\n"
                    "subjectKeyIdentifier=hash\n"
                    "authorityKeyIdentifier=keyid\n"
                    + san + "\n")
        _run([openssl, "x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key,
              "-set_serial", "0x%x" % random.getrandbits(63), "-days", "825", "-extfile", ext, "-out", crt])
    for k in (key, ca_key):
        if os.path.exists(k):
            os.chmod(k, 0o600)

    def der_sha256(path):
        with open(path) as f:
            return hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()

    return ca_pem, crt, key, der_sha256(crt), der_sha256(ca_pem)


# ---------------------------------------------------------------------------------------------------------------
# ports

def _free_ports(n):
    """n distinct free loopback ports, preferably outside the kernel's ephemeral range (where outgoing test
    connections take their local ports)."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            lo, hi = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        lo, hi = 32768, 60999
    candidates = [p for p in range(10000, 65536) if not (lo <= p <= hi)]
    held, ports = [], []
    try:
        tries = 0
        while len(ports) < n:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tries += 1
            port = random.choice(candidates) if candidates and tries < 500 else 0
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                s.close()
                continue
            held.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in held:
            s.close()
    return ports


def _greeting(port, ctx=None):
    """Read the IMAP greeting (over TLS when ctx is given) and log out cleanly. A bare connect-and-close would
    leave a half-started imap-login behind that delays Dovecot's shutdown."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
        s = ctx.wrap_socket(raw, server_hostname="localhost") if ctx else raw
        f = s.makefile("rb")
        line = f.readline()
        if not line.startswith(b"* OK"):
            raise OSError("unexpected greeting %r" % line)
        s.sendall(b"a LOGOUT\r\n")
        while f.readline():
            pass


def _wait_ready(ports, ca_file, deadline, pid):
    """Until the deadline: plain IMAP greets, and IMAPS greets over TLS verified against our CA."""
    ctx = ssl.create_default_context(cafile=ca_file)
    err = None
    while time.time() < deadline:
        try:
            _greeting(ports["imap"])
            _greeting(ports["imaps"], ctx)
            return None
        except (OSError, ssl.SSLError) as e:
            err = e
            if not _alive(pid):
                return "dovecot exited (%s)" % e
            time.sleep(0.02)
    return "no IMAP/IMAPS greeting on 127.0.0.1:%d/%d (%s)" % (ports["imap"], ports["imaps"], err)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie is not alive
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _is_our_dovecot(pid, conf):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            argv = f.read().split(b"\0")
    except OSError:
        return _alive(pid)
    return any(b"dovecot" in a for a in argv[:1]) and conf.encode() in argv


# ---------------------------------------------------------------------------------------------------------------
# config

def _base_dir_for(dir):
    """Dovecot's sockets live in base_dir; a unix socket path must stay under 108 bytes, so a deep DIR gets a
    short base_dir under /tmp instead (recorded in the state file, removed by stop)."""
    candidate = os.path.join(dir, "run")
    if len(candidate.encode()) <= 70:
        return candidate, False
    return tempfile.mkdtemp(prefix="jebi-dc-", dir="/tmp"), True


# ---------------------------------------------------------------------------------------------------------------
# public API

def start(dir, users=None, fills=None, self_signed=False, timeout=10.0, link=False, smtp=False):
    """Start Dovecot in `dir` (created). users: [(name, password)]; fills: [(user, folder, srcdir)];
    link: hard-link fill messages instead of copying them (see _place); smtp: also start Postfix.
    Returns the description dict that the CLI prints as JSON."""
    dovecot = _which("dovecot")
    if not dovecot:
        raise StackError("dovecot not found: " + INSTALL_HINT, 2)
    if smtp:
        import mailstack_postfix
        if not mailstack_postfix.master_path():
            raise StackError("postfix not found (needed by --smtp): " + mailstack_postfix.INSTALL_HINT, 2)
        if not os.path.exists("/usr/lib/dovecot/lmtp"):
            raise StackError("--smtp needs Dovecot's LMTP (bounce@example.test goes there): " + INSTALL_HINT, 2)
    users = list(users or DEFAULT_USERS)
    fills = list(fills or [])
    dir = os.path.abspath(dir)
    names = set()
    for name, password in users:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+@-]*", name):
            raise StackError("bad user name %r" % name)
        if name in names:
            raise StackError("user %r given twice" % name)
        if any(c in password for c in ":\n\r\0") or not password:
            raise StackError("password of %r must be non-empty without ':' or newlines" % name)
        names.add(name)
    for user, folder, src in fills:
        if user not in names:
            raise StackError("--fill names unknown user %r" % user)
        if not os.path.isdir(src):
            raise StackError("--fill source %r is not a directory" % src)

    created, p = [], dir
    while not os.path.exists(p):
        created.append(p)
        p = os.path.dirname(p)
    _check_traversable(os.path.join(p, "x"))  # existing ancestors first: fail before creating anything
    os.makedirs(dir, exist_ok=True)
    for d in created + [dir]:
        os.chmod(d, 0o755)  # whatever the umask
    state_path = os.path.join(dir, STATE_FILE)
    if os.path.exists(state_path):
        try:
            old = _load_state(dir)
            if _alive(old.get("pid", 0)) and _is_our_dovecot(old["pid"], old["conf"]):
                raise StackError("a mail stack is already running in %s (pid %d): stop it first" % (dir, old["pid"]))
        except (ValueError, KeyError):
            pass
    live = _read_pid(os.path.join(dir, "run"), wait=0)
    if live and _alive(live) and _is_our_dovecot(live, os.path.join(dir, "dovecot.conf")):
        raise StackError("a dovecot is already running in %s (pid %d): stop it first" % (dir, live))
    for sub in ("state",):
        os.makedirs(os.path.join(dir, sub), mode=0o755, exist_ok=True)

    ca_pem, crt, key, cert_sha, ca_sha = _make_certs(dir, self_signed)

    uid, gid = _mail_ids()
    homes = os.path.join(dir, "home")
    os.makedirs(homes, mode=0o755, exist_ok=True)
    lines, info = [], {}
    for name, password in users:
        home = os.path.join(homes, name)
        maildir = os.path.join(home, "Maildir")
        os.makedirs(home, exist_ok=True)
        if _is_root():
            os.chown(home, uid, gid)
        _ensure_folder(maildir, "INBOX", uid, gid)
        lines.append("%s:{PLAIN}%s::::%s::\n" % (name, password, home))
        info[name] = {"password": password, "home": home, "maildir": maildir}
    users_file = os.path.join(dir, "users")
    _write(users_file, "".join(lines), 0o644)
    sasl_users = None
    if smtp:  # a passdb for Postfix's SASL requests only (service=smtp): NAME@example.test logs in as NAME
        sasl_users = os.path.join(dir, "sasl-users-%s")
        _write(sasl_users % "smtp", "".join("%s@example.test:{PLAIN}%s::::::user=%s\n" % (n, p, n)
                                            for n, p in users if "@" not in n), 0o644)

    counts = {}
    base_sec, index = int(time.time()) - 1, 0
    for user, folder, src in fills:
        fdir = _ensure_folder(info[user]["maildir"], folder, uid, gid)
        for fname in sorted(os.listdir(src)):
            path = os.path.join(src, fname)
            if fname.startswith(".") or not os.path.isfile(path):
                continue
            flags = fname.split(":2,", 1)[1] if ":2," in fname else ""
            index += 1
            _place(path, fdir, uid, gid, flags, into_new=False, seq=(base_sec, index), link=link)
            counts[(user, folder)] = counts.get((user, folder), 0) + 1

    have_lmtp = os.path.exists("/usr/lib/dovecot/lmtp")
    have_zlib = os.path.exists("/usr/lib/dovecot/modules/lib30_imap_zlib_plugin.so")
    conf_path = os.path.join(dir, "dovecot.conf")
    log_path = os.path.join(dir, "dovecot.log")
    last_err = ""
    for attempt in range(6):
        base_dir, base_is_tmp = _base_dir_for(dir)
        if not base_is_tmp and os.path.isdir(base_dir):
            shutil.rmtree(base_dir, ignore_errors=True)
        os.makedirs(base_dir, mode=0o755, exist_ok=True)
        os.chmod(base_dir, 0o755)
        p = _free_ports(6)
        ports = dict(zip(("imap", "imaps", "pop3", "pop3s", "auth", "lmtp"), p))
        tag = "%08x" % random.getrandbits(32)  # process titles are dovecot-jebi-<tag>/...
        _write(conf_path, dovecot_conf(dir, base_dir, users_file, crt, key, ports, have_lmtp, have_zlib, tag,
                                         sasl_users))
        # Not a pipe: the daemonized master inherits stdout/stderr and would keep a pipe open forever.
        start_out = os.path.join(dir, "dovecot.start.out")
        with open(start_out, "wb") as outf:
            res = subprocess.run([dovecot, "-c", conf_path], stdin=subprocess.DEVNULL, stdout=outf, stderr=outf)
        with open(start_out, "rb") as outf:
            out = outf.read().decode(errors="replace")
        if res.returncode != 0:
            last_err = out + "\n" + _tail(log_path)
            if base_is_tmp:
                shutil.rmtree(base_dir, ignore_errors=True)
            if "Address already in use" in last_err:
                continue  # another process took a port between our probe and Dovecot's bind: new ports
            raise StackError("dovecot failed to start (exit %d):\n%s" % (res.returncode, last_err.strip()))
        pid = _read_pid(base_dir)
        why = _wait_ready(ports, ca_pem, time.time() + timeout, pid) if pid else "no master.pid"
        if why is None:
            break
        last_err = "dovecot did not come up within %.0f s: %s\n%s" % (timeout, why, _tail(log_path))
        _kill(pid, conf_path, tag)
        if base_is_tmp:
            shutil.rmtree(base_dir, ignore_errors=True)
        if "Address already in use" not in last_err:
            raise StackError(last_err)
    else:
        raise StackError("dovecot could not bind free ports after several attempts:\n" + last_err)
    if out.strip():
        sys.stderr.write(out)
    postfix = None
    if smtp:
        try:
            postfix = mailstack_postfix.start(sys.modules[__name__], dir, users, crt, key, ca_pem, ports["auth"],
                                              ports["lmtp"], timeout)
        except BaseException as e:
            _kill(pid, conf_path, tag)  # no half stack left behind
            if isinstance(e, mailstack_postfix.Error):
                raise StackError(str(e), e.exit_code)
            raise

    result = {
        "dir": dir,
        "pid": pid,
        "host": "127.0.0.1",
        "imap_port": ports["imap"],
        "imaps_port": ports["imaps"],
        "pop3_port": ports["pop3"],
        "pop3s_port": ports["pop3s"],
        "auth_port": ports["auth"],
        "lmtp_port": ports["lmtp"] if have_lmtp else None,
        "smtp_port": postfix["smtp_port"] if postfix else None,
        "smtps_port": postfix["smtps_port"] if postfix else None,
        "smtp_domain": "example.test" if postfix else None,
        "postfix": postfix,
        "ca_file": ca_pem,
        "cert_file": crt,
        "cert_sha256": cert_sha,
        "ca_sha256": ca_sha,
        "self_signed": bool(self_signed),
        "separator": SEPARATOR,
        "conf": conf_path,
        "log_file": log_path,
        "base_dir": base_dir,
        "instance": "jebi-" + tag,
        "users": {n: {"password": i["password"], "maildir": i["maildir"]} for n, i in info.items()},
        "filled": {"%s:%s" % k: v for k, v in counts.items()},
    }
    _write(state_path, json.dumps(result, indent=1), 0o644)
    return result


def _read_pid(base_dir, wait=3.0):
    path = os.path.join(base_dir, "master.pid")
    deadline = time.time() + wait
    while True:
        try:
            with open(path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            if time.time() >= deadline:
                return None
            time.sleep(0.01)


def _instance_procs(tag, titles=False):
    """pids (with titles: (pid, "imap [alice 127.0.0.1]")) of the processes of Dovecot instance jebi-<tag>:
    their titles are dovecot-jebi-<tag>/<service> [...]."""
    found = []
    prefix = ("dovecot-jebi-%s/" % tag).encode()
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/cmdline" % p, "rb") as f:
                    cmd = f.read()
            except OSError:
                continue
            if cmd.startswith(prefix):
                title = cmd[len(prefix):].replace(b"\0", b" ").decode(errors="replace").strip()
                found.append((int(p), title) if titles else int(p))
    return found


def _kill(pid, conf, tag=None, timeout=2.0):
    """SIGTERM the master (it stops its children), wait up to `timeout`, then SIGKILL it and any process of
    the instance still around (e.g. a login process stuck in a handshake with the already gone stats process)."""
    if pid and _alive(pid) and _is_our_dovecot(pid, conf):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.time() + timeout
        while time.time() < deadline and _alive(pid):
            if tag:
                # Once only the log process is left, Dovecot's shutdown is done except that the master and its log
                # process linger ~1.1 s (listening sockets still open, so clients would hang instead of being
                # refused): end both now, master first so it does not log the log process's death as an error.
                rest = _instance_procs(tag, titles=True)
                if rest and all(t.startswith("log") for _, t in rest):
                    for p in [pid] + [p for p, _ in rest]:
                        try:
                            os.kill(p, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
            time.sleep(0.005)
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if tag:
        deadline = time.time() + 0.5
        while time.time() < deadline and _instance_procs(tag):
            time.sleep(0.01)
        for p in _instance_procs(tag):
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _find_master(conf):
    """pid of a running `dovecot -c CONF` master, by its command line."""
    want = conf.encode()
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/cmdline" % p, "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if len(argv) >= 3 and argv[0].endswith(b"dovecot") and argv[1] == b"-c" and argv[2] == want:
                return int(p)
    return None


def stop(dir):
    """Stop the Dovecot started in `dir`. Idempotent: no stack or an already stopped one is fine."""
    dir = os.path.abspath(dir)
    try:
        st = _load_state(dir)
    except (StackError, ValueError):
        st = {}
    conf = st.get("conf", os.path.join(dir, "dovecot.conf"))
    base_dir = st.get("base_dir", os.path.join(dir, "run"))
    pid = _read_pid(base_dir, wait=0) or st.get("pid")
    tag = st.get("instance", "")[len("jebi-"):] or None
    if not pid or not _alive(pid):
        pid = _find_master(conf)  # DIR already deleted (e.g. a temp dir dropped before stop)
    if st.get("postfix") or not st:  # Postfix first: it delivers into Dovecot
        import mailstack_postfix
        mailstack_postfix.stop(st.get("postfix") or {"conf": mailstack_postfix.paths(dir)["conf"]})
    _kill(pid, conf, tag)
    if base_dir and not base_dir.startswith(dir + os.sep) and os.path.basename(base_dir).startswith("jebi-dc-"):
        shutil.rmtree(base_dir, ignore_errors=True)


def _user_maildir(st, user):
    try:
        return st["users"][user]["maildir"]
    except KeyError:
        raise StackError("unknown user %r (known: %s)" % (user, ", ".join(sorted(st["users"]))))


def deliver(dir, user, folder, file, flags=None):
    """Drop message `file` into user's folder as a new Maildir message. Without flags it goes to new/ (unseen,
    \\Recent); with flags (Maildir letters: S seen, R answered, F flagged, T deleted, D draft) into cur/.
    The folder is created if needed. Returns the path of the delivered file."""
    st = _load_state(dir)
    uid, gid = _mail_ids()
    fdir = _ensure_folder(_user_maildir(st, user), folder, uid, gid)
    return _place(file, fdir, uid, gid, flags, into_new=flags is None)


def reset_uidvalidity(dir, user, folder, kick=True):
    """Make Dovecot give `folder` a new UIDVALIDITY with UIDs restarting at 1, keeping its messages.

    Deletes the folder's dovecot-uidlist and index files and the user's mailbox list index (which caches
    UIDVALIDITY for STATUS). Dovecot then rebuilds them on the next access and takes the next UIDVALIDITY from its
    dovecot-uidvalidity counter, so the value is always new. Open sessions of the user are kicked first (with
    kick=True): a live imap process would otherwise write its cached UIDs back."""
    st = _load_state(dir)
    maildir = _user_maildir(st, user)
    fdir = folder_path(maildir, folder)
    if not os.path.isdir(fdir):
        raise StackError("folder %r of %s does not exist (%s)" % (folder, user, fdir))
    if kick and st.get("pid") and _alive(st["pid"]):
        doveadm = _which("doveadm")
        if doveadm:
            subprocess.run([doveadm, "-c", st["conf"], "kick", user], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # wait until the kicked imap/pop3 processes of this user have gone
            deadline = time.time() + 3
            while time.time() < deadline and _user_sessions(st["instance"][len("jebi-"):], user):
                time.sleep(0.02)
    removed = []
    for d, prefixes in ((fdir, ("dovecot-uidlist", "dovecot.index")), (maildir, ("dovecot.list.index",))):
        for n in os.listdir(d):
            if n.startswith(prefixes):
                os.unlink(os.path.join(d, n))
                removed.append(os.path.join(d, n))
    return removed


def _user_sessions(tag, user):
    """pids of the imap/pop3 processes serving `user` (verbose_proctitle: 'imap [alice 127.0.0.1 ...]')."""
    return [p for p, t in _instance_procs(tag, titles=True)
            if re.match(r"(imap|pop3) \[%s[ \]]" % re.escape(user), t)]


# ---------------------------------------------------------------------------------------------------------------
# CLI

def main(argv=None):
    ap = argparse.ArgumentParser(description="Real Dovecot on loopback for Jebi's tests")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("start", help="start a stack, print one JSON line")
    p.add_argument("--dir", required=True)
    p.add_argument("--user", action="append", default=[], metavar="NAME:PASSWORD")
    p.add_argument("--fill", action="append", default=[], metavar="USER:FOLDER:SRCDIR")
    p.add_argument("--self-signed", action="store_true",
                   help="serve a self-signed CA:TRUE certificate (like real self-signed servers); ca_file = it")
    p.add_argument("--link", action="store_true",
                   help="hard-link --fill messages instead of copying (fast for big corpora; same filesystem, "
                        "world-readable files; INTERNALDATE is then the source file's mtime)")
    p.add_argument("--smtp", action="store_true",
                   help="also start Postfix: submission (STARTTLS) and implicit-TLS SMTP ports (needs root)")
    p.add_argument("--timeout", type=float, default=10.0)
    p = sub.add_parser("stop", help="stop the stack in DIR (idempotent)")
    p.add_argument("--dir", required=True)
    p = sub.add_parser("deliver", help="drop a message into a folder")
    p.add_argument("--dir", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--folder", default="INBOX")
    p.add_argument("--file", required=True, action="append", help="a message file (repeat for several)")
    p.add_argument("--flags", default=None, help="Maildir flags (S seen, R answered, F flagged, T deleted, D draft)")
    p = sub.add_parser("reset-uidvalidity", help="give a folder a new UIDVALIDITY, UIDs restart at 1")
    p.add_argument("--dir", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--folder", default="INBOX")
    p.add_argument("--no-kick", action="store_true", help="do not disconnect the user's open sessions first")
    sub.add_parser("selftest", help="start a stack in a temp dir, check it with imaplib/poplib, stop it")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "start":
            users = []
            for u in a.user:
                if ":" not in u:
                    raise StackError("--user wants NAME:PASSWORD, got %r" % u)
                users.append(tuple(u.split(":", 1)))
            fills = []
            for f in a.fill:
                parts = f.split(":", 2)
                if len(parts) != 3:
                    raise StackError("--fill wants USER:FOLDER:SRCDIR, got %r" % f)
                fills.append(tuple(parts))
            info = start(a.dir, users, fills, self_signed=a.self_signed, timeout=a.timeout, link=a.link,
                         smtp=a.smtp)
            try:
                print(json.dumps(info, separators=(",", ":")), flush=True)
            except (BrokenPipeError, OSError) as e:
                stop(a.dir)  # nobody got the ports: do not leave a server behind
                raise StackError("could not print the stack description (%s); stopped it again" % e)
        elif a.cmd == "stop":
            stop(a.dir)
        elif a.cmd == "deliver":
            paths = [deliver(a.dir, a.user, a.folder, f, a.flags) for f in a.file]
            print(json.dumps({"path": paths[0], "paths": paths}), flush=True)
        elif a.cmd == "reset-uidvalidity":
            removed = reset_uidvalidity(a.dir, a.user, a.folder, kick=not a.no_kick)
            print(json.dumps({"removed": removed}), flush=True)
        elif a.cmd == "selftest":
            import mailstack_selftest
            return mailstack_selftest.selftest(sys.modules[__name__])
    except StackError as e:
        print("mailstack: %s" % e, file=sys.stderr)
        return e.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
