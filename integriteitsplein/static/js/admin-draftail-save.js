// Rich text in the admin is never sent without the last words typed.
//
// Draftail writes an editor's text into its hidden input only 250 ms after the last
// keystroke (Wagtail's comment-aware wrapper restarts that timer on every key). A form sent
// sooner, such as Ctrl+S or "Stuur door" right after typing, carried the text as it was
// before the whole burst of typing: the page was saved without those words and the editor
// reloaded without them. When a form's data is gathered (a submit, or Wagtail's autosave
// building FormData), every editor's current text is written into its input first.
(() => {
  const COMMENT_STYLE = "COMMENT-"; // Wagtail's comment marks, never stored in the text

  const currentValue = (input) => {
    const editor = input.draftailEditor;
    const draftail = window.Draftail;
    if (!editor || typeof editor.getEditorState !== "function" || !draftail) return undefined;
    const raw = draftail.serialiseEditorStateToRaw(editor.getEditorState());
    if (raw) {
      for (const block of raw.blocks) {
        block.inlineStyleRanges = block.inlineStyleRanges.filter(
          (range) => !String(range.style).startsWith(COMMENT_STYLE),
        );
      }
    }
    return raw; // null for an empty editor, as Draftail itself writes it
  };

  document.addEventListener(
    "formdata",
    (event) => {
      // Every editor keeps a reference on its input (`draftailEditor`); the inputs of rich
      // text in a StreamField carry no data-draftail-input attribute, so look at them all.
      for (const input of event.target.querySelectorAll('input[type="hidden"]')) {
        if (!input.draftailEditor || !input.name || input.disabled) continue;
        const raw = currentValue(input);
        if (raw === undefined) continue; // not (yet) an editor: its input is as it is
        const value = JSON.stringify(raw);
        if (value === input.value) continue;
        input.rawContentState = raw;
        input.value = value;
        event.formData.set(input.name, value);
      }
    },
    true,
  );
})();
