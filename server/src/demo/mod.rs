//! Demo content beyond the public interventions: technical-assistance requests at several
//! stages, experts on the roster (one of them assigned) and calls for proposals (`grants`),
//! all made through the same code real submissions take; and, only when asked for with
//! `PORTAL_DEMO_STAFF=true`, staff accounts with a published password so visitors can try
//! the back office. All names and addresses are invented (`.invalid` domains).

pub mod grants;
pub mod translations;

use app::db::assignments::{self, Change};
use app::db::roster;
use app::db::ta_requests::{self, PublishedIntervention, Submission};
use app::domain::form::RawForm;
use app::domain::roster::AssignmentStatus;
use app::domain::roster::ExpertForm;
use app::domain::stage::Stage;
use app::domain::ta_request::TaRequestForm;
use app::i18n::Locale;
use app::mail;
use app::secret::{new_token, token_hash};
use sqlx::Row;

use crate::config::{CreateUser, Settings};
use app::db::Pool;
use app::domain::taxonomy::Taxonomy;

/// The password of every demo staff account (they exist only with `PORTAL_DEMO_STAFF`).
pub const DEMO_PASSWORD: &str = "demo-password-2026";

/// (address, name, role, regions) of the demo staff accounts.
pub const DEMO_STAFF: [(&str, &str, &str, &[&str]); 3] = [
    ("management@demo.invalid", "Demo management unit", "admin", &[]),
    ("west-africa@demo.invalid", "Demo coordinator, West Africa", "coordinator", &["West Africa"]),
    ("pacific@demo.invalid", "Demo coordinator, Pacific", "coordinator", &["Pacific"]),
];

/// Creates the demo staff accounts that do not exist yet (existing ones are left alone).
pub async fn ensure_staff_accounts(settings: &Settings, pool: &Pool) -> anyhow::Result<()> {
    for (email, name, role, regions) in DEMO_STAFF {
        let exists: i64 = sqlx::query("SELECT COUNT(*) FROM staff_users WHERE email = $1")
            .bind(email)
            .fetch_one(pool)
            .await?
            .try_get(0)?;
        if exists == 0 {
            let new = CreateUser {
                email: email.into(),
                name: name.into(),
                role: role.into(),
                regions: regions.iter().map(|r| (*r).to_owned()).collect(),
                totp: false,
            };
            crate::create_user(settings, &new, DEMO_PASSWORD).await?;
        }
    }
    Ok(())
}

