//! Longitude/latitude to SVG coordinates: an equirectangular projection of the band that
//! holds the ACP states, from the Caribbean (100°W) east across Africa to the Pacific (150°W,
//! written 210°E so the Pacific is not cut in two at the antimeridian, and Kiribati's Line
//! Islands and the Cook Islands are inside).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// An axis-aligned rectangle in projected units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl BBox {
    pub fn point(x: f64, y: f64) -> BBox {
        BBox { min_x: x, min_y: y, max_x: x, max_y: y }
    }
    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }
    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }
    pub fn union(self, o: BBox) -> BBox {
        BBox {
            min_x: self.min_x.min(o.min_x),
            min_y: self.min_y.min(o.min_y),
            max_x: self.max_x.max(o.max_x),
            max_y: self.max_y.max(o.max_y),
        }
    }
    pub fn intersects(&self, o: &BBox) -> bool {
        self.min_x <= o.max_x && o.min_x <= self.max_x && self.min_y <= o.max_y && o.min_y <= self.max_y
    }
    #[cfg(test)]
    pub fn contains(&self, o: &BBox) -> bool {
        self.min_x <= o.min_x && self.min_y <= o.min_y && self.max_x >= o.max_x && self.max_y >= o.max_y
    }

    /// Grows the box by `margin` on each side, to at least `min_size`, to the view's aspect
    /// ratio (so a zoomed map keeps the page layout), and keeps it inside the view.
    pub fn padded_to_aspect(self, margin: f64, min_size: f64, view: &BBox) -> BBox {
        let aspect = view.width() / view.height();
        let mut w = (self.width() + 2.0 * margin).max(min_size);
        let mut h = (self.height() + 2.0 * margin).max(min_size);
        if w / h > aspect {
            h = w / aspect;
        } else {
            w = h * aspect;
        }
        w = w.min(view.width());
        h = h.min(view.height());
        let cx = (self.min_x + self.max_x) / 2.0;
        let cy = (self.min_y + self.max_y) / 2.0;
        let min_x = (cx - w / 2.0).clamp(view.min_x, view.max_x - w);
        let min_y = (cy - h / 2.0).clamp(view.min_y, view.max_y - h);
        BBox { min_x, min_y, max_x: min_x + w, max_y: min_y + h }
    }

    /// The `viewBox` attribute value, in whole units.
    pub fn view_box(&self) -> String {
        format!("{:.0} {:.0} {:.0} {:.0}", self.min_x, self.min_y, self.width(), self.height())
    }
}

/// The map's projection: `scale` units per degree, origin at (`west`, `north`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    pub west: f64,
    pub east: f64,
    pub north: f64,
    pub south: f64,
    pub scale: f64,
}

impl Projection {
    /// The ACP band: 100°W to 150°W (210°E), 38°N to 48°S, ten units per degree.
    pub fn acp() -> Projection {
        Projection { west: -100.0, east: 210.0, north: 38.0, south: -48.0, scale: 10.0 }
    }

    /// The whole map in projected units.
    pub fn view(&self) -> BBox {
        BBox {
            min_x: 0.0,
            min_y: 0.0,
            max_x: (self.east - self.west) * self.scale,
            max_y: (self.north - self.south) * self.scale,
        }
    }

    /// Projects one position; longitudes west of the band are moved a turn east.
    pub fn point(&self, lon: f64, lat: f64) -> (f64, f64) {
        let lon = if lon < self.west { lon + 360.0 } else { lon };
        ((lon - self.west) * self.scale, (self.north - lat) * self.scale)
    }

