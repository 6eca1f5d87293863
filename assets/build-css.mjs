// Builds the one stylesheet every page of the plein links (`npm run build:css`, run by
// `make install`, `make css` and the browser tests): the NL Design System tokens and Utrecht
// components that the templates use, followed by the site's own CSS (assets/css/), minified.
// Output: assets/dist/css/site.css (not committed; Django serves it as static "css/site.css").
// Why this shape: docs/adr/0020-one-stylesheet-built-from-the-components-used.md.
//
// What is kept:
// - a Utrecht component as a whole (all its elements, modifiers and states) when one of its
//   classes appears in a template, a Python file or a script of the project: class names
//   built in a template ("utrecht-heading-{{ level }}", "utrecht-alert--{% if %}") keep every
//   class they can become;
// - every rule of the site's own CSS;
// - the design tokens (custom properties) that a kept rule reads, directly or through
//   another token; keyframes that a kept rule uses.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import { transform } from "lightningcss";
import { PurgeCSS } from "purgecss";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = join(REPO, "assets/dist/css/site.css");
const require = (name) => join(REPO, "node_modules", name);

// In cascade order: tokens, components, then the site's own layers (as base.html linked them).
const NL_DESIGN_SYSTEM = [
  require("@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css"),
  require("@utrecht/component-library-css/dist/index.css"),
];
// The site's own CSS: these first, in this order (later files override earlier ones), then
// any other file in assets/css/ in alphabetical order.
const OWN_ORDER = ["site", "kennisbank", "meldkanaal", "search", "agenda", "meedoen", "training"];
const OWN = [
  ...OWN_ORDER.map((name) => `${name}.css`),
  ...readdirSync(join(REPO, "assets/css"))
    .filter((name) => name.endsWith(".css") && !OWN_ORDER.includes(name.slice(0, -4)))
    .sort(),
].map((name) => join(REPO, "assets/css", name));

// The oldest browsers the output must work in (no media-query range syntax before Safari 16.4).
const TARGETS = { chrome: 109 << 16, edge: 109 << 16, firefox: 115 << 16, safari: (15 << 16) | (4 << 8) };

// Where class names are written: templates, Python (forms, blocks, template tags), scripts.
const CONTENT_EXTENSIONS = /\.(html|py|js)$/;
const SKIPPED_FOLDERS = new Set([
  ".git", ".venv", ".lock-venv", "node_modules", "var", "dist", "tests", "docs", "bench",
  "migrations", "__pycache__", "test-artifacts", "deploy",
]);

function contentFiles(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) found.push(...contentFiles(join(folder, entry.name)));
    } else if (CONTENT_EXTENSIONS.test(entry.name)) {
      found.push(join(folder, entry.name));
    }
  }
  return found;
}

const WORD = /[A-Za-z0-9_-]+/g;
const UTRECHT_CLASS = /\.(utrecht-[a-z0-9_-]+)/g;

// A component's name: the class without its BEM element (__x) and modifier (--x).
const componentOf = (className) => className.replace(/__.*$/, "").replace(/--.*$/, "");

function usedUtrechtClasses(contentText, utrechtCss) {
  const available = new Set([...utrechtCss.matchAll(UTRECHT_CLASS)].map((m) => m[1]));
  const components = new Set();
  const prefixes = new Set();
  for (const [token] of contentText.matchAll(/utrecht-[a-z0-9_-]*/g)) {
    const component = componentOf(token);
    // "utrecht-heading-{{ level }}" leaves "utrecht-heading-": every component it can become.
    if (token.endsWith("-") && !token.endsWith("--")) prefixes.add(token);
    else components.add(component);
  }
  return [...available].filter((name) => {
    const component = componentOf(name);
    return components.has(component) || [...prefixes].some((p) => component.startsWith(p));
  });
}

