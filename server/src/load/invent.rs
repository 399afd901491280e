//! Invented values: names made of syllables (no real person's), texts assembled from the
//! programme's own vocabulary in the reader's language, dates. Every kind of record draws from
//! its own stream of one seed, so the same seed gives the same rows.

use app::domain::taxonomy::Term;
use app::i18n::Locale;
use time::{Date, Duration};

pub struct Invent {
    rng: fastrand::Rng,
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ta", "ru", "be", "no", "sa", "vi", "de", "ko", "la", "ma", "ze", "fi", "po", "ne", "ba", "tu",
    "ri", "go", "ya", "sho", "wen",
];

impl Invent {
    /// The stream `stream` of `seed`: each kind of record has its own.
    pub fn new(seed: u64, stream: u64) -> Invent {
        Invent { rng: fastrand::Rng::with_seed(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)) }
    }

    /// A whole number in `low..=high`.
    pub fn int(&mut self, low: i64, high: i64) -> i64 {
        self.rng.i64(low..=high)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    /// Between `low` and `high` distinct items, in their original order.
    pub fn some<'a, T>(&mut self, items: &'a [T], low: usize, high: usize) -> Vec<&'a T> {
        let wanted = self.rng.usize(low..=high.min(items.len()));
        let mut chosen = self.rng.choose_multiple(0..items.len(), wanted);
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &items[i]).collect()
    }

    /// One of `weighted`, each as likely as its weight.
    pub fn weighted<T: Copy>(&mut self, weighted: &[(T, u32)]) -> T {
        let total: u32 = weighted.iter().map(|(_, w)| w).sum();
        let mut roll = self.rng.u32(..total);
        for (item, weight) in weighted {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        weighted[weighted.len() - 1].0
    }

    /// A word of two to four syllables, such as "kaloru": names and the rare words searches look for.
    pub fn word(&mut self) -> String {
        let count = self.rng.usize(2..=4);
        (0..count).map(|_| *self.pick(&SYLLABLES)).collect()
    }

    /// A name no real person is known by: two invented words, capitalised.
    pub fn person(&mut self) -> String {
        format!("{} {}", capitalised(&self.word()), capitalised(&self.word()))
    }

    /// A day in `from..=to`.
    pub fn day(&mut self, from: Date, to: Date) -> Date {
        let span = (to - from).whole_days().max(0);
        from + Duration::days(self.int(0, span))
    }

    /// A paragraph of `sentences` sentences in `locale` about `topic` in `place`.
    pub fn paragraph(&mut self, locale: Locale, sentences: usize, topic: &Term, place: &str) -> String {
        let templates = match locale {
            Locale::En => &EN_SENTENCES,
            Locale::Fr => &FR_SENTENCES,
            Locale::Pt => &PT_SENTENCES,
            Locale::Es => &ES_SENTENCES,
        };
        let topic = topic.label(locale).to_lowercase();
        (0..sentences)
            .map(|_| {
                let people = self.int(20, 5000).to_string();
                let year = self.int(2008, 2026).to_string();
                let word = self.word();
                self.pick(templates)
                    .replace("{place}", place)
                    .replace("{topic}", &topic)
                    .replace("{people}", &people)
                    .replace("{year}", &year)
                    .replace("{word}", &word)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A title in `locale`: "Ghana: training on labour migration".
    pub fn title(&mut self, locale: Locale, topic: &Term, place: &str) -> String {
        let actions = match locale {
            Locale::En => &["Support to", "Strengthening", "Training on", "A review of", "Dialogue on"],
            Locale::Fr => &["Appui à", "Renforcement de", "Formation sur", "Revue de", "Dialogue sur"],
            Locale::Pt => &["Apoio a", "Reforço de", "Formação sobre", "Revisão de", "Diálogo sobre"],
            Locale::Es => &["Apoyo a", "Fortalecimiento de", "Formación sobre", "Revisión de", "Diálogo sobre"],
        };
        format!("{place}: {} {}", self.pick(actions), topic.label(locale).to_lowercase())
    }

    /// A public body's name in `locale`.
    pub fn institution(&mut self, locale: Locale) -> String {
        let bodies: &[&str] = match locale {
            Locale::En => &[
                "Ministry of Labour",
                "Ministry of the Interior",
                "Department of Immigration",
                "National Statistics Office",
                "Ministry of Foreign Affairs",
                "Diaspora Directorate",
            ],
            Locale::Fr => &[
                "Ministère du Travail",
                "Ministère de l'Intérieur",
                "Direction de l'Immigration",
                "Institut national de la statistique",
                "Ministère des Affaires étrangères",
                "Direction de la diaspora",
            ],
            Locale::Pt => &[
                "Ministério do Trabalho",
                "Ministério do Interior",
                "Serviço de Migração",
                "Instituto Nacional de Estatística",
                "Ministério dos Negócios Estrangeiros",
                "Direção da Diáspora",
            ],
            Locale::Es => &[
                "Ministerio de Trabajo",
                "Ministerio del Interior",
                "Dirección de Migración",
                "Instituto Nacional de Estadística",
                "Ministerio de Asuntos Exteriores",
                "Dirección de la Diáspora",
            ],
        };
        (*self.pick(bodies)).to_owned()
    }
}

pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

const EN_SENTENCES: [&str; 5] = [
    "Experts worked with officials in {place} on {topic}.",
    "About {people} people took part in the activities in {year}.",
    "The partners tested a method they named {word}, to be used beyond the action.",
    "A national workshop compared practice on {topic} with neighbouring states.",
    "The recommendations were adopted by the steering committee in {year}.",
];
const FR_SENTENCES: [&str; 5] = [
    "Des experts ont travaillé avec les autorités de {place} sur le thème {topic}.",
    "Environ {people} personnes ont pris part aux activités en {year}.",
    "Les partenaires ont testé une méthode baptisée {word}, appelée à durer au-delà de l'action.",
    "Un atelier national a comparé les pratiques en matière de {topic} avec les États voisins.",
    "Les recommandations ont été adoptées par le comité de pilotage en {year}.",
];
const PT_SENTENCES: [&str; 5] = [
    "Peritos trabalharam com as autoridades de {place} sobre {topic}.",
    "Cerca de {people} pessoas participaram nas atividades em {year}.",
    "Os parceiros testaram um método chamado {word}, para durar além da ação.",
    "Um seminário nacional comparou as práticas em {topic} com os Estados vizinhos.",
    "As recomendações foram adotadas pelo comité de pilotagem em {year}.",
];
const ES_SENTENCES: [&str; 5] = [
    "Expertos trabajaron con las autoridades de {place} sobre {topic}.",
    "Unas {people} personas participaron en las actividades en {year}.",
    "Los socios probaron un método llamado {word}, pensado para durar más allá de la acción.",
    "Un taller nacional comparó las prácticas en {topic} con los Estados vecinos.",
    "Las recomendaciones fueron adoptadas por el comité directivo en {year}.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_invents_the_same_values_and_streams_differ() {
        let draw = |seed, stream| {
            let mut invent = Invent::new(seed, stream);
            (invent.person(), invent.int(0, 1_000_000), invent.word())
        };
        assert_eq!(draw(7, 1), draw(7, 1));
        assert_ne!(draw(7, 1), draw(7, 2));
        assert_ne!(draw(7, 1), draw(8, 1));
    }

    #[test]
    fn some_picks_distinct_items_within_bounds() {
        let mut invent = Invent::new(1, 1);
        let items = [1, 2, 3, 4, 5];
        for _ in 0..200 {
            let chosen = invent.some(&items, 1, 3);
            assert!((1..=3).contains(&chosen.len()));
            assert!(chosen.windows(2).all(|w| w[0] < w[1]), "distinct, in order: {chosen:?}");
        }
    }
}
