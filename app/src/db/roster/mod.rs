//! The expert roster in the database, by concern. Every table that names an expert hangs
//! off `experts` with ON DELETE CASCADE, so erasure is one delete (see `space::erase`).

mod applications;
mod export;
mod search;
mod space;
mod upkeep;

pub use applications::*;
pub use export::*;
pub use search::*;
pub use space::*;
pub use upkeep::*;

/// How an expert appears in the audit log (never by name: the log outlives erasure).
pub const EXPERT: &str = "expert";

fn record_id(id: i64) -> String {
    id.to_string()
}
