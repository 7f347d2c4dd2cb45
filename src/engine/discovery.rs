//! Finding an address's servers the way Thunderbird does (issue 12), in this order of trust:
//! the domain's autoconfig host, its `.well-known` document, the Thunderbird ISPDB, the same
//! three for the domain of its lowest MX, its SRV records (RFC 6186/8314), then guesses
//! (imap./pop./smtp./mail. with the usual ports) probed in parallel. The sources before the
//! guesses are asked at once and the first in that order that answers wins. Every source is
//! read as a stranger's data (`config_xml`, `dns`); redirects are not followed; the whole
//! search gives up after [`GIVE_UP`] and says which sources it tried.

pub mod config_xml;
pub mod dns;

use crate::account::Security;
use config_xml::{Offer, Protocol};
pub use dns::Dns;
use std::time::Duration;

/// The whole search ends by then.
pub const GIVE_UP: Duration = Duration::from_secs(10);
/// One web request or one probe.
const EACH: Duration = Duration::from_secs(4);

/// What the search found, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Incoming servers (IMAP first, then POP3), encrypted ones first.
    pub incoming: Vec<Offer>,
    pub outgoing: Vec<Offer>,
    /// Where the answer came from (a URL, or "guesses").
    pub source: String,
    /// Every source tried, with why it gave nothing (in order).
    pub tried: Vec<(String, String)>,
}

/// (host, port) a guess names -> (host, port) it probes.
pub type ProbeMap = dyn Fn(&str, u16) -> (String, u16) + Send + Sync;

/// Where the search goes; tests point it at loopback servers.
#[derive(Clone)]
pub struct Net {
    /// Turns each URL the search would fetch into the one fetched.
    pub url: std::sync::Arc<dyn Fn(&str) -> String + Send + Sync>,
    /// Turns each (host, port) a guess would probe into the one probed.
    pub probe: std::sync::Arc<ProbeMap>,
    /// The resolver asked for MX and SRV records.
    pub dns: Dns,
}

impl Default for Net {
    fn default() -> Net {
        Net {
            url: std::sync::Arc::new(|u| u.to_string()),
            probe: std::sync::Arc::new(|h, p| (h.to_string(), p)),
            dns: Dns::System,
        }
    }
}

impl Net {
    /// The real network, except that `JEBI_DISCOVERY_VIA=http://HOST:PORT` (for tests and
    /// local mirrors) fetches `https://NAME/PATH` as `http://HOST:PORT/NAME/PATH`, and
    /// `JEBI_DISCOVERY_DNS=HOST:PORT` asks that DNS server (`off`: no DNS source).
    pub fn from_env() -> Net {
        let mut net = Net::default();
        if let Ok(base) = std::env::var("JEBI_DISCOVERY_VIA") {
            if !base.is_empty() {
                net.url = std::sync::Arc::new(move |u| {
                    let rest = u.strip_prefix("https://").unwrap_or(u);
                    format!("{}/{rest}", base.trim_end_matches('/'))
                });
            }
        }
        match std::env::var("JEBI_DISCOVERY_DNS").as_deref() {
            Ok("off") => net.dns = Dns::Off,
            Ok(at) => {
                if let Ok(addr) = at.parse() {
                    net.dns = Dns::At(addr);
                }
            }
            Err(_) => {}
        }
        net
    }
}

/// The documents to ask for, in order.
fn config_urls(email: &str, domain: &str) -> Vec<String> {
    let quoted: String =
        percent_encoding::utf8_percent_encode(email, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    vec![
        format!("https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={quoted}"),
        format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
        format!("https://autoconfig.thunderbird.net/v1.1/{domain}"),
    ]
}

/// Find the servers of `email`. Err: the sources tried and why each gave nothing.
pub async fn discover(email: &str, net: &Net) -> Result<Found, Vec<(String, String)>> {
    let deadline = tokio::time::Instant::now() + GIVE_UP;
    let email = email.trim().to_string();
    let domain = match email.rsplit_once('@') {
        Some((_, d)) if config_xml::plausible_host(&d.to_ascii_lowercase()) => {
            d.to_ascii_lowercase()
        }
        _ => {
            return Err(vec![(
                "the address".into(),
                "it has no domain to look up".into(),
            )])
        }
    };
    let resolver = std::sync::Arc::new(dns::resolver(net.dns));
    let sources = ask_everyone(&email, &domain, net, &resolver);
    let mut tried = Vec::new();
    let no_answer = format!("no answer within {} s", GIVE_UP.as_secs());
    for (name, task) in sources {
        // Each source is waited for only until the whole search's deadline.
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(Ok((source, offers)))) => return Ok(found(offers, source, tried)),
            Ok(Ok(Err(why))) => tried.extend(why),
            Ok(Err(e)) => tried.push((name, e.to_string())),
            Err(_) => tried.push((name, no_answer.clone())),
        }
    }
    let guessed = tokio::time::timeout_at(deadline, guesses(&domain, &email, net, &resolver)).await;
    match guessed {
        Ok(offers) if !offers.is_empty() => Ok(found(offers, "guesses".into(), tried)),
        Ok(_) => {
            tried.push(("guesses".into(), "no usual server name answered".into()));
            Err(tried)
        }
        Err(_) => {
            tried.push(("guesses".into(), no_answer));
            Err(tried)
        }
    }
}

/// What one source gave: the answer and where it came from, or each place tried and why it
/// gave nothing.
type Answer = Result<(String, Vec<Offer>), Vec<(String, String)>>;

/// The resolver every DNS question goes to, or why there is none.
type Resolver = std::sync::Arc<Result<hickory_resolver::TokioResolver, String>>;

