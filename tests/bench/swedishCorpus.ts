// Deterministic synthetic Swedish-like governing documents for the search benchmark: a
// vocabulary of healthcare words, their compounds ("hjärt" + "stopp") and inflections,
// ahead of the 150 000 stems of a Swedish spelling dictionary (dictionary-sv) as the long
// tail, drawn with a Zipf distribution mixed with per-document topic words, so that common
// words occur in nearly every document and rare ones in a few, as in a real library.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** A small fast seeded PRNG (mulberry32): the same seed gives the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS = (
  'och i att det som en på är av för med till den har de inte om ett vid ska kan eller när efter ' +
  'under samt enligt från alla denna dessa detta där då även mot inom utan sedan varje vilka ' +
  'genom mellan hos bör får måste sker görs ges finns blir vara skall'
).split(' ');

const FIRST_STEMS = (
  'hjärt vård hand läkemedels patient journal infektions blod smärt barn akut ambulans reserv ' +
  'lung njur sjuk sköterske läkar olycks brand kris avvikelse narkotika trycksår fall nutrition ' +
  'vaccinations dialys intensiv operations röntgen labb prov remiss besöks telefon kontroll ' +
  'säkerhets informations kommunikations personal hygien'
).split(' ');

const SECOND_STEMS = (
  'stopp hygien rutin plan lista instruktion ansvar skydd övervakning hantering dokumentation ' +
  'rapport förråd utrustning larm ordination bedömning åtgärd kontroll behandling mottagning ' +
  'avdelning transport flytt överflyttning journal system läge beredskap vagn skåp register ' +
  'klassning signering uppföljning riktlinje policy'
).split(' ');

const BASE_WORDS = (
  'patient läkemedel narkotika sepsis hygien rutin riktlinje ansvar behandling överflyttning ' +
  'dokumentation vårdnadshavare samtycke avvikelse journal sekretess blodtransfusion smitta ' +
  'isolering skyddsutrustning handsprit desinfektion provtagning venprov artärprov syrgas ' +
  'andning cirkulation medvetande smärta feber antibiotika insulin morfin vätska nutrition ' +
  'trycksår fallrisk delirium demens suicidrisk tvångsvård anhöriga tolk vårdplan utskrivning ' +
  'inskrivning remiss konsultation röntgen ultraljud ekg defibrillator hlr adrenalin intubation ' +
  'postoperativ preoperativ anestesi sövning narkos operation sterilisering instrument ' +
  'avfall stickande skärande tvätt städning livsmedel allergi reservrutin avbrott nätverk ' +
  'papper blankett telefon larmnummer ledning beslut delegering sjuksköterska undersköterska ' +
  'läkare barnmorska fysioterapeut arbetsterapeut kurator chef verksamhetschef enhetschef ' +
  'region kommun vårdcentral sjukhus avdelning mottagning akutmottagning intensivvård ' +
  'förlossning neonatal psykiatri geriatrik ortopedi kirurgi medicin onkologi infektion ' +
  'övervakning kontroll bedömning prioritering triage väntetid transport ambulans helikopter ' +
  'katastrof kris beredskap brand utrymning strömavbrott reservkraft vatten värme kyla ' +
  'kommunikation radio rakel information utbildning introduktion kompetens signering ' +
  'läkemedelslista ordination administrering dosering förvaring kylskåp temperatur ' +
  'kassation utlämning recept apotek narkotikajournal kontrollräkning inventering ' +
  'blodsocker blodtryck puls saturation andningsfrekvens temperaturmätning news poäng ' +
  'dag natt helg jour beredskapsläkare bakjour primärjour larm åtgärd uppföljning ' +
  'rapportering överrapportering sbar kommunikationsverktyg checklista instruktion ' +
  'egenkontroll revision granskning godkännande giltighet version ändring upphävd'
).split(' ');

const INFLECTIONS = ['', '', '', 'en', 'et', 'er', 'erna', 'ar', 'arna', 's', 'n', 'na'];

