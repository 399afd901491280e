//! The IATI 2.03 files validate against the official schemas (from the `pyIATI` package,
//! which `scripts/setup` unpacks into `end2end/.iati`), checked by Debian's `xmllint`, on the
//! demo data and on edge cases: no dates, a regional organisation with no country, several
//! countries, a title that is not ASCII and holds XML's own characters. Their codes are in
//! the IATI codelists, and an intervention kept for staff is not in them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{unique_name, TestApp};
use crate::on_both_databases;

/// The IATI 2.03 schemas and codelists, or `None` outside CI when they are not installed.
pub fn iati_standard() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/.iati/2-03");
    let usable = dir.join("schemas/iati-activities-schema.xsd").exists()
        && Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success());
    match (usable, std::env::var("CI").is_ok()) {
        (true, _) => Some(dir),
        (false, false) => {
            eprintln!("xmllint or the IATI schemas missing (scripts/setup installs them); skipping outside CI");
            None
        }
        (false, true) => panic!("CI=true but xmllint or the IATI schemas in {} are missing", dir.display()),
    }
}

/// Validates `xml` against `schema` with xmllint; the tool's complaint on failure.
pub fn validate(standard: &Path, schema: &str, xml: &str) -> Result<(), String> {
    let file = std::env::temp_dir().join(format!("{}.xml", unique_name()));
    std::fs::write(&file, xml).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(standard.join("schemas").join(schema))
        .arg(&file)
        .output()
        .expect("xmllint runs");
    std::fs::remove_file(&file).ok();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).chars().take(4000).collect())
    }
}

/// The activity of the intervention `slug` in the IATI activities file `xml`.
pub fn activity_of<'a>(xml: &'a str, slug: &str) -> &'a str {
    let identifier = format!("<iati-identifier>XI-IATI-DEMO-ACPMIG-{}</iati-identifier>", slug.to_uppercase());
    xml.split("<iati-activity ").find(|activity| activity.contains(&identifier)).unwrap_or_else(|| panic!("{slug}"))
}

/// The values of `attribute` on every `<element ` in `xml`.
fn attribute_values<'a>(xml: &'a str, element: &str, attribute: &str) -> Vec<&'a str> {
    xml.split(&format!("<{element} "))
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let start = tag.find(&format!("{attribute}=\""))? + attribute.len() + 2;
            Some(&tag[start..start + tag[start..].find('"')?])
        })
        .collect()
}

/// Whether an IATI codelist holds `code`.
fn in_codelist(standard: &Path, list: &str, code: &str) -> bool {
    let text = std::fs::read_to_string(standard.join("codelists").join(format!("{list}.xml"))).unwrap();
    text.contains(&format!("<code>{code}</code>"))
}

/// Adds an intervention with none of the optional facts: no dates, no country (a regional
/// organisation), no topic, and a title with accents and XML's reserved characters.
async fn add_edge_case(app: &TestApp) {
    let pool = app.pool().await;
    sqlx::query(
        "INSERT INTO interventions (slug, programme_code, component, scope, title, organisation_code, region_code,
             status_code, status_as_of, detail_level, source, search_text, created_at, updated_at)
         VALUES ('edge-sao-tome', 'MIEUX', 'technical_assistance', 'regional', $1, 'SADC', 'Southern Africa',
             'completed', '2019', 'listed_only', 'test', 'edge', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .bind("Réadmission & retour <pilote> « São Tomé »")
    .execute(&pool)
    .await
    .expect("the edge case is stored");
}

on_both_databases!(iati_activities_and_organisation_validate_against_the_2_03_schemas, |app| {
    let Some(standard) = iati_standard() else { return };
    add_edge_case(&app).await;
    let pool = app.pool().await;
    let withheld: String = sqlx::Row::get(
        &sqlx::query("SELECT slug FROM interventions WHERE slug <> 'edge-sao-tome' ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap(),
        0,
    );
    sqlx::query("UPDATE interventions SET publishable = 0 WHERE slug = $1")
        .bind(&withheld)
        .execute(&pool)
        .await
        .unwrap();

    let response = app.get("/api/v1/iati/activities.xml").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/xml; charset=utf-8");
    let xml = response.text().await.unwrap();
    validate(&standard, "iati-activities-schema.xsd", &xml).unwrap_or_else(|complaint| panic!("{complaint}"));

    let public: serde_json::Value = app.get("/api/v1/interventions?per_page=1").await.json().await.unwrap();
    let activities = xml.matches("<iati-activity ").count();
    assert_eq!(activities as u64, public["total"].as_u64().unwrap() + 1, "every public intervention and the programme");
    let mut identifiers: Vec<&str> =
        xml.split("<iati-identifier>").skip(1).map(|rest| &rest[..rest.find('<').unwrap()]).collect();
    identifiers.sort();
    identifiers.dedup();
    assert_eq!(identifiers.len(), activities, "identifiers are unique");
    assert!(identifiers.contains(&"XI-IATI-DEMO-ACPMIG-EDGE-SAO-TOME"));
    assert!(!xml.contains(&withheld.to_uppercase()), "an intervention kept for staff is not published");
    assert!(xml.contains("Réadmission &amp; retour &lt;pilote&gt; « São Tomé »"), "escaped, not mangled");
    assert!(xml.contains("Dates not recorded"), "an undated intervention says why its date is the status's");
    assert!(
        xml.contains(r#"<recipient-region code="289" vocabulary="1" percentage="100"/>"#),
        "the region of SADC's work"
    );

    for country in attribute_values(&xml, "recipient-country", "code") {
        assert!(in_codelist(&standard, "Country", country), "{country}");
    }
    for region in attribute_values(&xml, "recipient-region", "code") {
        assert!(in_codelist(&standard, "Region", region), "{region}");
    }
    for status in attribute_values(&xml, "activity-status", "code") {
        assert!(in_codelist(&standard, "ActivityStatus", status), "{status}");
    }
    let shares = attribute_values(&xml, "recipient-country", "percentage");
    assert!(shares.contains(&"33.34") || shares.contains(&"50.00"), "some intervention has several countries");

    // The same filters as the map.
    let kenya = app.text("/api/v1/iati/activities.xml?country=KEN").await;
    validate(&standard, "iati-activities-schema.xsd", &kenya).unwrap_or_else(|complaint| panic!("{complaint}"));
    let children = kenya.matches(r#"hierarchy="2""#).count();
    assert!(children > 0 && children == kenya.matches(r#"<recipient-country code="KE""#).count());
    assert_eq!(app.get("/api/v1/iati/activities.xml?country=XXX").await.status(), 400);

    let organisation = app.get("/api/v1/iati/organisation.xml").await;
    assert_eq!(organisation.status(), 200);
    let organisation = organisation.text().await.unwrap();
    validate(&standard, "iati-organisations-schema.xsd", &organisation)
        .unwrap_or_else(|complaint| panic!("{complaint}"));
    assert!(organisation.contains("<organisation-identifier>XI-IATI-DEMO-ACPMIG</organisation-identifier>"));
});

#[test]
fn a_file_missing_a_required_element_fails_the_schema() {
    let Some(standard) = iati_standard() else { return };
    let without_title = r#"<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03"><iati-activity><iati-identifier>XI-IATI-X-1</iati-identifier>
<reporting-org ref="XI-IATI-X" type="40"><narrative>X</narrative></reporting-org></iati-activity></iati-activities>"#;
    assert!(validate(&standard, "iati-activities-schema.xsd", without_title).is_err(), "the check can fail");
}
