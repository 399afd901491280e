//! Demo content beyond the public interventions: technical-assistance requests at several
//! stages (made through the same code a real submission takes) and, only when asked for
//! with `PORTAL_DEMO_STAFF=true`, staff accounts with a published password so visitors can
//! try the back office. All names and addresses are invented (`.invalid` domains).

use app::db::ta_requests::{self, Submission};
use app::domain::form::RawForm;
use app::domain::stage::Stage;
use app::domain::ta_request::TaRequestForm;
use app::i18n::Locale;
use app::mail;
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
        let submission =
            Submission { draft_id, form: &checked, tracking_token_hash: &tracking, locale: "en", now, year };
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
        added += 1;
    }
    Ok(added)
}
