// What Windows accepts as a file or folder name, written independently of the code under test.
export function validOnWindows(name: string): boolean {
  if (name === '' || name.length > 255) return false;
  if (/[<>:"/\\|?*\u0000-\u001f]/.test(name)) return false;
  if (/[. ]$/.test(name)) return false;
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i.test(name.split('.')[0]!.trimEnd())) return false;
  return name === name.normalize('NFC');
}

