//! The routes: the page, its assets and the JSON API (see the module docs
//! of `serve`). Handlers take the graph current when the request arrives;
//! queries run on the blocking pool under the engine's limits.

use super::error::ApiError;
use super::state::{Graphs, Loaded, OVERVIEW};
use super::Limits;
use crate::export::html::data::{self, Subgraph};
use crate::export::html::ui;
use crate::query::{AskError, Engine, Params, QueryResult, Question, Value};
use crate::schema::Ontology;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub graphs: Arc<Graphs>,
    pub ontology: Arc<Ontology>,
    pub limits: Limits,
}

type R<T> = Result<T, ApiError>;

/// Every route, with JSON errors for unknown routes and methods.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/assets/{*file}", get(asset))
        .route("/api/stats", get(stats))
        .route("/api/overview", get(overview))
        .route("/api/entities", get(entities))
        .route("/api/entity/{id}", get(entity))
        .route("/api/neighbours/{id}", get(neighbours))
        .route("/api/edge/{n}", get(edge))
        .route("/api/subgraph", post(subgraph))
        .route("/api/query", post(query))
        .route("/api/explain", post(explain))
        .route("/api/questions", get(questions))
        .route("/api/ask/{question}", get(ask))
        .fallback(|| async { ApiError::not_found("no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(405, "method", "this route does not take that method")
        })
        .with_state(state)
}

fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => json_bytes(bytes),
        Err(e) => ApiError::new(500, "internal", e.to_string()).into_response(),
    }
}

fn json_bytes(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response()
}

/// The body of a POST, at most `limit` bytes, as JSON of type `T`.
async fn body<T: for<'de> Deserialize<'de>>(req: Request, limit: usize) -> R<T> {
    let too_large = || {
        ApiError::new(
            413,
            "too_large",
            format!("the request body is larger than {limit} bytes"),
        )
    };
    if let Some(len) = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > limit as u64 {
            return Err(too_large());
        }
    }
    let bytes = axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| too_large())?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::json(&e))
}

/// Run blocking work on the blocking pool.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> R<T> + Send + 'static) -> R<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::new(500, "internal", format!("the query stopped: {e}")))?
}

async fn page(State(s): State<AppState>) -> Response {
    let html = ui::served_page(&s.ontology);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(ui::SERVED_CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        html,
    )
        .into_response()
}

async fn asset(Path(file): Path<String>) -> Response {
    match ui::asset(&file) {
        Some((bytes, mime)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        None => ApiError::not_found(format!("no asset `{file}`")).into_response(),
    }
}

#[derive(Serialize)]
struct StatsOut<'a> {
    #[serde(flatten)]
    stats: &'a data::Stats,
    generation: u64,
    store_bytes: usize,
}

async fn stats(State(s): State<AppState>) -> Response {
    let g = s.graphs.current();
    json(&StatsOut {
        stats: &g.stats,
        generation: g.generation,
        store_bytes: g.store.byte_size(),
    })
}

#[derive(Deserialize)]
struct LimitParam {
    limit: Option<usize>,
}

#[derive(Serialize)]
struct OverviewOut {
    #[serde(flatten)]
    graph: Subgraph,
    legend: data::Legend,
    stats: data::Stats,
}

async fn overview(State(s): State<AppState>, Query(p): Query<LimitParam>) -> R<Response> {
    let limit = p.limit.unwrap_or(OVERVIEW);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::bad_request("limit is a number from 1 to 500"));
    }
    let g = s.graphs.current();
    let graph = blocking(move || Ok(g.overview(limit))).await?;
    let g = s.graphs.current();
    Ok(json(&OverviewOut {
        graph,
        legend: data::Legend::new(&s.ontology),
        stats: g.stats.clone(),
    }))
}

#[derive(Deserialize)]
struct SearchParams {
    search: Option<String>,
    limit: Option<usize>,
}

