//! The DNS sources of discovery: the domain of an address's lowest-preference MX (whose
//! configuration is then asked for like the address's own), and the SRV records of RFC 6186
//! (`_imaps._tcp`, `_imap._tcp`, `_pop3s._tcp`, `_pop3._tcp`, `_submission._tcp`) and RFC 8314
//! (`_submissions._tcp`). Names from DNS are a stranger's data: checked like a configuration's.

use super::config_xml::{plausible_host, Offer, Protocol};
use crate::account::Security;
use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;
use hickory_resolver::TokioResolver;
use std::net::SocketAddr;
use std::time::Duration;

/// Which resolver discovery asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dns {
    /// The system's (`/etc/resolv.conf`, the registry on Windows).
    System,
    /// One server (tests, `JEBI_DISCOVERY_DNS=HOST:PORT`).
    At(SocketAddr),
    /// No DNS source is asked (`JEBI_DISCOVERY_DNS=off`).
    Off,
}

/// One question (with the resolver's own retries); discovery has ten seconds in all.
const EACH: Duration = Duration::from_secs(3);
const SILENT: &str = "the DNS server did not answer";

/// A resolver, or why there is none.
pub fn resolver(dns: Dns) -> Result<TokioResolver, String> {
    let mut builder = match dns {
        Dns::Off => return Err("DNS look-ups are turned off".into()),
        Dns::System => TokioResolver::builder_tokio()
            .map_err(|e| format!("no DNS resolver is configured ({e})"))?,
        Dns::At(addr) => {
            let mut server = NameServerConfig::udp_and_tcp(addr.ip());
            for connection in &mut server.connections {
                connection.port = addr.port();
            }
            TokioResolver::builder_with_config(
                ResolverConfig::from_name_servers(vec![server]),
                TokioRuntimeProvider::default(),
            )
        }
    };
    let options: &mut ResolverOpts = builder.options_mut();
    options.timeout = EACH;
    options.attempts = 1;
    builder.build().map_err(|e| e.to_string())
}

/// Why a look-up gave nothing, in a user's words.
fn failure(e: &hickory_resolver::net::NetError) -> String {
    if e.is_no_records_found() || e.is_nx_domain() {
        "there are none".into()
    } else {
        let text = e.to_string();
        if text.to_ascii_lowercase().contains("timed out") || text.contains("timeout") {
            SILENT.into()
        } else {
            format!("the look-up failed ({text})")
        }
    }
}

/// A host name from a record, lower case without the root dot; None when implausible.
fn host_of(name: &hickory_resolver::proto::rr::Name) -> Option<String> {
    let host = name.to_ascii().trim_end_matches('.').to_ascii_lowercase();
    plausible_host(&host).then_some(host)
}

/// The registrable domain of `domain`'s lowest-preference mail exchanger (e.g. the MX
/// `aspmx.l.google.com` gives `google.com`), when that differs from `domain`.
pub async fn mx_domain(resolver: &TokioResolver, domain: &str) -> Result<String, String> {
    let lookup = tokio::time::timeout(EACH, resolver.mx_lookup(format!("{domain}.")))
        .await
        .map_err(|_| SILENT.to_string())?
        .map_err(|e| failure(&e))?;
    let lowest = lookup
        .answers()
        .iter()
        .filter_map(|r| match &r.data {
            RData::MX(mx) => host_of(&mx.exchange).map(|h| (mx.preference, h)),
            _ => None,
        })
        .min()
        .ok_or_else(|| "there are none".to_string())?;
    let base = registrable(&lowest.1)
        .ok_or_else(|| format!("the mail exchanger {} has no registrable domain", lowest.1))?;
    if base == domain {
        return Err(format!(
            "the mail exchanger {} is in the same domain",
            lowest.1
        ));
    }
    Ok(base)
}

/// The public-suffix-list domain of a host (`mx1.mail.example.co.kr` -> `example.co.kr`).
pub fn registrable(host: &str) -> Option<String> {
    let found = psl::domain_str(host)?;
    plausible_host(found).then(|| found.to_string())
}

