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
    assert!(!page.contains("ainda não foi traduzido"), "no notice when the reader's language is there");

    let page = app.get_in(ANGOLA, "es-GQ").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"en\">Angola: Migration Legislation Development and Asylum</h1>"));
    assert!(page.contains("Este texto todavía no se ha traducido al español; se muestra en inglés."));

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
    let mut fields = vec![
        ("title_pt", "Angola: Desenvolvimento da Legislação sobre Migração e Asilo"),
        ("summary_pt", "Em 2010, uma missão de avaliação em Luanda analisou o quadro jurídico."),
        title_fr[0],
    ];
    let response = post(&app, &coordinator, translations, &fields).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Description in French") && page.contains("This answer is required."));
    assert!(page.contains("élaboration de la législation"), "the French title typed is kept");

    fields.push((
        "summary_fr",
        "En 2010, une mission d'évaluation à Luanda a analysé le cadre juridique des migrations.",
    ));
    let response = post(&app, &coordinator, translations, &fields).await;
    assert_eq!(location(&response), format!("{translations}?saved=1"));
    let page = app.get_in(ANGOLA, "fr").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"fr\">Angola : élaboration de la législation"), "readers see it at once");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'translate' AND to_state = 'fr,pt'";
    assert_eq!(count(&app, audited).await, 1);

    // Emptying a language removes its translation.
    let response = post(&app, &coordinator, translations, &fields[2..]).await;
    assert_eq!(response.status(), 303);
    let page = app.get_in(ANGOLA, "pt").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"en\">") && page.contains("Este texto ainda não foi traduzido para português"));
});

on_both_databases!(iati_activities_carry_every_language_of_a_title_and_description, |app| {
    let xml = app.text("/api/v1/iati/activities.xml?country=AGO").await;
    assert!(xml.contains(
        "<narrative xml:lang=\"pt\">Angola: Desenvolvimento da Legislação sobre Migração e Asilo</narrative>"
    ));
    assert!(xml.contains("<narrative xml:lang=\"pt\">Em março de 2010"));
});
