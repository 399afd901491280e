//! Demo content beyond the public interventions: technical-assistance requests at several
//! stages with their work (`consultation`, `baseline`, `intervention`, `completion`; `documents`: their
//! invented PDFs), experts on the roster (one of them assigned) and calls for proposals (`grants`),
//! all made through the same code real submissions take; and, only when asked for with
//! `PORTAL_DEMO_STAFF=true`, staff accounts with a published password so visitors can try
//! the back office. All names and addresses are invented (`.invalid` domains).

mod baseline;
mod completion;
mod consultation;
pub(crate) mod documents;
pub mod grants;
mod intervention;
pub mod translations;

use app::db::assignments::{self, Change};
use app::db::roster;
use app::db::ta_requests::{
    self, EndorseWrite, JoinWrite, Move, NewEndorsement, PublishedIntervention, StageWrite, Submission,
};
use app::domain::form::RawForm;
use app::domain::roster::AssignmentStatus;
use app::domain::roster::ExpertForm;
use app::domain::stage::{Reference, Stage};
use app::domain::ta_cycle::{ConceptNoteText, ExpectedResult, ExpertProfile, FicheFrame, Indicator, PlannedActivity};
use app::domain::ta_request::{StoredRequest, TaRequestForm};
use app::i18n::Locale;
use app::mail;
use app::secret::{new_token, token_hash};
use sqlx::Row;
use std::path::Path;

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

/// The demo's requests, experts, calls and translations, each kind only while it is empty
/// (the interventions and the reference data come first, from `app::db::seed`).
pub async fn seed_records(pool: &Pool, files_dir: &Path, taxonomy: &Taxonomy) -> anyhow::Result<()> {
    use anyhow::Context;
    let now = crate::now_rfc3339();
    let requests = seed_requests(pool, files_dir, taxonomy, &now).await.context("loading the demo requests")?;
    let experts = seed_experts(pool, taxonomy, &now).await.context("loading the demo experts")?;
    let calls = grants::seed_calls(pool, taxonomy, &now).await.context("loading the demo calls for proposals")?;
    let translated = translations::seed_translations(pool, &now).await.context("loading the demo translations")?;
    tracing::info!(requests, experts, calls, translated, "demo requests, experts, calls and translations loaded");
    Ok(())
}

/// A demo request: its answers, the stage it is taken to (and why, when declined), and for
/// one that reaches its intervention the output it produced and what the map shows of it.
struct DemoRequest {
    form: RawForm,
    stage: Stage,
    declined_because: Option<&'static str>,
    work: Option<DemoWork>,
}

/// What a demo TA produced and how it is published.
struct DemoWork {
    /// The title of its public output, and its invented PDF's file name.
    output: (&'static str, &'static str),
    title: &'static str,
    summary: &'static str,
    /// Shown to everyone, or kept for staff (sensitive work).
    public: bool,
}

impl DemoRequest {
    fn at(form: RawForm, stage: Stage) -> DemoRequest {
        DemoRequest { form, stage, declined_because: None, work: None }
    }
}

