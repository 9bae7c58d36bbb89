// The renderer's stylesheet, placed in each output's shadow root. Colours and fonts come from
// VS Code's theme variables (`--vscode-*`), which the notebook webview defines for the current
// light, dark or high-contrast theme, so outputs follow a theme change without being redrawn.
// High-contrast themes set `--vscode-contrastBorder` and `--vscode-contrastActiveBorder`; every
// border and outline falls back on them.
import { ELEMENT_STYLES } from "./elementStyles";

export const STYLES = `
:host {
  display: block;
  color: var(--vscode-foreground);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size, 13px);
  line-height: 1.4;
}
* { box-sizing: border-box; }
.lichen-root { padding: 2px 0; }

/* Text */
.lichen-markdown, .lichen-html { overflow-wrap: anywhere; }
.lichen-markdown > :first-child { margin-top: 0; }
.lichen-markdown > :last-child { margin-bottom: 0; }
.lichen-markdown a, .lichen-html a { color: var(--vscode-textLink-foreground); }
.lichen-markdown a:hover { color: var(--vscode-textLink-activeForeground); }
.lichen-markdown code {
  font-family: var(--vscode-editor-font-family, monospace);
  font-size: 0.95em;
  background: var(--vscode-textCodeBlock-background);
  padding: 0 0.2em;
  border-radius: 3px;
}
.lichen-markdown pre {
  background: var(--vscode-textCodeBlock-background);
  padding: 0.5em;
  overflow-x: auto;
}
.lichen-markdown pre code { background: none; padding: 0; }
.lichen-markdown blockquote {
  margin: 0.5em 0;
  padding: 0 0.8em;
  border-left: 3px solid var(--vscode-textBlockQuote-border, var(--vscode-contrastBorder, currentColor));
  background: var(--vscode-textBlockQuote-background);
}
.lichen-markdown table, .lichen-html table { border-collapse: collapse; }
.lichen-markdown th, .lichen-markdown td { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 2px 6px; }
.lichen-text { white-space: pre-wrap; }
.lichen-pre {
  margin: 0;
  white-space: pre-wrap;
  font-family: var(--vscode-editor-font-family, monospace);
  font-size: var(--vscode-editor-font-size, 12px);
}
.lichen-image { max-width: 100%; }
.lichen-html img, .lichen-html video, .lichen-html embed { max-width: 100%; }
.lichen-download { display: inline-block; padding: 2px 10px; border-radius: 2px; text-decoration: none; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.lichen-download:hover { background: var(--vscode-button-hoverBackground); }
.lichen-mermaid svg { max-width: 100%; height: auto; }
.lichen-math-done[data-display="true"] { display: block; text-align: center; margin: 0.5em 0; overflow-x: auto; }
.lichen-unknown { font-family: var(--vscode-editor-font-family, monospace); color: var(--vscode-descriptionForeground); }

/* Elements */
.lichen-element {
  display: inline-flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.4em 0.6em;
  vertical-align: middle;
  margin: 2px 0;
  max-width: 100%;
}
.lichen-full-width, .lichen-table, .lichen-form, .lichen-array, .lichen-dictionary, .lichen-tabs { display: flex; width: 100%; }
.lichen-table, .lichen-form, .lichen-array, .lichen-dictionary, .lichen-batch { flex-direction: column; align-items: stretch; }
.lichen-label p { display: inline; margin: 0; }
.lichen-label-after { order: 1; }
.lichen-problem { flex-basis: 100%; color: var(--vscode-errorForeground); font-size: 0.9em; }
.lichen-problem[hidden] { display: none; }
.lichen-value { font-variant-numeric: tabular-nums; min-width: 2.5em; }

input, select, textarea, button {
  font: inherit;
  color: var(--vscode-input-foreground);
  background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent));
  border-radius: 2px;
  padding: 3px 6px;
}
input::placeholder, textarea::placeholder { color: var(--vscode-input-placeholderForeground); }
select {
  color: var(--vscode-dropdown-foreground);
  background: var(--vscode-dropdown-background);
  border-color: var(--vscode-dropdown-border, var(--vscode-contrastBorder, transparent));
}
textarea { resize: vertical; min-width: 20em; }
.lichen-full-width input:not([type=checkbox]):not([type=radio]), .lichen-full-width select, .lichen-full-width textarea { flex: 1; }
input[type=range] {
  padding: 0;
  border: none;
  background: transparent;
  accent-color: var(--vscode-button-background);
  min-width: 10em;
  height: 1.4em;
}
.lichen-full-width input[type=range] { flex: 1; }
input[type=range].lichen-vertical { writing-mode: vertical-lr; direction: rtl; min-width: 0; height: 10em; width: 1.4em; }
input[type=checkbox], input[type=radio] {
  margin: 0;
  width: 1.05em;
  height: 1.05em;
  accent-color: var(--vscode-button-background);
}
input[role=switch] {
  appearance: none;
  width: 2.2em;
  height: 1.2em;
  border-radius: 0.6em;
  position: relative;
  background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, var(--vscode-descriptionForeground)));
  cursor: pointer;
}
input[role=switch]::after {
  content: "";
  position: absolute;
  top: 0.1em;
  left: 0.1em;
  width: 0.85em;
  height: 0.85em;
  border-radius: 50%;
  background: var(--vscode-descriptionForeground);
  transition: left 0.1s;
}
input[role=switch]:checked { background: var(--vscode-button-background); }
input[role=switch]:checked::after { left: 1.15em; background: var(--vscode-button-foreground); }
.lichen-slider-box { width: 6em; }
[aria-invalid=true] { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
:focus { outline: none; }
:focus-visible {
  outline: 1px solid var(--vscode-focusBorder, var(--vscode-contrastActiveBorder));
  outline-offset: 1px;
}
:disabled { opacity: 0.5; cursor: default; }

.lichen-choices { display: flex; flex-direction: column; gap: 0.2em; }
.lichen-choices.lichen-inline { flex-direction: row; flex-wrap: wrap; gap: 0.2em 1em; }
.lichen-choices.lichen-scroll { max-height: 14em; overflow-y: auto; }
.lichen-choice { display: inline-flex; align-items: center; gap: 0.4em; }

button, .lichen-button {
  cursor: pointer;
  color: var(--vscode-button-secondaryForeground);
  background: var(--vscode-button-secondaryBackground);
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent));
  padding: 4px 12px;
}
button:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground); }
.lichen-button p { display: inline; margin: 0; }
.lichen-button-primary, .lichen-button-success, .lichen-button-warn, .lichen-button-danger {
  color: var(--vscode-button-foreground);
  background: var(--vscode-button-background);
}
.lichen-button-primary:hover:not(:disabled) { background: var(--vscode-button-hoverBackground); }
.lichen-button-success { background: var(--vscode-testing-iconPassed, var(--vscode-button-background)); }
.lichen-button-warn { background: var(--vscode-editorWarning-foreground, var(--vscode-button-background)); }
.lichen-button-danger { background: var(--vscode-errorForeground, var(--vscode-button-background)); }
.lichen-full-width .lichen-button { flex: 1; }

/* Table */
.lichen-table-scroll { overflow: auto; max-height: 32em; }
.lichen-grid { border-collapse: collapse; min-width: 50%; font-variant-numeric: tabular-nums; }
.lichen-grid th, .lichen-grid td {
  text-align: left;
  padding: 3px 8px;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
  white-space: nowrap;
}
.lichen-grid th { position: sticky; top: 0; background: var(--vscode-editor-background); font-weight: 600; }
.lichen-grid .lichen-number { text-align: right; }
.lichen-grid .lichen-select-cell { width: 2em; }
.lichen-grid tr[aria-selected] { cursor: pointer; }
.lichen-grid tr[aria-selected]:hover { background: var(--vscode-list-hoverBackground); }
.lichen-grid tr[aria-selected=true] {
  background: var(--vscode-list-inactiveSelectionBackground);
  outline: 1px dotted var(--vscode-contrastActiveBorder, transparent);
}
.lichen-table-footer { display: flex; justify-content: space-between; align-items: center; gap: 1em; color: var(--vscode-descriptionForeground); }
.lichen-pager { display: inline-flex; align-items: center; gap: 0.5em; }
.lichen-pager[hidden] { display: none; }

/* Interactive tables (dataframes) */
.lichen-datatable { display: flex; flex-direction: column; gap: 4px; max-width: 100%; }
.lichen-datatable[aria-busy] .lichen-data tbody { opacity: 0.6; }
.lichen-table-toolbar { display: flex; align-items: center; gap: 0.6em; flex-wrap: wrap; }
.lichen-table-counts { color: var(--vscode-descriptionForeground); margin-right: auto; }
.lichen-data th { vertical-align: bottom; padding: 2px 4px; }
.lichen-data .lichen-key { position: sticky; left: 0; z-index: 1; background: var(--vscode-editor-background); }
.lichen-data th.lichen-key { z-index: 2; }
.lichen-sort, .lichen-column-menu {
  background: none; border: none; color: inherit; font: inherit; padding: 2px 4px; cursor: pointer;
  display: inline-flex; flex-direction: column; align-items: inherit; text-align: inherit;
}
.lichen-number .lichen-sort { align-items: flex-end; }
.lichen-sort:disabled, .lichen-column-menu:disabled { cursor: default; }
.lichen-sort:focus-visible, .lichen-column-menu:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.lichen-column-menu { display: inline-block; color: var(--vscode-descriptionForeground); vertical-align: bottom; }
.lichen-dtype { font-weight: normal; font-size: 0.85em; color: var(--vscode-descriptionForeground); }
.lichen-sort-mark { font-size: 0.8em; min-height: 1em; }
.lichen-missing { color: var(--vscode-descriptionForeground); font-style: italic; }
.lichen-special { color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground)); }
.lichen-table-summary {
  border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
  padding: 4px 8px; align-self: flex-start; font-variant-numeric: tabular-nums;
}
.lichen-table-summary[hidden], .lichen-table-note[hidden] { display: none; }
.lichen-table-note { color: var(--vscode-descriptionForeground); font-style: italic; }

/* Charts */
.lichen-chart { max-width: 100%; overflow-x: auto; }
.lichen-chart[data-mime^="application/vnd.plotly"] { min-height: 450px; }

/* Composites */
.lichen-form.lichen-bordered {
  border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, var(--vscode-descriptionForeground)));
  border-radius: 4px;
  padding: 0.6em;
}
.lichen-form { gap: 0.5em; }
.lichen-form-actions { display: flex; justify-content: flex-end; gap: 0.5em; }
.lichen-array { gap: 0.2em; }
.lichen-entry { display: flex; align-items: center; gap: 0.6em; }
.lichen-key { color: var(--vscode-descriptionForeground); min-width: 6em; }

/* Layouts */
.lichen-stack { display: flex; }
.lichen-row { flex-direction: row; align-items: flex-start; }
.lichen-column { flex-direction: column; }
.lichen-align { display: flex; }
.lichen-tabs { flex-direction: column; }
.lichen-tablist {
  display: flex;
  gap: 2px;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
}
.lichen-tab {
  background: transparent;
  color: var(--vscode-descriptionForeground);
  border: none;
  border-bottom: 2px solid transparent;
  padding: 4px 10px;
}
.lichen-tab[aria-selected=true] {
  color: var(--vscode-foreground);
  border-bottom-color: var(--vscode-focusBorder, var(--vscode-contrastActiveBorder));
}
.lichen-tab:hover:not([aria-selected=true]) { background: var(--vscode-list-hoverBackground); }
.lichen-tabpanel { padding: 0.5em 0; }
.lichen-tabpanel[hidden] { display: none; }
.lichen-section { border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.lichen-section > summary { cursor: pointer; padding: 4px 0; }
.lichen-section-body { padding: 0 0 0.5em 1em; }
.lichen-callout {
  border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
  border-left: 4px solid var(--lichen-callout, var(--vscode-descriptionForeground));
  background: var(--vscode-textBlockQuote-background);
  padding: 0.5em 0.8em;
  border-radius: 2px;
}
.lichen-callout-info { --lichen-callout: var(--vscode-editorInfo-foreground); }
.lichen-callout-success { --lichen-callout: var(--vscode-testing-iconPassed); }
.lichen-callout-warn { --lichen-callout: var(--vscode-editorWarning-foreground); }
.lichen-callout-danger { --lichen-callout: var(--vscode-editorError-foreground); }
.lichen-callout-title { font-weight: 600; margin-bottom: 0.3em; }
.lichen-error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
${ELEMENT_STYLES}`;
