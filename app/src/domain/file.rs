//! Files people attach to what they send: a TA request's letter, an expert's CV, a grant
//! applicant's registration certificate. One type for all of them; the file itself is in the
//! files folder, under a random name only the database knows.

use serde::{Deserialize, Serialize};

/// What an upload field asks for and takes (shared with the browser's checks).
pub use rules::form::{Document, FileField};

/// An attached file as pages show it: the name it was sent under and its size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedFile {
    pub name: String,
    pub size_bytes: i64,
}
