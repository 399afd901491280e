//! IATI 2.03 (iatistandard.org): every public intervention as an activity, children of one
//! programme-level activity, and the publisher's organisation file. A TA of the portal's own
//! also carries its stage as its status, its planned and actual dates, its SDG targets, its
//! public documents and its results (baseline, target and achieved values). Server only.
//! The element order follows the 2.03 schema's sequences; `server/tests/api/iati.rs` validates the output
//! against the official XSD with xmllint.

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::domain::filters::Dimension;
use crate::domain::intervention::{InterventionSummary, ReportedIntervention, TaProgress, NSA_COMPONENT};
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{Achieved, FicheIndicator};
use crate::domain::taxonomy::{Taxonomy, Term};
use crate::domain::text::LocalText;
use crate::i18n::Locale;

/// Who publishes: the reporting organisation (its IATI organisation identifier, name and
/// IATI organisation type), the funder, and the portal's address for links.
#[derive(Clone, Debug, PartialEq)]
pub struct Publisher {
    pub org_ref: String,
    pub org_name: String,
    pub org_type: String,
    pub funder_ref: String,
    pub funder_name: String,
    pub base_url: String,
}

impl Publisher {
    /// The programme-level activity every intervention is a child of.
    pub fn programme_identifier(&self) -> String {
        format!("{}-PROGRAMME", self.org_ref)
    }

    /// An intervention's activity identifier: the organisation's identifier and the
    /// intervention's reference (its slug, upper-cased: `TA-2026-0042` for a request), which
    /// the portal never gives to another intervention.
    pub fn activity_identifier(&self, slug: &str) -> String {
        format!("{}-{}", self.org_ref, slug.to_uppercase())
    }
}

/// OECD DAC sector: facilitation of orderly, safe, regular and responsible migration.
const DAC_MIGRATION_SECTOR: &str = "15190";
/// IATI organisation types: government, multilateral, national NGO, regional NGO.
const ORG_GOVERNMENT: &str = "10";
const ORG_MULTILATERAL: &str = "40";
const ORG_NATIONAL_NGO: &str = "22";
const ORG_REGIONAL_NGO: &str = "23";
/// Where a country's point stands: its capital, so only approximately where work happened.
const EXACTNESS_APPROXIMATE: &str = "2";
const LOCATION_CLASS_ADMINISTRATIVE: &str = "1";
const WGS84: &str = "http://www.opengis.net/def/crs/EPSG/0/4326";
/// IATI tag vocabulary 3: the UN Sustainable Development Goals' targets (`10.7`); the
/// codelists, versioned apart from the schema, added it after the 2.03 schema came out.
const SDG_TARGETS: &str = "3";
/// IATI result type 1 (output: what the TA delivers) and indicator measure 1 (a unit count).
const RESULT_OUTPUT: &str = "1";
const MEASURE_UNIT: &str = "1";

/// The IATI activity status of a portal status.
fn activity_status(status: &str) -> &'static str {
    match status {
        "requested" => "1",
        "ongoing" => "2",
        _ => "3",
    }
}

/// The OECD DAC region (IATI region vocabulary 1) an ACP region lies in.
fn dac_region(region: &str) -> &'static str {
    match region {
        "Caribbean" => "380",
        "Pacific" => "889",
        _ => "289",
    }
}

/// `total` hundredths shared as evenly as possible, as percentages with two decimals; the
/// last share takes the rounding, so they add up to exactly 100.
fn shares(count: usize) -> Vec<String> {
    let count_u32 = u32::try_from(count.max(1)).unwrap_or(u32::MAX);
    let each = 10_000 / count_u32;
    (0..count_u32)
        .map(|i| if i + 1 == count_u32 { 10_000 - each * (count_u32 - 1) } else { each })
        .map(|hundredths| format!("{}.{:02}", hundredths / 100, hundredths % 100))
        .collect()
}