async fn entities(State(s): State<AppState>, Query(p): Query<SearchParams>) -> R<Response> {
    let Some(q) = p.search else {
        return Err(ApiError::bad_request(
            "give ?search=TEXT (a name, alias or ticker)",
        ));
    };
    let limit = p.limit.unwrap_or(20).min(200);
    let g = s.graphs.current();
    let hits = blocking(move || Ok(g.names.search(&g.store, &q, limit))).await?;
    Ok(json(&hits))
}

/// The node an id or a name (alias, ticker) names.
fn find(g: &Loaded, id: &str) -> R<u32> {
    let v = g.store.view();
    v.node_by_id(id)
        .filter(|&n| !v.is_metric(n))
        .or_else(|| g.names.exact(id))
        .ok_or_else(|| ApiError::not_found(format!("no entity `{id}`")))
}

async fn entity(State(s): State<AppState>, Path(id): Path<String>) -> R<Response> {
    let g = s.graphs.current();
    let n = find(&g, &id)?;
    let d = data::entity(&g.store, n)
        .ok_or_else(|| ApiError::not_found(format!("no entity `{id}`")))?;
    Ok(json(&d))
}

async fn neighbours(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query<LimitParam>,
) -> R<Response> {
    let g = s.graphs.current();
    let n = find(&g, &id)?;
    let limit = p.limit.unwrap_or(25).clamp(1, 200);
    let out = blocking(move || {
        let mut nodes = vec![n];
        nodes.extend(data::neighbours(&g.store, n, limit));
        Ok(data::subgraph(&g.store, &nodes, false))
    })
    .await?;
    Ok(json(&out))
}

