// The text of `LÄS MIG.txt` at the top of the mirror: what the folder is, how fresh it is,
// and what to do with it. Written for a person opening the folder in Explorer during an
// outage, so plain Swedish, Windows line endings and a BOM for old Notepad.
import { formatAge, formatLocalTime, mirrorUpdatedAt } from '../i18n/time.js';

export interface ReadmeLibrary {
  title: string;
  documents: number;
  lastSuccessAt: string | null;
  lastResult: string;
}

export function readmeText(libraries: readonly ReadmeLibrary[], now: Date): string {
  const updatedAt = mirrorUpdatedAt(libraries);
  const lines = [
    'STYRANDE DOKUMENT – RESERVKOPIA (LITA Reserv)',
    '==============================================',
    '',
    'Den här mappen är en reservkopia av regionens styrande dokument (rutiner, riktlinjer,',
    'policyer, PM). Den används när ledningssystemet eller nätverket inte fungerar.',
    '',
    `Senast uppdaterad: ${formatLocalTime(updatedAt)}${updatedAt ? ` (${formatAge(updatedAt, now)})` : ''}`,
    `Den här texten skrevs: ${formatLocalTime(now.toISOString())}`,
    '',
    'Bibliotek:',
    ...libraries.map(
      (l) =>
        `  - ${l.title}: ${l.documents} dokument, senast uppdaterat ${formatLocalTime(l.lastSuccessAt)}` +
        (l.lastResult === 'failed' ? ' (senaste försöket misslyckades)' : ''),
    ),
    '',
    'Så använder du kopian:',
    '  1. Öppna programmet "Styrande dokument (reserv)" och sök på ett ord i titeln eller texten.',
    '  2. Fungerar inte programmet: öppna mappen för ditt bibliotek här och bläddra',
    '     (organisation → enhet → dokument), eller öppna index.html i en webbläsare.',
    '',
    'Viktigt:',
    '  - Kontrollera datumet ovan. Dokument kan ha ändrats efter att kopian gjordes.',
    '  - Ändra inte filerna här; ändringar skrivs över vid nästa uppdatering.',
    '  - När ledningssystemet fungerar igen gäller alltid versionen där.',
    '',
  ];
  return `\uFEFF${lines.join('\r\n')}`;
}