/// The services of RFC 6186/8314, in the order offered: encrypted before STARTTLS.
const SERVICES: [(&str, Protocol, Security); 6] = [
    ("_imaps._tcp", Protocol::Imap, Security::Tls),
    ("_imap._tcp", Protocol::Imap, Security::StartTls),
    ("_pop3s._tcp", Protocol::Pop3, Security::Tls),
    ("_pop3._tcp", Protocol::Pop3, Security::StartTls),
    ("_submissions._tcp", Protocol::Smtp, Security::Tls),
    ("_submission._tcp", Protocol::Smtp, Security::StartTls),
];

/// The servers `domain`'s SRV records offer (asked all at once), logging in as `email`.
/// A target of "." means the service is not offered.
pub async fn srv_offers(
    resolver: &TokioResolver,
    domain: &str,
    email: &str,
) -> Result<Vec<Offer>, String> {
    let asked = SERVICES.map(|(service, protocol, security)| async move {
        let lookup = resolver.srv_lookup(format!("{service}.{domain}.")).await;
        (protocol, security, lookup)
    });
    let answered = tokio::time::timeout(EACH, futures::future::join_all(asked))
        .await
        .map_err(|_| SILENT.to_string())?;
    let mut offers = Vec::new();
    let mut why = None;
    for (protocol, security, lookup) in answered {
        let lookup = match lookup {
            Ok(lookup) => lookup,
            Err(e) => {
                if !(e.is_no_records_found() || e.is_nx_domain()) {
                    why = Some(failure(&e));
                }
                continue;
            }
        };
        // Lowest priority first; among equals the heaviest (a client may pick at random by
        // weight; one answer is all a form can show).
        let best = lookup
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::SRV(srv) => Some(srv),
                _ => None,
            })
            .min_by_key(|srv| (srv.priority, std::cmp::Reverse(srv.weight)));
        let Some(srv) = best else { continue };
        if srv.target.is_root() || srv.port == 0 {
            continue;
        }
        if let Some(host) = host_of(&srv.target) {
            offers.push(Offer {
                protocol,
                host,
                port: srv.port,
                security,
                login: email.to_string(),
            });
        }
    }
    if offers.iter().any(|o| o.protocol != Protocol::Smtp) {
        Ok(offers)
    } else {
        Err(why.unwrap_or_else(|| "they offer no incoming server".into()))
    }
}

/// Whether `host:port` accepts a connection within `within`. The host name is resolved the
/// way the rest of the search resolves: by the system for [`Dns::System`], by the chosen
/// server for [`Dns::At`], and not at all for [`Dns::Off`] (only addresses are tried).
pub async fn answers(
    resolver: &Result<TokioResolver, String>,
    dns: Dns,
    host: &str,
    port: u16,
    within: Duration,
) -> bool {
    let connect = async {
        let address = match (host.parse::<std::net::IpAddr>(), dns, resolver) {
            (Ok(ip), _, _) => SocketAddr::new(ip, port),
            (Err(_), Dns::System, _) => {
                return tokio::net::TcpStream::connect((host, port)).await.is_ok()
            }
            (Err(_), Dns::At(_), Ok(resolver)) => {
                match resolver.lookup_ip(format!("{host}.")).await {
                    Ok(found) => match found.iter().next() {
                        Some(ip) => SocketAddr::new(ip, port),
                        None => return false,
                    },
                    Err(_) => return false,
                }
            }
            _ => return false,
        };
        tokio::net::TcpStream::connect(address).await.is_ok()
    };
    tokio::time::timeout(within, connect).await.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registrable_domain_follows_the_public_suffix_list() {
        assert_eq!(
            registrable("aspmx.l.google.com").as_deref(),
            Some("google.com")
        );
        assert_eq!(
            registrable("mx1.mail.example.co.kr").as_deref(),
            Some("example.co.kr")
        );
        assert_eq!(registrable("co.kr"), None);
    }
}