/// `YYYY-MM` or `YYYY` as the first day (`start`) or the last day of that period.
fn iso_date(month: &str, start: bool) -> Option<String> {
    let year: i32 = month.get(..4)?.parse().ok()?;
    let month_number: u8 = match month.get(5..7) {
        Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
        None if start => 1,
        None => 12,
    };
    if start {
        return Some(format!("{year:04}-{month_number:02}-01"));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = match month_number {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(format!("{year:04}-{month_number:02}-{last}"))
}

/// A thin layer over quick-xml's writer (which escapes text and attributes).
struct Xml(Writer<Vec<u8>>);

impl Xml {
    fn new() -> io::Result<Xml> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Xml(writer))
    }

    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.0.write_event(Event::Start(BytesStart::new(name).with_attributes(attributes.iter().copied())))
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.0.write_event(Event::End(BytesEnd::new(name)))
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.0.write_event(Event::Empty(BytesStart::new(name).with_attributes(attributes.iter().copied())))
    }

    fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.open(name, attributes)?;
        self.0.write_event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }

    /// A narrative in the document's language (English).
    fn narrative(&mut self, text: &str) -> io::Result<()> {
        self.text("narrative", &[], text)
    }

    /// One narrative per language: (language code, text). The document's own language
    /// (English) carries no `xml:lang`.
    fn narratives<'a>(&mut self, texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> io::Result<()> {
        for (language, text) in texts {
            if language == Locale::En.code() {
                self.narrative(text)?;
            } else {
                self.text("narrative", &[("xml:lang", language)], text)?;
            }
        }
        Ok(())
    }

    /// One narrative per language a vocabulary term is named in.
    fn term_narratives(&mut self, term: Option<&Term>, code: &str) -> io::Result<()> {
        let Some(term) = term else { return self.narrative(code) };
        self.narratives(term.labels.iter().map(|(locale, label)| (locale.code(), label.as_str())))
    }

    /// An element holding narratives only (`title`, `name`, a `description`).
    fn with_narrative(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.open(name, attributes)?;
        self.narrative(text)?;
        self.close(name)
    }

    fn organisation(
        &mut self,
        name: &str,
        role: Option<&str>,
        org_ref: &str,
        org_type: &str,
        label: &str,
    ) -> io::Result<()> {
        let mut attributes = Vec::with_capacity(3);
        if !org_ref.is_empty() {
            attributes.push(("ref", org_ref));
        }
        if let Some(role) = role {
            attributes.push(("role", role));
        }
        attributes.push(("type", org_type));
        self.with_narrative(name, &attributes, label)
    }

    fn finish(self) -> Vec<u8> {
        let mut bytes = self.0.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

/// The activities file: the programme, then each intervention in `items`.
pub fn activities(
    items: &[ReportedIntervention],
    taxonomy: &Taxonomy,
    publisher: &Publisher,
    generated_at: &str,
) -> io::Result<Vec<u8>> {
    let mut xml = Xml::new()?;
    xml.open("iati-activities", &[("version", "2.03"), ("generated-datetime", generated_at)])?;
    programme_activity(&mut xml, items, publisher, generated_at)?;
    for item in items {
        intervention_activity(&mut xml, item, taxonomy, publisher)?;
    }
    xml.close("iati-activities")?;
    Ok(xml.finish())
}

fn reporting_org(xml: &mut Xml, publisher: &Publisher) -> io::Result<()> {
    xml.organisation("reporting-org", None, &publisher.org_ref, &publisher.org_type, &publisher.org_name)
}

fn programme_activity(
    xml: &mut Xml,
    items: &[ReportedIntervention],
    publisher: &Publisher,
    generated_at: &str,
) -> io::Result<()> {
    let updated = items.iter().map(|i| i.updated_at.as_str()).max().unwrap_or(generated_at);
    xml.open("iati-activity", &[("last-updated-datetime", updated), ("xml:lang", "en"), ("hierarchy", "1")])?;
    xml.text("iati-identifier", &[], &publisher.programme_identifier())?;
    reporting_org(xml, publisher)?;
    xml.open("title", &[])?;
    xml.narrative("Demand-driven technical assistance on migration for ACP states")?;
    xml.text(
        "narrative",
        &[("xml:lang", "fr")],
        "Assistance technique à la demande sur les migrations pour les États ACP",
    )?;
    xml.close("title")?;
    xml.with_narrative(
        "description",
        &[("type", "1")],
        "ACP ministries and regional organisations ask for short expert assistance on migration (technical \
         assistance), and non-state actors receive grants for projects; each is a child activity of this one.",
    )?;
    xml.organisation("participating-org", Some("1"), &publisher.funder_ref, ORG_MULTILATERAL, &publisher.funder_name)?;
    xml.organisation("participating-org", Some("4"), &publisher.org_ref, &publisher.org_type, &publisher.org_name)?;
    xml.empty("activity-status", &[("code", "2")])?;
    let first_start = items.iter().filter_map(|i| i.summary.start.as_deref()).min();
    let start = first_start.and_then(|month| iso_date(month, true)).unwrap_or_else(|| generated_at[..10].to_owned());
    xml.empty("activity-date", &[("type", "2"), ("iso-date", &start)])?;
    xml.empty("activity-scope", &[("code", "2")])?;
    // The programme's regions, weighted by how many of its interventions each holds.
    let mut regions: Vec<(&str, usize)> = Vec::new();
    for item in items {
        let code = dac_region(&item.summary.region);
        match regions.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => regions.push((code, 1)),
        }
    }
    regions.sort();
    for ((code, _), percentage) in regions.iter().zip(weighted_shares(&regions)) {
        xml.empty("recipient-region", &[("code", code), ("vocabulary", "1"), ("percentage", &percentage)])?;
    }
    xml.empty("sector", &[("vocabulary", "1"), ("code", DAC_MIGRATION_SECTOR), ("percentage", "100")])?;
    xml.empty("default-aid-type", &[("code", "D02"), ("vocabulary", "1")])?;
    document_link(xml, &format!("{}/interventions", publisher.base_url), "Map of the interventions")?;
    for item in items {
        let child = publisher.activity_identifier(&item.summary.slug);
        xml.empty("related-activity", &[("ref", &child), ("type", "2")])?;
    }
    xml.close("iati-activity")
}

