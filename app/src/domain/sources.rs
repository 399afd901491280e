//! The documents the seeded interventions come from, as people would cite them. The records
//! name their source by the seed file it was read from (`003_….txt`), which means nothing to
//! a reader; a page shows the publisher, the title, the kind of document, the year and, where
//! the document says where it was published, the address.

/// What kind of document a source is (its name is translated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    PressRelease,
    WebPage,
}

/// A source document, as cited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citation {
    pub publisher: &'static str,
    /// In the document's own language.
    pub title: &'static str,
    pub kind: SourceKind,
    pub year: u16,
    pub link: Option<&'static str>,
}

/// The record's `source` of a TA or project the programme's staff published on the portal.
pub const PORTAL_SOURCE: &str = "portal";

/// The citation of a seed document, by the file name a record names as its source.
pub fn citation(source: &str) -> Option<Citation> {
    let citation = match source {
        "000_5f75467ed1af5781.txt" => Citation {
            publisher: "International Organization for Migration (IOM)",
            title: "ACP-EU Migration Programme Expands to Include Trafficking, Smuggling",
            kind: SourceKind::PressRelease,
            year: 2015,
            link: None,
        },
        "001_65e4aed2b79dc7f2.txt" => Citation {
            publisher: "ACP Secretariat",
            title: "Key lessons, good practices captured at EU, ACP migration programme close",
            kind: SourceKind::PressRelease,
            year: 2019,
            link: Some("http://acp.int/fr/node/4937"),
        },
        "002_b270e9c528795bfe.txt" => Citation {
            publisher: "ACP-EU Migration Action (IOM)",
            title: "ACP-EU Migration Action",
            kind: SourceKind::WebPage,
            year: 2019,
            link: Some("http://www.acpeumigrationaction.iom.int"),
        },
        "003_d0b15aa91c0e4644.txt" => Citation {
            publisher: "MIEUX (ICMPD)",
            title: "Sub-Saharan Africa",
            kind: SourceKind::WebPage,
            year: 2016,
            link: None,
        },
        _ => return None,
    };
    Some(citation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_record_names_a_source_with_a_citation() {
        let records: serde_json::Value =
            serde_json::from_str(include_str!("../../../seed/interventions.json")).expect("the seed is JSON");
        for record in records.as_array().expect("a list of records") {
            let source = record["source"].as_str().expect("a source");
            assert!(citation(source).is_some(), "{} names {source}, which has no citation", record["id"]);
        }
    }
}