export const DOCUMENT_TYPES = ['Rutin', 'Riktlinje', 'PM', 'Policy', 'Instruktion', 'Checklista'];
export const UNITS = [
  'Akutmottagning', 'Intensivvårdsavdelning', 'Kirurgavdelning 12', 'Medicinavdelning 3', 'Barn- och ungdomsmedicin',
  'Förlossning', 'Psykiatrisk heldygnsvård', 'Geriatrik', 'Ortopedi', 'Infektionskliniken', 'Operation och anestesi',
  'Röntgen', 'Laboratoriemedicin', 'Vårdhygien', 'Ambulanssjukvård', 'Onkologi', 'Neonatal', 'Dialys',
  'Vårdcentral Norr', 'Vårdcentral Söder', 'Rehabilitering', 'Smärtmottagning', 'Hjärtsjukvård', 'Strokeenheten',
];

export interface SyntheticDocument {
  id: string;
  title: string;
  documentType: string;
  unit: string;
  owner: string;
  keywords: string[];
  body: string;
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** The stems of the Swedish hunspell dictionary (affix flags dropped): the long tail of the vocabulary. */
function dictionaryStems(): string[] {
  const dic = path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-sv')), 'index.dic');
  return fs
    .readFileSync(dic, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('/')[0]!.trim())
    .filter((w) => /^[a-zåäöé]{2,}$/.test(w));
}

/** Each first stem forms compounds with a few second stems, as real compounding is sparse. */
export function compounds(random: () => number): string[] {
  return FIRST_STEMS.flatMap((a) => shuffle([...SECOND_STEMS], random).slice(0, 6).map((b) => a + b));
}

/**
 * The general vocabulary in Zipf rank order (function words, then the dictionary stems in
 * seeded random order), and the healthcare words with their compounds and inflections.
 * Healthcare words occur only where a document is about them (its topic words): "narkotika"
 * is frequent in a few documents, not sprinkled over all of them.
 */
export function vocabulary(seed = 1): { general: string[]; domain: string[] } {
  const random = rng(seed);
  const domain = [...new Set([...BASE_WORDS, ...compounds(random)].flatMap((w) => INFLECTIONS.map((suffix) => w + suffix)))];
  const seen = new Set(FUNCTION_WORDS);
  const tail = dictionaryStems().filter((w) => !seen.has(w));
  return { general: [...FUNCTION_WORDS, ...shuffle(tail, random)], domain: shuffle(domain, random) };
}

/** Samples ranks 0…n−1 with probability ∝ 1/(rank+1)^s, by binary search over the CDF. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Generates documents one at a time (the whole corpus would not fit comfortably in memory). */
export function* syntheticDocuments(count: number, bodyBytes: number, seed = 42): Generator<SyntheticDocument> {
  const { general, domain } = vocabulary(seed);
  const random = rng(seed);
  const zipf = zipfSampler(general.length, 1.0, random);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const titleWords = compounds(rng(seed));
  for (let i = 0; i < count; i++) {
    // A document is about something: a dozen healthcare words recur in it.
    const topic = Array.from({ length: 12 }, () => pick(domain));
    const documentType = pick(DOCUMENT_TYPES);
    const unit = pick(UNITS);
    const subject = capitalize(pick(titleWords));
    const form = random();
    const title =
      form < 0.3 ? `${subject} – ${pick(BASE_WORDS)} och ${pick(BASE_WORDS)}` : form < 0.6 ? `${subject} vid ${pick(BASE_WORDS)}` : `${subject}: ${pick(BASE_WORDS)}`;
    let body = '';
    while (body.length < bodyBytes) {
      const length = 6 + Math.floor(random() * 14);
      const sentence: string[] = [];
      for (let w = 0; w < length; w++) sentence.push(random() < 0.2 ? pick(topic) : general[zipf()]!);
      body += `${capitalize(sentence.join(' '))}. `;
      if (random() < 0.08) body += '\n';
    }
    yield {
      id: `DOC-${String(i + 1).padStart(6, '0')}`,
      title,
      documentType,
      unit,
      owner: `Verksamhetschef ${unit}`,
      keywords: [pick(topic), pick(topic)],
      body,
    };
  }
}