/// Percentages proportional to `weights` (hundredths, the last taking the rounding).
fn weighted_shares(weights: &[(&str, usize)]) -> Vec<String> {
    let total: usize = weights.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return Vec::new();
    }
    let mut given = 0;
    weights
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let hundredths = if i + 1 == weights.len() { 10_000 - given } else { n * 10_000 / total };
            given += hundredths;
            format!("{}.{:02}", hundredths / 100, hundredths % 100)
        })
        .collect()
}

fn document_link(xml: &mut Xml, url: &str, title: &str) -> io::Result<()> {
    xml.open("document-link", &[("format", "text/html"), ("url", url)])?;
    xml.with_narrative("title", &[], title)?;
    // A12: the activity's web page.
    xml.empty("category", &[("code", "A12")])?;
    xml.empty("language", &[("code", "en")])?;
    xml.close("document-link")
}

/// Who asked for the work and of what kind it is (IATI organisation type).
fn accountable(
    item: &InterventionSummary,
    requesting_entity: Option<&str>,
    taxonomy: &Taxonomy,
) -> Option<(String, &'static str)> {
    let organisation = item.organisation.as_deref();
    let kind = if item.component == NSA_COMPONENT {
        if item.scope == "regional" {
            ORG_REGIONAL_NGO
        } else {
            ORG_NATIONAL_NGO
        }
    } else if organisation.is_some() && item.countries.is_empty() {
        ORG_MULTILATERAL
    } else {
        ORG_GOVERNMENT
    };
    let name = requesting_entity
        .map(str::to_owned)
        .or_else(|| organisation.map(|code| taxonomy.label(Dimension::Organisation, code, Locale::En).to_owned()))?;
    Some((name, kind))
}

