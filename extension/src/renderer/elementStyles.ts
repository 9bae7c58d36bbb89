// Styles of the progress and spinner nodes and of the elements drawn in status.ts, moments.ts,
// editors.ts, files.ts, live.ts, chat.ts, frames.ts and widget.ts; part of the renderer's
// stylesheet (`styles.ts`), with the same theme variables.
export const ELEMENT_STYLES = `
.lichen-progress, .lichen-spinner { margin: 4px 0; }
.lichen-progress-line { display: flex; align-items: center; gap: 0.6em; }
.lichen-progress-bar { flex: 1; max-width: 32em; height: 0.7em; accent-color: var(--vscode-progressBar-background); }
.lichen-progress-facts, .lichen-status-subtitle { color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.lichen-status-title { font-weight: 600; }
.lichen-progress.lichen-done .lichen-progress-bar { accent-color: var(--vscode-testing-iconPassed); }
.lichen-spinner { display: flex; align-items: center; gap: 0.6em; }
.lichen-spinner-text { display: flex; flex-direction: column; }
.lichen-spinner-wheel {
  width: 1em; height: 1em; border-radius: 50%;
  border: 2px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #8884));
  border-top-color: var(--vscode-progressBar-background, var(--vscode-focusBorder));
  animation: lichen-spin 0.8s linear infinite;
}
@keyframes lichen-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .lichen-spinner-wheel { animation-duration: 3s; } }
.lichen-date-range { display: inline-flex; align-items: center; }
.lichen-code-box { display: flex; align-items: flex-start; gap: 4px; }
.lichen-code-editor {
  flex: 1; min-width: 20em; resize: vertical; tab-size: 4;
  font-family: var(--vscode-editor-font-family, monospace);
  font-size: var(--vscode-editor-font-size, 13px);
  background: var(--vscode-editor-background); color: var(--vscode-editor-foreground);
  border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent));
}
.lichen-matrix { border-collapse: collapse; }
.lichen-matrix th { font-weight: normal; color: var(--vscode-descriptionForeground); padding: 0 4px; }
.lichen-matrix-cell { width: 5em; }
.lichen-file { display: flex; align-items: center; gap: 0.6em; }
.lichen-file input[type=file] { position: absolute; width: 1px; height: 1px; opacity: 0; }
.lichen-file-button { cursor: pointer; }
.lichen-file-names { color: var(--vscode-descriptionForeground); }
.lichen-drop-area {
  display: block; padding: 1.2em; text-align: center; cursor: pointer; min-width: 20em;
  border: 1px dashed var(--vscode-panel-border, var(--vscode-contrastBorder, #8888));
}
.lichen-drop-area.lichen-dragging { background: var(--vscode-list-hoverBackground); }
.lichen-file-browser { list-style: none; padding-left: 0; margin: 0.3em 0; max-height: 16em; overflow-y: auto; }
.lichen-file-path, .lichen-table-note { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.lichen-refresh-box, .lichen-microphone { display: inline-flex; align-items: center; gap: 0.5em; }
.lichen-chat { display: flex; flex-direction: column; gap: 0.4em; max-width: 48em; }
.lichen-chat-log { overflow-y: auto; display: flex; flex-direction: column; gap: 0.4em; }
.lichen-chat-message { padding: 0.3em 0.6em; border-radius: 4px; background: var(--vscode-textBlockQuote-background); }
.lichen-chat-user { align-self: flex-end; background: var(--vscode-input-background); }
.lichen-chat-role { font-size: 0.8em; color: var(--vscode-descriptionForeground); }
.lichen-chat-text > :first-child { margin-top: 0; }
.lichen-chat-text > :last-child { margin-bottom: 0; }
.lichen-chat-compose { display: flex; gap: 0.4em; }
.lichen-chat-input { flex: 1; }
.lichen-chat-prompts { display: flex; flex-wrap: wrap; gap: 0.3em; }
.lichen-chat-prompts[hidden] { display: none; }
.lichen-scroll-x { overflow-x: auto; }
.lichen-data-editor, .lichen-data-preview { border-collapse: collapse; }
.lichen-data-editor th, .lichen-data-editor td, .lichen-data-preview th, .lichen-data-preview td {
  border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #8884)); padding: 2px 6px; text-align: left;
}
.lichen-cell-input { width: 100%; min-width: 5em; border: none; background: transparent; color: inherit; }
.lichen-transform-bar, .lichen-transform-controls { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; }
.lichen-transforms { margin: 0.3em 0; }
.lichen-encodings { display: grid; grid-template-columns: max-content max-content; gap: 0.3em 0.6em; align-items: center; }
.lichen-anywidget-box { display: block; }
`;
