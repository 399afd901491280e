//! The public pages, as a reader's browser receives them.

use crate::helpers::listed_slugs;
use crate::on_both_databases;

on_both_databases!(home_shows_figures_computed_from_the_database, |app| {
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    // 70 seeded interventions and the demo's two TAs (ongoing and completed), 40 completed; the
    // figures are counted, not typed.
    assert!(html.contains("<dd>72</dd>"), "total interventions missing");
    assert!(html.contains("href=\"/interventions?status=completed\">Completed</a></th><td>40</td>"));
    assert!(html.contains("href=\"/interventions\""), "a link into the map");
    // The figures are bars, each a link named with its count, and the same figures as a table.
    let bar = html.split(r#"<a href="/interventions?status=completed"><text"#).nth(1).expect("a bar");
    assert!(bar.contains(">Completed</text>") && bar[..bar.find("</a>").unwrap()].contains(">40</text>"), "{bar:.200}");
    assert!(html.contains("Show the figures as a table"));
    // The whole map, as a panel for each part of the ACP.
    for panel in ["map__panel--africa", "map__panel--caribbean", "map__panel--pacific"] {
        assert!(html.contains(panel), "{panel}");
    }
    // A way in for each who can take part.
    let ways = html.split(r#"id="ways-in-heading""#).nth(1).expect("the ways in");
    for (way, action) in [
        ("/requests/new", "Request technical assistance"),
        ("/experts/apply", "Apply to the expert roster"),
        ("/grants", "See the calls for proposals"),
    ] {
        assert!(ways.contains(&format!(r#"href="{way}" class="button">{action}</a>"#)), "{way}");
    }
    assert!(html.contains("The data are free to reuse."), "the data pages say so");
    assert!(!app.text("/requests/new").await.contains("The data are free to reuse."), "not under a form");
});

on_both_databases!(numbers_and_money_are_written_as_each_language_writes_them, |app| {
    // Two of the programme's calls' floors, as the public list writes them.
    let english = app.text("/grants").await;
    let french = app.get_in("/grants", "fr").await.text().await.unwrap();
    assert!(english.contains("€"), "amounts in euros");
    assert!(!english.contains("EUR\u{a0}") && !french.contains("\u{a0}EUR"), "one way of writing money");
    assert!(french.contains("\u{202f}000\u{a0}€"), "French groups thousands with a narrow space and ends with €");
});

on_both_databases!(map_page_draws_countries_with_accessible_names_and_links, |app| {
    let html = app.text("/interventions").await;
    assert!(html.contains("aria-label=\"Kenya: "), "Kenya is a named link on the map");
    assert!(html.contains("href=\"/interventions?country=KEN\""));
    assert!(html.contains("<use href=\"/map/"), "countries reference the cached sprite");
    assert!(html.contains("<circle"), "small island states are drawn as dots");
    assert!(html.contains("1 of 4"), "72 interventions make four pages of 20");
});

on_both_databases!(a_topic_filter_narrows_the_list_to_matching_interventions, |app| {
    let html = app.text("/interventions?topic=trafficking_in_human_beings&per_page=100").await;
    let slugs = listed_slugs(&html);
    assert!(!slugs.is_empty());
    let csv = app.text("/api/v1/interventions.csv?topic=trafficking_in_human_beings").await;
    let mut csv_slugs: Vec<String> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap().to_owned()).collect();
    csv_slugs.sort();
    assert_eq!(slugs, csv_slugs, "page and CSV show the same set");
    assert!(html.contains(&format!("{} interventions found", slugs.len())));
});

on_both_databases!(malformed_filters_get_a_400_page_naming_the_problem, |app| {
    let response = app.get("/interventions?from=20x0&topic=dancing").await;
    assert_eq!(response.status(), 400);
    let html = response.text().await.unwrap();
    assert!(html.contains("<code>from</code>") && html.contains("<code>topic</code>"));
});

on_both_databases!(unknown_pages_and_slugs_get_a_404_page, |app| {
    assert_eq!(app.get("/interventions/no-such-intervention").await.status(), 404);
    assert_eq!(app.get("/no/such/page").await.status(), 404);
});

on_both_databases!(detail_page_shows_the_intervention_and_its_map_inset, |app| {
    let response = app.get("/interventions/mieux-angola-legislation-asylum").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    // The title is marked with the language it is written in (it has translations).
    assert!(html.contains("<h1 lang=\"en\">Angola: Migration Legislation Development and Asylum</h1>"));
    assert!(html.contains("National Asylum Law"));
    assert!(html.contains("aria-label=\"Angola: 1 intervention\""));

    // A French reader is told the record's own notes are in English.
    let html =
        app.get_in("/interventions/mieux-west-central-africa-1-document-security", "fr").await.text().await.unwrap();
    assert!(html.contains("<dd>20<span lang=\"en\"> (participants in the two-week document-fraud training"));
});

on_both_databases!(a_status_says_when_it_was_last_known_and_a_source_is_cited_as_published, |app| {
    let html = app.text("/interventions/mieux-benin-migration-development").await;
    // A 2016 document cannot say the work is ongoing today: the page says when it was.
    assert!(html.contains(">Ongoing as of March 2016</span>"), "the status with its date");
    assert!(html.contains("since 2013-01") && !html.contains("present"), "no open-ended 'present'");
    assert!(html.contains(r#"<span lang="en">MIEUX (ICMPD)</span>"#), "the publisher");
    assert!(html.contains(r#"<cite lang="en">Sub-Saharan Africa</cite>, web page, 2016."#), "title, kind, year");
    assert!(!html.contains(".txt"), "no internal file name");
    let french = app.get_in("/interventions/mieux-benin-migration-development", "fr").await.text().await.unwrap();
    assert!(french.contains("En cours – situation en mars 2016"));
    let list = app.text("/interventions?status=ongoing").await;
    assert!(list.contains("Ongoing as of March 2016"), "the list says it too");
});

on_both_databases!(pages_follow_the_browser_language_and_a_remembered_choice, |app| {
    let html = app.get_in("/interventions", "fr-FR,fr;q=0.9,en;q=0.5").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\""));
    assert!(html.contains("Filtrer les interventions") && html.contains("Traite des êtres humains"));

    let switch = app.get("/language/en?next=/interventions").await;
    assert_eq!(switch.status(), 303);
    assert_eq!(switch.headers()["location"], "/interventions");
    // The cookie now wins over the browser's French.
    let html = app.get_in("/", "fr").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
});

on_both_databases!(readers_in_cabo_verde_and_the_dominican_republic_get_portuguese_and_spanish, |app| {
    let html = app.get_in("/interventions", "pt-CV,pt;q=0.9,en;q=0.5").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"pt\""));
    // Interface strings, then labels from the database: a topic, a region and a country.
    for text in ["Filtrar as intervenções", "Tráfico de seres humanos", "África Ocidental", "aria-label=\"Quénia: "]
    {
        assert!(html.contains(text), "Portuguese page lacks {text}");
    }
    let html = app.get_in("/interventions", "es-DO,es;q=0.9").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"es\""));
    for text in ["Filtrar las intervenciones", "Trata de seres humanos", "África Occidental", "aria-label=\"Kenia: "] {
        assert!(html.contains(text), "Spanish page lacks {text}");
    }
});

on_both_databases!(responses_carry_security_and_cache_headers, |app| {
    let page = app.get("/").await;
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    // An anonymous reader's page may be kept and sent again: no nonce (see page_cache.rs).
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("'nonce-"));
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let html = app.text("/interventions").await;
    let sprite = html.split("<use href=\"").nth(1).and_then(|s| s.split('#').next()).unwrap().to_owned();
    let response = app.get(&sprite).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(app.get("/map/0000000000000000.svg").await.status(), 404);
    let compressed =
        app.client.get(format!("{}/interventions", app.address)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
});

on_both_databases!(regional_organisations_appear_on_the_map_and_filter_the_list, |app| {
    let html = app.text("/interventions").await;
    assert!(html.contains("aria-label=\"ECOWAS: "), "ECOWAS marker at its seat");
    let api: serde_json::Value =
        app.get("/api/v1/interventions?organisation=ECOWAS&per_page=100").await.json().await.unwrap();
    let items = api["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|i| i["organisation"] == "ECOWAS"));
    let html = app.text("/interventions?organisation=ECOWAS&per_page=100").await;
    assert_eq!(listed_slugs(&html).len(), items.len());
});