fn intervention_activity(
    xml: &mut Xml,
    reported: &ReportedIntervention,
    taxonomy: &Taxonomy,
    publisher: &Publisher,
) -> io::Result<()> {
    let item = &reported.summary;
    xml.open(
        "iati-activity",
        &[("last-updated-datetime", &reported.updated_at), ("xml:lang", "en"), ("hierarchy", "2")],
    )?;
    xml.text("iati-identifier", &[], &publisher.activity_identifier(&item.slug))?;
    reporting_org(xml, publisher)?;
    // Title and general description in the language written, then in each translation.
    let written = item.language.as_str();
    let translated =
        |text: fn(&LocalText) -> &str| reported.translations.iter().map(move |t| (t.locale.as_str(), text(t)));
    xml.open("title", &[])?;
    xml.narratives(std::iter::once((written, item.title.as_str())).chain(translated(|t| &t.title)))?;
    xml.close("title")?;
    let (general_language, general) = match (&reported.description, &reported.objective) {
        (Some(description), _) => (written, description.clone()),
        (None, Some(objective)) => (written, objective.clone()),
        (None, None) => (Locale::En.code(), generated_description(item, taxonomy)),
    };
    xml.open("description", &[("type", "1")])?;
    let summaries = translated(|t| &t.summary).filter(|(language, _)| *language != general_language);
    xml.narratives(std::iter::once((general_language, general.as_str())).chain(summaries))?;
    xml.close("description")?;
    if let (Some(_), Some(objective)) = (&reported.description, &reported.objective) {
        xml.open("description", &[("type", "2")])?;
        let objectives =
            reported.translations.iter().filter_map(|t| Some((t.locale.as_str(), t.objective.as_deref()?)));
        xml.narratives(std::iter::once((written, objective.as_str())).chain(objectives))?;
        xml.close("description")?;
    }

    xml.organisation("participating-org", Some("1"), &publisher.funder_ref, ORG_MULTILATERAL, &publisher.funder_name)?;
    let asked_by = accountable(item, reported.requesting_entity.as_deref(), taxonomy);
    if let Some((name, kind)) = &asked_by {
        xml.organisation("participating-org", Some("2"), "", kind, name)?;
    }
    // A joint TA is asked for by each government with the requester.
    for country in reported.ta.iter().flat_map(|ta| &ta.joint_governments) {
        let name = taxonomy.country(country).map_or(country.as_str(), |c| c.term.label(Locale::En));
        xml.organisation("participating-org", Some("2"), "", ORG_GOVERNMENT, &format!("Government of {name}"))?;
    }
    match &asked_by {
        // A grant's project is carried out by the non-state actor that holds it.
        Some((name, kind)) if item.component == NSA_COMPONENT => {
            xml.organisation("participating-org", Some("4"), "", kind, name)?
        }
        _ => xml.organisation(
            "participating-org",
            Some("4"),
            &publisher.org_ref,
            &publisher.org_type,
            &publisher.org_name,
        )?,
    }

    match &reported.ta {
        Some(ta) => {
            xml.empty("activity-status", &[("code", ta_activity_status(ta))])?;
            ta_activity_dates(xml, ta)?;
        }
        None => {
            xml.empty("activity-status", &[("code", activity_status(&item.status))])?;
            activity_dates(xml, item)?;
        }
    }
    let scope = match (item.scope.as_str(), item.countries.len()) {
        ("national", _) => "4",
        (_, 0 | 1) => "2",
        _ => "3",
    };
    xml.empty("activity-scope", &[("code", scope)])?;

    let countries: Vec<_> = item.countries.iter().filter_map(|c| taxonomy.country(c)).collect();
    if countries.is_empty() {
        xml.empty(
            "recipient-region",
            &[("code", dac_region(&item.region)), ("vocabulary", "1"), ("percentage", "100")],
        )?;
    }
    for (country, percentage) in countries.iter().zip(shares(countries.len())) {
        xml.empty("recipient-country", &[("code", &country.iso2), ("percentage", &percentage)])?;
    }
    for country in &countries {
        xml.open("location", &[])?;
        xml.open("name", &[])?;
        xml.term_narratives(Some(&country.term), &country.term.code)?;
        xml.close("name")?;
        xml.open("point", &[("srsName", WGS84)])?;
        xml.text("pos", &[], &format!("{} {}", country.lat, country.lon))?;
        xml.close("point")?;
        xml.empty("exactness", &[("code", EXACTNESS_APPROXIMATE)])?;
        xml.empty("location-class", &[("code", LOCATION_CLASS_ADMINISTRATIVE)])?;
        xml.close("location")?;
    }

    xml.empty("sector", &[("vocabulary", "1"), ("code", DAC_MIGRATION_SECTOR), ("percentage", "100")])?;
    let topics_uri = format!("{}/data#topics", publisher.base_url);
    for (topic, percentage) in item.topics.iter().zip(shares(item.topics.len())) {
        let attributes = [
            ("vocabulary", "99"),
            ("vocabulary-uri", topics_uri.as_str()),
            ("code", topic),
            ("percentage", &percentage),
        ];
        xml.open("sector", &attributes)?;
        xml.term_narratives(taxonomy.find(Dimension::Topic, topic), topic)?;
        xml.close("sector")?;
    }
    let typologies_uri = format!("{}/data#typologies", publisher.base_url);
    for typology in &item.typologies {
        xml.open("tag", &[("vocabulary", "99"), ("vocabulary-uri", &typologies_uri), ("code", typology)])?;
        xml.term_narratives(taxonomy.find(Dimension::Typology, typology), typology)?;
        xml.close("tag")?;
    }
    let sdg_targets = reported.ta.iter().filter_map(|ta| ta.fiche.frame.as_ref()).flat_map(|f| &f.sdg_targets);
    for target in sdg_targets {
        xml.open("tag", &[("vocabulary", SDG_TARGETS), ("code", target)])?;
        xml.narrative(&format!("SDG target {target}"))?;
        xml.close("tag")?;
    }
    // D02: technical assistance; C01: a project (the grants to non-state actors).
    let aid_type = if item.component == NSA_COMPONENT { "C01" } else { "D02" };
    xml.empty("default-aid-type", &[("code", aid_type), ("vocabulary", "1")])?;
    let page = format!("{}/interventions/{}", publisher.base_url, item.slug);
    document_link(xml, &page, &item.title)?;
    if let Some(ta) = &reported.ta {
        ta_documents(xml, ta, &page)?;
    }
    xml.empty("related-activity", &[("ref", &publisher.programme_identifier()), ("type", "1")])?;
    if let Some(ta) = &reported.ta {
        ta_results(xml, ta)?;
    }
    xml.close("iati-activity")
}

