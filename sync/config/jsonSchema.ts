// The config contract as a documented JSON Schema for IT (build/config.schema.json, made
// by `npm run schema`): generated from the same zod schema the app validates with, so the
// two cannot drift. Descriptions live here, in a registry of their own, rather than in
// schema.ts; a key nobody has described yet is still in the schema, just without text.
import { z } from 'zod';
import { configSchema, folderSourceSchema, libraryConfigSchema, manifestSourceSchema, statusReportSchema } from './schema.js';

interface FieldDocs {
  title?: string;
  description?: string;
  examples?: unknown[];
  format?: string;
  pattern?: string;
}

type Docs = z.core.$ZodRegistry<FieldDocs>;

/** The schema inside a `.default(…)`, where the object's own fields are. */
function inner(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

function field<T extends z.ZodRawShape>(object: z.ZodObject<T>, key: keyof T & string): z.ZodType {
  return object.shape[key] as unknown as z.ZodType;
}

function objectOf(schema: z.ZodType): z.ZodObject<z.ZodRawShape> {
  const unwrapped = inner(schema);
  if (!(unwrapped instanceof z.ZodObject)) throw new Error('expected an object schema');
  return unwrapped;
}

function describeTopLevel(docs: Docs): void {
  const top = configSchema;
  docs.add(field(top, 'dataDir'), {
    description:
      'Mapp för katalogen (catalog.sqlite), innehållslagret, loggar (logs/) och låsfiler. Relativ sökväg räknas från konfigurationsfilens mapp.',
    examples: ['C:\\ProgramData\\LITA Reserv\\data', '/var/lib/lita-reserv'],
  });
  docs.add(field(top, 'mirrorDir'), {
    description:
      'Speglingsmappen som personalen öppnar i Utforskaren: <mirrorDir>/<bibliotekets titel>/<sökväg…>/<fil>. Får inte vara samma mapp som dataDir.',
    examples: ['C:\\Styrande dokument', 'D:\\Reserv\\Styrande dokument'],
  });
  docs.add(field(top, 'libraries'), { description: 'Biblioteken som speglas, minst ett. Varje bibliotek får en egen mapp i speglingen.' });
  docs.add(field(top, 'schedule'), { description: 'När tjänsten (daemon) synkar.' });
  docs.add(field(objectOf(field(top, 'schedule')), 'intervalMinutes'), {
    description: 'Minuter mellan schemalagda synkar (1–1440). Efter ett misslyckat försök provar tjänsten tidigare, med växande pauser.',
  });
  docs.add(field(top, 'safety'), {
    description: 'Skydd mot massborttagning: fler borttagningar än så här hålls tillbaka tills en handläggare godkänner dem (sync --approve-deletions).',
  });
  const safety = objectOf(field(top, 'safety'));
  docs.add(field(safety, 'maxDeletePercent'), { description: 'Högsta andel (procent) av ett biblioteks dokument som får tas bort i en synk.' });
  docs.add(field(safety, 'maxDeleteCount'), { description: 'Högsta antal dokument som får tas bort ur ett bibliotek i en synk.' });
  docs.add(field(top, 'staleAfterHours'), {
    description: 'Efter så många timmar utan lyckad synk varnar appen, status och doctor för att kopian är gammal.',
  });
  docs.add(field(top, 'network'), { description: 'Nätverksinställningar för alla källor. Proxy: se HTTPS_PROXY/HTTP_PROXY/NO_PROXY i IT-guiden.' });
  const network = objectOf(field(top, 'network'));
  docs.add(field(network, 'timeoutSeconds'), { description: 'Sekunder utan svar innan en förfrågan ges upp (gäller även mellan delar av en nedladdning).' });
  docs.add(field(network, 'retries'), { description: 'Nya försök per förfrågan vid nätverksfel, 5xx, 408 och 429.' });
  docs.add(field(network, 'concurrency'), { description: 'Antal samtidiga nedladdningar per bibliotek.' });
  docs.add(field(top, 'language'), { description: 'Språk i appen och i LÄS MIG.txt: sv (svenska) eller en (engelska).' });
  docs.add(field(top, 'statusReport'), {
    description:
      'Valfritt: var datorn publicerar sin statusrapport efter varje synkförsök, så att handläggare ser alla datorer (lita-reserv fleet, Översikt datorer). Att rapporten inte kan skrivas stoppar aldrig synken.',
  });
  docs.add(field(statusReportSchema, 'target'), {
    description: 'En mapp (lokal eller UNC) som alla datorer kan skriva till, eller en WebDAV-samling (https://…/status/) som tar emot PUT. Varje dator skriver <namn>.json.',
    examples: ['\\\\fileserver\\lita-status', 'https://dav.example.org/lita-status/'],
  });
  docs.add(field(statusReportSchema, 'username'), { description: 'Användarnamn för WebDAV-målet (Basic-inloggning över https).' });
  docs.add(field(statusReportSchema, 'passwordFile'), { description: 'Fil med lösenordet för WebDAV-målet (på Windows DPAPI-skyddad med protect-secret).' });
  docs.add(field(statusReportSchema, 'passwordEnv'), { description: 'Miljövariabel med lösenordet för WebDAV-målet.' });
  docs.add(field(statusReportSchema, 'pcName'), { description: 'Namnet datorn rapporterar under; standard är datornamnet.' });
}

function describeLibraries(docs: Docs): void {
  docs.add(field(libraryConfigSchema, 'id'), {
    description: 'Bibliotekets id: stabilt, unikt, A–Z, 0–9, punkt, bindestreck, understreck. Byt inte id på ett bibliotek som redan speglats.',
    examples: ['ledningssystem'],
  });
  docs.add(field(libraryConfigSchema, 'title'), {
    description: 'Namnet personalen ser, och namnet på bibliotekets mapp i speglingen.',
    examples: ['Ledningssystem'],
  });
  docs.add(field(libraryConfigSchema, 'source'), { description: 'Var biblioteket hämtas ifrån; "type" väljer slag av källa.' });

  docs.add(manifestSourceSchema, { title: 'manifest', description: 'Ett publicerat bibliotek (lita-manifest/1) över HTTP(S).' });
  docs.add(field(manifestSourceSchema, 'url'), {
    description: 'Adressen till manifest.json. Filernas href räknas från den. Inga inloggningsuppgifter i adressen.',
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
    examples: ['https://docs.example.org/reserv/manifest.json'],
  });
  docs.add(field(manifestSourceSchema, 'publicKey'), {
    description:
      'Valfri base64-kodad Ed25519-publik nyckel (från "lita-reserv keygen"). När den finns måste manifest.json.sig stämma, annars används inte manifestet.',
  });
  docs.add(folderSourceSchema, { title: 'folder', description: 'En lokal mapp eller en UNC-delning som biblioteket exporteras till.' });
  docs.add(field(folderSourceSchema, 'path'), {
    description: 'Mappens sökväg; UNC-sökvägar (\\\\server\\delning\\…) används som de är, relativa räknas från konfigurationsfilens mapp.',
    examples: ['\\\\fileserver\\styrande\\akut'],
  });
}

export function configJsonSchema(): Record<string, unknown> {
  const docs: Docs = z.registry<FieldDocs>();
  describeTopLevel(docs);
  describeLibraries(docs);
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-07', metadata: docs, unrepresentable: 'any' });
  return {
    $schema: schema.$schema,
    title: 'LITA Reserv – konfiguration',
    description:
      'Maskinens konfigurationsfil för LITA Reserv (%ProgramData%\\LITA Reserv\\config.json på Windows, /etc/lita-reserv/config.json annars). ' +
      'Okända nycklar är fel. Nycklar med standardvärde kan utelämnas. Genererad från appens schema med "npm run schema"; ändra inte för hand.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The committed file's exact text. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
