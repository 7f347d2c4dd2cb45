//! TLS client settings shared by IMAP, POP3 and SMTP: the system roots, plus per account
//! extra CA/server certificates (`--ca-file`) and pinned server certificates ("trust this
//! certificate", needed for self-signed servers whose certificate is itself a CA).

use crate::account::TrustSettings;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{ring, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Debug, Clone, thiserror::Error)]
pub enum TlsSetupError {
    #[error("the trusted certificate file holds no usable PEM certificate")]
    NoCertificates,
    #[error("the trusted certificate file cannot be read as PEM: {0}")]
    BadPem(String),
    #[error("TLS setup failed: {0}")]
    Setup(String),
}

/// SHA-256 of a DER certificate as lower-case hex.
pub fn sha256_hex(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `AB:CD:...` form for people.
pub fn fingerprint_for_people(hex: &str) -> String {
    hex.as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap_or("").to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

/// Parse every certificate in a PEM text.
pub fn parse_pem_certs(pem: &str) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    let mut reader = pem.as_bytes();
    let certs: Vec<_> = rustls_pemfile::certs(&mut reader)
        .collect::<Result<_, _>>()
        .map_err(|e| TlsSetupError::BadPem(e.to_string()))?;
    if certs.is_empty() {
        return Err(TlsSetupError::NoCertificates);
    }
    Ok(certs)
}

fn system_roots() -> &'static Vec<CertificateDer<'static>> {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    // An empty or unreadable OS store falls back to the bundled roots (see `TlsClient::new`).
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

/// The certificate a server presented that we refused, for the error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedCertificate {
    pub sha256_hex: String,
    pub reason: String,
}

/// A client configuration plus a window on why a handshake's certificate was refused.
#[derive(Clone)]
pub struct TlsClient {
    pub config: Arc<ClientConfig>,
    rejected: Arc<Mutex<Option<RejectedCertificate>>>,
}

impl TlsClient {
    pub fn new(trust: &TrustSettings) -> Result<TlsClient, TlsSetupError> {
        let provider = Arc::new(ring::default_provider());
        let mut roots = RootCertStore::empty();
        let (_added, _ignored) = roots.add_parsable_certificates(system_roots().iter().cloned());
        if roots.is_empty() {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        let mut pinned: Vec<String> = trust.pinned_sha256.clone();
        if let Some(pem) = &trust.extra_pem {
            for cert in parse_pem_certs(pem)? {
                pinned.push(sha256_hex(&cert));
                // A CA certificate becomes a root; a leaf that is not a valid CA is simply pinned.
                let _ = roots.add(cert);
            }
        }
        let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| TlsSetupError::Setup(e.to_string()))?;
        let rejected = Arc::new(Mutex::new(None));
        let verifier = PinningVerifier {
            inner,
            pinned,
            algorithms: provider.signature_verification_algorithms,
            rejected: rejected.clone(),
        };
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsSetupError::Setup(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok(TlsClient {
            config: Arc::new(config),
            rejected,
        })
    }

    /// The certificate refused during the last handshake, if any.
    pub fn take_rejected(&self) -> Option<RejectedCertificate> {
        self.rejected.lock().ok().and_then(|mut r| r.take())
    }

    pub fn connector(&self) -> tokio_rustls::TlsConnector {
        tokio_rustls::TlsConnector::from(self.config.clone())
    }
}

#[derive(Debug)]
struct PinningVerifier {
    inner: Arc<WebPkiServerVerifier>,
    pinned: Vec<String>,
    algorithms: WebPkiSupportedAlgorithms,
    rejected: Arc<Mutex<Option<RejectedCertificate>>>,
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let fingerprint = sha256_hex(end_entity);
        if self
            .pinned
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&fingerprint))
        {
            return Ok(ServerCertVerified::assertion());
        }
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(ok) => Ok(ok),
            Err(e) => {
                if let Ok(mut slot) = self.rejected.lock() {
                    *slot = Some(RejectedCertificate {
                        sha256_hex: fingerprint,
                        reason: e.to_string(),
                    });
                }
                Err(e)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_format() {
        assert_eq!(fingerprint_for_people("abcd01"), "AB:CD:01");
        assert_eq!(sha256_hex(b"").len(), 64);
    }

    #[test]
    fn bad_pem_is_reported() {
        assert!(matches!(
            parse_pem_certs("hello"),
            Err(TlsSetupError::NoCertificates)
        ));
    }
}
