//! Demo calls for proposals, placed around the day they are loaded so the list always shows
//! open, upcoming and closed calls, with applications submitted through the same code real
//! ones take (those to the closed call wait for staff to review and decide). Organisations and addresses are invented (`.invalid` domains).

use app::db::grants::applications::{self, Submission, Submitted};
use app::db::grants::calls::{self, NewCall};
use app::db::Pool;
use app::domain::form::RawForm;
use app::domain::grant::{call, call_choices, check, CallForm, GrantForm};
use app::domain::taxonomy::Taxonomy;
use app::i18n::Locale;
use app::mail::{self, GrantReceipt};
use app::secret::{new_token, token_hash};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

/// A demo call: texts, terms, and days from now to its opening and its deadline.
pub(crate) struct DemoCall {
    title_en: &'static str,
    title_fr: &'static str,
    summary_en: &'static str,
    summary_fr: &'static str,
    /// Optional translations, as (form field, text).
    translations: &'static [(&'static str, &'static str)],
    kind: &'static str,
    regions: &'static [&'static str],
    topics: &'static [&'static str],
    floor: &'static str,
    ceiling: &'static str,
    cofunding: &'static str,
    months: &'static str,
    offset: &'static str,
    opens_in_days: i64,
    closes_in_days: i64,
}

pub(crate) const DEMO_CALLS: [DemoCall; 4] = [
    DemoCall {
        title_en: "Safe and affordable remittances: regional projects in West Africa (demo)",
        title_fr: "Des transferts de fonds sûrs et abordables : projets régionaux en Afrique de l'Ouest (démo)",
        summary_en: "Grants for associations, diaspora groups and credit unions that help migrants' families use safe, cheap channels to send and save money, across at least two West African countries.\n\nProjects may train remittance recipients, run information campaigns on legal money-transfer channels, or advocate for lower transfer costs.",
        summary_fr: "Subventions pour les associations, groupes de la diaspora et coopératives d'épargne et de crédit qui aident les familles de migrants à utiliser des canaux sûrs et peu coûteux pour envoyer et épargner de l'argent, dans au moins deux pays d'Afrique de l'Ouest.\n\nLes projets peuvent former les bénéficiaires de transferts, mener des campagnes d'information sur les canaux légaux ou plaider pour des frais de transfert plus bas.",
        // For applicants in Cabo Verde and Guinea-Bissau.
        translations: &[
            ("title_pt", "Remessas seguras e acessíveis: projetos regionais na África Ocidental (demonstração)"),
            ("summary_pt", "Subvenções para associações, grupos da diáspora e cooperativas de crédito que ajudam as famílias dos migrantes a usar canais seguros e baratos para enviar e poupar dinheiro, em pelo menos dois países da África Ocidental.\n\nOs projetos podem formar os destinatários das remessas, realizar campanhas de informação sobre os canais legais de transferência ou defender custos de transferência mais baixos."),
        ],
        kind: call::KIND_REGIONAL,
        regions: &["West Africa"],
        topics: &["remittances", "financial_literacy", "diaspora"],
        floor: "20000",
        ceiling: "80000",
        cofunding: "10",
        months: "18",
        offset: "+00:00",
        opens_in_days: -30,
        closes_in_days: 60,
    },
    DemoCall {
        title_en: "Information on safe and legal migration: national projects in the Caribbean (demo)",
        title_fr: "Informer sur une migration sûre et légale : projets nationaux dans les Caraïbes (démo)",
        summary_en: "Small grants for community groups and NGOs that tell people how to travel, work and study abroad legally, and warn of the dangers of irregular routes and trafficking, in one Caribbean country.",
        summary_fr: "Petites subventions pour les groupes communautaires et ONG qui expliquent comment voyager, travailler et étudier à l'étranger légalement, et alertent sur les dangers des routes irrégulières et de la traite, dans un pays des Caraïbes.",
        // For applicants in Cuba and the Dominican Republic.
        translations: &[
            ("title_es", "Información sobre una migración segura y legal: proyectos nacionales en el Caribe (demostración)"),
            ("summary_es", "Pequeñas subvenciones para grupos comunitarios y ONG que explican cómo viajar, trabajar y estudiar en el extranjero de forma legal, y advierten de los peligros de las rutas irregulares y de la trata, en un país del Caribe."),
        ],
        kind: call::KIND_NATIONAL,
        regions: &["Caribbean"],
        topics: &["irregular_migration", "visas", "trafficking_in_human_beings"],
        floor: "5000",
        ceiling: "25000",
        cofunding: "0",
        months: "12",
        offset: "-05:00",
        opens_in_days: -10,
        closes_in_days: 45,
    },
    DemoCall {
        title_en: "Climate and mobility: community projects in the Pacific (demo)",
        title_fr: "Climat et mobilité : projets communautaires dans le Pacifique (démo)",
        summary_en: "Grants for community groups preparing for planned relocation and climate-related mobility, across at least two Pacific states.",
        summary_fr: "Subventions pour les groupes communautaires qui se préparent aux relocalisations planifiées et à la mobilité liée au climat, dans au moins deux États du Pacifique.",
        translations: &[],
        kind: call::KIND_REGIONAL,
        regions: &["Pacific"],
        topics: &["migration_and_environment", "migrant_protection"],
        floor: "15000",
        ceiling: "60000",
        cofunding: "15",
        months: "24",
        offset: "+12:00",
        opens_in_days: 30,
        closes_in_days: 120,
    },
    DemoCall {
        title_en: "Diaspora engagement: national projects in East Africa and the Horn (demo)",
        title_fr: "Mobilisation de la diaspora : projets nationaux en Afrique de l'Est et dans la Corne (démo)",
        summary_en: "Small grants for diaspora associations that link migrants abroad with development work at home, in one country of the region.",
        summary_fr: "Petites subventions pour les associations de la diaspora qui relient les migrants à l'étranger aux actions de développement dans leur pays d'origine, dans un pays de la région.",
        translations: &[],
        kind: call::KIND_NATIONAL,
        regions: &["East & Horn of Africa"],
        topics: &["diaspora", "migration_and_development"],
        floor: "5000",
        ceiling: "30000",
        cofunding: "10",
        months: "12",
        offset: "+03:00",
        opens_in_days: -120,
        closes_in_days: -10,
    },
];

