//! The files folder kept in step with the database. An upload is written as `*.part`, synced,
//! renamed into place and the folder synced, and only then is the row that names it
//! committed; a replaced file is deleted after the commit. A crash between those moments
//! leaves a file no row names (never a row without its file): `sweep` removes such files.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, SystemTime};

use app::db::Pool;

/// What a sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Uploads cut off before they were complete.
    pub partial: usize,
    /// Complete files no row names.
    pub orphans: usize,
}

/// Removes from `dir` the partial uploads and the files no row names, among those untouched
/// for `grace`. The grace keeps the in-flight uploads of other instances sharing the folder
/// safe (written but not yet committed); a single instance starting up can use zero.
pub async fn sweep(pool: &Pool, dir: &Path, grace: Duration) -> anyhow::Result<Swept> {
    // Listed before the names are read: a file committed in between is then among the names.
    let candidates = files_untouched_for(dir, grace)?;
    let referenced: HashSet<String> = app::db::files::referenced_names(pool).await?;
    let mut swept = Swept::default();
    for name in candidates {
        let partial = name.ends_with(".part");
        if partial || !referenced.contains(&name) {
            tokio::fs::remove_file(dir.join(&name)).await?;
            if partial {
                swept.partial += 1;
            } else {
                swept.orphans += 1;
            }
        }
    }
    if swept != Swept::default() {
        sync_folder(dir).await?;
        tracing::warn!(?swept, "files left by an interrupted upload or deletion were removed");
    }
    Ok(swept)
}

fn files_untouched_for(dir: &Path, grace: Duration) -> std::io::Result<Vec<String>> {
    let now = SystemTime::now();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let metadata = entry.metadata()?;
        let age = metadata.modified().ok().and_then(|at| now.duration_since(at).ok()).unwrap_or_default();
        if metadata.is_file() && age >= grace {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

/// Makes a rename or removal in `dir` durable: on Linux a new directory entry survives a
/// power cut only once the directory itself is synced.
pub async fn sync_folder(dir: &Path) -> std::io::Result<()> {
    tokio::fs::File::open(dir).await?.sync_all().await
}

/// Deletes files a committed change no longer names. A failure only leaves an orphan,
/// which the next sweep removes, so it is logged and not reported to the reader.
pub async fn discard(dir: &Path, names: impl IntoIterator<Item = String>) {
    for name in names {
        if let Err(error) = tokio::fs::remove_file(dir.join(&name)).await {
            tracing::warn!(%error, file = %name, "could not delete a replaced file; the next sweep will");
        }
    }
}
