//! Encoders for the open-data downloads (server only): CSV with a documented field
//! dictionary (`Messages::csv_fields`) and GeoJSON points at the beneficiary countries.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::{json, Value as Json};

use crate::domain::filters::Dimension;
use crate::domain::intervention::{InterventionSummary, CSV_COLUMNS};
use crate::domain::stage::Stage;
use crate::domain::ta_request::RequestExportRow;
use crate::domain::taxonomy::Taxonomy;
use crate::i18n::Locale;

/// Writes a CSV row whose cells a spreadsheet will not run as formulas: text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (anyone can type it into a form) gets a
/// leading `'`. Numbers, negative ones included, are left as they are.
fn write_inert<'a>(writer: &mut csv::Writer<Vec<u8>>, cells: impl IntoIterator<Item = &'a str>) -> csv::Result<()> {
    for cell in cells {
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
            writer.write_field(format!("'{cell}"))?;
        } else {
            writer.write_field(cell)?;
        }
    }
    // An empty record ends the row.
    writer.write_record(None::<&[u8]>)
}

/// One intervention's cells in `CSV_COLUMNS` order, as the CSV and the spreadsheet give them.
fn table_row(item: &InterventionSummary, taxonomy: &Taxonomy, base_url: &str) -> [String; CSV_COLUMNS.len()] {
    let names: Vec<&str> = item.countries.iter().map(|c| taxonomy.label(Dimension::Country, c, Locale::En)).collect();
    [
        item.slug.clone(),
        item.title.clone(),
        item.language.clone(),
        item.programme.clone(),
        item.component.clone(),
        item.scope.clone(),
        item.status.clone(),
        item.status_as_of.clone(),
        item.region.clone(),
        item.countries.join(";"),
        names.join(";"),
        item.organisation.clone().unwrap_or_default(),
        item.topics.join(";"),
        item.typologies.join(";"),
        item.start.clone().unwrap_or_default(),
        item.end.clone().unwrap_or_default(),
        item.people_reached.map(|n| n.to_string()).unwrap_or_default(),
        format!("{base_url}/interventions/{}", item.slug),
    ]
}

