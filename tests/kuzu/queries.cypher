// Queries run by finkg and by Kùzu and Ladybug on the same graph (tests/kuzu/differential.py).
// One query per block; blocks are separated by blank lines; `//` lines name
// the block. Answers are compared as multisets of rows (lists inside rows as
// multisets too), so a query need not order its rows; a LIMIT goes with an
// ORDER BY that is a total order. Kùzu runs each query as written, except
// that variable-length patterns get TRAIL (finkg, like Neo4j, never uses a
// relationship twice in one pattern; Kùzu's default is walks).
//
// Written so that both engines mean the same thing: no label alternatives
// (Kùzu has none), no aggregates over zero rows (Kùzu gives null where
// Cypher gives 0 or []), no IN over lists holding null, no undirected
// two-step pattern that could reuse a relationship unless the ends differ.
// A `// known ENGINE: why` line marks a query that engine answers wrongly:
// its answer must still differ (the mark goes when the engine is fixed).

// patterns: the issue's own question
MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name ORDER BY b.name, c.name

// patterns: every node
MATCH (n) RETURN n.id, n.kind

// patterns: every relationship with its ends
MATCH (a)-[r]->(b) RETURN a.id, r.kind, b.id, r.evidence, r.documents

// patterns: incoming arrow
MATCH (c:company)<-[:forecasts]-(b:broker) RETURN c.name, b.name

// patterns: either direction
MATCH (a:company)-[:outperforms]-(b) RETURN a.name, b.name

// patterns: a property map on a node
MATCH (b:broker {name: 'CITIC Securities'})-[:forecasts]->(x) RETURN x.name, x.kind

// patterns: a property map on a relationship
MATCH (a)-[r:rates {rating: 'hold'}]->(b) RETURN a.name, b.name

// patterns: any relationship type
MATCH (b:broker)-[r]->(x) RETURN b.name, r.kind, x.kind

// chains: broker forecasts a company that outperforms something
MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(x) RETURN b.name, c.name, x.name

// chains: developer, model, and who forecasts the model
MATCH (c:company)-[:develops]->(m:model)<-[:forecasts]-(f) RETURN c.name, m.name, f.name

// chains: people, their employers and what they forecast
MATCH (p:person)-[:works_for]->(w)-[:forecasts]->(x) RETURN p.name, w.name, x.name

// several patterns: two brokers forecasting the same entity
MATCH (a:broker)-[:forecasts]->(x), (b:broker)-[:forecasts]->(x) WHERE a.name < b.name RETURN a.name, b.name, x.name

// several patterns: a company's metrics and what it outperforms
MATCH (c:company)-[:has_metric]->(m:metric), (c)-[:outperforms]->(x) RETURN c.name, m.label, x.name

// several patterns: a cartesian product, counted
MATCH (b:broker), (i:index) RETURN count(*)

// undirected two steps with distinct ends
MATCH (a:company)-[:outperforms]-(b)-[:outperforms]-(c) WHERE a.id <> c.id RETURN a.name, b.name, c.name

// variable length: outperform trails of one to three steps
MATCH (a)-[:outperforms*1..3]->(b) RETURN a.name, b.name

// variable length: with the number of steps
MATCH (a:company)-[r:outperforms*1..2]->(b) RETURN a.name, b.name, length(r)

// variable length: exactly two steps of any type
MATCH (a:broker)-[*2]->(b) RETURN a.name, b.kind, count(*)

// variable length: zero or one step
MATCH (a:index)-[:outperforms*0..1]->(b) RETURN a.name, b.name

// variable length: either direction, up to two steps
MATCH (a:model)-[*1..2]-(b:broker) RETURN a.name, b.name, count(*)

// variable length: open upper bound on a sparse relationship type
MATCH (a)-[:works_for*]->(b) RETURN a.name, b.name

// optional match: companies and their metrics, if any
MATCH (c:company) OPTIONAL MATCH (c)-[:has_metric]->(m:metric) RETURN c.name, m.label, m.value, m.unit

// optional match: models and their developers, if any
MATCH (m:model) OPTIONAL MATCH (d)-[:develops]->(m) RETURN m.name, d.name

// optional match: with a WHERE that belongs to it
MATCH (c:company) OPTIONAL MATCH (c)<-[:forecasts]-(b:broker) WHERE b.name STARTS WITH 'C' RETURN c.name, b.name

// optional match: counting what is there
MATCH (c:company) OPTIONAL MATCH (c)-[:has_metric]->(m) RETURN c.name, count(m) AS metrics

// where: comparison operators
MATCH (m:metric) WHERE m.value >= 10 AND m.value < 1000 RETURN m.id, m.value

// where: not equal, or
MATCH (n:company) WHERE n.mentions <> 1 OR n.documents > 1 RETURN n.name, n.mentions, n.documents

// where: not
MATCH (n:sector) WHERE NOT n.name CONTAINS 'AI' RETURN n.name

// where: contains
MATCH (n) WHERE n.name CONTAINS 'Tech' RETURN n.name, n.kind

// where: starts with, ends with
MATCH (n) WHERE n.name STARTS WITH 'A' OR n.name ENDS WITH 'Index' RETURN n.name

// where: in a list
MATCH (m:metric) WHERE m.unit IN ['CNY', 'USD', 'HKD'] RETURN m.label, m.value, m.unit

// where: in a list property
MATCH (c:company) WHERE '0700.HK' IN c.tickers RETURN c.name

// where: is null
MATCH (m:metric) WHERE m.period IS NULL RETURN m.label, m.value

// where: is not null, on a relationship attribute
MATCH (a)-[r]->(b) WHERE r.rating IS NOT NULL RETURN a.name, r.rating, b.name

