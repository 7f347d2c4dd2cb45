//! Download-and-delete a POP3S mailbox into a new store, durably, the way a POP3 account will
//! (`bench/pop3.sh` times it against fetchmail):
//!     pop3_download HOST:PORT CA_FILE USER PASSWORD DATA_DIR

use jebi::account::{Security, ServerConfig, TrustSettings};
use jebi::pop3::{download, Limits, Policy, Pop3};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, ca, user, password, data] = &args[..] else {
        eprintln!("usage: pop3_download HOST:PORT CA_FILE USER PASSWORD DATA_DIR");
        std::process::exit(64);
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let outcome = runtime.block_on(async {
        let (host, port) = ServerConfig::parse_host_port(addr)?;
        let server = ServerConfig {
            host,
            port,
            security: Security::Tls,
            login: user.clone(),
        };
        let pem = std::fs::read_to_string(ca).map_err(|e| format!("{ca}: {e}"))?;
        let tls = jebi::tls::TlsClient::new(&TrustSettings {
            extra_pem: Some(pem),
            pinned_sha256: Vec::new(),
        })
        .map_err(|e| e.to_string())?;
        let mut pop = Pop3::connect(&server, &tls, Limits::default())
            .await
            .map_err(|e| e.to_string())?;
        pop.login(user, password).await.map_err(|e| e.to_string())?;
        let writer = jebi::store::Writer::start(&std::path::Path::new(data).join("mail.sqlite"))
            .map_err(|e| e.to_string())?;
        let inbox = writer
            .run(jebi::engine::local_folders::ensure)
            .await
            .map_err(|e| e.to_string())?;
        let now = chrono::Utc::now().timestamp();
        download(
            pop,
            &writer,
            "bench",
            inbox,
            Policy::default(),
            now,
            &|_, _| {},
        )
        .await
        .map_err(|e| e.to_string())
    });
    match outcome {
        Ok(done) => eprintln!(
            "stored {}, deleted on the server {}",
            done.stored, done.deleted_on_server
        ),
        Err(e) => {
            eprintln!("pop3_download: {e}");
            std::process::exit(1);
        }
    }
}