/// The demo rubric: each criterion's weight, then its name and guidance in English, French,
/// Portuguese and Spanish (a call takes the languages it is written in).
const RUBRIC: [(&str, [(&str, &str); 4]); 4] = [
    (
        "35",
        [
            ("Relevance to migrants and their families", "Does the project answer a real need of the people it names?"),
            (
                "Pertinence pour les migrants et leurs familles",
                "Le projet répond-il à un besoin réel des personnes qu'il vise ?",
            ),
            (
                "Pertinência para os migrantes e as suas famílias",
                "O projeto responde a uma necessidade real das pessoas a que se destina?",
            ),
            (
                "Pertinencia para los migrantes y sus familias",
                "¿Responde el proyecto a una necesidad real de las personas a las que se dirige?",
            ),
        ],
    ),
    (
        "25",
        [
            ("Feasibility and capacity", "Can the organisation deliver what it plans, on time?"),
            ("Faisabilité et capacité", "L'organisation peut-elle réaliser ce qu'elle prévoit, dans les délais ?"),
            ("Viabilidade e capacidade", "A organização consegue realizar o que planeia, dentro dos prazos?"),
            ("Viabilidad y capacidad", "¿Puede la organización realizar lo que prevé, dentro de los plazos?"),
        ],
    ),
    (
        "20",
        [
            ("Value for money", "Are the costs reasonable for what is delivered?"),
            ("Rapport coût-efficacité", "Les coûts sont-ils raisonnables au regard des résultats ?"),
            ("Relação custo-benefício", "Os custos são razoáveis face aos resultados?"),
            ("Relación costo-beneficio", "¿Son razonables los costos en relación con los resultados?"),
        ],
    ),
    (
        "20",
        [
            ("Sustainability", "What lasts once the grant ends?"),
            ("Durabilité", "Que reste-t-il une fois la subvention terminée ?"),
            ("Sustentabilidade", "O que perdura depois de terminada a subvenção?"),
            ("Sostenibilidad", "¿Qué perdura una vez terminada la subvención?"),
        ],
    ),
];

fn local_day(now: OffsetDateTime, days: i64, clock: &str) -> String {
    format!("{}T{clock}", (now + Duration::days(days)).date())
}

