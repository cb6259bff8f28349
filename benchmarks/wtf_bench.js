// Times wtf_wikipedia's `wtf(text).json()` over the given .wiki files and counts what it extracts.
// Usage: node wtf_bench.js REPEAT FILE...   (wtf_wikipedia resolved from NODE_PATH)
const fs = require("fs");
const wtf = require("wtf_wikipedia");
const [repeat, ...files] = process.argv.slice(2);
const texts = files.map((f) => fs.readFileSync(f, "utf8"));
let best = Infinity;
for (let r = 0; r < Number(repeat); r++) {
  const start = process.hrtime.bigint();
  for (const text of texts) wtf(text).json();
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
const counts = texts.map((text) => {
  const doc = wtf(text);
  return {
    infoboxes: doc.infoboxes().length,
    citations: doc.references().length,
    categories: doc.categories().length,
    images: doc.images().length,
    sections: doc.sections().filter((s) => s.title()).length,
    links: doc.links().filter((l) => l.type() === "internal").length,
    tables: doc.tables().length,
    redirect: doc.isRedirect() ? 1 : 0,
  };
});
console.log(JSON.stringify({ seconds: best, counts }));
