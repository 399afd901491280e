//! The real `portal` binary as a process of its own, for the tests that kill it or read
//! what it logs.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub struct Portal {
    pub child: Child,
    pub address: String,
}

/// Starts `portal serve` on `port` with its output (stdout and stderr) appended to `log`
/// and `env` added to its environment.
pub fn start_portal(database_url: &str, files_dir: &Path, port: u16, log: &Path, env: &[(&str, &str)]) -> Portal {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command.arg("serve");
    spawn(command, database_url, files_dir, port, log, env)
}

/// As `start_portal`, but no file the portal writes may grow beyond `max_kib` KiB
/// (`ulimit -f`, with `SIGXFSZ` ignored): a write past it fails with an error, as on a full
/// disk.
pub fn start_portal_with_file_limit(
    database_url: &str,
    files_dir: &Path,
    port: u16,
    log: &Path,
    env: &[(&str, &str)],
    max_kib: u64,
) -> Portal {
    let mut command = Command::new("sh");
    // POSIX counts `ulimit -f` in blocks of 512 bytes.
    let script = format!("trap '' XFSZ; ulimit -f {}; exec \"$0\" serve", max_kib * 2);
    command.args(["-c", &script, env!("CARGO_BIN_EXE_portal")]);
    spawn(command, database_url, files_dir, port, log, env)
}

fn spawn(
    mut command: Command,
    database_url: &str,
    files_dir: &Path,
    port: u16,
    log: &Path,
    env: &[(&str, &str)],
) -> Portal {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("log file");
    let address = format!("http://127.0.0.1:{port}");
    let child = command
        .env("DATABASE_URL", database_url)
        .env("PORTAL_LISTEN", format!("127.0.0.1:{port}"))
        .env("PORTAL_PUBLIC_URL", &address)
        .env("PORTAL_FILES_DIR", files_dir)
        .env("PORTAL_SEED_DEMO_WHEN_EMPTY", "true")
        .env("LEPTOS_SITE_ROOT", files_dir.join("no-site"))
        .envs(env.iter().copied())
        .stdout(log.try_clone().expect("log file"))
        .stderr(log)
        .spawn()
        .expect("portal binary starts");
    Portal { child, address }
}

/// Waits for `/healthz`; returns how long the portal took to answer.
pub async fn wait_ready(client: &reqwest::Client, portal: &mut Portal) -> Duration {
    let started = Instant::now();
    loop {
        if let Ok(response) = client.get(format!("{}/healthz", portal.address)).send().await {
            if response.status() == 200 {
                return started.elapsed();
            }
        }
        assert!(portal.child.try_wait().expect("portal status").is_none(), "the portal exited while starting");
        assert!(started.elapsed() < Duration::from_secs(60), "the portal did not start");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
