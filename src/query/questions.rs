//! Ready-made questions: the Cypher behind `finkg ask`.

use super::{Engine, QueryError, QueryResult};
use crate::graph::GraphError;

/// Why a question got no answer.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// The entity the question is about is not in the graph
    /// ([`GraphError::UnknownEntity`]).
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// The question's query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// Money units, as metric nodes spell them.
const MONEY: &str = "['CNY', 'USD', 'HKD', 'EUR', 'JPY', 'GBP', 'money']";

/// A question finkg knows how to ask. Those about one entity take its name,
/// alias, ticker or id (as [`KnowledgeGraph::find_entity`](crate::KnowledgeGraph::find_entity) accepts) and
/// pass its id as `$id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Which brokers forecast which companies.
    Forecasts,
    /// Who forecasts this entity.
    WhoForecasts(String),
    /// What this entity outperforms, and what outperforms it.
    Outperforms(String),
    /// Who invests in what, with the money amounts tied to each investor (one
    /// row per amount).
    Invests,
    /// Ratings and targets given to this entity.
    Ratings(String),
    /// The metrics of this entity, by period.
    Metrics(String),
}

impl Question {
    /// The Cypher text; `$id` is the entity the question is about.
    pub fn cypher(&self) -> String {
        match self {
            Question::Forecasts => "MATCH (b:broker)-[r:forecasts]->(c:company)\n\
                 RETURN b.name AS broker, c.name AS company, r.evidence AS evidence\n\
                 ORDER BY broker, company"
                .to_string(),
            Question::WhoForecasts(_) => "MATCH (s)-[r:forecasts]->(x)\n\
                 WHERE x.id = $id\n\
                 RETURN s.name AS forecaster, s.kind AS kind, r.evidence AS evidence\n\
                 ORDER BY forecaster"
                .to_string(),
            Question::Outperforms(_) => "MATCH (a)-[r:outperforms]->(b)\n\
                 WHERE a.id = $id OR b.id = $id\n\
                 RETURN a.name AS winner, b.name AS loser, r.evidence AS evidence\n\
                 ORDER BY winner, loser"
                .to_string(),
            Question::Invests => format!(
                "MATCH (i)-[:invests]->(t)\n\
                 WITH i, collect(t.name) AS targets\n\
                 OPTIONAL MATCH (i)-[:has_metric]->(m:metric)\n\
                 WHERE m.unit IN {MONEY}\n\
                 RETURN i.name AS investor, targets, m.label AS metric, m.value AS amount,\n       \
                 m.unit AS unit, m.period AS period\n\
                 ORDER BY investor, amount DESC"
            ),
            Question::Ratings(_) => "MATCH (s)-[r]->(x)\n\
                 WHERE x.id = $id AND (r.rating IS NOT NULL OR r.target IS NOT NULL)\n\
                 RETURN s.name AS source, r.kind AS relation, r.rating AS rating, r.target AS target\n\
                 ORDER BY source, relation"
                .to_string(),
            Question::Metrics(_) => "MATCH (x)-[r:has_metric]->(m:metric)\n\
                 WHERE x.id = $id\n\
                 RETURN m.period AS period, m.label AS metric, m.value AS value, m.unit AS unit,\n       \
                 r.evidence AS evidence\n\
                 ORDER BY period, metric, value"
                .to_string(),
        }
    }

    /// The entity the question is about, as given.
    pub fn subject(&self) -> Option<&str> {
        match self {
            Question::Forecasts | Question::Invests => None,
            Question::WhoForecasts(x)
            | Question::Outperforms(x)
            | Question::Ratings(x)
            | Question::Metrics(x) => Some(x),
        }
    }

    /// Ask the question of the engine's graph.
    pub fn ask(&self, engine: Engine<'_>) -> Result<QueryResult, AskError> {
        let engine = match self.subject() {
            Some(name) => {
                let id = engine
                    .find_entity(name)
                    .ok_or_else(|| GraphError::UnknownEntity {
                        name: name.to_string(),
                    })?;
                engine.param("id", id)
            }
            None => engine,
        };
        Ok(engine.run(&self.cypher())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;
    use crate::query::Value;
    use crate::KnowledgeGraph;

    fn all() -> Vec<Question> {
        vec![
            Question::Forecasts,
            Question::WhoForecasts("x".into()),
            Question::Outperforms("x".into()),
            Question::Invests,
            Question::Ratings("x".into()),
            Question::Metrics("x".into()),
        ]
    }

    #[test]
    fn every_question_checks_against_the_bundled_ontology() {
        let g = KnowledgeGraph::new();
        let schema = crate::Schema::bundled().unwrap();
        for q in all() {
            Engine::new(&g)
                .with_ontology(&schema.ontology)
                .param("id", "x")
                .check(&q.cypher())
                .unwrap_or_else(|e| panic!("{q:?}: {e:#}"));
        }
    }

    #[test]
    fn questions_answer_on_the_sample() {
        let g = sample();
        let schema = crate::Schema::bundled().unwrap();
        let engine = || Engine::new(&g).with_ontology(&schema.ontology);
        let r = Question::Forecasts.ask(engine()).unwrap();
        assert_eq!(r.columns, ["broker", "company", "evidence"]);
        assert_eq!(
            r.rows,
            [
                vec!["CITIC Securities".into(), "Alibaba".into(), Value::Int(2)],
                vec!["CITIC Securities".into(), "Tencent".into(), Value::Int(1)],
            ]
        );
        let r = Question::WhoForecasts("baba".into()).ask(engine()).unwrap();
        assert_eq!(
            r.rows,
            [vec![
                "CITIC Securities".into(),
                "broker".into(),
                Value::Int(2)
            ]]
        );
        let r = Question::Outperforms("HSTECH".into())
            .ask(engine())
            .unwrap();
        assert_eq!(
            r.rows,
            [vec![
                "Alibaba".into(),
                "Hang Seng Tech Index".into(),
                Value::Int(1)
            ]]
        );
        let r = Question::Metrics("Alibaba".into()).ask(engine()).unwrap();
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0][1], "capex".into());
        assert_eq!(r.rows[0][2], Value::Float(130e9));
        let err = Question::Metrics("Nobody".into())
            .ask(engine())
            .unwrap_err();
        assert!(err.to_string().contains("Nobody"), "{err}");
    }
}
