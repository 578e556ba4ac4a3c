// Keyboard shortcuts of the task page: single keys, only when no text box or menu has the focus.
window.portalShortcuts = {
  handler: null,
  attach(dotnet) {
    this.detach();
    this.handler = (e) => {
      const t = e.target;
      if (e.ctrlKey || e.altKey || e.metaKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
      if (["a", "r", "c", "m", "n"].includes(e.key)) { e.preventDefault(); dotnet.invokeMethodAsync("OnShortcutAsync", e.key); }
    };
    document.addEventListener("keydown", this.handler);
  },
  detach() {
    if (this.handler) document.removeEventListener("keydown", this.handler);
    this.handler = null;
  },
};

// A file the page made (an export), saved by the browser: the bytes come from .NET as a stream.
window.portalDownload = async (name, type, streamRef) => {
  const blob = new Blob([await streamRef.arrayBuffer()], { type });
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
};