pub(crate) fn call_form(demo: &DemoCall, now: OffsetDateTime) -> RawForm {
    let mut pairs = vec![
        ("title_en", demo.title_en.to_owned()),
        ("title_fr", demo.title_fr.to_owned()),
        ("summary_en", demo.summary_en.to_owned()),
        ("summary_fr", demo.summary_fr.to_owned()),
        ("kind", demo.kind.to_owned()),
        ("floor_eur", demo.floor.to_owned()),
        ("ceiling_eur", demo.ceiling.to_owned()),
        ("cofunding_percent", demo.cofunding.to_owned()),
        ("max_months", demo.months.to_owned()),
        ("opens_at", local_day(now, demo.opens_in_days, "09:00")),
        ("closes_at", local_day(now, demo.closes_in_days, "17:00")),
        ("utc_offset", demo.offset.to_owned()),
    ];
    pairs.extend(demo.translations.iter().map(|(field, text)| (*field, (*text).to_owned())));
    pairs.extend(demo.regions.iter().map(|r| ("regions", (*r).to_owned())));
    pairs.extend(demo.topics.iter().map(|t| ("topics", (*t).to_owned())));
    let mut form = RawForm::from_pairs(pairs);
    let written_in =
        |code: &str| code == "fr" || demo.translations.iter().any(|(field, _)| *field == format!("title_{code}"));
    for (row, (weight, texts)) in (1..).zip(RUBRIC) {
        let [(name, guidance), translated @ ..] = texts;
        let mut set = |part: &str, value: &str| form.set(&call::criterion_field(part, row), vec![value.to_owned()]);
        set("name", name);
        set("weight", weight);
        set("guidance", guidance);
        for (code, (name, guidance)) in call::CRITERION_LANGUAGES.into_iter().zip(translated) {
            if written_in(code) {
                set(&format!("name_{code}"), name);
                set(&format!("guidance_{code}"), guidance);
            }
        }
    }
    form
}

/// An invented association's application: who, where, on which topics, with which costs
/// (the demo's and `load`'s).
pub(crate) struct ApplicationAnswers<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub title: &'a str,
    pub countries: &'a [&'a str],
    pub topics: &'a [&'a str],
    pub months: &'a str,
    pub line_amounts: [&'a str; 3],
    pub cofunding: &'a str,
}

const SAVINGS_CIRCLES: &str = "Savings circles for remittance families (demo)";

