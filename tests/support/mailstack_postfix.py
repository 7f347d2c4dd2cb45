#!/usr/bin/env python3
"""Real Postfix (SMTP submission) for the test stack: `mailstack.py start --smtp`. Standard library only.

What runs: one Postfix instance per stack, entirely inside STACK/postfix/ (conf/ = config_directory with main.cf,
master.cf and texthash maps, queue/ = queue_directory, data/ = data_directory) and logging to STACK/postfix.log
(maillog_file, written by postlogd). Several stacks run side by side: each has its own directories, ports and
master process.

How it is started: the master daemon is run directly, as root:
    MAIL_CONFIG=STACK/postfix/conf /usr/lib/postfix/sbin/master -c STACK/postfix/conf -w
(-w: the command returns once the master has bound its listeners and initialised, non-zero if it failed).
/etc/postfix/main.cf is neither read nor touched (with the test script's debconf answer "No configuration" it does
not even exist), and no `alternate_config_directories` entry is needed: Postfix checks that list
(mail_conf_checkdir) only in "unsafe" processes, i.e. the set-gid postdrop/postqueue behind sendmail/mailq, and for
`sendmail -C`; the master and its daemons started by root never look at it. `postfix -c DIR start` as root works
as well (checked), but postfix-script's integrity checks add about 0.3 s per start and nothing for a fresh queue.
Consequence: `sendmail`/`postdrop`/`mailq` cannot reach these instances; submit over SMTP. The queue directories
are created here with the owners and modes of /etc/postfix/postfix-files. POSTLOG_SERVICE/POSTLOG_HOSTNAME are set
as `postfix start` would, so that the master's own start-up errors (lock, bind) reach maillog_file: there is no
syslog here. Config files get an mtime 10 s in the past: Postfix otherwise waits for a just-written main.cf to
"cool down" (about 2 s).

Stopped by SIGTERM to the master (it ends its children), then SIGKILL to whatever of its process group is left
after a moment, so a stop never hangs.

Listeners (127.0.0.1, ports picked by mailstack.py):
  smtp_port   submission, STARTTLS required (smtpd_tls_security_level=encrypt: anything but EHLO/STARTTLS/QUIT
              before TLS gets "530 5.7.0 Must issue a STARTTLS command first"; AUTH is offered only after TLS)
  smtps_port  implicit TLS (smtpd_tls_wrappermode=yes)
Both use the stack's certificate (test CA leaf, or the self-signed one) and SASL through Dovecot's auth inet
listener (smtpd_sasl_type=dovecot): AUTH PLAIN LOGIN, as "alice" or "alice@example.test". Recipients are accepted
only from authenticated clients. EHLO after TLS: PIPELINING, SIZE 20971520, ETRN, AUTH PLAIN LOGIN,
ENHANCEDSTATUSCODES, 8BITMIME, DSN, SMTPUTF8, CHUNKING (VRFY is off).

Delivery: virtual_mailbox_domains = example.test; mail to NAME@example.test (users whose name has no '@') lands in
user NAME's Maildir INBOX (new/), within a few tens of milliseconds. By default Postfix's own virtual(8) agent writes
it there (as the 'mail' user, like `mailstack.py deliver`), not Dovecot's LMTP: Dovecot 2.3's LMTP does not announce
SMTPUTF8, so Postfix bounces every SMTPUTF8 message with a UTF-8 header or address ("5.6.7 SMTPUTF8 is required, but
was not offered") instead of delivering it. MAILSTACK_SMTP_DELIVERY=lmtp in the environment of `start` switches to
virtual_transport = lmtp:inet:127.0.0.1:LMTP_PORT (Dovecot's LMTP) with that limitation. Test recipients:
  nobody@example.test (any unknown one)  550 5.1.1 at RCPT (smtpd_reject_unlisted_recipient, virtual_mailbox_maps)
  tempfail@example.test                  450 4.2.0 try later at RCPT (check_recipient_access texthash)
  refused@example.test                   550 5.7.1 refused at RCPT
  bounce@example.test                    accepted at RCPT, then handed to Dovecot's LMTP, which has no such user:
                                         Postfix sends the sender a failure DSN (Action: failed, 5.1.1)
  anything outside example.test          550 5.4.4 at RCPT (nothing leaves the machine)
DSN: NOTIFY=SUCCESS gets a "Successful Mail Delivery Report" (Action: delivered; with LMTP delivery too, as the lmtp
service has flags=X) delivered to a local sender such as alice@example.test; failure reports likewise.
Postfix adds no Message-ID/Date to submitted mail (local_header_rewrite_clients is empty): what the client sends is
what arrives, plus Return-Path, Delivered-To and Received headers.
"""

import grp
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import time

