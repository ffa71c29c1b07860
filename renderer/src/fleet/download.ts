// Offers text the app made as a file download, through a Blob in the page itself: no
// request leaves the app (the desktop app shows its Save dialog; a browser saves it).
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by now; give slow hosts a moment anyway.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
