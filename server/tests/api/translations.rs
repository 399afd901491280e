//! Interventions in several languages: readers get their own when staff translated it, and
//! are told which language they read otherwise; staff add translations under the same rules
//! as every form; the map's search and the IATI file carry every language.

use crate::helpers::location;
use crate::on_both_databases;
use crate::requests::count;
use crate::staff::{get, post};

const ANGOLA: &str = "/interventions/mieux-angola-legislation-asylum";

on_both_databases!(readers_get_the_translation_of_their_language_or_a_notice_naming_the_one_shown, |app| {
    let page = app.get_in(ANGOLA, "pt-AO").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"pt\">Angola: Desenvolvimento da Legislação sobre Migração e Asilo</h1>"));
    assert!(page.contains("Em março de 2010, realizou-se em Luanda"), "the Portuguese summary");
    assert!(page.contains("<p>A assistência técnica do MIEUX em Angola apoiou"), "the Portuguese objective");
    assert!(!page.contains("ainda não foi traduzido"), "no notice when the reader's language is there");

    let page = app.get_in(ANGOLA, "es-GQ").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"en\">Angola: Migration Legislation Development and Asylum</h1>"));
    assert!(page.contains("Este texto todavía no se ha traducido al español; se muestra en inglés."));

    // A translation made before objectives were translated: the objective as written, with a
    // notice. (A page not read yet: this change bypasses the server, so its page cache.)
    let pool = app.pool().await;
    sqlx::query("UPDATE intervention_translations SET objective = NULL").execute(&pool).await.unwrap();
    let page = app.get_in("/interventions/mieux-cabo-verde-1-immigration-strategy", "pt").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"pt\">") && page.contains("<div lang=\"en\"><p>MIEUX provided support"));
    assert_eq!(page.matches("Este texto ainda não foi traduzido para português").count(), 1, "above the objective");

    // The search finds it by the words of its translation too, in any interface language.
    let found = app.text("/interventions?q=desenvolvimento+da+legisla%C3%A7%C3%A3o").await;
    assert!(found.contains("mieux-angola-legislation-asylum") && found.contains("1 intervention found"));
});

on_both_databases!(staff_translate_within_their_regions_and_half_a_translation_comes_back, |app| {
    let translations = "/staff/interventions/mieux-angola-legislation-asylum/translations";
    let elsewhere = app.staff_client("pacific@example.org", "coordinator", &["Pacific"]).await;
    assert_eq!(get(&app, &elsewhere, translations).await.status(), 404, "not their region");
    let title_fr = [("title_fr", "Angola : élaboration de la législation sur les migrations et l'asile")];
    assert_eq!(post(&app, &elsewhere, translations, &title_fr).await.status(), 404);

    let coordinator = app.staff_client("southern@example.org", "coordinator", &["Southern Africa"]).await;
    let page = get(&app, &coordinator, translations).await.text().await.unwrap();
    assert!(page.contains("As written, in English") && page.contains("Angola: Desenvolvimento"), "stored ones shown");
    assert!(!page.contains("name=\"title_en\""), "the original's language is not translated");

    // A title without its summary: 422, the message at the French summary, everything kept.
    // Angola's original has an objective, so a translation has one too.
    let mut fields = vec![
        ("title_pt", "Angola: Desenvolvimento da Legislação sobre Migração e Asilo"),
        ("summary_pt", "Em 2010, uma missão de avaliação em Luanda analisou o quadro jurídico."),
        ("objective_pt", "Apoiar a redação da Lei Nacional do Asilo de Angola."),
        title_fr[0],
    ];
    let response = post(&app, &coordinator, translations, &fields).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Description in French") && page.contains("This answer is required."));
    assert!(page.contains("Objective in French"), "the objective is asked for too");
    assert!(page.contains("élaboration de la législation"), "the French title typed is kept");

    fields.extend([
        ("summary_fr", "En 2010, une mission d'évaluation à Luanda a analysé le cadre juridique des migrations."),
        ("objective_fr", "Appuyer la rédaction de la loi nationale sur l'asile de l'Angola."),
    ]);
    let response = post(&app, &coordinator, translations, &fields).await;
    assert_eq!(location(&response), format!("{translations}?saved=1"));
    let page = app.get_in(ANGOLA, "fr").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"fr\">Angola : élaboration de la législation"), "readers see it at once");
    assert!(page.contains("<p>Appuyer la rédaction de la loi nationale"), "with its objective");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'translate' AND to_state = 'fr,pt'";
    assert_eq!(count(&app, audited).await, 1);

    // Emptying a language removes its translation.
    let response = post(&app, &coordinator, translations, &fields[3..]).await;
    assert_eq!(response.status(), 303);
    let page = app.get_in(ANGOLA, "pt").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"en\">") && page.contains("Este texto ainda não foi traduzido para português"));
});

