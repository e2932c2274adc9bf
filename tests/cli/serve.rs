//! `finkg serve` over HTTP: the API answers the seed graph, bad requests get
//! a JSON 4xx (a query with its line, column and caret, malformed JSON, a
//! 10 MB body, a path out of the assets, an unknown route, a query that
//! would run for ever) and the server keeps answering; `--watch` swaps in a
//! replaced file.

use super::support::export::seed_sandbox;
use super::support::Sandbox;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running `finkg serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Start `finkg serve ARGS… --addr 127.0.0.1:0` in the sandbox and wait
    /// for the line that names the port.
    pub fn start(s: &Sandbox, args: &[&str]) -> Server {
        let mut all = vec!["serve", "--addr", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let mut child = s
            .command(&all)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// Send raw request bytes; the status and the body.
    pub fn raw(&self, request: &[u8]) -> (u16, Vec<u8>) {
        let mut c = TcpStream::connect(&self.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        // the server may answer (413) before the whole body is sent
        let _ = c.write_all(request);
        let mut bytes = Vec::new();
        let _ = c.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes);
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {text:?}"));
        let at = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(bytes.len(), |i| i + 4);
        (status, bytes[at..].to_vec())
    }

    /// `METHOD PATH` with an optional JSON body; the status and the JSON.
    pub fn call(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        let body = body.unwrap_or("");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let (status, bytes) = self.raw(req.as_bytes());
        let json = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "{method} {path}: not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, json)
    }

    /// `GET PATH`, which must answer 200; its JSON.
    pub fn get(&self, path: &str) -> Value {
        let (status, json) = self.call("GET", path, None);
        assert_eq!(status, 200, "GET {path}: {json}");
        json
    }
}

fn query(server: &Server, q: &str) -> (u16, Value) {
    server.call(
        "POST",
        "/api/query",
        Some(&serde_json::json!({ "query": q }).to_string()),
    )
}

#[test]
fn the_api_answers_the_seed_graph() {
    let s = seed_sandbox();
    let server = Server::start(&s, &[]);
    let stats = server.get("/api/stats");
    assert!(stats["entities"].as_u64().unwrap() > 20, "{stats}");

    let hits = server.get("/api/entities?search=baba");
    assert_eq!(hits[0]["name"], "Alibaba", "{hits}");
    let id = hits[0]["id"].as_str().unwrap().to_string();
    let e = server.get(&format!("/api/entity/{id}"));
    let citic = e["incoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "forecasts" && l["other"]["name"] == "CITIC Securities")
        .unwrap_or_else(|| panic!("{e}"));
    // the edge panel: every sentence with its document and rule
    let edge = server.get(&format!("/api/edge/{}", citic["edge"]));
    let ev = edge["evidence"].as_array().unwrap();
    assert!(!ev.is_empty());
    for x in ev {
        assert!(x["sentence"].as_str().unwrap().contains("Alibaba"), "{x}");
        assert!(!x["doc"]["name"].as_str().unwrap().is_empty());
        assert!(!x["rule"].as_str().unwrap().is_empty());
    }
    // confidences: the entity's, the relation's (in the list and the panel)
    let unit = |v: &Value| v.as_f64().is_some_and(|c| (0.0..=1.0).contains(&c));
    assert!(unit(&e["confidence"]), "{e}");
    assert!(unit(&citic["confidence"]) && citic["confidence"] == edge["confidence"]);
    // a name works where an id does
    assert_eq!(server.get("/api/entity/Alibaba")["id"], id);

    let overview = server.get("/api/overview");
    let nodes = overview["nodes"].as_array().unwrap();
    assert!(nodes.len() >= 20, "{}", nodes.len());
    assert!(
        nodes.iter().all(|n| n["kind"] != "sector"),
        "sectors are folded"
    );
    assert!(!overview["edges"].as_array().unwrap().is_empty());

    let (status, r) = query(
        &server,
        "MATCH (b:broker)-[:forecasts]->(c:company {name: 'Alibaba'}) RETURN b.name AS broker",
    );
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["columns"], serde_json::json!(["broker"]));
    assert!(r["rows"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(["CITIC Securities"])));

    let (status, plan) = server.call(
        "POST",
        "/api/explain",
        Some(r#"{"query": "MATCH (b:broker)-[:forecasts]->() RETURN count(*)"}"#),
    );
    assert_eq!(status, 200, "{plan}");
    let lines: Vec<&str> = plan["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(lines[0].contains("(:broker)"), "{lines:?}");
    assert!(lines[0].contains("counted"), "{lines:?}");

    let asked = server.get("/api/ask/who-forecasts?entity=Alibaba");
    assert!(
        asked["rows"].to_string().contains("CITIC Securities"),
        "{asked}"
    );
    assert!(asked["cypher"].as_str().unwrap().contains("forecasts"));
    let questions = server.get("/api/questions");
    assert!(questions.as_array().unwrap().len() >= 6);

    let sub = server.call(
        "POST",
        "/api/subgraph",
        Some(r#"{"ids": [], "names": ["Alibaba", "CITIC Securities", "not a name"]}"#),
    );
    assert_eq!(sub.0, 200);
    assert_eq!(sub.1["nodes"].as_array().unwrap().len(), 2, "{}", sub.1);

    // the page and its assets
    let (status, page) = server.raw(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("/assets/app.js"));
    let (status, js) =
        server.raw(b"GET /assets/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&js).contains("finkg graph page"));
}

#[test]
fn hostile_requests_get_a_json_4xx_and_the_server_goes_on() {
    let s = seed_sandbox();
    let server = Server::start(&s, &["--timeout-ms", "1500"]);
    // a bad query: its line, column and caret
    let (status, r) = query(&server, "MATCH (b:broker)\nRETURN b.nmae");
    assert_eq!(status, 400, "{r}");
    let e = &r["error"];
    assert_eq!(e["kind"], "type");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(10))
    );
    assert!(e["snippet"].as_str().unwrap().contains("^^^^"), "{e}");
    let (status, r) = query(&server, "MATCH (b:broker RETURN b");
    assert_eq!((status, r["error"]["kind"].as_str()), (400, Some("syntax")));

    // malformed JSON, and JSON of the wrong shape
    let (status, r) = server.call("POST", "/api/query", Some("{\"query\": \"MATCH"));
    assert_eq!(
        (status, r["error"]["kind"].as_str()),
        (400, Some("json")),
        "{r}"
    );
    assert!(r["error"]["column"].as_u64().is_some());
    let (status, r) = server.call("POST", "/api/query", Some("{\"q\": 1}"));
    assert_eq!(
        (status, r["error"]["kind"].as_str()),
        (400, Some("json")),
        "{r}"
    );

    // a 10 MB query
    let big = format!("{{\"query\": \"RETURN '{}'\"}}", "x".repeat(10 << 20));
    let (status, r) = server.call("POST", "/api/query", Some(&big));
    assert_eq!(
        (status, r["error"]["kind"].as_str()),
        (413, Some("too_large"))
    );

    // paths out of the assets, unknown routes and methods
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2e%2e/%2e%2e/etc/passwd",
        "/../../../../etc/passwd",
        "/nope",
        "/api/entity/company:nobody",
        "/api/edge/99999999",
    ] {
        let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let (status, body) = server.raw(req.as_bytes());
        assert!(
            (400..500).contains(&status),
            "{path}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        assert!(
            !String::from_utf8_lossy(&body).contains("[package]"),
            "{path}"
        );
    }
    let (status, r) = server.call("DELETE", "/api/stats", None);
    assert_eq!((status, r["error"]["kind"].as_str()), (405, Some("method")));
    let (status, _) = server.call("GET", "/api/edge/abc", None);
    assert_eq!(status, 400);

    // a query that would run for ever stops at the time limit
    let started = Instant::now();
    let (status, r) = query(
        &server,
        "MATCH (a)-[*1..30]-(b), (c)-[*1..30]-(d) RETURN count(*)",
    );
    assert_eq!(
        (status, r["error"]["kind"].as_str()),
        (422, Some("runtime")),
        "{r}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));

    // and the server still answers
    assert!(server.get("/api/stats")["entities"].as_u64().unwrap() > 0);
}

#[test]
fn watch_swaps_in_a_replaced_graph() {
    let s = seed_sandbox();
    std::fs::copy(s.path("finkg-graph.ron"), s.path("g.ron")).unwrap();
    let server = Server::start(&s, &["--graph", "g.ron", "--watch"]);
    let before = server.get("/api/stats");
    assert_eq!(before["generation"], 0);
    // a graph with one more document, put in place the way ingest does
    s.write(
        "more/extra.txt",
        "Zebra Analytics said Nomura Securities forecasts Quokka Robotics to beat estimates.\n",
    );
    s.run(&["ingest", "more", "--graph", "g.ron"]).ok();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let now = server.get("/api/stats");
        if now["generation"] == 1 {
            assert_ne!(now["documents"], before["documents"], "{now}");
            break;
        }
        assert!(Instant::now() < deadline, "not reloaded: {now}");
        std::thread::sleep(Duration::from_millis(200));
    }
}
