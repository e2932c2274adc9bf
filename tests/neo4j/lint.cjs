#!/usr/bin/env node
// Lint Cypher scripts with Neo4j's own parser and semantic checks
// (`lintCypherQuery` of @neo4j-cypher/language-support), as Neo4j's tools do.
//
//   NODE_PATH=target/neo4j-lint/node_modules node tests/neo4j/lint.cjs FILE...
//
// Prints every diagnostic as FILE:LINE:COLUMN: severity: message, then one
// line per file with its counts; exits 1 when any file has an error or a
// warning. Run by tests/cli/neo4j_lint.rs (FINKG_NEO4J_LINT points at the
// node_modules folder .ci/run installs the package into).
"use strict";
const fs = require("fs");
const path = require("path");

const modules = process.env.FINKG_NEO4J_LINT || process.env.NODE_PATH || "node_modules";
const { lintCypherQuery } = require(path.join(path.resolve(modules), "@neo4j-cypher/language-support"));

// DiagnosticSeverity of the language server protocol.
const SEVERITY = { 1: "error", 2: "warning", 3: "information", 4: "hint" };

let bad = 0;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  // No database schema: the script creates what it uses.
  const { diagnostics } = lintCypherQuery(text, {});
  const counts = {};
  for (const d of diagnostics) {
    const severity = SEVERITY[d.severity] || String(d.severity);
    counts[severity] = (counts[severity] || 0) + 1;
    const { line, character } = d.range.start;
    console.log(`${file}:${line + 1}:${character + 1}: ${severity}: ${d.message.replace(/\s+/g, " ")}`);
  }
  const errors = counts.error || 0;
  const warnings = counts.warning || 0;
  console.log(`${file}: ${text.length} bytes, ${errors} errors, ${warnings} warnings, ${diagnostics.length - errors - warnings} other`);
  if (errors || warnings) bad += 1;
}
process.exit(bad ? 1 : 0);