async fn edge(State(s): State<AppState>, Path(n): Path<String>) -> R<Response> {
    let e: u32 = n
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{n}` is not a relation number")))?;
    let g = s.graphs.current();
    let d =
        data::edge(&g.store, e).ok_or_else(|| ApiError::not_found(format!("no relation {e}")))?;
    Ok(json(&d))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubgraphIn {
    #[serde(default)]
    ids: Vec<String>,
    #[serde(default)]
    names: Vec<String>,
}

/// Most nodes `show in graph` draws.
const SUBGRAPH: usize = 300;

async fn subgraph(State(s): State<AppState>, req: Request) -> R<Response> {
    let want: SubgraphIn = body(req, s.limits.max_body).await?;
    let g = s.graphs.current();
    let out = blocking(move || {
        let v = g.store.view();
        let mut nodes: Vec<u32> = want
            .ids
            .iter()
            .filter_map(|id| v.node_by_id(id))
            .chain(want.names.iter().filter_map(|n| g.names.exact(n)))
            .collect();
        let mut seen = std::collections::HashSet::new();
        nodes.retain(|n| seen.insert(*n));
        nodes.truncate(SUBGRAPH);
        Ok(data::subgraph(&g.store, &nodes, false))
    })
    .await?;
    Ok(json(&out))
}

/// A query and its parameters.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryIn {
    query: String,
    #[serde(default)]
    params: BTreeMap<String, serde_json::Value>,
}

fn params(p: &BTreeMap<String, serde_json::Value>) -> R<Params> {
    fn value(v: &serde_json::Value) -> Option<Value> {
        Some(match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64()?),
            },
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(value).collect::<Option<_>>()?)
            }
            serde_json::Value::Object(_) => return None,
        })
    }
    p.iter()
        .map(|(k, v)| {
            value(v).map(|v| (k.clone(), v)).ok_or_else(|| {
                ApiError::bad_request(format!("parameter `{k}`: objects cannot be parameters"))
            })
        })
        .collect()
}

fn engine<'g>(s: &AppState, g: &'g Loaded, params: Params) -> Engine<'g> {
    let mut e = Engine::on_store(&g.store)
        .with_ontology(&s.ontology)
        .with_timeout(s.limits.timeout)
        .with_row_limit(s.limits.max_rows)
        .with_budget(s.limits.budget);
    for (k, v) in params {
        e = e.param(&k, v);
    }
    e
}

async fn query(State(s): State<AppState>, req: Request) -> R<Response> {
    let q: QueryIn = body(req, s.limits.max_body).await?;
    let params = params(&q.params)?;
    let g = s.graphs.current();
    let bytes = blocking(move || {
        let started = Instant::now();
        let engine = engine(&s, &g, params);
        // rows are written as JSON as they are found, the rest after them
        let mut out = Vec::with_capacity(1 << 12);
        out.extend_from_slice(b"{\"rows\":");
        let (columns, count) = engine.run_json(&q.query, &mut out)?;
        let tail = serde_json::json!({
            "columns": columns,
            "row_count": count,
            "elapsed_ms": started.elapsed().as_secs_f64() * 1000.0,
        });
        let tail =
            serde_json::to_vec(&tail).map_err(|e| ApiError::new(500, "internal", e.to_string()))?;
        out.push(b',');
        out.extend_from_slice(&tail[1..]);
        Ok(out)
    })
    .await?;
    Ok(json_bytes(bytes))
}

async fn explain(State(s): State<AppState>, req: Request) -> R<Response> {
    let q: QueryIn = body(req, s.limits.max_body).await?;
    let params = params(&q.params)?;
    let g = s.graphs.current();
    let out = blocking(move || {
        let engine = engine(&s, &g, params);
        let plan = engine.explain(&q.query)?;
        Ok(serde_json::json!({ "plan": plan }))
    })
    .await?;
    Ok(json(&out))
}

/// The ready-made questions: name, whether it needs an entity, what it asks.
const QUESTIONS: &[(&str, bool, &str)] = &[
    ("forecasts", false, "Which brokers forecast which companies"),
    ("who-forecasts", true, "Who forecasts this entity"),
    (
        "outperforms",
        true,
        "What it outperforms, and what outperforms it",
    ),
    ("invests", false, "Who invests in what, with the amounts"),
    ("ratings", true, "Ratings and targets given to this entity"),
    ("metrics", true, "The metrics of this entity, by period"),
];

fn question(name: &str, entity: Option<String>) -> R<Question> {
    let need = |e: Option<String>| {
        e.filter(|e| !e.trim().is_empty()).ok_or_else(|| {
            ApiError::bad_request(format!("`{name}` asks about one entity: add ?entity=NAME"))
        })
    };
    Ok(match name {
        "forecasts" => Question::Forecasts,
        "invests" => Question::Invests,
        "who-forecasts" => Question::WhoForecasts(need(entity)?),
        "outperforms" => Question::Outperforms(need(entity)?),
        "ratings" => Question::Ratings(need(entity)?),
        "metrics" => Question::Metrics(need(entity)?),
        _ => {
            let known: Vec<&str> = QUESTIONS.iter().map(|q| q.0).collect();
            return Err(ApiError::not_found(format!(
                "no question `{name}` (questions: {})",
                known.join(", ")
            )));
        }
    })
}

async fn questions() -> Response {
    let list: Vec<serde_json::Value> = QUESTIONS
        .iter()
        .map(|(name, entity, about)| serde_json::json!({"name": name, "entity": entity, "about": about}))
        .collect();
    json(&list)
}

#[derive(Deserialize)]
struct AskParams {
    entity: Option<String>,
}

#[derive(Serialize)]
struct AskOut {
    question: String,
    cypher: String,
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
    elapsed_ms: f64,
}

async fn ask(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Query(p): Query<AskParams>,
) -> R<Response> {
    let q = question(&name, p.entity)?;
    let g = s.graphs.current();
    let out = blocking(move || {
        let started = Instant::now();
        let result: QueryResult = q.ask(engine(&s, &g, Params::new())).map_err(|e| match e {
            AskError::Query(q) => ApiError::from(q),
            AskError::Graph(crate::GraphError::UnknownEntity { name }) => {
                ApiError::not_found(format!("no entity `{name}`"))
            }
            other => ApiError::new(422, "runtime", other.to_string()),
        })?;
        Ok(AskOut {
            question: name,
            cypher: q.cypher(),
            columns: result.columns,
            rows: result.rows,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    })
    .await?;
    Ok(json(&out))
}
