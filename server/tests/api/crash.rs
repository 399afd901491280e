//! Crash safety: the real `portal` binary under mixed load (request journeys, letters
//! uploaded and replaced) is killed with SIGKILL at random moments and restarted, again and
//! again. After every restart: no acknowledged submission or upload is missing, every row
//! points at a complete file, no file is left that no row names, the SQLite file passes its
//! integrity check, and the portal answers again within 2 s.
//!
//! `CRASH_CYCLES` sets the number of cycles (50 by default), `CRASH_SEED` replays a run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::helpers::{fresh_database, location, Backend};
use crate::process::{free_port, start_portal, wait_ready};
use crate::requests::{details, FOCAL_POINT, INSTITUTION};

const READY_WITHIN: Duration = Duration::from_secs(2);
const WORKERS: usize = 4;
/// Sweeps with no grace (one instance) and no rate limits (one client address); warnings only.
const QUIET: [(&str, &str); 3] =
    [("PORTAL_ORPHAN_GRACE_SECS", "0"), ("PORTAL_RATE_LIMIT_EXEMPT", "127.0.0.1"), ("RUST_LOG", "warn")];

/// What the portal acknowledged: it must survive any crash that follows.
#[derive(Clone, Default)]
struct Acknowledged {
    /// Tracking pages of submitted requests.
    submitted: Vec<String>,
    /// Per draft: the letter last acknowledged and the ones sent after it with no answer
    /// (one of those may have replaced it before the crash).
    letters: Vec<(String, Vec<String>)>,
}

/// A small deterministic generator, so a failing run can be replayed with its seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn pdf_of(kib: usize, label: &str) -> Vec<u8> {
    let mut pdf = format!("%PDF-1.4\n% {label}\n").into_bytes();
    pdf.resize(kib * 1024, b'.');
    pdf.extend_from_slice(b"\n%%EOF\n");
    pdf
}

/// One request journey; every acknowledgement is recorded as soon as it arrives.
async fn journey(address: &str, worker: usize, number: u64, shape: u64, acks: &Mutex<Acknowledged>) -> Option<()> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().ok()?;
    let post = |path: String, fields: Vec<(&str, &str)>| {
        client.post(format!("{address}{path}")).header("origin", address).form(&fields).send()
    };
    // An official of its own each: the portal counts the endorsement e-mails an address gets.
    let official = format!("director-w{worker}-j{number}@example.org");
    let mut institution: Vec<(&str, &str)> =
        INSTITUTION.iter().filter(|(field, _)| *field != "official_email").copied().collect();
    institution.push(("official_email", &official));
    let focal = location(&post("/requests/new".into(), institution).await.ok()?);
    let draft = focal.strip_suffix("/focal-point")?.to_owned();
    post(focal.clone(), FOCAL_POINT.to_vec()).await.ok()?;
    post(format!("{draft}/request"), details()).await.ok()?;
    let mut letter_slot = None;
    for attempt in 0..shape {
        let name = format!("w{worker}-j{number}-{attempt}.pdf");
        let part = reqwest::multipart::Part::bytes(pdf_of(64 + 64 * attempt as usize, &name))
            .file_name(name.clone())
            .mime_str("application/pdf")
            .ok()?;
        let slot = *letter_slot.get_or_insert_with(|| {
            let mut acks = acks.lock().unwrap();
            acks.letters.push((String::new(), Vec::new()));
            acks.letters.len() - 1
        });
        acks.lock().unwrap().letters[slot].1.push(name.clone());
        let form = reqwest::multipart::Form::new().part("letter", part).text("action", "next");
        let response = client
            .post(format!("{address}{draft}/attachments"))
            .header("origin", address)
            .multipart(form)
            .send()
            .await
            .ok()?;
        if response.status() == 303 {
            let mut acks = acks.lock().unwrap();
            let (acknowledged, unanswered) = &mut acks.letters[slot];
            *acknowledged = name;
            unanswered.clear();
        }
    }
    let response = post(format!("{draft}/review"), vec![("action", "submit")]).await.ok()?;
    let tracking = location(&response);
    if response.status() == 303 && tracking.contains("/requests/track/") {
        acks.lock().unwrap().submitted.push(tracking.trim_end_matches("?submitted=1").to_owned());
    }
    Some(())
}

async fn integrity_check(database_url: &str) {
    let pool = sqlx::AnyPool::connect(database_url).await.expect("database opens after the crash");
    let verdict: String = sqlx::query("PRAGMA integrity_check").fetch_one(&pool).await.unwrap().try_get(0).unwrap();
    assert_eq!(verdict, "ok", "SQLite integrity check");
    let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&pool).await.unwrap();
    assert!(broken.is_empty(), "{} rows point at missing parents", broken.len());
    pool.close().await;
}

