//! Every route the server has, read from its source so that a new route cannot be missed by
//! the tests that go over all of them, and concrete addresses for them.

use sqlx::Row;

use crate::helpers::TestApp;

/// Every Rust source under `folder`, its subfolders included.
fn sources_in(folder: &std::path::Path, sources: &mut Vec<String>) {
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources_in(&path, sources);
        } else if path.extension().is_some_and(|e| e == "rs") {
            sources.push(std::fs::read_to_string(path).unwrap());
        }
    }
}

/// The route patterns of `server/src/routes/` (`.route("...")`, area folders included) and
/// of the Leptos route table (`path!("...")`), those ending a session last.
pub fn route_patterns() -> Vec<String> {
    let mut sources = Vec::new();
    sources_in(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes")), &mut sources);
    assert!(sources.len() > 25, "the route modules were read ({})", sources.len());
    sources.push(std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/app.rs")).unwrap());
    let mut patterns = Vec::new();
    for source in &sources {
        for marker in [".route(\"", ".route(\n            \"", "path!(\""] {
            for rest in source.split(marker).skip(1) {
                let pattern: String = rest.chars().take_while(|c| *c != '"').collect();
                // Leptos writes parameters as `:name`, axum as `{name}`.
                let pattern = pattern
                    .split('/')
                    .map(|part| part.strip_prefix(':').map_or(part.to_owned(), |name| format!("{{{name}}}")))
                    .collect::<Vec<_>>()
                    .join("/");
                patterns.push(pattern);
            }
        }
    }
    patterns.sort();
    patterns.dedup();
    // What ends a session (signing out, erasing one's profile) last, so a session lasts
    // through every other route.
    patterns.sort_by_key(|p| p.ends_with("/logout") || p.ends_with("/sign-out") || p.ends_with("/me/erase"));
    assert!(patterns.len() > 60, "the route table was read ({} routes)", patterns.len());
    patterns
}

/// The objects route parameters name.
pub struct RouteValues {
    pub request_reference: String,
    pub grant_reference: String,
    pub call_id: String,
    pub call_slug: String,
    pub expert_id: String,
    pub intervention_slug: String,
    /// Real secret links by the path they start with (`/requests/draft/` and its token);
    /// a pattern with none gets a well-formed token nobody holds.
    pub secret_links: Vec<(String, String)>,
}

async fn first(app: &TestApp, sql: &str) -> String {
    let row = sqlx::query(sql).fetch_one(&app.pool().await).await.expect(sql);
    row.try_get::<String, _>(0).or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string())).unwrap()
}

impl RouteValues {
    /// The first of each kind of object in the database (the demo data has them all).
    pub async fn first_of_each(app: &TestApp) -> RouteValues {
        RouteValues {
            request_reference: first(app, "SELECT reference FROM ta_requests ORDER BY id LIMIT 1").await,
            grant_reference: first(
                app,
                "SELECT reference FROM grant_applications WHERE reference IS NOT NULL ORDER BY id LIMIT 1",
            )
            .await,
            call_id: first(app, "SELECT id FROM grant_calls ORDER BY id LIMIT 1").await,
            call_slug: first(app, "SELECT slug FROM grant_calls ORDER BY id LIMIT 1").await,
            expert_id: first(app, "SELECT id FROM experts ORDER BY id LIMIT 1").await,
            intervention_slug: first(app, "SELECT slug FROM interventions ORDER BY id LIMIT 1").await,
            secret_links: Vec::new(),
        }
    }

    /// Holds a real secret link, given as its path (`/requests/draft/{token}`).
    pub fn hold_secret_link(&mut self, link: &str) {
        let (prefix, token) = link.rsplit_once('/').expect("a path");
        self.secret_links.push((format!("{prefix}/"), token.to_owned()));
    }

    /// A real address for `pattern`.
    pub fn concrete(&self, pattern: &str) -> String {
        let staff_grants = pattern.starts_with("/staff/grants");
        let token = self
            .secret_links
            .iter()
            .find(|(prefix, _)| pattern.starts_with(&format!("{prefix}{{token}}")))
            .map_or_else(|| "A".repeat(43), |(_, token)| token.clone());
        let values = [
            ("{token}", token),
            ("{step}", "review".to_owned()),
            ("{code}", "fr".to_owned()),
            ("{file}", "missing.js".to_owned()),
            ("{hash}", "0123456789abcdef".to_owned()),
            ("{reference}", if staff_grants { &self.grant_reference } else { &self.request_reference }.clone()),
            ("{slug}", if pattern.starts_with("/grants") { &self.call_slug } else { &self.intervention_slug }.clone()),
        ];
        let mut path = pattern.to_owned();
        for (name, value) in values {
            path = path.replace(name, &value);
        }
        if path.contains("/attachments/{id}") {
            path = path.replace("{id}", "1");
        }
        let id = if staff_grants { &self.call_id } else { &self.expert_id };
        path = path.replace("{id}", id);
        assert!(!path.contains('{'), "no value for a parameter of {pattern}");
        path
    }
}
