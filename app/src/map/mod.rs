//! The map of ACP states, drawn on the server. Country outlines are projected once at start
//! into an SVG sprite (`/map/{hash}.svg`, cached for a year); pages draw each country with
//! `<use href="sprite#ISO3">`, so a page carries only its shading and links, not outlines.

pub mod projection;

use std::collections::HashMap;
use std::fmt::Write as _;

use projection::{BBox, Projection};
use serde_json::Value as Json;

/// Countries narrower and shorter than this (projected units) also get a dot.
const DOT_THRESHOLD: f64 = 14.0;

/// The projected outlines, ready to serve and to reference.
#[derive(Clone, Debug)]
pub struct MapSprite {
    /// The sprite document: one `<path id="ISO3">` per ACP state, `id="land"` for the rest.
    pub svg: String,
    /// Content hash, part of the sprite's URL so a change is fetched anew.
    pub hash: String,
    /// Projected bounding box of each ACP state's outline.
    pub bounds: HashMap<String, BBox>,
    /// Projected point (capital) of every ACP state, for dots and regional zooms.
    pub points: HashMap<String, (f64, f64)>,
    pub projection: Projection,
}

impl MapSprite {
    /// Builds the sprite from a GeoJSON FeatureCollection whose features have `id` = ISO3 and
    /// `properties.acp`, plus the capital coordinates of each ACP state.
    pub fn build(geojson: &str, capitals: &[(String, f64, f64)]) -> Result<MapSprite, serde_json::Error> {
        let projection = Projection::acp();
        let collection: Json = serde_json::from_str(geojson)?;
        let mut svg = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg">"#);
        let mut land = String::new();
        let mut bounds = HashMap::new();
        for feature in collection["features"].as_array().into_iter().flatten() {
            let iso3 = feature["id"].as_str().unwrap_or_default();
            let is_acp = feature["properties"]["acp"].as_bool().unwrap_or(false);
            let (path, bbox) = projection.path(&feature["geometry"]);
            if is_acp {
                if let Some(bbox) = bbox {
                    bounds.insert(iso3.to_owned(), bbox);
                }
                let _ = write!(svg, r#"<path id="{iso3}" d="{path}"/>"#);
            } else {
                land.push_str(&path);
            }
        }
        let _ = write!(svg, r#"<path id="land" d="{land}"/></svg>"#);
        let points = capitals.iter().map(|(iso3, lat, lon)| (iso3.clone(), projection.point(*lon, *lat))).collect();
        Ok(MapSprite { hash: content_hash(svg.as_bytes()), svg, bounds, points, projection })
    }

    /// Whether an ACP state is too small to see or click as an outline.
    pub fn needs_dot(&self, iso3: &str) -> bool {
        self.bounds.get(iso3).is_none_or(|b| b.width() < DOT_THRESHOLD && b.height() < DOT_THRESHOLD)
    }

    /// The frame that shows all of `countries` with some margin, or the whole map.
    pub fn frame_around<'a>(&self, countries: impl IntoIterator<Item = &'a str>) -> BBox {
        let mut frame: Option<BBox> = None;
        for iso3 in countries {
            let point = self.points.get(iso3).map(|&(x, y)| BBox::point(x, y));
            for b in [self.bounds.get(iso3).copied(), point].into_iter().flatten() {
                frame = Some(frame.map_or(b, |f| f.union(b)));
            }
        }
        match frame {
            // At least 30 degrees across, so a small state is seen with its neighbours.
            Some(f) => f.padded_to_aspect(60.0, 300.0, &self.projection.view()),
            None => self.projection.view(),
        }
    }
    /// The frame of one panel of the whole map: every outline and capital of `countries` and
    /// the `points` (organisations' seats inside the map), with `margin` on every side, in
    /// the panel's own proportions.
    pub fn panel_frame<'a>(
        &self,
        countries: impl IntoIterator<Item = &'a str>,
        points: impl IntoIterator<Item = (f64, f64)>,
        margin: f64,
    ) -> BBox {
        let view = self.projection.view();
        let mut boxes: Vec<BBox> = Vec::new();
        for iso3 in countries {
            boxes.extend(self.bounds.get(iso3).copied());
            boxes.extend(self.points.get(iso3).map(|&(x, y)| BBox::point(x, y)));
        }
        boxes.extend(points.into_iter().map(|(x, y)| BBox::point(x, y)).filter(|b| b.intersects(&view)));
        match boxes.into_iter().reduce(BBox::union) {
            Some(b) => BBox {
                min_x: b.min_x - margin,
                min_y: b.min_y - margin,
                max_x: b.max_x + margin,
                max_y: b.max_y + margin,
            },
            None => view,
        }
    }
}