DOMAIN = "example.test"
MESSAGE_SIZE_LIMIT = 20 * 1024 * 1024
INSTALL_HINT = "install it with: apt-get install -y postfix"
RECIPIENT_ACCESS = [("tempfail@" + DOMAIN, "450 4.2.0 try later"), ("refused@" + DOMAIN, "550 5.7.1 refused")]
BOUNCE_RECIPIENT = "bounce@" + DOMAIN
# queue_directory subdirectories: (name, owner, group, mode), as in /etc/postfix/postfix-files
QUEUE_DIRS = [(d, "postfix", "root", 0o700) for d in ("active", "bounce", "corrupt", "defer", "deferred", "flush",
                                                       "hold", "incoming", "private", "saved", "trace")] + [
    ("maildrop", "postfix", "postdrop", 0o730), ("public", "postfix", "postdrop", 0o710),
    ("pid", "root", "root", 0o755)]


class Error(Exception):
    def __init__(self, message, exit_code=1):
        super().__init__(message)
        self.exit_code = exit_code


def master_path():
    """The master daemon (None if Postfix is not installed)."""
    for d in ("/usr/lib/postfix/sbin", "/usr/libexec/postfix"):
        if os.access(os.path.join(d, "master"), os.X_OK):
            return os.path.join(d, "master")
    postconf = shutil.which("postconf", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if postconf:
        res = subprocess.run([postconf, "-dh", "daemon_directory"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        m = os.path.join(res.stdout.decode().strip(), "master")
        if res.returncode == 0 and os.access(m, os.X_OK):
            return m
    return None


def paths(dir):
    p = os.path.join(dir, "postfix")
    return {"root": p, "conf": os.path.join(p, "conf"), "queue": os.path.join(p, "queue"),
            "data": os.path.join(p, "data"), "log": os.path.join(dir, "postfix.log")}


def main_cf(pp, crt, key, auth_port, lmtp_port, home, mail_ids, delivery):
    conf = pp["conf"]
    if delivery == "lmtp":
        transport = "virtual_transport = lmtp:inet:127.0.0.1:%d\n" % lmtp_port
    else:  # virtual(8) writes into DIR/home/NAME/Maildir/new as the mail user, like mailstack.py deliver
        transport = ("virtual_transport = virtual\n"
                     "virtual_mailbox_base = %s\n"
                     "virtual_uid_maps = static:%d\n"
                     "virtual_gid_maps = static:%d\n"
                     "virtual_minimum_uid = %d\n" % (home, mail_ids[0], mail_ids[1], min(mail_ids[0], 100)))
    return """# Generated by tests/support/mailstack_postfix.py -- a throwaway Postfix for Jebi's tests.
compatibility_level = 3.6
config_directory = {conf}
queue_directory = {queue}
data_directory = {data}
mail_owner = postfix
setgid_group = postdrop
maillog_file = {log}
maillog_file_prefixes = {root}, {log}
myhostname = mail.{domain}
mydomain = {domain}
myorigin = $mydomain
mydestination =
relay_domains =
relayhost =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtp_dns_support_level = disabled
alias_maps =
alias_database =
biff = no
notify_classes =
local_transport = error:5.1.1 no local delivery in the Jebi test stack
default_transport = error:5.4.4 no delivery outside {domain} in the Jebi test stack
virtual_mailbox_domains = {domain}
virtual_mailbox_maps = texthash:{conf}/virtual_mailboxes
{transport}transport_maps = texthash:{conf}/transport
message_size_limit = {size}
mailbox_size_limit = 0
virtual_mailbox_limit = 0
smtputf8_enable = yes
local_header_rewrite_clients =
disable_vrfy_command = yes

# fast, quiet test behaviour
smtpd_peername_lookup = no
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 1000
smtpd_hard_error_limit = 1000
smtpd_junk_command_limit = 1000
in_flow_delay = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 5s
lmtp_connect_timeout = 5s

smtpd_tls_chain_files = {key}, {crt}
smtpd_tls_security_level = encrypt
smtpd_tls_auth_only = yes
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:{auth}
smtpd_sasl_security_options = noanonymous
smtpd_sasl_tls_security_options = noanonymous
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = check_recipient_access texthash:{conf}/recipient_access
smtpd_reject_unlisted_recipient = yes
""".format(conf=conf, queue=pp["queue"], data=pp["data"], log=pp["log"], root=pp["root"], domain=DOMAIN,
           transport=transport, size=MESSAGE_SIZE_LIMIT, key=key, crt=crt, auth=auth_port)


def master_cf(smtp_port, smtps_port):
    """Only the services this instance needs; nothing on port 25, nothing chrooted."""
    svc = """pickup unix n - 60 1 pickup
cleanup unix n - - 0 cleanup
qmgr unix n - 300 1 qmgr
tlsmgr unix - - 1000? 1 tlsmgr
rewrite unix - - - - trivial-rewrite
bounce unix - - - 0 bounce
defer unix - - - 0 bounce
trace unix - - - 0 bounce
verify unix - - - 1 verify
flush unix n - 1000? 0 flush
proxymap unix - - - - proxymap
smtp unix - - - - smtp
relay unix - - - - smtp
showq unix n - - - showq
error unix - - - - error
retry unix - - - - error
discard unix - - - - discard
lmtp unix - - - - lmtp flags=X
virtual unix - n - - virtual
anvil unix - - - 1 anvil
scache unix - - - 1 scache
postlog unix-dgram n - - 1 postlogd"""
    lines = ["# Generated by tests/support/mailstack_postfix.py",
             "# service type private unpriv chroot wakeup maxproc command",
             "127.0.0.1:%d inet n - n - - smtpd" % smtp_port,
             "  -o syslog_name=postfix/submission",
             "  -o smtpd_tls_security_level=encrypt",
             "127.0.0.1:%d inet n - n - - smtpd" % smtps_port,
             "  -o syslog_name=postfix/smtps",
             "  -o smtpd_tls_wrappermode=yes"]
    for line in svc.splitlines():
        name, typ, private, unpriv, wakeup, maxproc, cmd = line.split(None, 6)
        lines.append("%-9s %-10s %s %s n %s %s %s" % (name, typ, private, unpriv, wakeup, maxproc, cmd))
    return "\n".join(lines) + "\n"


def maps(users, lmtp_port):
    """texthash maps (no postmap needed): the accepted addresses with their Maildirs below virtual_mailbox_base
    (the users, and the bounce recipient that goes to Dovecot's LMTP, which refuses it) and the test refusals."""
    names = [n for n, _ in users if "@" not in n]
    vm = "".join("%s@%s %s/Maildir/\n" % (n, DOMAIN, n) for n in names) + "%s nowhere/\n" % BOUNCE_RECIPIENT
    return {"virtual_mailboxes": vm,
            "recipient_access": "".join("%s %s\n" % kv for kv in RECIPIENT_ACCESS),
            "transport": "%s lmtp:inet:127.0.0.1:%d\n" % (BOUNCE_RECIPIENT, lmtp_port)}


def _prepare(pp):
    shutil.rmtree(pp["root"], ignore_errors=True)
    for d in (pp["root"], pp["conf"], pp["queue"]):
        os.makedirs(d, mode=0o755, exist_ok=True)
        os.chmod(d, 0o755)
    os.makedirs(pp["data"], mode=0o700)
    pf = pwd.getpwnam("postfix")
    os.chown(pp["data"], pf.pw_uid, pf.pw_gid)
    for name, owner, group, mode in QUEUE_DIRS:
        d = os.path.join(pp["queue"], name)
        os.mkdir(d)
        os.chown(d, pwd.getpwnam(owner).pw_uid, grp.getgrnam(group).gr_gid)
        os.chmod(d, mode)


def start(ms, dir, users, crt, key, ca_file, auth_port, lmtp_port, timeout):
    """Start Postfix for the stack in `dir` (Dovecot already running with auth_port/lmtp_port).
    `ms`: the mailstack module (ports, file helpers). Returns the state dict stored under "postfix"."""
    master = master_path()
    if not master:
        raise Error("postfix not found (needed by --smtp): " + INSTALL_HINT, 2)
    if os.geteuid() != 0:
        raise Error("--smtp needs root: Postfix's master daemon must start as root", 2)
    try:
        pwd.getpwnam("postfix")
        grp.getgrnam("postdrop")
    except KeyError:
        raise Error("the postfix user/postdrop group are missing (broken install?): " + INSTALL_HINT, 2)
    pp = paths(dir)
    stop({"conf": pp["conf"]})  # a leftover instance of this directory
    _prepare(pp)
    delivery = os.environ.get("MAILSTACK_SMTP_DELIVERY") or "maildir"
    if delivery not in ("maildir", "lmtp"):
        raise Error("MAILSTACK_SMTP_DELIVERY must be 'maildir' or 'lmtp', not %r" % delivery)
    files = dict(maps(users, lmtp_port), **{"main.cf": main_cf(pp, crt, key, auth_port, lmtp_port,
                                                                 os.path.join(dir, "home"), ms._mail_ids(),
                                                                 delivery)})
    # POSTLOG_*: what `postfix start` exports; without it the master logs its own start-up errors (lock, bind) to
    # syslog, which does not exist here, instead of maillog_file
    env = dict(os.environ, MAIL_CONFIG=pp["conf"], POSTLOG_SERVICE=os.path.join(pp["queue"], "public", "postlog"),
               POSTLOG_HOSTNAME="mail." + DOMAIN)
    last = ""
    for attempt in range(5):
        smtp_port, smtps_port = ms._free_ports(2)
        files["master.cf"] = master_cf(smtp_port, smtps_port)
        for name, text in files.items():
            path = os.path.join(pp["conf"], name)
            ms._write(path, text, 0o644)
            # Postfix waits (0.3 s at a time) until a config file modified within the last second "cools down"
            old = time.time() - 10
            os.utime(path, (old, old))
        out_path = os.path.join(pp["root"], "master.start.out")
        with open(out_path, "wb") as outf:  # a file, not a pipe: the daemon inherits it
            res = subprocess.run([master, "-c", pp["conf"], "-w"], stdin=subprocess.DEVNULL, stdout=outf,
                                 stderr=outf, env=env, cwd=pp["queue"])
        with open(out_path, "rb") as outf:
            out = outf.read().decode(errors="replace").strip()
        pid = _read_pid(pp)
        if res.returncode == 0 and pid:
            why = _wait_ready(smtp_port, smtps_port, ca_file, time.time() + timeout, pid)
            if why is None:
                return {"pid": pid, "conf": pp["conf"], "queue": pp["queue"], "log": pp["log"],
                        "smtp_port": smtp_port, "smtps_port": smtps_port, "delivery": delivery}
            out = (out + "\n" + why).strip()
        last = "postfix did not start (master exit %d)%s\n%s" % (res.returncode, ":\n" + out if out else "",
                                                                _tail(pp["log"]))
        stop({"conf": pp["conf"], "pid": pid})
        if "Address already in use" not in last:
            raise Error(last)
    raise Error("postfix could not bind free ports after several attempts:\n" + last)


def _tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            return "postfix log tail (%s):\n" % path + b"\n".join(f.read().splitlines()[-lines:]).decode(
                errors="replace")
    except OSError:
        return "(no postfix log at %s)" % path


def _read_pid(pp):
    try:
        with open(os.path.join(pp["queue"], "pid", "master.pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def _smtp_greeting(port, ctx=None):
    with socket.create_connection(("127.0.0.1", port), timeout=3) as raw:
        s = ctx.wrap_socket(raw, server_hostname="localhost") if ctx else raw
        f = s.makefile("rb")
        line = f.readline()
        if not line.startswith(b"220 "):
            raise OSError("unexpected SMTP greeting %r" % line)
        s.sendall(b"QUIT\r\n")
        f.readline()


def _wait_ready(smtp_port, smtps_port, ca_file, deadline, pid):
    ctx = ssl.create_default_context(cafile=ca_file)
    err = None
    while time.time() < deadline:
        try:
            _smtp_greeting(smtp_port)
            _smtp_greeting(smtps_port, ctx)
            return None
        except (OSError, ssl.SSLError) as e:
            err = e
            if not _group(pid):
                return "postfix master exited (%s)" % e
            time.sleep(0.02)
    return "no SMTP greeting on 127.0.0.1:%d/%d (%s)" % (smtp_port, smtps_port, err)


def _procs():
    """(pid, pgid, zombie) of every process."""
    out = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/stat" % p) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                out.append((int(p), int(fields[2]), fields[0] == "Z"))
            except (OSError, IndexError, ValueError):
                pass
    return out


def _group(pgid):
    """Live (not zombie) processes of process group pgid: the master and its children."""
    return [p for p, g, z in _procs() if g == pgid and not z]


def _mail_config(pid):
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            for kv in f.read().split(b"\0"):
                if kv.startswith(b"MAIL_CONFIG="):
                    return kv[len(b"MAIL_CONFIG="):].decode(errors="replace")
    except OSError:
        pass
    return None


def _masters(conf):
    """pids of live Postfix masters whose MAIL_CONFIG is conf (a master leads its own process group)."""
    return [p for p, g, z in _procs() if p == g and not z and _mail_config(p) == conf]


def stop(st, timeout=3.0):
    """Stop the instance described by st ({"conf": ..., "pid": ...}); idempotent, never hangs."""
    conf = st.get("conf")
    groups = set(_masters(conf)) if conf else set()
    pid = st.get("pid")
    if pid and any(_mail_config(p) == conf for p in _group(pid)):
        groups.add(pid)  # also when the master itself is gone but some of its children are not
    for g in groups:
        try:
            os.kill(g, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.time() + timeout
    while groups and time.time() < deadline and any(_group(g) for g in groups):
        time.sleep(0.01)
    for g in groups:
        if _group(g):
            try:
                os.killpg(g, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