// where: arithmetic
MATCH (m:metric) WHERE m.value * 2 > 100 AND m.unit = '%' RETURN m.label, m.value / 100

// where: regular expression
MATCH (n:broker) WHERE n.name =~ '.*(Securities|Stanley).*' RETURN n.name

// return: aliases and expressions
MATCH (c:company) RETURN c.name AS name, c.mentions * 10 AS tens, size(c.aliases) AS aliases, toUpper(c.kind) AS kind

// return: distinct
MATCH (b)-[:forecasts]->(x) RETURN DISTINCT x.kind

// return: distinct pairs
MATCH (a)-[r]->(b) RETURN DISTINCT a.kind, r.kind, b.kind

// aggregates: count per kind
MATCH (n) RETURN n.kind AS kind, count(*) AS n

// aggregates: count and count distinct (in this order: Kùzu 0.11.3 answers 0
// for a plain aggregate that follows a DISTINCT one in the same RETURN)
MATCH (b:broker)-[:forecasts]->(x) RETURN b.name, count(x) AS targets, count(DISTINCT x.kind) AS kinds

// aggregates: collect
MATCH (c:company)-[:develops]->(m:model) RETURN c.name, collect(m.name) AS models

// aggregates: min, max, sum, avg over metric values
MATCH (m:metric) RETURN m.unit, min(m.value), max(m.value), sum(m.value), avg(m.value), count(*)

// aggregates: sum and avg of integers
MATCH (n:company) RETURN sum(n.mentions), avg(n.mentions), min(n.name), max(n.name)

// aggregates: relationship evidence per type
MATCH ()-[r]->() RETURN r.kind, sum(r.evidence) AS evidence, max(r.documents) AS documents

// aggregates: an expression around aggregates
MATCH (b:broker)-[r:forecasts]->() RETURN b.name, count(*) * 2 + 1 AS x, sum(r.evidence) - count(*) AS extra

// order by, skip, limit: top companies by mentions
MATCH (c:company) RETURN c.name, c.mentions ORDER BY c.mentions DESC, c.name LIMIT 5

// order by, skip, limit: skipping
MATCH (n:sector) RETURN n.name ORDER BY n.name SKIP 3 LIMIT 4

// order by: on an aggregate
MATCH (x)<-[:forecasts]-() RETURN x.name, count(*) AS n ORDER BY n DESC, x.name LIMIT 10

// with: one level of aggregation, filtered
MATCH (b)-[:forecasts]->(x) WITH x, count(b) AS n WHERE n > 1 RETURN x.name, n

// with: aggregate then match again
MATCH (b:broker)-[:forecasts]->(x) WITH b, count(x) AS n MATCH (b)-[r]->(y) RETURN b.name, n, r.kind, y.name

// with: projection and order, then aggregate
// known ladybug: 0.22.0 drops the ORDER BY of a WITH … LIMIT that an aggregate follows (the first 3 rows in scan order; Kùzu 0.11.3 is right)
MATCH (c:company) WITH c ORDER BY c.mentions DESC, c.name LIMIT 3 RETURN collect(c.name) AS top

// with: distinct
MATCH (b)-[:forecasts]->(x:company) WITH DISTINCT x RETURN count(*)

// unwind: list properties
MATCH (c:company) UNWIND c.aliases AS alias RETURN c.name, alias

// functions: strings
MATCH (n:index) RETURN toLower(n.name), upper(n.name), size(n.name), left(n.name, 4), right(n.name, 3), trim(n.name), reverse(n.kind)

// functions: numbers
MATCH (m:metric) RETURN m.id, abs(m.value - 50), round(m.value, 1), floor(m.value), ceil(m.value)

// functions: coalesce over a missing period
MATCH (m:metric) RETURN m.id, coalesce(m.period, 'none')

// metrics: label, value, unit, period and the owning entity
MATCH (e)-[:has_metric]->(m:metric) RETURN e.name, m.label, m.value, m.unit, m.period, m.entity = e.id

// entities: all properties
MATCH (e:broker) RETURN e.id, e.name, e.kind, e.aliases, e.tickers, e.mentions, e.documents

// where: xor, modulo and power
MATCH (c:company) WHERE c.mentions % 2 = 0 XOR c.documents > 1 RETURN c.name, c.mentions ^ 2, -c.mentions

// aggregates: grouping by a key that is often null
MATCH ()-[r]->() RETURN r.rating, r.kind, count(*)

// optional match after optional match, counted
MATCH (c:company) OPTIONAL MATCH (c)-[:outperforms]->(x) OPTIONAL MATCH (x)-[:has_metric]->(m) RETURN c.name, count(x), count(m)

// actions: the latest rating and target of each broker's view, targets as numbers
MATCH (b)-[r:rates]->(c) RETURN b.name, c.name, r.rating, r.previous_rating, r.target, r.previous_target, r.unit, r.analyst, r.date

// actions: targets compared and averaged as numbers
MATCH (b)-[r:forecasts]->(c) WHERE r.target > 50.0 RETURN c.name, count(*), avg(r.target), max(r.previous_target)

// actions: the history of a view, as JSON text, oldest first
MATCH (b:broker)-[r:rates]->(c) WHERE r.history IS NOT NULL RETURN b.name, c.name, r.history

// dates: every fact keeps its document's date
MATCH (a)-[r]->(b) WHERE r.date >= '2025-06-01' RETURN a.id, r.kind, b.id, r.date

// dates: metrics by date
MATCH (e)-[r:has_metric]->(m:metric) RETURN e.name, m.value, r.date