/// Every source but the guesses, started at once: (its name, its search) in order of trust.
/// Tasks left running when the search ends stop on their own timeouts.
fn ask_everyone(
    email: &str,
    domain: &str,
    net: &Net,
    resolver: &Resolver,
) -> Vec<(String, tokio::task::JoinHandle<Answer>)> {
    let mut sources = Vec::new();
    for url in config_urls(email, domain) {
        let (net, email, name) = (net.clone(), email.to_string(), url.clone());
        sources.push((
            name,
            tokio::spawn(async move { ask(url, email, net).await }),
        ));
    }
    let resolver = resolver.clone();
    let mx_name = format!("MX records of {domain}");
    let (r, e, d, n, name) = (
        resolver.clone(),
        email.to_string(),
        domain.to_string(),
        net.clone(),
        mx_name.clone(),
    );
    sources.push((
        mx_name,
        tokio::spawn(async move {
            let resolver = usable(&r, &name)?;
            let base = dns::mx_domain(resolver, &d)
                .await
                .map_err(|why| vec![(name, why)])?;
            // The MX domain's three documents, asked at once, the first in order wins.
            let asked = config_urls(&e, &base)
                .into_iter()
                .map(|url| ask(url, e.clone(), n.clone()));
            let mut tried = Vec::new();
            for answer in futures::future::join_all(asked).await {
                match answer {
                    Ok(found) => return Ok(found),
                    Err(why) => tried.extend(why),
                }
            }
            Err(tried)
        }),
    ));
    let srv_name = format!("SRV records of {domain}");
    let (e, d, name) = (email.to_string(), domain.to_string(), srv_name.clone());
    sources.push((
        srv_name,
        tokio::spawn(async move {
            let resolver = usable(&resolver, &name)?;
            match dns::srv_offers(resolver, &d, &e).await {
                Ok(offers) => Ok((name, offers)),
                Err(why) => Err(vec![(name, why)]),
            }
        }),
    ));
    sources
}

/// The resolver, or (as what `name` tried) why there is none.
fn usable<'a>(
    resolver: &'a Resolver,
    name: &str,
) -> Result<&'a hickory_resolver::TokioResolver, Vec<(String, String)>> {
    resolver
        .as_ref()
        .as_ref()
        .map_err(|why| vec![(name.to_string(), why.clone())])
}

/// One configuration document.
async fn ask(url: String, email: String, net: Net) -> Answer {
    let fetched = (net.url)(&url);
    let got = tokio::task::spawn_blocking(move || fetch(&fetched))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
        .and_then(|body| config_xml::parse(&body, &email));
    match got {
        Ok(offers) => Ok((url, offers)),
        Err(why) => Err(vec![(url, why)]),
    }
}

fn found(offers: Vec<Offer>, source: String, tried: Vec<(String, String)>) -> Found {
    let (mut incoming, outgoing): (Vec<Offer>, Vec<Offer>) = offers
        .into_iter()
        .partition(|o| o.protocol != Protocol::Smtp);
    // IMAP before POP3, encrypted before plain (the order within each is the source's).
    incoming.sort_by_key(|o| (o.is_plain(), o.protocol == Protocol::Pop3));
    Found {
        incoming,
        outgoing,
        source,
        tried,
    }
}

/// One document over HTTPS (or what `Net::url` made of it), at most `MAX_XML` bytes, no
/// redirect followed.
fn fetch(url: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(EACH))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(url)
        .call()
        .map_err(|e| super::explain::web_failure(&e.to_string()))?;
    let status = response.status().as_u16();
    if (300..400).contains(&status) {
        return Err("it redirects elsewhere (not followed)".into());
    }
    if status != 200 {
        return Err(format!("the server answered {status}"));
    }
    let mut body = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(config_xml::MAX_XML as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| e.to_string())?;
    Ok(body)
}

/// The usual names and ports, probed at once; those that accept a connection.
async fn guesses(domain: &str, email: &str, net: &Net, resolver: &Resolver) -> Vec<Offer> {
    let mut candidates = Vec::new();
    for (protocol, names, ports) in [
        (
            Protocol::Imap,
            ["imap", "mail", ""].as_slice(),
            [(993, Security::Tls), (143, Security::StartTls)].as_slice(),
        ),
        (
            Protocol::Pop3,
            ["pop", "pop3", "mail"].as_slice(),
            [(995, Security::Tls), (110, Security::StartTls)].as_slice(),
        ),
        (
            Protocol::Smtp,
            ["smtp", "mail", ""].as_slice(),
            [(465, Security::Tls), (587, Security::StartTls)].as_slice(),
        ),
    ] {
        for name in names {
            let host = if name.is_empty() {
                domain.to_string()
            } else {
                format!("{name}.{domain}")
            };
            for &(port, security) in ports {
                candidates.push((protocol, host.clone(), port, security));
            }
        }
    }
    let mut set = tokio::task::JoinSet::new();
    for (i, (protocol, host, port, security)) in candidates.into_iter().enumerate() {
        let (to_host, to_port) = (net.probe)(&host, port);
        let (login, resolver, dns) = (email.to_string(), resolver.clone(), net.dns);
        set.spawn(async move {
            let open = dns::answers(&resolver, dns, &to_host, to_port, EACH).await;
            let offer = open.then_some(Offer {
                protocol,
                host,
                port,
                security,
                login,
            });
            (i, offer)
        });
    }
    let mut answered: Vec<(usize, Offer)> = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok((i, Some(offer))) = done {
            answered.push((i, offer));
        }
    }
    // In the order of the list above, whichever answered first.
    answered.sort_by_key(|(i, _)| *i);
    answered.into_iter().map(|(_, o)| o).collect()
}