fn demo_requests() -> Vec<DemoRequest> {
    let request = |requester: (&str, &str, &str), institution: &str, topics: &[&str], typology: &str, text: &str| {
        let (kind, field, code) = requester;
        let mut pairs: Vec<(String, String)> = [
            ("requester_type", kind),
            (field, code),
            ("institution", institution),
            ("official_name", "Demo Official"),
            ("official_position", "Permanent Secretary"),
            ("official_email", "official@demo.invalid"),
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
        DemoRequest::at(
            request(government("SEN"), "Ministry of Labour (demo)", &["labour_migration"], "policy_analysis",
                "Demo request: review of the bilateral labour agreements and their implementation."),
            Stage::Submitted,
        ),
        DemoRequest::at(
            request(government("FJI"), "Ministry of Employment (demo)", &["labour_migration", "migration_and_environment"], "capacity_building",
                "Demo request: training of labour inspectors on seasonal worker schemes."),
            Stage::ConceptNote,
        ),
        DemoRequest::at(
            request(("regional_organisation", "organisation", "ECOWAS"), "ECOWAS Commission, Free Movement Directorate (demo)", &["free_movement", "migration_data"], "regional_cooperation",
                "Demo request: harmonised collection of data on intra-regional mobility."),
            Stage::TaFiche,
        ),
        DemoRequest::at(
            request(("regional_organisation", "organisation", "MSG"), "Melanesian Spearhead Group Secretariat (demo)", &["labour_migration"], "regional_cooperation",
                "Demo request: mechanisms for a progressive, MSG-wide skilled mobility scheme, built on what member states already do."),
            Stage::BaselineAssessment,
        ),
        DemoRequest {
            work: Some(DemoWork {
                output: ("National strategy and plan of action (demo)", "national-strategy-demo.pdf"),
                title: "National strategy against trafficking in persons, Haiti (demo)",
                summary: "Demo: experts help the national committee draft its strategy and plan of action \
                          against trafficking in persons, to be presented at a national conference.",
                public: true,
            }),
            ..DemoRequest::at(
                request(government("HTI"), "National Committee against Trafficking in Persons (demo)", &["trafficking_in_human_beings"], "institutional_legislation_development",
                    "Demo request: a national strategy and plan of action against trafficking in human beings, presented at a national conference."),
                Stage::TaIntervention,
            )
        },
        // The seed's Kenyan action: a booklet for the diaspora on sending money home.
        DemoRequest {
            work: Some(DemoWork {
                output: ("Booklet: diaspora remittances and investment (demo)", "diaspora-booklet-demo.pdf"),
                title: "A booklet for diaspora remittances and investment, Kenya (demo)",
                summary: "Demo: experts helped the directorate write a booklet, printed and online, telling the \
                          diaspora how to send money home through safe, affordable channels and how to save, \
                          pay and invest from abroad.",
                public: true,
            }),
            ..DemoRequest::at(
                request(government("KEN"), "Directorate of Diaspora and Consular Affairs (demo)", &["remittances", "diaspora"], "capacity_building",
                    "Demo request: a booklet telling the diaspora how to send money home safely and affordably, and how to save and invest from abroad."),
                Stage::Completed,
            )
        },
        // The seed's West African action on migration, climate change and environment answered
        // three requests: here Togo asks jointly with Benin, Guinea-Bissau on its own, and
        // staff join Guinea-Bissau's request into Togo's (see `join_west_african_requests`).
        DemoRequest::at(
            {
                let mut form = request(government("TGO"), "Ministry of Environment and Forest Resources (demo)",
                    &["migration_and_environment"], "regional_cooperation",
                    "Demo request: dialogue on migration, climate change and environment, nationally and among West African states.");
                form.set("joint_country_1", vec!["BEN".into()]);
                form.set("joint_official_name_1", vec!["Demo Official, Ministry of Living Environment".into()]);
                form.set("joint_official_email_1", vec!["official.benin@demo.invalid".into()]);
                form
            },
            Stage::Submitted,
        ),
        DemoRequest::at(
            request(government("GNB"), "Ministry of Environment (demo)", &["migration_and_environment"], "capacity_building",
                "Demo request: information sessions for policymakers on migration induced by environmental change."),
            Stage::Submitted,
        ),
        DemoRequest {
            form: request(government("JAM"), "Passport, Immigration and Citizenship Agency (demo)", &["document_security"], "capacity_building",
                "Demo request: support to procure new passport printers, which is equipment rather than expertise."),
            stage: Stage::Declined,
            declined_because: Some("The programme provides expertise, not equipment. The agency may ask for advice on procurement specifications."),
            work: None,
        },
        // Sensitive work is kept for staff: the back office's list of interventions shows one
        // kept off every public page.
        DemoRequest {
            work: Some(DemoWork {
                output: ("Case handling guidelines for shelters (demo)", "case-handling-demo.pdf"),
                title: "Case handling for returned victims of trafficking (demo, staff only)",
                summary: "Demo: experts worked with the agency's shelters on the handling of returned victims' cases.",
                public: false,
            }),
            ..DemoRequest::at(
                request(government("NGA"), "National Agency for the Prohibition of Trafficking in Persons (demo)", &["trafficking_in_human_beings", "readmission"], "capacity_building",
                    "Demo request: case handling for returned victims of trafficking, with the agency's shelters."),
                Stage::Completed,
            )
        },
    ]
}

/// Adds the demo requests when the database holds no request yet.
pub async fn seed_requests(pool: &Pool, files_dir: &Path, taxonomy: &Taxonomy, now: &str) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM ta_requests").fetch_one(pool).await?.try_get(0)?;
    if existing > 0 {
        return Ok(0);
    }
    let choices = taxonomy.request_choices();
    let year = now.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let mut added = 0;
    let mut by_country = Vec::new();
    for DemoRequest { form, stage, declined_because: reason, work } in demo_requests() {
        let checked = TaRequestForm::check(&form, &choices)
            .map_err(|(step, errors)| anyhow::anyhow!("demo request fails its own rules at {step:?}: {errors:?}"))?;
        let draft_id =
            ta_requests::create_draft(pool, &app::secret::token_hash(&app::secret::new_token()), &form, "en", now)
                .await?;
        let tracking = app::secret::token_hash(&app::secret::new_token());
        let asked = NewEndorsement::asked_by(&checked.institution, "en");
        let endorsements: Vec<NewEndorsement> = asked.iter().map(|(endorsement, _)| endorsement.clone()).collect();
        let submission = Submission {
            draft_id,
            raw: &form,
            form: &checked,
            tracking_token_hash: &tracking,
            endorsements: &endorsements,
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
        // Requests past "submitted" were endorsed, as was the joint one; the others wait.
        if stage != Stage::Submitted || !checked.institution.joint_governments().is_empty() {
            for (_, token) in &asked {
                endorse_demo(pool, token, now).await?;
            }
        }
        if let Some(country) = checked.institution.country.clone() {
            by_country.push((country, reference.to_string()));
        }
        let mut at = Stage::Submitted;
        while at != stage {
            let next = if stage == Stage::Declined { Stage::Declined } else { at.next().unwrap_or(stage) };
            let request = ta_requests::find_by_reference(pool, &reference.to_string())
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo request {reference} vanished"))?;
            if at == Stage::ConceptNote {
                write_concept_note(pool, &request, true, now).await?;
            }
            if at == Stage::TaFiche {
                write_fiche(pool, &request, stage.has_intervention(), now).await?;
                consultation::consult_on_fiche(pool, &request, false, now).await?;
            }
            if at == Stage::BaselineAssessment {
                baseline::write_baseline(pool, files_dir, &request, now).await?;
            }
            if at == Stage::TaIntervention {
                let output = output_of(&work, &reference)?;
                intervention::write_intervention(pool, files_dir, &request, true, output, now).await?;
                completion::write_results(pool, &request, now).await?;
            }
            let message = mail::stage_update(Locale::En, &email, &request.reference, next, reason);
            let moved = ta_requests::move_stage(
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
            anyhow::ensure!(moved == Move::Done, "demo request {reference} did not move to {next:?}: {moved:?}");
            at = next;
        }
        // The stage the request rests at holds its work in progress.
        let request = ta_requests::find_by_reference(pool, &reference.to_string())
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo request {reference} vanished"))?;
        match stage {
            Stage::ConceptNote => write_concept_note(pool, &request, false, now).await?,
            Stage::TaFiche => {
                write_fiche(pool, &request, false, now).await?;
                consultation::consult_on_fiche(pool, &request, true, now).await?;
            }
            Stage::BaselineAssessment => baseline::write_baseline(pool, files_dir, &request, now).await?,
            Stage::TaIntervention => {
                let output = output_of(&work, &reference)?;
                intervention::write_intervention(pool, files_dir, &request, false, output, now).await?;
            }
            Stage::Completed => completion::assess(pool, &request, now).await?,
            _ => {}
        }
        if let Some(work) = &work {
            publish_demo(pool, &request, (work.title, work.summary), work.public, now).await?;
        }
        added += 1;
    }
    join_west_african_requests(pool, &by_country, now).await?;
    Ok(added)
}

/// The output of a demo request that reaches its intervention (each one names its own).
fn output_of(work: &Option<DemoWork>, reference: &Reference) -> anyhow::Result<(&'static str, &'static str)> {
    work.as_ref()
        .map(|w| w.output)
        .ok_or_else(|| anyhow::anyhow!("demo request {reference} reaches its intervention without its work"))
}

/// An official's endorsement through the link the e-mail carried.
async fn endorse_demo(pool: &Pool, token: &str, now: &str) -> anyhow::Result<()> {
    let link = ta_requests::endorsement_by_link(pool, &app::secret::token_hash(token))
        .await?
        .ok_or_else(|| anyhow::anyhow!("a demo endorsement link leads nowhere"))?;
    let endorsed = ta_requests::endorse(pool, &link, &[], now).await?;
    anyhow::ensure!(endorsed == EndorseWrite::Done, "demo endorsement not recorded: {endorsed:?}");
    Ok(())
}

/// Staff join Guinea-Bissau's request into the joint one of Togo and Benin: its government
/// (its endorsement still awaited) comes with it.
async fn join_west_african_requests(pool: &Pool, by_country: &[(String, String)], now: &str) -> anyhow::Result<()> {
    let find =
        |iso3: &str| by_country.iter().find(|(country, _)| country == iso3).map(|(_, reference)| reference.clone());
    let (Some(into), Some(joined)) = (find("TGO"), find("GNB")) else {
        anyhow::bail!("the demo's West African requests are missing");
    };
    let into = ta_requests::find_by_reference(pool, &into).await?.ok_or_else(|| anyhow::anyhow!("{into} vanished"))?;
    let joined =
        ta_requests::find_by_reference(pool, &joined).await?.ok_or_else(|| anyhow::anyhow!("{joined} vanished"))?;
    let to = joined.focal_point.focal_email.clone().unwrap_or_default();
    let message = mail::request_joined(Locale::En, &to, &joined.reference, &into.reference);
    let outcome = ta_requests::join(pool, &into, &joined, "system", &message, now).await?;
    anyhow::ensure!(outcome == JoinWrite::Done, "demo join refused");
    Ok(())
}

/// A concept note drawn from the request's own answers, as staff would start one, with a
/// comment of the requester; agreed to when the request goes on to the TA fiche.
async fn write_concept_note(pool: &Pool, request: &StoredRequest, agree: bool, now: &str) -> anyhow::Result<()> {
    let details = &request.details;
    let text = ConceptNoteText {
        context: details.background.clone(),
        objectives: details.objectives.clone(),
        approach: Some(
            "Demo: a fact-finding mission, then a workshop with the institution's staff and a joint drafting session."
                .into(),
        ),
        expected_results: details.expected_results.clone(),
        timeline: Some(
            "Demo: fact-finding mission in the first month, workshop in the third, drafting session in the fifth."
                .into(),
        ),
        work_language: request.institution.work_language.clone(),
    };
    let email = request.focal_point.focal_email.clone().unwrap_or_default();
    let told = mail::concept_note_ready(Locale::En, &email, &request.reference, 1);
    ta_requests::save_concept_note(pool, request, 0, &text, "system", &told, now).await?;
    let comment = "Demo: could the workshop also include the regional labour offices?";
    ta_requests::comment_on_concept_note(pool, request, comment, &[], now).await?;
    if agree {
        ta_requests::agree_to_concept_note(pool, request, 1, &[], now).await?;
    }
    Ok(())
}

/// A TA fiche drawn from the request's objectives, with a result, its indicator, three
/// activities (one remote) and an expert profile, as staff would write one.
async fn write_fiche(pool: &Pool, request: &StoredRequest, under_way: bool, now: &str) -> anyhow::Result<()> {
    let checked = |done: StageWrite| -> anyhow::Result<()> {
        anyhow::ensure!(done == StageWrite::Done, "demo fiche of {}: {done:?}", request.reference);
        Ok(())
    };
    let frame = FicheFrame {
        objectives: request.details.objectives.clone(),
        partners: vec!["eu_delegation".into(), "un_agencies".into()],
        partner_names: Some("IOM (demo)".into()),
        sdg_targets: vec!["10.7".into()],
    };
    checked(ta_requests::save_fiche_frame(pool, request, &frame, "system", now).await?)?;
    let result = ExpectedResult {
        result: Some("Demo: the institution's staff apply the new procedures in their daily work.".into()),
    };
    checked(ta_requests::add_fiche_result(pool, request, &result, "system", now).await?)?;
    let result_id = ta_requests::fiche_work(pool, request.id).await?.results.first().map(|r| r.id.to_string());
    let indicator = Indicator {
        for_result: result_id,
        indicator: Some("Staff trained in the new procedures (demo)".into()),
        unit: Some("officials".into()),
        target: Some("40".into()),
        verification: Some("Attendance lists and a test after the training".into()),
    };
    checked(ta_requests::add_fiche_indicator(pool, request, &indicator, "system", now).await?)?;
    let language = request.institution.work_language.clone().or_else(|| Some("en".into()));
    // A fortnight apart: for a TA under way, planned where the demo carries them out (seven,
    // five and three weeks before seeding); for one still being prepared, from a month ahead.
    let now_at = app::domain::grant::call::parse_instant(now).ok_or_else(|| anyhow::anyhow!("demo time {now}"))?;
    let first = if under_way { now_at - time::Duration::weeks(7) } else { now_at + time::Duration::weeks(4) };
    let day =
        |at: time::OffsetDateTime| app::domain::grant::call::utc_text(at).get(..10).unwrap_or_default().to_owned();
    let activities = [
        ("fact_finding_mission", "Fact-finding mission (demo)", 4, false, "25"),
        ("remote_support", "Remote review of the draft procedures (demo)", 11, true, "6"),
        ("training", "Training of the institution's staff (demo)", 4, false, "40"),
    ];
    for (i, (kind, title, days, remote, participants)) in activities.into_iter().enumerate() {
        let starts = first + time::Duration::weeks(2 * i as i64);
        let activity = PlannedActivity {
            activity_kind: Some(kind.into()),
            activity_title: Some(title.into()),
            starts_on: Some(day(starts)),
            ends_on: Some(day(starts + time::Duration::days(days))),
            remote,
            place: (!remote).then(|| "The institution's premises (demo)".into()),
            activity_language: language.clone(),
            participants: Some(participants.into()),
        };
        checked(ta_requests::add_fiche_activity(pool, request, &activity, "system", now).await?)?;
    }
    let expert = ExpertProfile {
        profile: Some("Trainer with field experience of the topic (demo)".into()),
        profile_topics: request.details.topics.iter().take(2).cloned().collect(),
        profile_languages: language.into_iter().collect(),
        working_days: Some("20".into()),
    };
    checked(ta_requests::add_fiche_expert(pool, request, &expert, "system", now).await?)?;
    Ok(())
}

/// Records the demo request as an intervention: on the map (ongoing from its intervention
/// on) when `publishable`, otherwise for staff only.
async fn publish_demo(
    pool: &Pool,
    request: &StoredRequest,
    (title, summary): (&str, &str),
    publishable: bool,
    now: &str,
) -> anyhow::Result<()> {
    let search_text = app::domain::taxonomy::fold(&format!("{title}\n{summary}"));
    let publication = PublishedIntervention {
        title,
        publishable,
        summary,
        language: "en",
        search_text: &search_text,
        today: &now[..10],
    };
    let slug = ta_requests::publish(pool, request, &publication, "system", now).await?;
    anyhow::ensure!(slug.is_some(), "demo request {} was not published", request.reference);
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
    expert_form(&ExpertAnswers {
        name,
        email: &email,
        nationality,
        sector,
        gender,
        position: "Senior adviser (demo)",
        employer: "Demo Institute",
        years: "10",
        summary: "Demo profile: ten years of advice to governments on migration governance.",
        languages,
        topics,
        countries,
    })
}

/// What varies between invented experts' applications (the demo's and `load`'s).
pub(crate) struct ExpertAnswers<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub nationality: &'a str,
    pub sector: &'a str,
    pub gender: &'a str,
    pub position: &'a str,
    pub employer: &'a str,
    pub years: &'a str,
    pub summary: &'a str,
    pub languages: &'a [(&'a str, &'a str)],
    pub topics: &'a [&'a str],
    pub countries: &'a [&'a str],
}