/// Encodes `items` as CSV (RFC 4180, UTF-8, header row first, then the HXL hashtags when
/// `hxl`). `base_url` prefixes page links.
pub fn to_csv(
    items: &[InterventionSummary],
    taxonomy: &Taxonomy,
    base_url: &str,
    hxl: bool,
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS.map(|(name, _)| name))?;
    if hxl {
        writer.write_record(CSV_COLUMNS.map(|(_, tag)| tag))?;
    }
    for item in items {
        write_inert(&mut writer, table_row(item, taxonomy, base_url).iter().map(String::as_str))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Encodes `items` as an Excel workbook with one sheet, the CSV's columns, a frozen header
/// row with filters, and people reached as numbers. Text cells are written as text, so a
/// spreadsheet never runs one as a formula.
pub fn to_xlsx(items: &[InterventionSummary], taxonomy: &Taxonomy, base_url: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Interventions")?;
    let bold = Format::new().set_bold();
    for (column, (name, _)) in (0u16..).zip(CSV_COLUMNS) {
        sheet.write_string_with_format(0, column, name, &bold)?;
    }
    let people = CSV_COLUMNS.iter().position(|(name, _)| *name == "people_reached");
    for (row, item) in (1u32..).zip(items) {
        for (column, (index, cell)) in (0u16..).zip(table_row(item, taxonomy, base_url).iter().enumerate()) {
            match (Some(index) == people, item.people_reached) {
                (true, Some(count)) => {
                    sheet.write_number(row, column, count as f64)?;
                }
                _ if cell.is_empty() => {}
                _ => {
                    sheet.write_string(row, column, cell)?;
                }
            }
        }
    }
    let last_row = u32::try_from(items.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, (CSV_COLUMNS.len() - 1) as u16)?;
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// Encodes `items` as a GeoJSON FeatureCollection. Each intervention is one feature whose
/// geometry is a MultiPoint of its countries' capitals, or the seat of its regional
/// organisation when no country is named; `null` geometry when neither is known.
pub fn to_geojson(items: &[InterventionSummary], taxonomy: &Taxonomy) -> Json {
    let features: Vec<Json> = items
        .iter()
        .map(|item| {
            let mut points: Vec<[f64; 2]> =
                item.countries.iter().filter_map(|c| taxonomy.country(c)).map(|c| [c.lon, c.lat]).collect();
            if points.is_empty() {
                if let Some((_, lat, lon)) =
                    item.organisation.as_ref().and_then(|o| taxonomy.seats.iter().find(|s| &s.0 == o))
                {
                    points.push([*lon, *lat]);
                }
            }
            let geometry =
                if points.is_empty() { Json::Null } else { json!({"type": "MultiPoint", "coordinates": points}) };
            json!({
                "type": "Feature",
                "id": item.slug,
                "geometry": geometry,
                "properties": item,
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// Columns of the staff roster export.
pub const ROSTER_CSV_COLUMNS: [&str; 13] = [
    "id",
    "name",
    "email",
    "nationality",
    "residence",
    "sector",
    "position",
    "employer",
    "years_experience",
    "languages",
    "topics",
    "status",
    "updated_at",
];

/// The roster as staff export it; languages as `fr:C1; pt:C2`, topics separated by `; `.
pub fn roster_to_csv(rows: &[crate::domain::roster::RosterRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(ROSTER_CSV_COLUMNS)?;
    for row in rows {
        let languages: Vec<String> = row.languages.iter().map(|(l, level)| format!("{l}:{level}")).collect();
        write_inert(
            &mut writer,
            [
                row.id.to_string().as_str(),
                &row.name,
                &row.email,
                &row.nationality,
                &row.residence,
                &row.sector,
                &row.position,
                &row.employer,
                &row.years_experience.map(|y| y.to_string()).unwrap_or_default(),
                &languages.join("; "),
                &row.topics.join("; "),
                row.status.as_str(),
                &row.updated_at,
            ],
        )?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::{Country, Term};

    fn taxonomy() -> Taxonomy {
        Taxonomy {
            countries: vec![Country {
                term: Term { code: "CIV".into(), labels: vec![(Locale::En, "Côte d'Ivoire".into())] },
                iso2: "CI".into(),
                region: "West Africa".into(),
                lat: 6.82,
                lon: -5.28,
            }],
            ..Default::default()
        }
    }

    fn item(countries: &[&str], organisation: Option<&str>) -> InterventionSummary {
        InterventionSummary {
            slug: "mieux-civ".into(),
            title: "Côte d'Ivoire: \"Labour\", migration".into(),
            language: "en".into(),
            programme: "MIEUX".into(),
            component: "technical_assistance".into(),
            scope: "national".into(),
            status: "completed".into(),
            status_as_of: "2016-03".into(),
            region: "West Africa".into(),
            countries: countries.iter().map(|c| c.to_string()).collect(),
            organisation: organisation.map(str::to_owned),
            topics: vec!["labour_migration".into(), "migration_data".into()],
            typologies: vec![],
            start: Some("2012-01".into()),
            end: None,
            people_reached: Some(20),
        }
    }

    #[test]
    fn typed_formulas_reach_spreadsheets_as_text_and_numbers_stay_numbers() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        write_inert(&mut writer, ["=HYPERLINK(\"http://evil\")", "+1", "-12.5", "@SUM(A1)", "Ministry", "\tx"])
            .unwrap();
        let line = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(line, "\"'=HYPERLINK(\"\"http://evil\"\")\",+1,-12.5,'@SUM(A1),Ministry,'\tx\n");
    }

    #[test]
    fn csv_has_the_documented_header_and_quotes_awkward_text() {
        let bytes = to_csv(&[item(&["CIV"], None)], &taxonomy(), "https://portal.example", false).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next().unwrap(), CSV_COLUMNS.map(|(name, _)| name).join(","));
        let row = lines.next().unwrap();
        assert!(row.contains(r#""Côte d'Ivoire: ""Labour"", migration""#), "{row}");
        assert!(row.contains("labour_migration;migration_data"));
        assert!(row.ends_with("https://portal.example/interventions/mieux-civ"));
    }

    #[test]
    fn csv_columns_match_the_field_dictionary() {
        let documented: Vec<_> = Locale::En.messages().csv_fields.iter().map(|f| f.0).collect();
        assert_eq!(documented, CSV_COLUMNS.map(|(name, _)| name));
    }

    #[test]
    fn hxl_hashtags_follow_the_header_and_are_well_formed() {
        let bytes = to_csv(&[item(&["CIV"], None)], &taxonomy(), "https://portal.example", true).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let tags: Vec<String> = reader.records().next().unwrap().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(tags[0], "#activity+code");
        assert_eq!(tags.len(), CSV_COLUMNS.len());
        // HXL 1.1: `#` and a lower-case name, then attributes each `+` and a lower-case name.
        let word = |w: &str| {
            w.starts_with(|c: char| c.is_ascii_lowercase())
                && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        for tag in &tags {
            let mut parts = tag.strip_prefix('#').expect(tag).split('+');
            assert!(parts.all(word), "{tag}");
        }
        let data = reader.records().next().unwrap().unwrap();
        assert_eq!(&data[0], "mieux-civ", "the data follow the hashtag row");
        assert_eq!(crate::domain::intervention::hxl_tag("countries"), Some("#country+code+list"));
    }

    #[test]
    fn geojson_places_an_intervention_at_its_countries_in_lon_lat_order() {
        let collection = to_geojson(&[item(&["CIV"], None)], &taxonomy());
        let feature = &collection["features"][0];
        assert_eq!(feature["geometry"]["type"], "MultiPoint");
        assert_eq!(feature["geometry"]["coordinates"][0], json!([-5.28, 6.82]));
        assert_eq!(feature["properties"]["slug"], "mieux-civ");
    }

    #[test]
    fn geojson_falls_back_to_the_organisation_seat_then_to_no_geometry() {
        let taxonomy = Taxonomy { seats: vec![("ECOWAS".to_owned(), 9.06, 7.49)], ..taxonomy() };
        let at_seat = to_geojson(&[item(&[], Some("ECOWAS"))], &taxonomy);
        assert_eq!(at_seat["features"][0]["geometry"]["coordinates"][0], json!([7.49, 9.06]));
        let nowhere = to_geojson(&[item(&[], None)], &taxonomy);
        assert!(nowhere["features"][0]["geometry"].is_null());
    }
}

/// Columns of the back office's export of requests (codes, not labels, so spreadsheets can
/// filter on them; days as stored, in UTC).
pub const REQUEST_CSV_COLUMNS: [&str; 23] = [
    "reference",
    "institution",
    "requester",
    "region",
    "stage",
    "submitted_at",
    "joint_governments",
    "endorsements_given",
    "endorsements_asked",
    "typology",
    "topics",
    "concept_note_at",
    "ta_fiche_at",
    "baseline_assessment_at",
    "ta_intervention_at",
    "completed_at",
    "activities_planned",
    "activities_held",
    "first_activity_from",
    "last_activity_to",
    "people_reached",
    "experts",
    "expert_days",
];

/// The columns of `REQUEST_CSV_COLUMNS` that hold whole numbers (numbers in the spreadsheet).
const REQUEST_NUMBER_COLUMNS: [&str; 6] = [
    "endorsements_given",
    "endorsements_asked",
    "activities_planned",
    "activities_held",
    "people_reached",
    "expert_days",
];

/// One request's cells in `REQUEST_CSV_COLUMNS` order.
fn request_cells(row: &RequestExportRow) -> [String; REQUEST_CSV_COLUMNS.len()] {
    let request = &row.request;
    let reached = |stage| row.reached_at(stage).unwrap_or_default().to_owned();
    let experts: Vec<String> = row.experts.iter().map(|(name, days)| format!("{name} ({days})")).collect();
    [
        request.reference.clone(),
        request.institution.clone(),
        request.requester.clone(),
        request.region.clone().unwrap_or_default(),
        request.stage.as_str().to_owned(),
        request.submitted_at.clone(),
        row.joint_governments.join(";"),
        row.endorsements_given.to_string(),
        row.endorsements_asked.to_string(),
        row.typology.clone().unwrap_or_default(),
        row.topics.join(";"),
        reached(Stage::ConceptNote),
        reached(Stage::TaFiche),
        reached(Stage::BaselineAssessment),
        reached(Stage::TaIntervention),
        reached(Stage::Completed),
        row.activities_planned.to_string(),
        row.activities_held.to_string(),
        row.first_held.clone().unwrap_or_default(),
        row.last_held.clone().unwrap_or_default(),
        row.people_reached.to_string(),
        experts.join(";"),
        row.experts.iter().map(|(_, days)| days).sum::<i64>().to_string(),
    ]
}

/// The back office's requests as CSV.
pub fn requests_to_csv(rows: &[RequestExportRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(REQUEST_CSV_COLUMNS)?;
    for row in rows {
        write_inert(&mut writer, request_cells(row).iter().map(String::as_str))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The back office's requests as an Excel workbook: the CSV's columns, a frozen header row
/// with filters, counts as numbers and every text as text (never run as a formula).
pub fn requests_to_xlsx(rows: &[RequestExportRow]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Requests")?;
    let bold = Format::new().set_bold();
    for (column, name) in (0u16..).zip(REQUEST_CSV_COLUMNS) {
        sheet.write_string_with_format(0, column, name, &bold)?;
    }
    for (line, row) in (1u32..).zip(rows) {
        for ((column, name), cell) in (0u16..).zip(REQUEST_CSV_COLUMNS).zip(request_cells(row)) {
            match cell.parse::<i64>() {
                Ok(number) if REQUEST_NUMBER_COLUMNS.contains(&name) => {
                    sheet.write_number(line, column, number as f64)?;
                }
                _ if cell.is_empty() => {}
                _ => {
                    sheet.write_string(line, column, &cell)?;
                }
            }
        }
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, (REQUEST_CSV_COLUMNS.len() - 1) as u16)?;
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// Columns of the staff export of a call's applications and their standing.
pub const GRANT_CSV_COLUMNS: [&str; 12] = [
    "reference",
    "status",
    "organisation",
    "project",
    "countries",
    "total_eur",
    "requested_eur",
    "first_submitted_at",
    "average_score",
    "score_spread",
    "reviews_scored",
    "reviews_missing",
];

/// A call's applications as CSV: codes and plain numbers (euros with two decimals, scores
/// out of 100 with one), so spreadsheets sort and sum them.
pub fn grant_applications_to_csv(rows: &[crate::domain::grant::ApplicationRow]) -> Result<Vec<u8>, csv::Error> {
    let euros = |cents: i64| format!("{}.{:02}", cents / 100, cents % 100);
    let points = |tenths: u32| format!("{}.{}", tenths / 10, tenths % 10);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(GRANT_CSV_COLUMNS)?;
    for row in rows {
        write_inert(
            &mut writer,
            [
                row.reference.as_str(),
                row.status.as_str(),
                &row.legal_name,
                &row.project_title,
                &row.countries.join(" "),
                &euros(row.total_cents),
                &euros(row.requested_cents),
                &row.submitted_at,
                &row.average_tenths.map(points).unwrap_or_default(),
                &if row.reviews > 1 { points(row.spread_tenths) } else { String::new() },
                &row.reviews.to_string(),
                &row.missing.to_string(),
            ],
        )?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
