/**
 * The colours of a drawing, as CSS scoped to one picture's class (two pictures on one notebook page
 * never restyle each other). Forward equations are blue, backward orange, residual edges magenta and
 * dashed; inputs green, outputs purple. Each palette keeps text on its own fill (dark on pale in
 * "light", pale on deep in "dark"), and edges and group labels are mid-tones readable on both a white
 * and a dark page. "auto" uses the light palette and switches to the dark one under
 * `prefers-color-scheme: dark` or a JupyterLab dark theme (`body[data-jp-theme-light="false"]`).
 */

/** Which palette a picture uses. */
export type Theme = "light" | "dark" | "auto";

interface Palette {
  readonly fwd: readonly [string, string, string]; // fill, stroke, text
  readonly bwd: readonly [string, string, string];
  readonly input: readonly [string, string, string];
  readonly output: readonly [string, string, string];
  readonly constant: readonly [string, string, string];
  readonly summary: readonly [string, string, string];
  readonly edge: string;
  readonly residual: string;
  readonly group: string;
  readonly label: string;
}

const LIGHT: Palette = {
  fwd: ["#dbeafe", "#2563eb", "#0b1f44"],
  bwd: ["#ffedd5", "#c2410c", "#431407"],
  input: ["#dcfce7", "#15803d", "#052e16"],
  output: ["#f3e8ff", "#7e22ce", "#3b0764"],
  constant: ["#f3f4f6", "#6b7280", "#111827"],
  summary: ["#f9fafb", "#4b5563", "#111827"],
  edge: "#6b7280",
  residual: "#c026d3",
  group: "#9ca3af",
  label: "#6b7280",
};

const DARK: Palette = {
  fwd: ["#1e3a8a", "#60a5fa", "#e0ecff"],
  bwd: ["#7c2d12", "#fb923c", "#fff1e6"],
  input: ["#14532d", "#4ade80", "#ecfdf5"],
  output: ["#581c87", "#c084fc", "#faf5ff"],
  constant: ["#374151", "#9ca3af", "#f9fafb"],
  summary: ["#1f2937", "#9ca3af", "#f9fafb"],
  edge: "#9ca3af",
  residual: "#e879f9",
  group: "#6b7280",
  label: "#9ca3af",
};

function rules(scope: string, p: Palette): string {
  const box = (cls: string, [fill, stroke, text]: readonly [string, string, string]): string =>
    `${scope} .${cls}>rect{fill:${fill};stroke:${stroke}}${scope} .${cls}>text{fill:${text}}`;
  return [
    box("fx-fwd", p.fwd),
    box("fx-bwd", p.bwd),
    box("fx-input", p.input),
    box("fx-output", p.output),
    box("fx-const", p.constant),
    box("fx-summary", p.summary),
    `${scope} .fx-e{stroke:${p.edge}}${scope} .fx-res{stroke:${p.residual}}`,
    `${scope} .fx-arrow{fill:${p.edge}}${scope} .fx-arrow-res{fill:${p.residual}}`,
    `${scope} .fx-group>rect{stroke:${p.group}}${scope} .fx-group>text,${scope} .fx-elabel{fill:${p.label}}`,
  ].join("");
}

/**
 * The CSS of a picture whose root element has class `uid`, in palette `theme`.
 *
 * @example
 * ```ts
 * themeCss("fx1", "dark").includes(".fx1 .fx-bwd>rect{fill:#7c2d12"); // true
 * ```
 */
export function themeCss(uid: string, theme: Theme): string {
  const scope = `.${uid}`;
  const base =
    `${scope} text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}` +
    `${scope} .fx-n>rect{stroke-width:1.2}${scope} .fx-e{fill:none;stroke-width:1.2}` +
    `${scope} .fx-res{stroke-width:1.6;stroke-dasharray:6 3}${scope} .fx-dashed{stroke-dasharray:3 3}` +
    `${scope} .fx-group>rect{fill:none;stroke-dasharray:4 3}${scope} .fx-elabel{font-size:10px}`;
  if (theme === "light") return base + rules(scope, LIGHT);
  if (theme === "dark") return base + rules(scope, DARK);
  return `${base}${rules(scope, LIGHT)}@media (prefers-color-scheme: dark){${rules(scope, DARK)}}${rules(`body[data-jp-theme-light="false"] ${scope}`, DARK)}`;
}
