//! `portal backup DIR` and `portal restore DIR`: the database and the uploaded files it names,
//! together, so a restore never has a row without its file.
//!
//! SQLite is copied online with `VACUUM INTO` (a consistent snapshot while the portal keeps
//! serving); PostgreSQL with its own `pg_dump` and `pg_restore` (custom format), which must be
//! on the `PATH`. The files copied are those the snapshot names.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context};
use app::db::Backend;
use serde::{Deserialize, Serialize};

use crate::config::Settings;

const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "portal.db";
const POSTGRES_FILE: &str = "portal.pgdump";
const FILES: &str = "files";

/// What a backup holds, written beside it and checked on restore.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub backend: String,
    pub created_at: String,
    /// The uploaded files, by stored name.
    pub files: Vec<String>,
}

fn backend_of(settings: &Settings) -> anyhow::Result<Backend> {
    Backend::of_url(&settings.database_url).context("DATABASE_URL must start with sqlite: or postgres:")
}

/// Writes a backup of the portal's database and files into `dest`, a folder that must not
/// exist yet.
pub async fn backup(settings: &Settings, dest: &Path) -> anyhow::Result<Manifest> {
    ensure!(!dest.exists(), "{} already exists: a backup goes into a new folder", dest.display());
    std::fs::create_dir_all(dest.join(FILES)).with_context(|| format!("creating {}", dest.display()))?;
    let backend = backend_of(settings)?;
    let names = match backend {
        Backend::Sqlite => {
            let snapshot = dest.join(SQLITE_FILE);
            let live = app::db::connect(&settings.database_url, 1).await.context("opening the database")?;
            sqlx::query("VACUUM INTO $1")
                .bind(snapshot.to_string_lossy().into_owned())
                .execute(&live)
                .await
                .context("copying the database")?;
            live.close().await;
            // The names come from the snapshot itself, so the files match it exactly.
            let copy = app::db::connect(&sqlite_url(&snapshot), 1).await?;
            let names = app::db::files::referenced_names(&copy).await?;
            copy.close().await;
            names
        }
        Backend::Postgres => {
            run(Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(dest.join(POSTGRES_FILE))
                .arg(format!("--dbname={}", settings.database_url)))?;
            let live = app::db::connect(&settings.database_url, 1).await.context("opening the database")?;
            let names = app::db::files::referenced_names(&live).await?;
            live.close().await;
            names
        }
    };
    let mut files: Vec<String> = names.into_iter().collect();
    files.sort();
    let mut missing = Vec::new();
    for name in &files {
        match std::fs::copy(settings.files_dir.join(name), dest.join(FILES).join(name)) {
            Ok(_) => {}
            // Deleted since the snapshot (replaced, or erased at the owner's request).
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => missing.push(name.clone()),
            Err(error) => return Err(error).with_context(|| format!("copying file {name}")),
        }
    }
    if !missing.is_empty() {
        tracing::warn!(count = missing.len(), "files deleted since the snapshot are not in the backup");
        files.retain(|name| !missing.contains(name));
    }
    let manifest = Manifest { backend: format!("{backend:?}").to_lowercase(), created_at: crate::now_rfc3339(), files };
    std::fs::write(dest.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    sync_tree(dest)?;
    Ok(manifest)
}

/// Restores the backup in `source` into the database and files folder `settings` name. The
/// portal must be stopped. An existing database is replaced only with `replace`.
pub async fn restore(settings: &Settings, source: &Path, replace: bool) -> anyhow::Result<Manifest> {
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(source.join(MANIFEST)).with_context(|| format!("{} holds no {MANIFEST}", source.display()))?,
    )
    .context("reading the manifest")?;
    let backend = backend_of(settings)?;
    ensure!(
        manifest.backend == format!("{backend:?}").to_lowercase(),
        "this backup is of a {} database; DATABASE_URL names another kind",
        manifest.backend
    );
    for name in &manifest.files {
        ensure!(source.join(FILES).join(name).is_file(), "the backup lacks file {name}");
    }
    match backend {
        Backend::Sqlite => {
            let snapshot = source.join(SQLITE_FILE);
            let copy = app::db::connect(&sqlite_url(&snapshot), 1).await.context("opening the backup")?;
            let verdict: String =
                sqlx::Row::try_get(&sqlx::query("PRAGMA integrity_check").fetch_one(&copy).await?, 0)?;
            copy.close().await;
            ensure!(verdict == "ok", "the backup's database is damaged: {verdict}");
            let target = settings.sqlite_path().context("DATABASE_URL names no SQLite file")?;
            ensure!(replace || !target.exists(), "{} exists; add --replace to overwrite it", target.display());
            settings.prepare_sqlite_folder()?;
            // Copied beside the target, then renamed over it: never a half-written database.
            let incoming = target.with_extension("restoring");
            std::fs::copy(&snapshot, &incoming)?;
            std::fs::File::open(&incoming)?.sync_all()?;
            for stale in ["-wal", "-shm"] {
                let path = PathBuf::from(format!("{}{stale}", target.display()));
                if path.exists() {
                    std::fs::remove_file(path)?;
                }
            }
            std::fs::rename(&incoming, &target)?;
            sync_tree(target.parent().unwrap_or(Path::new(".")))?;
        }
        Backend::Postgres => {
            let live = app::db::connect(&settings.database_url, 1).await.context("opening the database")?;
            let tables: i64 = sqlx::Row::try_get(
                &sqlx::query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
                    .fetch_one(&live)
                    .await?,
                0,
            )?;
            live.close().await;
            ensure!(replace || tables == 0, "the database is not empty; add --replace to overwrite it");
            run(Command::new("pg_restore")
                .args(["--clean", "--if-exists", "--no-owner", "--exit-on-error", "--single-transaction"])
                .arg(format!("--dbname={}", settings.database_url))
                .arg(source.join(POSTGRES_FILE)))?;
        }
    }
    std::fs::create_dir_all(&settings.files_dir)?;
    for name in &manifest.files {
        std::fs::copy(source.join(FILES).join(name), settings.files_dir.join(name))
            .with_context(|| format!("restoring file {name}"))?;
    }
    sync_tree(&settings.files_dir)?;
    // A backup from an older version is brought up to date now rather than at the next start.
    crate::open_database(settings).await?.close().await;
    Ok(manifest)
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command.output().with_context(|| format!("running {program} (is it installed?)"))?;
    if !output.status.success() {
        bail!("{program} failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}

/// Syncs every file in `dir` and the folder itself, so the copy survives a power cut.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            sync_tree(&entry.path())?;
        } else {
            std::fs::File::open(entry.path())?.sync_all()?;
        }
    }
    std::fs::File::open(dir)?.sync_all()
}