/// IATI activity status of a TA by its stage (published from the intervention on):
/// implementation while it runs; once completed, finalisation until the requester has
/// assessed it (the programme's own evaluation), then closed.
fn ta_activity_status(ta: &TaProgress) -> &'static str {
    match (ta.stage, ta.assessed) {
        (Stage::Completed, true) => "4",
        (Stage::Completed, false) => "3",
        _ => "2",
    }
}

/// The first and last day of the TA's planned activities, as the fiche sets them.
fn planned_span(ta: &TaProgress) -> Option<(&str, &str)> {
    let start = ta.fiche.activities.iter().map(|a| a.starts_on.as_str()).min()?;
    let end = ta.fiche.activities.iter().map(|a| a.ends_on.as_str()).max()?;
    Some((start, end))
}

/// A TA's planned dates (its fiche's activities) and actual ones (the activities carried
/// out; the actual end once completed).
fn ta_activity_dates(xml: &mut Xml, ta: &TaProgress) -> io::Result<()> {
    if let Some((start, end)) = planned_span(ta) {
        xml.empty("activity-date", &[("type", "1"), ("iso-date", start)])?;
        xml.empty("activity-date", &[("type", "3"), ("iso-date", end)])?;
    }
    if let Some(start) = ta.intervention.held.iter().map(|h| h.held_from.as_str()).min() {
        xml.empty("activity-date", &[("type", "2"), ("iso-date", start)])?;
    }
    let ended = ta.intervention.held.iter().map(|h| h.held_to.as_str()).max();
    if let (Stage::Completed, Some(end)) = (ta.stage, ended) {
        xml.empty("activity-date", &[("type", "4"), ("iso-date", end)])?;
    }
    Ok(())
}