on_both_databases!(lists_title_each_intervention_in_the_readers_language_and_the_api_as_written, |app| {
    let southern = "/interventions?region=Southern+Africa&sort=title";
    let page = app.get_in(southern, "pt").await.text().await.unwrap();
    assert!(page.contains(">Angola: Desenvolvimento da Legislação sobre Migração e Asilo</a>"), "the translation");
    let page = app.get_in(southern, "es").await.text().await.unwrap();
    assert!(page.contains("lang=\"en\">Angola: Migration Legislation Development and Asylum</a>"), "English, marked");

    // A French title sorts where French readers look for it.
    let coordinator = app.staff_client("southern@example.org", "coordinator", &["Southern Africa"]).await;
    let fields = [
        ("title_fr", "Législation angolaise sur les migrations et l'asile"),
        ("summary_fr", "En 2010, une mission d'évaluation à Luanda a analysé le cadre juridique des migrations."),
        ("objective_fr", "Appuyer la rédaction de la loi nationale sur l'asile de l'Angola."),
    ];
    let translations = "/staff/interventions/mieux-angola-legislation-asylum/translations";
    assert_eq!(post(&app, &coordinator, translations, &fields).await.status(), 303);
    let page = app.get_in(southern, "fr").await.text().await.unwrap();
    let at = |title: &str| page.find(title).unwrap_or_else(|| panic!("{title} listed"));
    let no_lang = "<a href=\"/interventions/mieux-angola-legislation-asylum\">Législation angolaise";
    assert!(page.contains(no_lang), "a title in the page's language needs no lang of its own");
    assert!(at("COMESA II:") < at(">Législation angolaise") && at(">Législation angolaise") < at("Malawi I:"));
    let page = app.get_in(southern, "en").await.text().await.unwrap();
    assert!(page.find(">Angola: Migration").unwrap() < page.find("COMESA I:").unwrap());

    // A detail page's related links too.
    let cabo_verde_2 = "/interventions/mieux-cabo-verde-2-migration-legislation-drafting";
    let related = app.get_in(cabo_verde_2, "pt").await.text().await.unwrap();
    assert!(related.contains(">Cabo Verde I: Elaboração da Estratégia Nacional de Imigração e do Plano de Ação</a>"));
    assert!(related.contains("lang=\"en\">Cabo Verde III: Migration Legislation</a>"), "untranslated, marked");

    // The API and the downloads give titles as written, with their language.
    let json: serde_json::Value = app.get_in("/api/v1/interventions?country=AGO", "fr").await.json().await.unwrap();
    let angola = &json["items"][0];
    assert_eq!(
        (angola["title"].as_str(), angola["language"].as_str()),
        (Some("Angola: Migration Legislation Development and Asylum"), Some("en"))
    );
    let csv = app.text("/api/v1/interventions.csv?country=AGO").await;
    assert!(csv.starts_with("slug,title,language,"));
    assert!(csv.contains("Angola: Migration Legislation Development and Asylum,en,"));
});

on_both_databases!(iati_activities_carry_every_language_of_a_title_and_description, |app| {
    let xml = app.text("/api/v1/iati/activities.xml?country=AGO").await;
    assert!(xml.contains(
        "<narrative xml:lang=\"pt\">Angola: Desenvolvimento da Legislação sobre Migração e Asilo</narrative>"
    ));
    assert!(xml.contains("<narrative xml:lang=\"pt\">Em março de 2010"));
    assert!(xml.contains("<narrative xml:lang=\"pt\">A assistência técnica do MIEUX em Angola"), "the objective");
});