/// FNV-1a, 64 bits: enough to tell two sprites apart; not a security hash.
fn content_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The portal's own outlines and the ACP states' capitals and regions, as served.
    #[cfg(feature = "ssr")]
    fn acp_sprite() -> (MapSprite, Vec<(String, String, f64, f64)>) {
        let countries: serde_json::Value =
            serde_json::from_str(include_str!("../../../seed/acp_countries.json")).expect("the seed is JSON");
        let states: Vec<(String, String, f64, f64)> = countries["countries"]
            .as_array()
            .expect("a list of countries")
            .iter()
            .map(|c| {
                let text = |key: &str| c[key].as_str().expect("text").to_owned();
                (text("iso3"), text("region"), c["lat"].as_f64().expect("lat"), c["lon"].as_f64().expect("lon"))
            })
            .collect();
        let capitals: Vec<(String, f64, f64)> =
            states.iter().map(|(iso3, _, lat, lon)| (iso3.clone(), *lat, *lon)).collect();
        (MapSprite::build(ACP_MAP_GEOJSON, &capitals).expect("the outlines are GeoJSON"), states)
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn every_acp_capital_and_its_markers_lie_inside_the_map_and_its_region_panel() {
        use crate::components::map_view::Panel;
        let (sprite, states) = acp_sprite();
        let view = sprite.projection.view();
        // The largest marker reaches this far from a capital: a project's ring beside it.
        let reach = 9.0 * 2.2 + 9.0 * 1.2;
        for panel in Panel::ALL {
            let members: Vec<&(String, String, f64, f64)> =
                states.iter().filter(|s| Panel::of_region(&s.1) == panel).collect();
            let frame = sprite.panel_frame(members.iter().map(|s| s.0.as_str()), [], 45.0);
            for (iso3, _, _, _) in members {
                let (x, y) = sprite.points[iso3];
                let marker = BBox { min_x: x - reach, min_y: y - reach, max_x: x + reach, max_y: y + reach };
                assert!(view.contains(&BBox::point(x, y)), "{iso3} lies outside the map");
                assert!(frame.contains(&marker), "{iso3}'s markers fall off the {panel:?} panel");
            }
        }
    }

    const TWO_COUNTRIES: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","id":"KEN","properties":{"acp":true},"geometry":{"type":"Polygon","coordinates":[[[34,-4],[41,-4],[41,5],[34,5],[34,-4]]]}},
      {"type":"Feature","id":"MAR","properties":{"acp":false},"geometry":{"type":"MultiPolygon","coordinates":[[[[-10,28],[-1,28],[-1,35],[-10,35],[-10,28]]]]}},
      {"type":"Feature","id":"TUV","properties":{"acp":true},"geometry":{"type":"Polygon","coordinates":[[[179.2,-8.5],[179.21,-8.5],[179.21,-8.51],[179.2,-8.5]]]}}
    ]}"#;

    #[test]
    fn acp_states_get_their_own_path_and_the_rest_is_background_land() {
        let sprite = MapSprite::build(TWO_COUNTRIES, &[]).unwrap();
        assert!(sprite.svg.contains(r#"<path id="KEN" d="M"#));
        assert!(!sprite.svg.contains("MAR"));
        assert!(sprite.svg.contains(r#"<path id="land" d="M"#));
    }

    #[test]
    fn tiny_island_states_are_marked_for_a_dot() {
        let sprite = MapSprite::build(TWO_COUNTRIES, &[("TUV".into(), -8.52, 179.2)]).unwrap();
        assert!(sprite.needs_dot("TUV"));
        assert!(!sprite.needs_dot("KEN"));
    }

    #[test]
    fn the_hash_changes_with_the_content() {
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"a").len(), 16);
    }

    #[test]
    fn a_frame_around_one_country_is_smaller_than_the_whole_map() {
        let sprite = MapSprite::build(TWO_COUNTRIES, &[]).unwrap();
        let frame = sprite.frame_around(["KEN"]);
        let view = sprite.projection.view();
        assert!(frame.width() < view.width());
        assert!(frame.contains(&sprite.bounds["KEN"]));
    }
}

/// The outlines the portal ships with (Natural Earth, public domain; see `seed/`).
#[cfg(feature = "ssr")]
pub const ACP_MAP_GEOJSON: &str = include_str!("../../../seed/acp_map.geojson");