/// Two applications to the open regional call, then two to the closed national one (left for
/// staff to review and decide).
const DEMO_APPLICATIONS: [(usize, ApplicationAnswers<'static>); 4] = [
    (
        0,
        ApplicationAnswers {
            name: "Association Entraide Frontières (demo)",
            email: "entraide@demo.invalid",
            title: SAVINGS_CIRCLES,
            countries: &["SEN", "GMB"],
            topics: &["remittances", "financial_literacy"],
            months: "18",
            line_amounts: ["30000", "22500", "5000"],
            cofunding: "7500",
        },
    ),
    (
        0,
        ApplicationAnswers {
            name: "Kumasi Diaspora Savings Union (demo)",
            email: "kdsu@demo.invalid",
            title: SAVINGS_CIRCLES,
            countries: &["GHA", "TGO"],
            topics: &["remittances", "financial_literacy"],
            months: "18",
            line_amounts: ["25000", "30000", "8000"],
            cofunding: "7500",
        },
    ),
    (
        3,
        ApplicationAnswers {
            name: "Nairobi Diaspora Link (demo)",
            email: "ndl@demo.invalid",
            title: SAVINGS_CIRCLES,
            countries: &["KEN"],
            topics: &["diaspora"],
            months: "12",
            line_amounts: ["12000", "8000", "2000"],
            cofunding: "2500",
        },
    ),
    (
        3,
        ApplicationAnswers {
            name: "Addis Returnees Association (demo)",
            email: "ara@demo.invalid",
            title: SAVINGS_CIRCLES,
            countries: &["ETH"],
            topics: &["diaspora", "migration_and_development"],
            months: "12",
            line_amounts: ["15000", "9000", "3000"],
            cofunding: "3000",
        },
    ),
];

pub(crate) fn application_form(demo: &ApplicationAnswers<'_>) -> RawForm {
    let text = "Families who receive remittances in border towns pay high fees and keep savings at home. \
                The project trains local volunteers to run savings circles and explains legal, cheaper channels.";
    let mut pairs = vec![
        ("legal_name", demo.name),
        ("org_type", "association"),
        ("registration_number", "DEMO-0001"),
        ("registration_country", demo.countries[0]),
        ("year_founded", "2012"),
        ("annual_budget", "60000"),
        ("contact_name", "Demo contact"),
        ("contact_email", demo.email),
        ("contact_phone", "+221 33 000 00 00"),
        ("project_title", demo.title),
        ("typology", "capacity_building"),
        ("target_group", text),
        ("problem", text),
        ("objectives", text),
        ("activities", text),
        (
            "timeline",
            "Months 1-3: recruit and train volunteers. Months 4-15: savings circles meet weekly. Months 16-18: review.",
        ),
        ("people_reached", "1500"),
        ("duration_months", demo.months),
        ("risks", text),
        ("sustainability", text),
        ("budget_category_1", "staff"),
        ("budget_description_1", "Two trainers, part time"),
        ("budget_amount_1", demo.line_amounts[0]),
        ("budget_category_2", "activities"),
        ("budget_description_2", "Savings-circle meetings and materials"),
        ("budget_amount_2", demo.line_amounts[1]),
        ("budget_category_3", "travel"),
        ("budget_description_3", "Trainers' travel between towns"),
        ("budget_amount_3", demo.line_amounts[2]),
        ("cofunding", demo.cofunding),
    ];
    pairs.extend(demo.countries.iter().map(|c| ("countries", *c)));
    pairs.extend(demo.topics.iter().map(|t| ("topics", *t)));
    RawForm::from_pairs(pairs)
}

/// Adds the demo calls and their applications when the database holds no call yet; returns
/// how many calls were added.
pub async fn seed_calls(pool: &Pool, taxonomy: &Taxonomy, now: &str) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM grant_calls").fetch_one(pool).await?.try_get(0)?;
    if existing > 0 {
        return Ok(0);
    }
    let today = call::parse_instant(now).ok_or_else(|| anyhow::anyhow!("unreadable time {now}"))?;
    let choices = call_choices(taxonomy);
    let mut ids = Vec::new();
    for demo in &DEMO_CALLS {
        let typed = call_form(demo, today);
        let form = check::<CallForm>(&typed, &choices)
            .map_err(|errors| anyhow::anyhow!("demo call fails its own rules: {errors:?}"))?;
        let new = NewCall::of(&typed, &form).ok_or_else(|| anyhow::anyhow!("demo call without its terms"))?;
        let id = calls::create(pool, &new, taxonomy, "demo", now).await?;
        calls::publish(pool, id, "demo", now).await?;
        ids.push(id);
    }
    let year = now.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    for (call_index, demo) in &DEMO_APPLICATIONS {
        let call = calls::find(pool, ids[*call_index]).await?.ok_or_else(|| anyhow::anyhow!("demo call vanished"))?;
        // Submitted a few days before the call's deadline (which, for the closed call, is past).
        let closes =
            call::parse_instant(&call.closes_at).ok_or_else(|| anyhow::anyhow!("demo call without deadline"))?;
        let at = call::utc_text((closes - Duration::days(5)).min(today));
        let typed = application_form(demo);
        let form = GrantForm::check(&typed, &call.choices(taxonomy, year as u32)).map_err(|(step, errors)| {
            anyhow::anyhow!("demo application fails its own rules at {step:?}: {errors:?}")
        })?;
        let token = token_hash(&new_token());
        applications::create_draft(pool, call.id, &token, &typed, "en", &at).await?;
        let application =
            applications::find_by_token(pool, &token).await?.ok_or_else(|| anyhow::anyhow!("demo draft vanished"))?;
        let region = taxonomy.country(demo.countries[0]).map(|c| c.region.clone());
        let receipt = GrantReceipt {
            to: demo.email,
            organisation: demo.name,
            call_title: call.title(Locale::En),
            deadline: &call.deadline_text(Locale::En),
            received_at: &at,
            tracking_link: "(demo: no tracking link)",
        };
        let submission = Submission {
            application: &application,
            call: &call,
            form: &form,
            region: region.as_deref(),
            tracking_token_hash: &token_hash(&new_token()),
            now: &at,
            year,
        };
        let outcome = applications::submit(pool, submission, |reference, first| {
            mail::grant_receipt(Locale::En, reference, first, &receipt)
        })
        .await?;
        anyhow::ensure!(matches!(outcome, Submitted::First { .. }), "demo application not taken: {outcome:?}");
    }
    Ok(ids.len())
}