export async function build() {
  const files = contentFiles(REPO).filter((file) => !file.startsWith(join(REPO, "assets")));
  const contentText = files.map((file) => readFileSync(file, "utf8")).join("\n");
  const [tokensCss, utrechtCss] = NL_DESIGN_SYSTEM.map((file) => readFileSync(file, "utf8"));
  const ownCss = OWN.map((file) => readFileSync(file, "utf8")).join("\n");

  const utrechtClasses = usedUtrechtClasses(contentText, utrechtCss);
  // The words a kept component selector may consist of: those of the templates and code,
  // those of the site's own CSS (a rule there may style a component's part) and the classes
  // of the components in use.
  const words = new Set([
    ...(contentText.match(WORD) ?? []),
    ...(ownCss.match(WORD) ?? []),
    ...utrechtClasses,
  ]);

  // 1. Components: the Utrecht rules whose classes are all in use (a class inside :not()
  //    need not be). Only the components are filtered by selector, never the site's own CSS.
  const classesOf = (selector, negated = false) =>
    selector.flatMap((part) => {
      if (part.type === "class") return negated ? [] : [part.name];
      if (part.type === "pseudo-class" && Array.isArray(part.selectors)) {
        return part.selectors.flatMap((inner) => classesOf(inner, negated || part.kind === "not"));
      }
      return [];
    });
  // Lightning CSS parses the selectors; an unused one becomes a marker class that is then cut
  // from the printed selector lists (its JS API cannot hand every rule back unchanged).
  const MARK = "build-css-unused";
  const marked = transform({
    filename: "utrecht.css",
    code: Buffer.from(utrechtCss),
    visitor: {
      Selector: (selector) =>
        classesOf(selector).every((c) => words.has(c)) ? selector : [{ type: "class", name: MARK }],
    },
  }).code.toString();
  const components = marked
    .replace(new RegExp(`\\.${MARK}, `, "g"), "")
    .replace(new RegExp(`, \\.${MARK}(?=[ ,{])`, "g"), "")
    .replace(new RegExp(`^[ \\t]*\\.${MARK} \\{[^{}]*\\}\\n?`, "gm"), "");
  if (components.includes(MARK)) throw new Error(`build-css: a ${MARK} selector was left`);

  // 2. Tokens: every custom property that no kept rule reads, directly or through another
  //    token, goes; so do unused keyframes. No selector is removed here.
  const [purged] = await new PurgeCSS().purge({
    content: [{ raw: "", extension: "html" }],
    css: [{ raw: `${tokensCss}\n${components}\n${ownCss}` }],
    defaultExtractor: () => [],
    safelist: { standard: [/.*/] },
    variables: true,
    keyframes: true,
    fontFace: true,
  });

  const { code } = transform({
    filename: "site.css",
    code: Buffer.from(purged.css),
    minify: true,
    targets: TARGETS,
  });
  const header = `/*! Integriteitsplein: built by assets/build-css.mjs from ${versions()} and assets/css/ (EUPL-1.2). Do not edit. */\n`;
  const css = header + code.toString();

  mkdirSync(dirname(OUTPUT), { recursive: true });
  // Written aside and renamed: a server or a parallel test run never reads half a file.
  const partial = `${OUTPUT}.${process.pid}.tmp`;
  writeFileSync(partial, css);
  renameSync(partial, OUTPUT);
  const raw = Buffer.byteLength(tokensCss + utrechtCss + ownCss);
  const built = Buffer.byteLength(css);
  console.log(
    `${relative(REPO, OUTPUT)}: ${kb(built)} (gzip ${kb(gzipSync(css, { level: 9 }).length)}) ` +
      `from ${kb(raw)} of CSS; ${new Set(utrechtClasses.map(componentOf)).size} Utrecht ` +
      `components, ${files.length} files read for class names`,
  );
  return css;
}

function versions() {
  const version = (name) =>
    `${name}@${JSON.parse(readFileSync(require(`${name}/package.json`), "utf8")).version}`;
  return [
    version("@utrecht/component-library-css"),
    version("@nl-design-system-unstable/voorbeeld-design-tokens"),
  ].join(", ");
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build();
}