/// The TA's public documents, downloadable from its page: the baseline's (a pre-project
/// appraisal, A01) and the intervention's outputs (A08).
fn ta_documents(xml: &mut Xml, ta: &TaProgress, page: &str) -> io::Result<()> {
    let baseline = ta.baseline.documents.iter().map(|d| (d, "A01"));
    let outputs = ta.intervention.outputs.iter().map(|d| (d, "A08"));
    for (document, category) in baseline.chain(outputs).filter(|(d, _)| d.public) {
        xml.open(
            "document-link",
            &[("format", "application/pdf"), ("url", &format!("{page}/documents/{}", document.id))],
        )?;
        xml.with_narrative("title", &[], &document.title)?;
        xml.empty("category", &[("code", category)])?;
        if let Some(day) = document.received_at.get(..10) {
            xml.empty("document-date", &[("iso-date", day)])?;
        }
        xml.close("document-link")?;
    }
    Ok(())
}

/// Each expected result of the fiche, its indicators with their baseline, target and (once
/// recorded) achieved value over the TA's planned period.
fn ta_results(xml: &mut Xml, ta: &TaProgress) -> io::Result<()> {
    for result in &ta.fiche.results {
        xml.open("result", &[("type", RESULT_OUTPUT)])?;
        xml.with_narrative("title", &[], &result.result)?;
        for indicator in &result.indicators {
            ta_indicator(xml, ta, indicator)?;
        }
        xml.close("result")?;
    }
    Ok(())
}

fn ta_indicator(xml: &mut Xml, ta: &TaProgress, indicator: &FicheIndicator) -> io::Result<()> {
    xml.open("indicator", &[("measure", MEASURE_UNIT), ("ascending", "1")])?;
    xml.with_narrative("title", &[], &format!("{} ({})", indicator.indicator, indicator.unit))?;
    xml.with_narrative("description", &[], &format!("Means of verification: {}", indicator.verification))?;
    if let Some(start) = ta.baseline.starting_value(indicator.id) {
        let value = start.value.to_string();
        let year = start.measured_on.get(..4).unwrap_or_default();
        xml.open("baseline", &[("year", year), ("iso-date", &start.measured_on), ("value", &value)])?;
        comment(xml, &format!("Source: {}", start.source))?;
        xml.close("baseline")?;
    }
    if let Some((start, end)) = planned_span(ta) {
        xml.open("period", &[])?;
        xml.empty("period-start", &[("iso-date", start)])?;
        xml.empty("period-end", &[("iso-date", end)])?;
        xml.empty("target", &[("value", &indicator.target.to_string())])?;
        match ta.completion.outcome(indicator.id) {
            Some(Achieved::Measured { value, on, source }) => {
                xml.open("actual", &[("value", &value.to_string())])?;
                comment(xml, &format!("Measured on {on}; source: {source}"))?;
                xml.close("actual")?;
            }
            Some(Achieved::Unmeasured { reason }) => {
                xml.open("actual", &[])?;
                comment(xml, &format!("Not measured: {reason}"))?;
                xml.close("actual")?;
            }
            None => {}
        }
        xml.close("period")?;
    }
    xml.close("indicator")
}

fn comment(xml: &mut Xml, text: &str) -> io::Result<()> {
    xml.with_narrative("comment", &[], text)
}

/// Start and end as IATI dates: planned for a requested intervention, actual otherwise;
/// an intervention with no date carries the date its status was known, and says so.
fn activity_dates(xml: &mut Xml, item: &InterventionSummary) -> io::Result<()> {
    let start = item.start.as_deref().and_then(|m| iso_date(m, true));
    let end = item.end.as_deref().and_then(|m| iso_date(m, false));
    if let Some(start) = &start {
        let kind = if item.status == "requested" { "1" } else { "2" };
        xml.empty("activity-date", &[("type", kind), ("iso-date", start)])?;
    }
    if let Some(end) = &end {
        let kind = if item.status == "completed" { "4" } else { "3" };
        xml.empty("activity-date", &[("type", kind), ("iso-date", end)])?;
    }
    if start.is_none() && end.is_none() {
        let known = iso_date(&item.status_as_of, true).unwrap_or_else(|| "1990-01-01".to_owned());
        xml.open("activity-date", &[("type", "1"), ("iso-date", &known)])?;
        xml.narrative("Dates not recorded: this is the date of the information the status reflects.")?;
        xml.close("activity-date")?;
    }
    Ok(())
}

