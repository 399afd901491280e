//! Strings of the TA fiche: its staff page, its reading on the tracking page, the names of
//! activity kinds, partners and SDG targets.

mod en;
mod es;
mod fr;
mod pt;

pub use en::FICHE as ENGLISH;
pub use es::FICHE as SPANISH;
pub use fr::FICHE as FRENCH;
pub use pt::FICHE as PORTUGUESE;

use rules::ta_fiche::{ACTIVITY_KINDS, PARTNER_KINDS, SDG_TARGETS};

/// Strings of the TA fiche.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct FicheMessages {
    pub heading: &'static str,
    /// The link from the request's page: "Open the TA fiche".
    pub open: &'static str,
    pub back_to_request: &'static str,
    pub staff_intro: &'static str,
    pub requester_intro: &'static str,
    pub none: &'static str,
    pub needs_work: &'static str,
    pub saved: &'static str,
    /// "Last saved {written_at} (UTC)"
    pub frame_written: &'static str,
    pub frame_heading: &'static str,
    pub objectives: &'static str,
    pub partners: &'static str,
    pub partner_names: &'static str,
    pub partner_names_hint: &'static str,
    pub sdg_targets: &'static str,
    pub frame_save: &'static str,
    pub results_heading: &'static str,
    pub results_none: &'static str,
    pub result_label: &'static str,
    pub result_add: &'static str,
    pub indicators_none: &'static str,
    pub indicator_heading: &'static str,
    pub indicator_for_result: &'static str,
    pub indicator_label: &'static str,
    pub indicator_unit: &'static str,
    pub indicator_target: &'static str,
    pub indicator_verification: &'static str,
    pub indicator_add: &'static str,
    pub activities_heading: &'static str,
    pub activities_none: &'static str,
    pub activity_kind: &'static str,
    pub activity_title: &'static str,
    pub activity_starts: &'static str,
    pub activity_ends: &'static str,
    pub activity_dates: &'static str,
    pub activity_remote: &'static str,
    pub activity_place: &'static str,
    pub activity_place_hint: &'static str,
    pub activity_language: &'static str,
    pub activity_participants: &'static str,
    pub activity_add: &'static str,
    pub experts_heading: &'static str,
    pub experts_none: &'static str,
    pub expert_add: &'static str,
    pub expert_profile: &'static str,
    pub expert_profile_hint: &'static str,
    pub expert_topics: &'static str,
    pub expert_languages: &'static str,
    pub expert_days: &'static str,
    /// Shown in place of a place: "Remote".
    pub remote: &'static str,
    /// "Remove", with the row's name read out by screen readers after it.
    pub remove: &'static str,
    /// In the order of `ACTIVITY_KINDS`.
    pub activity_kinds: [&'static str; ACTIVITY_KINDS.len()],
    /// In the order of `PARTNER_KINDS`.
    pub partner_kinds: [&'static str; PARTNER_KINDS.len()],
    /// In the order of `SDG_TARGETS`.
    pub sdg_names: [&'static str; SDG_TARGETS.len()],
}

/// The name of `code` in `names`, which follow `codes`; the code itself if unknown.
fn name_of<'a>(codes: &[&str], names: &[&'a str], code: &'a str) -> &'a str {
    codes.iter().position(|c| *c == code).and_then(|i| names.get(i).copied()).unwrap_or(code)
}

impl FicheMessages {
    pub fn activity_kind_name<'a>(&'a self, code: &'a str) -> &'a str {
        name_of(&ACTIVITY_KINDS, &self.activity_kinds, code)
    }

    pub fn partner_name<'a>(&'a self, code: &'a str) -> &'a str {
        name_of(&PARTNER_KINDS, &self.partner_kinds, code)
    }

    /// "SDG 10.7: Orderly, safe and responsible migration"
    pub fn sdg_name(&self, code: &str) -> String {
        format!("SDG {code}: {}", name_of(&SDG_TARGETS, &self.sdg_names, code))
    }
}
