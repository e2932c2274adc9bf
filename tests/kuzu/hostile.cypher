// Names with quotes, backslashes, commas, semicolons, comment marks and
// line breaks survive both exports (the graph: tests/cli/cypher_kuzu.rs).

// every node with every property
MATCH (n) RETURN n.id, n.name, n.kind, n.aliases, n.tickers, n.mentions, n.documents

// every relationship with its attributes
MATCH (a)-[r]->(b) RETURN a.id, r.kind, r.rating, r.target_price, r.evidence, r.documents, b.id

// metrics
MATCH (m:metric) RETURN m.id, m.label, m.value, m.unit, m.period, m.entity

// a quote in a string literal
MATCH (n) WHERE n.name CONTAINS '\'' RETURN n.name

// a backslash in a string literal
MATCH (n) WHERE n.name CONTAINS '\\' RETURN n.name

// list items one by one
MATCH (n) UNWIND n.aliases AS a RETURN n.id, a

// matching a hostile name exactly
MATCH (n {name: 'semi;colon // not a comment'})-[r]-(m) RETURN m.name, r.kind