/// An expert's application as typed into the form, for both assignment lengths.
pub(crate) fn expert_form(answers: &ExpertAnswers<'_>) -> RawForm {
    let mut pairs: Vec<(String, String)> = [
        ("full_name", answers.name),
        ("email", answers.email),
        ("nationality", answers.nationality),
        ("residence", answers.nationality),
        ("gender", answers.gender),
        ("sector", answers.sector),
        ("position", answers.position),
        ("employer", answers.employer),
        ("years_experience", answers.years),
        ("education", "Master's degree in public policy"),
        ("expertise_summary", answers.summary),
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
    pairs.extend(answers.languages.iter().map(|(l, level)| (app::domain::roster::level_field(l), (*level).to_owned())));
    pairs.extend(answers.topics.iter().map(|t| ("topics".to_owned(), (*t).to_owned())));
    pairs.extend(answers.countries.iter().map(|c| ("countries".to_owned(), (*c).to_owned())));
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
    if let Some(second) = ids.get(1) {
        record_demo_expert_days(pool, *second, now).await?;
    }
    Ok(ids.len())
}

/// The TA under way (Haiti's) has an expert assigned, who worked six days on its first
/// activity carried out: the intervention's page and the staff export show them.
async fn record_demo_expert_days(pool: &Pool, expert_id: i64, now: &str) -> anyhow::Result<()> {
    let under_way = sqlx::query("SELECT reference FROM ta_requests WHERE stage = $1 ORDER BY id LIMIT 1")
        .bind(Stage::TaIntervention.as_str())
        .fetch_optional(pool)
        .await?;
    let Some(reference) = under_way.map(|row| row.try_get::<String, _>(0)).transpose()? else {
        return Ok(());
    };
    let request = ta_requests::find_by_reference(pool, &reference)
        .await?
        .ok_or_else(|| anyhow::anyhow!("{reference} vanished"))?;
    let form = RawForm::from_pairs([
        ("period_start_1", "2026-10-05"),
        ("period_end_1", "2026-10-30"),
        ("period_days_1", "12"),
    ]);
    let (periods, _) = app::domain::assignment::check_form(&form)
        .map_err(|errors| anyhow::anyhow!("demo assignment fails its rules: {errors:?}"))?;
    for (status, periods) in [(AssignmentStatus::Shortlisted, &[][..]), (AssignmentStatus::Assigned, &periods[..])] {
        let change =
            Change { request_id: request.id, reference: &reference, expert_id, status, periods, actor: "system", now };
        assignments::change(pool, change, None).await?;
    }
    let work = ta_requests::intervention_work(pool, request.id, ta_requests::DocumentsFor::Staff).await?;
    let Some(held) = work.held.first() else { return Ok(()) };
    let worked = app::domain::ta_cycle::ExpertDaysWorked {
        on_activity: Some(held.activity_id.to_string()),
        expert: Some(expert_id.to_string()),
        days_worked: Some("6".into()),
    };
    let written = ta_requests::record_expert_days(pool, &request, &worked, "system", now).await?;
    anyhow::ensure!(written == StageWrite::Done, "demo expert days on {reference}: {written:?}");
    Ok(())
}