/// A one-sentence description from the record's facts, for interventions with no text.
fn generated_description(item: &InterventionSummary, taxonomy: &Taxonomy) -> String {
    let label = |dimension, code: &str| taxonomy.label(dimension, code, Locale::En).to_owned();
    let kind = if item.component == NSA_COMPONENT { "Project of a non-state actor" } else { "Technical assistance" };
    let place: Vec<String> = if item.countries.is_empty() {
        item.organisation.iter().map(|o| label(Dimension::Organisation, o)).collect()
    } else {
        item.countries.iter().map(|c| label(Dimension::Country, c)).collect()
    };
    let topics: Vec<String> = item.topics.iter().map(|t| label(Dimension::Topic, t).to_lowercase()).collect();
    let mut sentence = format!("{kind} ({})", item.programme);
    if !place.is_empty() {
        sentence.push_str(&format!(" with {}", place.join(", ")));
    }
    if !topics.is_empty() {
        sentence.push_str(&format!(" on {}", topics.join(", ")));
    }
    sentence.push('.');
    sentence
}

/// The organisation file: the publisher, with a link to the portal's open-data page.
pub fn organisation(publisher: &Publisher, updated_at: &str, generated_at: &str) -> io::Result<Vec<u8>> {
    let mut xml = Xml::new()?;
    xml.open("iati-organisations", &[("version", "2.03"), ("generated-datetime", generated_at)])?;
    xml.open("iati-organisation", &[("last-updated-datetime", updated_at), ("xml:lang", "en")])?;
    xml.text("organisation-identifier", &[], &publisher.org_ref)?;
    xml.with_narrative("name", &[], &publisher.org_name)?;
    reporting_org(&mut xml, publisher)?;
    xml.open("document-link", &[("format", "text/html"), ("url", &format!("{}/data", publisher.base_url))])?;
    xml.with_narrative("title", &[], "Open data: interventions and their field dictionary")?;
    // B01: the organisation's web page.
    xml.empty("category", &[("code", "B01")])?;
    xml.empty("language", &[("code", "en")])?;
    xml.close("document-link")?;
    xml.close("iati-organisation")?;
    xml.close("iati-organisations")?;
    Ok(xml.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_exactly_one_hundred() {
        assert_eq!(shares(1), ["100.00"]);
        assert_eq!(shares(3), ["33.33", "33.33", "33.34"]);
        assert_eq!(weighted_shares(&[("289", 2), ("380", 1)]), ["66.66", "33.34"]);
    }

    #[test]
    fn months_become_the_first_or_last_day() {
        assert_eq!(iso_date("2024-02", false).as_deref(), Some("2024-02-29"));
        assert_eq!(iso_date("2023-02", false).as_deref(), Some("2023-02-28"));
        assert_eq!(iso_date("2016", true).as_deref(), Some("2016-01-01"));
        assert_eq!(iso_date("2016", false).as_deref(), Some("2016-12-31"));
        assert_eq!(iso_date("2016-13", true), None);
    }

    #[test]
    fn identifiers_join_the_organisation_and_the_reference() {
        let publisher = Publisher {
            org_ref: "XI-IATI-DEMO".into(),
            org_name: "Demo".into(),
            org_type: "40".into(),
            funder_ref: String::new(),
            funder_name: "European Union".into(),
            base_url: "https://portal.example".into(),
        };
        assert_eq!(publisher.activity_identifier("ta-2026-0042"), "XI-IATI-DEMO-TA-2026-0042");
        assert_eq!(publisher.programme_identifier(), "XI-IATI-DEMO-PROGRAMME");
    }
}