    /// Compact SVG path data for a Polygon or MultiPolygon, and its projected bounds.
    /// Rings wholly outside the band are dropped; points are rounded to whole units and
    /// repeated points removed, so islands smaller than a unit vanish (they get dots).
    pub fn path(&self, geometry: &Json) -> (String, Option<BBox>) {
        let polygons: Vec<&Json> = match geometry["type"].as_str() {
            Some("Polygon") => vec![&geometry["coordinates"]],
            Some("MultiPolygon") => geometry["coordinates"].as_array().map(|p| p.iter().collect()).unwrap_or_default(),
            _ => Vec::new(),
        };
        let view = self.view();
        let mut out = String::new();
        let mut bounds: Option<BBox> = None;
        for ring in polygons.iter().filter_map(|p| p.as_array()).flatten() {
            let positions: Vec<(f64, f64)> = ring
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                .collect();
            // A ring lying wholly west of the band belongs to its eastern end (the Pacific).
            let shift = if positions.iter().all(|&(lon, _)| lon < self.west) { 360.0 } else { 0.0 };
            let mut points: Vec<(i64, i64)> = Vec::with_capacity(positions.len());
            for &(lon, lat) in &positions {
                let x = ((lon + shift - self.west) * self.scale).round() as i64;
                let y = ((self.north - lat) * self.scale).round() as i64;
                if points.last() != Some(&(x, y)) {
                    points.push((x, y));
                }
            }
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            if points.len() < 3 {
                continue;
            }
            let ring_box = points.iter().fold(BBox::point(points[0].0 as f64, points[0].1 as f64), |b, &(x, y)| {
                b.union(BBox::point(x as f64, y as f64))
            });
            if !ring_box.intersects(&view) {
                continue;
            }
            bounds = Some(bounds.map_or(ring_box, |b| b.union(ring_box)));
            write_ring(&mut out, &points);
        }
        (out, bounds)
    }
}

/// Writes `M x y l dx dy ... z` with relative steps and no needless separators.
fn write_ring(out: &mut String, points: &[(i64, i64)]) {
    let (x0, y0) = points[0];
    let _ = write!(out, "M{x0}");
    push_number(out, y0);
    out.push('l');
    let mut first = true;
    for pair in points.windows(2) {
        let (dx, dy) = (pair[1].0 - pair[0].0, pair[1].1 - pair[0].1);
        if !first {
            push_number(out, dx);
        } else {
            let _ = write!(out, "{dx}");
            first = false;
        }
        push_number(out, dy);
    }
    out.push('z');
}

/// A negative number's minus sign separates it from the previous one; others need a space.
fn push_number(out: &mut String, n: i64) {
    if n >= 0 {
        out.push(' ');
    }
    let _ = write!(out, "{n}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_north_west_corner_is_the_origin() {
        let p = Projection::acp();
        assert_eq!(p.point(-100.0, 38.0), (0.0, 0.0));
        assert_eq!(p.point(0.0, 0.0), (1000.0, 380.0));
    }

    #[test]
    fn pacific_longitudes_west_of_the_band_wrap_to_its_eastern_end() {
        let p = Projection::acp();
        let (samoa_x, _) = p.point(-171.75, -13.83);
        let (fiji_x, _) = p.point(178.44, -18.14);
        assert!(samoa_x > fiji_x, "Samoa lies east of Fiji on the map");
        assert!(samoa_x <= p.view().max_x);
    }

    #[test]
    fn a_ring_becomes_relative_steps_without_the_closing_point() {
        let p = Projection::acp();
        let square = serde_json::json!({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,-1],[0,-1],[0,0]]]});
        let (path, bounds) = p.path(&square);
        assert_eq!(path, "M1000 380l10 0 0 10-10 0z");
        assert_eq!(bounds, Some(BBox { min_x: 1000.0, min_y: 380.0, max_x: 1010.0, max_y: 390.0 }));
    }

    #[test]
    fn rings_outside_the_band_are_dropped() {
        let p = Projection::acp();
        let greenland = serde_json::json!({"type":"Polygon","coordinates":[[[-50,70],[-30,70],[-30,80],[-50,70]]]});
        assert_eq!(p.path(&greenland), (String::new(), None));
    }

    #[test]
    fn a_ring_split_at_the_antimeridian_lands_beside_its_other_half() {
        let p = Projection::acp();
        let east_half = serde_json::json!({"type":"Polygon","coordinates":[[[179,-17],[180,-17],[180,-16],[179,-17]]]});
        let west_half =
            serde_json::json!({"type":"Polygon","coordinates":[[[-180,-17],[-179,-17],[-180,-16],[-180,-17]]]});
        let (_, a) = p.path(&east_half);
        let (_, b) = p.path(&west_half);
        assert_eq!(a.unwrap().max_x, b.unwrap().min_x);
    }

    #[test]
    fn a_frame_keeps_the_view_aspect_and_stays_inside_it() {
        let view = Projection::acp().view();
        let frame = BBox::point(10.0, 10.0).padded_to_aspect(50.0, 2.0, &view);
        assert!((frame.width() / frame.height() - view.width() / view.height()).abs() < 1e-9);
        assert!(view.contains(&frame));
    }
}
