#!/usr/bin/env bash
# Account discovery against loopback stand-ins (nothing leaves the machine): a web server plays
# the autoconfig hosts and the ISPDB (JEBI_DISCOVERY_VIA), dnsmasq serves MX and SRV records
# (JEBI_DISCOVERY_DNS). Times the whole `jebi account discover ADDRESS` command (process start
# included) for an answer from each kind of source, and once for a search where every source
# is silent (it must give up within 10 s and name them).
#   bench/discovery.sh            (RUNS=20)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-20}"
for bin in hyperfine dnsmasq; do
  command -v "$bin" >/dev/null || [ -x "/usr/sbin/$bin" ] || {
    echo "bench: $bin is missing; install: apt-get install -y hyperfine dnsmasq-base" >&2
    exit 2
  }
done
cargo build --release --locked --bin jebi
JEBI="${JEBI_BIN:-$PWD/target/release/jebi}"
WORK="$(mktemp -d /tmp/jebi-discovery-bench-XXXXXX)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WEB=$(free_port)
DNS=$(free_port)
SILENT=$(free_port)
python3 - "$WEB" <<'PY' &
import http.server, sys
XML = b"""<clientConfig version="1.1"><emailProvider id="x"><incomingServer type="imap">
<hostname>imap.provider.test</hostname><port>993</port><socketType>SSL</socketType>
<username>%EMAILADDRESS%</username></incomingServer><outgoingServer type="smtp">
<hostname>smtp.provider.test</hostname><port>465</port><socketType>SSL</socketType>
<username>%EMAILADDRESS%</username></outgoingServer></emailProvider></clientConfig>"""
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.path.startswith("/autoconfig.auto.test/") or \
             self.path == "/autoconfig.thunderbird.net/v1.1/provider.test"
        body = XML if ok else b""
        self.send_response(200 if ok else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
pids+=($!)
/usr/sbin/dnsmasq --keep-in-foreground --no-daemon --bind-interfaces --listen-address=127.0.0.1 \
  --no-resolv --no-hosts --conf-file=/dev/null --pid-file --port="$DNS" \
  --mx-host=mx.test,mx1.mail.provider.test,10 \
  --srv-host=_imaps._tcp.srv.test,imap.srv.test,993,0,0 \
  --srv-host=_submission._tcp.srv.test,smtp.srv.test,587,0,0 2>/dev/null &
pids+=($!)
python3 -c "import socket,time,sys; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('127.0.0.1',$SILENT)); time.sleep(1e6)" &
pids+=($!)
sleep 0.5
export JEBI_DISCOVERY_VIA="http://127.0.0.1:$WEB"
D="$WORK/data"
hyperfine --warmup 2 --runs "$RUNS" -N --export-json "$WORK/times.json" \
  -n autoconfig "env JEBI_DISCOVERY_DNS=127.0.0.1:$DNS $JEBI --data-dir $D account discover a@auto.test" \
  -n mx-ispdb "env JEBI_DISCOVERY_DNS=127.0.0.1:$DNS $JEBI --data-dir $D account discover a@mx.test" \
  -n srv "env JEBI_DISCOVERY_DNS=127.0.0.1:$DNS $JEBI --data-dir $D account discover a@srv.test"
python3 - "$WORK/times.json" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = sorted(r["times"])
    print("%-11s median %.1f ms, max %.1f ms (%d runs)" % (r["command"], statistics.median(t) * 1000, t[-1] * 1000, len(t)))
PY
echo "--- every source silent (web port closed, DNS server that never answers):"
start=$(date +%s.%N)
JEBI_DISCOVERY_VIA="http://127.0.0.1:$(free_port)" JEBI_DISCOVERY_DNS="127.0.0.1:$SILENT" \
  "$JEBI" --data-dir "$D" account discover a@silent.test || true
python3 -c "print('gave up after %.2f s' % ($(date +%s.%N) - $start))"
