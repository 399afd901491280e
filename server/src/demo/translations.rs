//! Demo translations of published interventions, entered through the same rules staff use:
//! Portuguese for Angola and Cabo Verde, Spanish for the Dominican Republic. Every other
//! intervention shows readers of those languages the English text, with a notice.

use app::db::{intervention_texts, Pool};
use app::domain::form::RawForm;
use app::domain::ta_request::check;
use app::domain::text::{Original, TranslationsForm};
use sqlx::Row;

/// (intervention, [(field, text)]).
const TRANSLATIONS: [(&str, &[(&str, &str)]); 3] = [
    (
        "mieux-angola-legislation-asylum",
        &[
            ("title_pt", "Angola: Desenvolvimento da Legislação sobre Migração e Asilo"),
            (
                "objective_pt",
                "A assistência técnica do MIEUX em Angola apoiou o processo de desenvolvimento legislativo, através da prestação de serviços de aconselhamento jurídico e de instrumentos práticos para melhorar o quadro jurídico nacional aplicável. A ação centrou-se, em especial, na redação da Lei Nacional do Asilo.",
            ),
            (
                "summary_pt",
                "Em março de 2010, realizou-se em Luanda uma missão de avaliação destinada a analisar o quadro jurídico existente em matéria de migração e asilo, a sua coerência e compatibilidade com as normas internacionais e o grau de aplicação da legislação nacional. Foi redigido o relatório «Quadro Institucional e Jurídico da Migração e do Asilo em Angola», com um conjunto de recomendações de melhoria e dos passos a seguir.\n\nEm julho de 2010, foi organizado o «Seminário sobre o Desenvolvimento da Legislação em Matéria de Migração», com o objetivo de apresentar essas recomendações e de oferecer uma plataforma nacional de diálogo sobre temas específicos, como o direito dos refugiados e o tráfico de seres humanos. O evento reuniu participantes das autoridades do governo central e regional, bem como dos vários ministérios envolvidos na gestão das migrações. Foi adotado um conjunto de recomendações finais para as ações futuras.",
            ),
        ],
    ),
    (
        "mieux-cabo-verde-1-immigration-strategy",
        &[
            ("title_pt", "Cabo Verde I: Elaboração da Estratégia Nacional de Imigração e do Plano de Ação"),
            (
                "objective_pt",
                "O MIEUX apoiou a elaboração da Estratégia Nacional de Imigração no âmbito da Parceria para a Mobilidade entre a UE e Cabo Verde.",
            ),
            (
                "summary_pt",
                "Em fevereiro de 2010, realizou-se na Praia o Seminário sobre Gestão das Migrações e Elaboração de Políticas Migratórias, que reuniu representantes de várias instituições governamentais, ONG e do meio académico ligados à migração. O seminário precedeu uma missão de avaliação, cujas conclusões serviram de base à Estratégia Nacional de Imigração (ENI). Seguiram-se duas missões, em setembro e novembro de 2010, para melhorar e consolidar o projeto de ENI através de uma série de consultas às autoridades e partes interessadas. Após a aprovação da Estratégia em outubro de 2011, a segunda fase da ação começou com a sua apresentação e um seminário sobre a elaboração do Plano Nacional de Ação sobre Imigração, que permitiu aos especialistas recolher informação sobre a evolução recente da imigração e refletir sobre o conteúdo e a estrutura do plano. A atividade final, na Praia em fevereiro de 2013, apresentou às autoridades nacionais o plano de ação final para a execução da Estratégia. Foram destacados para esta ação especialistas das administrações nacionais cabo-verdiana, neerlandesa, finlandesa e francesa.",
            ),
        ],
    ),
    (
        "acpeu-nsa-national-dominican-republic",
        &[
            ("title_es", "Proyecto nacional de un actor no estatal: República Dominicana"),
            (
                "summary_es",
                "Iniciativa a pequeña escala de un actor no estatal en la República Dominicana, vinculada al tema de la asistencia técnica que la Acción ACP-UE sobre Migración prestó en el país.",
            ),
        ],
    ),
];

/// Adds the demo translations when no intervention has any yet; returns how many
/// interventions were translated.
pub async fn seed_translations(pool: &Pool, now: &str) -> anyhow::Result<usize> {
    let existing: i64 =
        sqlx::query("SELECT COUNT(*) FROM intervention_translations").fetch_one(pool).await?.try_get(0)?;
    if existing > 0 {
        return Ok(0);
    }
    let mut translated = 0;
    for (slug, fields) in TRANSLATIONS {
        let row =
            sqlx::query("SELECT objective FROM interventions WHERE slug = $1").bind(slug).fetch_optional(pool).await?;
        let Some(row) = row else { continue };
        let original = Original { has_objective: row.try_get::<Option<String>, _>(0)?.is_some() };
        let form = check::<TranslationsForm>(&RawForm::from_pairs(fields.iter().copied()), &original)
            .map_err(|errors| anyhow::anyhow!("demo translation of {slug} fails its own rules: {errors:?}"))?;
        intervention_texts::save(pool, slug, &form.texts(original), "system", now).await?;
        translated += 1;
    }
    Ok(translated)
}