/// (answers, stage the request is taken to, decline reason)
fn demo_requests() -> Vec<(RawForm, Stage, Option<&'static str>)> {
    let request = |requester: (&str, &str, &str), institution: &str, topics: &[&str], typology: &str, text: &str| {
        let (kind, field, code) = requester;
        let mut pairs: Vec<(String, String)> = [
            ("requester_type", kind),
            (field, code),
            ("institution", institution),
            ("official_name", "Demo Official"),
            ("official_position", "Permanent Secretary"),
            ("work_language", "en"),
            ("focal_name", "Demo Focal Point"),
            ("focal_position", "Migration policy officer"),
            ("focal_email", "focal.point@demo.invalid"),
            ("focal_phone", "+000 555 0100"),
            ("typology", typology),
            ("background", text),
            ("objectives", text),
            ("expected_results", text),
            ("beneficiaries", text),
            ("preferred_start", "2027-03"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        pairs.extend(topics.iter().map(|t| ("topics".to_owned(), (*t).to_owned())));
        RawForm::from_pairs(pairs)
    };
    let government = |iso3| ("government", "country", iso3);
    vec![
        (
            request(government("SEN"), "Ministry of Labour (demo)", &["labour_migration"], "policy_analysis",
                "Demo request: review of the bilateral labour agreements and their implementation."),
            Stage::Submitted,
            None,
        ),
        (
            request(government("FJI"), "Ministry of Employment (demo)", &["labour_migration", "migration_and_environment"], "capacity_building",
                "Demo request: training of labour inspectors on seasonal worker schemes."),
            Stage::ConceptNote,
            None,
        ),
        (
            request(("regional_organisation", "organisation", "ECOWAS"), "ECOWAS Commission, Free Movement Directorate (demo)", &["free_movement", "migration_data"], "regional_cooperation",
                "Demo request: harmonised collection of data on intra-regional mobility."),
            Stage::TaFiche,
            None,
        ),
        (
            request(government("JAM"), "Passport, Immigration and Citizenship Agency (demo)", &["document_security"], "capacity_building",
                "Demo request: support to procure new passport printers, which is equipment rather than expertise."),
            Stage::Declined,
            Some("The programme provides expertise, not equipment. The agency may ask for advice on procurement specifications."),
        ),
        (
            request(government("NGA"), "National Agency for the Prohibition of Trafficking in Persons (demo)", &["trafficking_in_human_beings", "readmission"], "capacity_building",
                "Demo request: case handling for returned victims of trafficking, with the agency's shelters."),
            Stage::Completed,
            None,
        ),
    ]
}

/// Adds the demo requests when the database holds no request yet.
pub async fn seed_requests(pool: &Pool, taxonomy: &Taxonomy, now: &str) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM ta_requests").fetch_one(pool).await?.try_get(0)?;
    if existing > 0 {
        return Ok(0);
    }
    let choices = taxonomy.request_choices();
    let year = now.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let mut added = 0;
    for (form, stage, reason) in demo_requests() {
        let checked = TaRequestForm::check(&form, &choices)
            .map_err(|(step, errors)| anyhow::anyhow!("demo request fails its own rules at {step:?}: {errors:?}"))?;
        let draft_id =
            ta_requests::create_draft(pool, &app::secret::token_hash(&app::secret::new_token()), &form, "en", now)
                .await?;
        let tracking = app::secret::token_hash(&app::secret::new_token());
        let submission = Submission {
            draft_id,
            raw: &form,
            form: &checked,
            tracking_token_hash: &tracking,
            locale: "en",
            now,
            year,
        };
        let email = checked.focal_point.focal_email.clone().unwrap_or_default();
        let institution = checked.institution.institution.clone().unwrap_or_default();
        let Some(reference) = ta_requests::submit(pool, submission, |reference, _holders| {
            vec![mail::request_receipt(
                Locale::En,
                &email,
                &reference.to_string(),
                now,
                &institution,
                "(demo: no tracking link)",
            )]
        })
        .await?
        else {
            continue;
        };
        let mut at = Stage::Submitted;
        while at != stage {
            let next = if stage == Stage::Declined { Stage::Declined } else { at.next().unwrap_or(stage) };
            let request = ta_requests::find_by_reference(pool, &reference.to_string())
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo request {reference} vanished"))?;
            let message = mail::stage_update(Locale::En, &email, &request.reference, next, reason);
            ta_requests::move_stage(
                pool,
                &request,
                at,
                next,
                "system",
                reason.filter(|_| next == Stage::Declined),
                &message,
                now,
            )
            .await?;
            at = next;
        }
        if stage == Stage::Completed {
            publish_for_staff_only(pool, &reference.to_string(), now).await?;
        }
        added += 1;
    }
    Ok(added)
}

/// Records the completed demo request for staff only, as sensitive work is, so the back
/// office's list of interventions shows one kept off every public page.
async fn publish_for_staff_only(pool: &Pool, reference: &str, now: &str) -> anyhow::Result<()> {
    let request = ta_requests::find_by_reference(pool, reference)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo request {reference} vanished"))?;
    let title = "Case handling for returned victims of trafficking (demo, staff only)";
    let summary = "Demo: experts worked with the agency's shelters on the handling of returned victims' cases.";
    let search_text = app::domain::taxonomy::fold(&format!("{title}\n{summary}"));
    let publication = PublishedIntervention {
        title,
        publishable: false,
        summary,
        language: "en",
        search_text: &search_text,
        today: &now[..10],
    };
    ta_requests::publish(pool, &request, &publication, "system", now).await?;
    Ok(())
}

/// (name, nationality, sector, gender, languages, topics, countries of experience) of the
/// demo experts. Invented people with `.invalid` addresses.
type DemoExpert = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
    &'static [&'static str],
);

const DEMO_EXPERTS: [DemoExpert; 8] = [
    (
        "Aminata Demo",
        "SEN",
        "public_administration",
        "female",
        &[("fr", "C2"), ("en", "B2")],
        &["labour_migration", "free_movement"],
        &["SEN", "MLI"],
    ),
    (
        "Kwame Demo",
        "GHA",
        "academia",
        "male",
        &[("en", "C2"), ("fr", "B1")],
        &["migration_data", "free_movement"],
        &["GHA", "NGA"],
    ),
    (
        "Sofia Demo",
        "PRT",
        "international_organisation",
        "female",
        &[("pt", "C2"), ("en", "C1"), ("es", "B2")],
        &["remittances", "diaspora"],
        &["CPV", "MOZ"],
    ),
    (
        "Jean-Baptiste Demo",
        "CMR",
        "ngo",
        "male",
        &[("fr", "C2"), ("en", "C1")],
        &["trafficking_in_human_beings", "smuggling_of_migrants"],
        &["CMR", "TCD"],
    ),
    (
        "Mele Demo",
        "TON",
        "public_administration",
        "female",
        &[("en", "C2")],
        &["labour_migration", "migration_and_environment"],
        &["TON", "FJI"],
    ),
    (
        "Carlos Demo",
        "DOM",
        "private_sector",
        "male",
        &[("es", "C2"), ("en", "B2")],
        &["document_security", "visas"],
        &["DOM", "HTI"],
    ),
    (
        "Grace Demo",
        "KEN",
        "academia",
        "undisclosed",
        &[("en", "C2"), ("fr", "A2")],
        &["migration_data", "asylum"],
        &["KEN", "ETH"],
    ),
    (
        "Marie Demo",
        "FRA",
        "private_sector",
        "female",
        &[("fr", "C2"), ("en", "C1")],
        &["border_management", "migration_data"],
        &["BEN", "CIV"],
    ),
];

