//! Load generator for `bench/durable`: how many acknowledged writes per second a running
//! portal takes. Prepares drafts first (not timed), then times only the acknowledgements.
//!
//! `durable_writes <base-url> submissions <count> <concurrency>`: TA requests submitted
//! (each answered 303 to its tracking page, so committed).
//! `durable_writes <base-url> cvs <count> <concurrency> <kib>`: CVs of `kib` KiB uploaded to
//! expert applications (each answered 303, so on disk and recorded).

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Semaphore;

const INSTITUTION: &[(&str, &str)] = &[
    ("requester_type", "government"),
    ("country", "SEN"),
    ("institution", "Ministry of the Interior"),
    ("department", "Directorate of Migration"),
    ("official_name", "A. Director"),
    ("official_position", "Director General"),
    ("work_language", "fr"),
    ("action", "next"),
];
const FOCAL_POINT: &[(&str, &str)] = &[
    ("focal_name", "Focal Example"),
    ("focal_position", "Policy officer"),
    ("focal_email", "focal@example.org"),
    ("focal_phone", "+221 33 000 00 00"),
    ("action", "next"),
];
const LONG: &str = "The ministry needs support to draft regulations for its new labour migration policy.";
const DETAILS: &[(&str, &str)] = &[
    ("topics", "labour_migration"),
    ("typology", "capacity_building"),
    ("background", LONG),
    ("objectives", LONG),
    ("expected_results", LONG),
    ("beneficiaries", LONG),
    ("preferred_start", "2027-03"),
    ("action", "next"),
];
const IDENTITY: &[(&str, &str)] = &[
    ("full_name", "Bench Expert"),
    ("nationality", "PRT"),
    ("residence", "SEN"),
    ("gender", "female"),
    ("action", "next"),
];

struct Portal {
    base: String,
    client: reqwest::Client,
}

impl Portal {
    /// Posts a form the way the portal's own page does; returns the redirect target.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Result<String, String> {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .form(fields)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        redirect_of(response)
    }
}

fn redirect_of(response: reqwest::Response) -> Result<String, String> {
    if response.status() != 303 {
        return Err(format!("status {}", response.status()));
    }
    Ok(response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned())
}

/// Runs `job(i)` for every `i < count`, `concurrency` at a time; returns the seconds taken
/// and the errors.
async fn run<F, Fut>(count: usize, concurrency: usize, job: F) -> (f64, Vec<String>)
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
{
    let gate = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(count);
    for i in 0..count {
        let permit = gate.clone().acquire_owned().await.unwrap();
        let work = job(i);
        tasks.push(tokio::spawn(async move {
            let outcome = work.await;
            drop(permit);
            outcome
        }));
    }
    let mut errors = Vec::new();
    for task in tasks {
        if let Err(error) = task.await.unwrap() {
            errors.push(error);
        }
    }
    (started.elapsed().as_secs_f64(), errors)
}

fn report(what: &str, count: usize, concurrency: usize, (seconds, errors): (f64, Vec<String>)) {
    let done = count - errors.len();
    println!(
        "{what}: {done} acknowledged in {seconds:.2} s at concurrency {concurrency}: {:.0}/s, {} errors{}",
        done as f64 / seconds,
        errors.len(),
        errors.first().map(|e| format!(" (first: {e})")).unwrap_or_default()
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "durable_writes <base-url> submissions|cvs <count> <concurrency> [kib]";
    let [_, base, kind, count, concurrency, rest @ ..] = args.as_slice() else { panic!("{usage}") };
    let (count, concurrency): (usize, usize) = (count.parse().expect(usage), concurrency.parse().expect(usage));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let portal = Arc::new(Portal { base: base.trim_end_matches('/').to_owned(), client });

    match kind.as_str() {
        "submissions" => {
            let drafts = prepare(&portal, count, concurrency, |p| async move {
                // An official of their own each: the portal counts the endorsement e-mails an
                // address gets a day.
                let official = format!("director-{}@example.org", app_token());
                let mut institution: Vec<(&str, &str)> = INSTITUTION.to_vec();
                institution.push(("official_email", &official));
                let focal = p.post("/requests/new", &institution).await?;
                let draft = focal.trim_end_matches("/focal-point").to_owned();
                p.post(&focal, FOCAL_POINT).await?;
                p.post(&format!("{draft}/request"), DETAILS).await?;
                Ok(draft)
            })
            .await;
            let timed = run(drafts.len(), concurrency, |i| {
                let (p, draft) = (portal.clone(), drafts[i].clone());
                async move {
                    let tracking = p.post(&format!("{draft}/review"), &[("action", "submit")]).await?;
                    match tracking.contains("/requests/track/") {
                        true => Ok(()),
                        false => Err(format!("not acknowledged: {tracking}")),
                    }
                }
            })
            .await;
            report("TA requests submitted", count, concurrency, timed);
        }
        "cvs" => {
            let kib: usize = rest.first().and_then(|k| k.parse().ok()).expect(usage);
            let applications = prepare(&portal, count, concurrency, |p| async move {
                let address = format!("bench-{}@example.org", app_token());
                let mut fields: Vec<(&str, &str)> = IDENTITY.to_vec();
                fields.push(("email", &address));
                let profile = p.post("/experts/apply", &fields).await?;
                Ok(profile.trim_end_matches("/profile").to_owned())
            })
            .await;
            let mut cv = b"%PDF-1.4\n".to_vec();
            cv.resize(kib * 1024 - 7, b'.');
            cv.extend_from_slice(b"\n%%EOF\n");
            let cv = Arc::new(cv);
            let timed = run(applications.len(), concurrency, |i| {
                let (p, application, cv) = (portal.clone(), applications[i].clone(), cv.clone());
                async move {
                    let part =
                        reqwest::multipart::Part::bytes(cv.to_vec()).file_name("cv.pdf").mime_str("application/pdf");
                    let form = reqwest::multipart::Form::new().part("cv", part.unwrap()).text("action", "next");
                    let response = p
                        .client
                        .post(format!("{}{application}/cv", p.base))
                        .header("origin", &p.base)
                        .multipart(form)
                        .send()
                        .await
                        .map_err(|e| e.to_string())?;
                    redirect_of(response).map(drop)
                }
            })
            .await;
            report(&format!("CVs of {kib} KiB uploaded"), count, concurrency, timed);
        }
        _ => panic!("{usage}"),
    }
}

/// Runs `make` `count` times (not timed) and keeps what each returned.
async fn prepare<F, Fut>(portal: &Arc<Portal>, count: usize, concurrency: usize, make: F) -> Vec<String>
where
    F: Fn(Arc<Portal>) -> Fut,
    Fut: std::future::Future<Output = Result<String, String>> + Send + 'static,
{
    let made = Arc::new(std::sync::Mutex::new(Vec::with_capacity(count)));
    let (_, errors) = run(count, concurrency, |_| {
        let (work, made) = (make(portal.clone()), made.clone());
        async move {
            let item = work.await?;
            made.lock().unwrap().push(item);
            Ok(())
        }
    })
    .await;
    assert!(errors.is_empty(), "preparing failed: {:?}", errors.first());
    let made = made.lock().unwrap().clone();
    made
}

/// A unique enough label for bench addresses.
fn app_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}
