//! Malware scanning of uploads by ClamAV's daemon, `clamd` (ASVS 5.4.3). When
//! `PORTAL_CLAMD` names one, every uploaded file is streamed to it before it is kept; a file
//! it finds something in is refused, and while it cannot be reached no upload is
//! acknowledged (the user gets the page asking to send again). Its signatures are the
//! operator's (`freshclam`; `docs/DEPLOY.md`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use clamav_client::tokio::{Socket, Tcp};

/// Where clamd listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scanner {
    /// A Unix socket (`LocalSocket` in `clamd.conf`), given as an absolute path.
    Socket(PathBuf),
    /// `host:port` (`TCPSocket`).
    Tcp(String),
}

/// What clamd found in a file.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// The name of the signature that matched.
    Infected(String),
}

/// The longest a scan may take before the upload is refused as not checked.
const SCAN_TIMEOUT: Duration = Duration::from_secs(60);

impl Scanner {
    /// `/run/clamav/clamd.ctl` or `127.0.0.1:3310`.
    pub fn from_setting(setting: &str) -> Scanner {
        if setting.starts_with('/') {
            Scanner::Socket(PathBuf::from(setting))
        } else {
            Scanner::Tcp(setting.to_owned())
        }
    }

    /// Streams the file at `path` to clamd. `Err`: clamd could not be reached, answered
    /// with an error (a file over its `StreamMaxLength`, say) or took too long.
    pub async fn scan(&self, path: &Path) -> std::io::Result<Verdict> {
        let scan = async {
            match self {
                Scanner::Socket(socket_path) => {
                    clamav_client::tokio::scan_file(path, Socket { socket_path }, None).await
                }
                Scanner::Tcp(host_address) => {
                    clamav_client::tokio::scan_file(path, Tcp { host_address: host_address.as_str() }, None).await
                }
            }
        };
        let response = tokio::time::timeout(SCAN_TIMEOUT, scan)
            .await
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "the virus scan took too long"))??;
        verdict(&response)
    }
}

/// Reads clamd's answer to `INSTREAM`: `stream: OK`, `stream: NAME FOUND` or an error.
fn verdict(response: &[u8]) -> std::io::Result<Verdict> {
    let text = String::from_utf8_lossy(response);
    let text = text.trim_end_matches(['\0', '\n']);
    let answer = text.strip_prefix("stream: ").unwrap_or(text);
    if answer == "OK" {
        Ok(Verdict::Clean)
    } else if let Some(signature) = answer.strip_suffix(" FOUND") {
        Ok(Verdict::Infected(signature.to_owned()))
    } else {
        Err(std::io::Error::other(format!("the virus scanner answered: {answer}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamd_answers_are_read_as_clean_infected_or_failed() {
        assert_eq!(verdict(b"stream: OK\0").unwrap(), Verdict::Clean);
        assert_eq!(
            verdict(b"stream: Win.Test.EICAR_HDB-1 FOUND\0").unwrap(),
            Verdict::Infected("Win.Test.EICAR_HDB-1".into())
        );
        let refusal = verdict(b"INSTREAM size limit exceeded. ERROR\0").unwrap_err();
        assert!(refusal.to_string().contains("size limit exceeded"));
        assert!(verdict(b"").is_err(), "a closed connection is not a clean file");
    }

    #[test]
    fn the_setting_names_a_socket_or_an_address() {
        assert_eq!(Scanner::from_setting("/run/clamav/clamd.ctl"), Scanner::Socket("/run/clamav/clamd.ctl".into()));
        assert_eq!(Scanner::from_setting("127.0.0.1:3310"), Scanner::Tcp("127.0.0.1:3310".into()));
    }
}