fn demo_expert_form(expert: &DemoExpert, index: usize) -> RawForm {
    let (name, nationality, sector, gender, languages, topics, countries) = *expert;
    let email = format!("expert{}@demo.invalid", index + 1);
    let mut pairs: Vec<(String, String)> = [
        ("full_name", name),
        ("email", email.as_str()),
        ("nationality", nationality),
        ("residence", nationality),
        ("gender", gender),
        ("sector", sector),
        ("position", "Senior adviser (demo)"),
        ("employer", "Demo Institute"),
        ("years_experience", "10"),
        ("education", "Master's degree in public policy (demo)"),
        ("expertise_summary", "Demo profile: ten years of advice to governments on migration governance."),
        ("assignment_lengths", "short_term"),
        ("assignment_lengths", "mid_term"),
        ("referee_name_1", "Demo Referee"),
        ("referee_organisation_1", "Demo University"),
        ("referee_email_1", "referee@demo.invalid"),
        ("consent", "yes"),
        ("coi", "none"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    pairs.extend(languages.iter().map(|(l, level)| (app::domain::roster::level_field(l), (*level).to_owned())));
    pairs.extend(topics.iter().map(|t| ("topics".to_owned(), (*t).to_owned())));
    pairs.extend(countries.iter().map(|c| ("countries".to_owned(), (*c).to_owned())));
    RawForm::from_pairs(pairs)
}

/// Adds the demo experts, on the roster, when there is none yet, through the code a real
/// application takes; the first is assigned to the demo request at the TA fiche stage.
pub async fn seed_experts(pool: &Pool, taxonomy: &Taxonomy, now: &str) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM experts").fetch_one(pool).await?.try_get(0)?;
    if existing > 0 {
        return Ok(0);
    }
    let choices = taxonomy.expert_choices();
    let mut ids = Vec::new();
    for (index, expert) in DEMO_EXPERTS.iter().enumerate() {
        let form = demo_expert_form(expert, index);
        let checked = ExpertForm::check(&form, &choices)
            .map_err(|(step, errors)| anyhow::anyhow!("demo expert fails its own rules at {step:?}: {errors:?}"))?;
        let id = roster::create_draft(pool, &token_hash(&new_token()), &form, "en", now).await?;
        let confirm = new_token();
        let submission = roster::Submission {
            id,
            form: &checked,
            confirm_token_hash: &token_hash(&confirm),
            confirm_expires_at: "9999-12-31T00:00:00Z",
            now,
        };
        let to = checked.identity.email.clone().unwrap_or_default();
        roster::submit(pool, submission, |_| mail::expert_confirm_link(Locale::En, &to, expert.0, "(demo)", id))
            .await?;
        roster::confirm_address(pool, &token_hash(&confirm), now).await?;
        ids.push(id);
    }
    let fiche = sqlx::query("SELECT id, reference FROM ta_requests WHERE stage = $1 ORDER BY id LIMIT 1")
        .bind(Stage::TaFiche.as_str())
        .fetch_optional(pool)
        .await?;
    if let (Some(row), Some(first)) = (fiche, ids.first()) {
        let (request_id, reference): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
        let form = RawForm::from_pairs([
            ("period_start_1", "2027-03-01"),
            ("period_end_1", "2027-03-26"),
            ("period_days_1", "15"),
            ("period_start_2", "2027-06-07"),
            ("period_end_2", "2027-06-18"),
            ("period_days_2", "8"),
        ]);
        let (periods, _) = app::domain::assignment::check_form(&form)
            .map_err(|errors| anyhow::anyhow!("demo assignment fails its rules: {errors:?}"))?;
        for (status, periods) in [(AssignmentStatus::Shortlisted, &[][..]), (AssignmentStatus::Assigned, &periods[..])]
        {
            let change =
                Change { request_id, reference: &reference, expert_id: *first, status, periods, actor: "system", now };
            assignments::change(pool, change, None).await?;
        }
    }
    Ok(ids.len())
}