/// Every acknowledged submission is there, every letter row has its complete file, and the
/// files folder holds nothing else.
async fn check_nothing_lost(database_url: &str, files_dir: &Path, address: &str, acks: &Acknowledged) {
    let client = reqwest::Client::new();
    for tracking in &acks.submitted {
        let response = client.get(format!("{address}{tracking}")).send().await.expect("tracking page");
        assert_eq!(response.status(), 200, "acknowledged request {tracking} is gone");
        assert!(response.text().await.unwrap().contains("TA-"), "{tracking} shows its reference");
    }
    let pool = sqlx::AnyPool::connect(database_url).await.expect("database");
    let rows = sqlx::query("SELECT original_name, stored_name, size_bytes, sha256 FROM ta_attachments")
        .fetch_all(&pool)
        .await
        .unwrap();
    // The demo's documents are named by rows of their own.
    let demo: Vec<String> = sqlx::query_scalar("SELECT stored_name FROM ta_documents").fetch_all(&pool).await.unwrap();
    pool.close().await;
    let mut letters = HashSet::new();
    let mut stored: HashSet<String> = demo.into_iter().collect();
    for row in rows {
        let (name, file): (String, String) = (row.get(0), row.get(1));
        let bytes = std::fs::read(files_dir.join(&file)).unwrap_or_else(|e| panic!("letter {name} has no file: {e}"));
        assert_eq!(bytes.len() as i64, row.get::<i64, _>(2), "letter {name} is complete");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), row.get::<String, _>(3), "letter {name} is intact");
        letters.insert(name);
        stored.insert(file);
    }
    for (acknowledged, unanswered) in acks.letters.iter().filter(|(name, _)| !name.is_empty()) {
        assert!(
            letters.contains(acknowledged) || unanswered.iter().any(|later| letters.contains(later)),
            "acknowledged letter {acknowledged} is gone"
        );
    }
    for entry in std::fs::read_dir(files_dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_file() {
            assert!(stored.contains(&name), "{name} is left in the files folder with no row naming it");
        }
    }
}

async fn crash_cycles(backend: Backend) {
    sqlx::any::install_default_drivers();
    let Some(database_url) = fresh_database(backend).await else { return };
    let cycles: usize = std::env::var("CRASH_CYCLES").ok().and_then(|n| n.parse().ok()).unwrap_or(50);
    let seed = std::env::var("CRASH_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    let seed = seed.max(1);
    println!("crash harness: {cycles} cycles on {backend:?}, CRASH_SEED={seed}");
    let mut dice = Dice(seed);
    let work: PathBuf = std::env::temp_dir().join(format!("portal_crash_{}_{seed}", std::process::id()));
    let files_dir = work.join("files");
    std::fs::create_dir_all(&files_dir).unwrap();
    let log = work.join("portal.log");
    let port = free_port();
    let acks = Arc::new(Mutex::new(Acknowledged::default()));
    let probe = reqwest::Client::new();
    let mut slowest_start = Duration::ZERO;
    let mut journeys = 0u64;

    for cycle in 0..cycles {
        let mut portal = start_portal(&database_url, &files_dir, port, &log, &QUIET);
        let ready = wait_ready(&probe, &mut portal).await;
        // The first start creates and seeds the database; restarts are what must be quick.
        if cycle > 0 {
            assert!(ready < READY_WITHIN, "cycle {cycle}: ready after {ready:?} (seed {seed})");
            slowest_start = slowest_start.max(ready);
            let snapshot = acks.lock().unwrap().clone();
            check_nothing_lost(&database_url, &files_dir, &portal.address, &snapshot).await;
        }
        let mut workers = Vec::new();
        for worker in 0..WORKERS {
            let (address, acks) = (portal.address.clone(), acks.clone());
            let shapes: Vec<u64> = (0..1000).map(|_| dice.below(3)).collect();
            let first = journeys + (worker as u64) * 1000;
            workers.push(tokio::spawn(async move {
                for (n, shape) in shapes.into_iter().enumerate() {
                    journey(&address, worker, first + n as u64, shape, &acks).await;
                }
            }));
        }
        journeys += WORKERS as u64 * 1000;
        tokio::time::sleep(Duration::from_millis(100 + dice.below(700))).await;
        portal.child.kill().expect("SIGKILL");
        portal.child.wait().expect("portal reaped");
        for worker in workers {
            worker.abort();
        }
        if matches!(backend, Backend::Sqlite) {
            integrity_check(&database_url).await;
        }
    }
    let mut portal = start_portal(&database_url, &files_dir, port, &log, &QUIET);
    let ready = wait_ready(&probe, &mut portal).await;
    slowest_start = slowest_start.max(ready);
    let acks = acks.lock().unwrap().clone();
    check_nothing_lost(&database_url, &files_dir, &portal.address, &acks).await;
    portal.child.kill().unwrap();
    portal.child.wait().unwrap();
    let letters = acks.letters.iter().filter(|(name, _)| !name.is_empty()).count();
    println!(
        "crash harness on {backend:?}: {cycles} kills, {} acknowledged submissions and {letters} letters all found; \
         slowest restart {slowest_start:?}",
        acks.submitted.len()
    );
    assert!(acks.submitted.len() >= cycles, "the load reached the portal");
    std::fs::remove_dir_all(&work).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_acknowledged_is_lost_when_the_portal_is_killed_on_sqlite() {
    crash_cycles(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_acknowledged_is_lost_when_the_portal_is_killed_on_postgres() {
    crash_cycles(Backend::Postgres).await;
}
