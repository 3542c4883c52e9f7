/**
 * The 2025 thematic consultations of the demo: 15 on mental health (3 per zone) and 16 on prevention
 * (4 in Centre-West, 3 elsewhere), with needs, findings and action tracks taken from Brusano's published
 * consultation reports (see ../shared/seeds in the project brief).
 */
import type { MeetingInput } from '../../shared/records.ts';
import { careZoneIds, sectorIds } from '../../shared/reference/index.ts';
import { demoUuid, intBetween, type Random, seededRandom, weightedPick } from './random.ts';

type Text = { fr: string; nl: string };

interface ThemeMaterial {
  theme: 'mental-health' | 'prevention';
  venues: string[];
  needs: { topic: string; targetGroups: string[]; note: Text }[];
  findings: Text[];
  actions: { track: string; text: Text }[];
  voteOptions: { id: string; label: Text; weight: number }[];
}

const mentalHealth: ThemeMaterial = {
  theme: 'mental-health',
  venues: [
    'Botanique 75',
    'Maison de quartier Bockstael',
    'CPAS — salle du conseil',
    'Huis van het Nederlands',
  ],
  needs: [
    {
      topic: 'social-isolation',
      targetGroups: ['elderly', 'youth', 'single-parents', 'isolated-people'],
      note: {
        fr: 'Isolement social : fort impact sur la santé mentale, surtout chez les personnes âgées, les jeunes et les parents solos.',
        nl: 'Sociaal isolement: grote impact op de geestelijke gezondheid, vooral bij ouderen, jongeren en alleenstaande ouders.',
      },
    },
    {
      topic: 'housing',
      targetGroups: ['isolated-people'],
      note: { fr: 'Accès à un logement décent.', nl: 'Toegang tot fatsoenlijke huisvesting.' },
    },
    {
      topic: 'accessibility',
      targetGroups: ['migrant-women', 'people-with-disabilities'],
      note: {
        fr: 'Barrière linguistique, fracture numérique, stigmatisation et méconnaissance des structures.',
        nl: 'Taalbarrière, digitale kloof, stigmatisering en onbekendheid met de structuren.',
      },
    },
    {
      topic: 'stigma',
      targetGroups: ['youth', 'dual-diagnosis'],
      note: {
        fr: 'Honte et tabous, surtout chez les jeunes.',
        nl: 'Schaamte en taboe, vooral bij jongeren.',
      },
    },
    {
      topic: 'social-isolation',
      targetGroups: ['informal-carers', 'dual-diagnosis'],
      note: {
        fr: 'Aidants proches épuisés, personnes avec un double diagnostic.',
        nl: 'Uitgeputte mantelzorgers, mensen met een dubbele diagnose.',
      },
    },
  ],
  findings: [
    {
      fr: 'Les acteurs ne se connaissent pas : médecins généralistes, associations, écoles et services de santé mentale.',
      nl: 'Spelers kennen elkaar niet: huisartsen, lokale verenigingen, scholen en DGGZ kennen elkaar onvoldoende.',
    },
    {
      fr: 'Faible coordination intersectorielle entre social, santé, logement et écoles.',
      nl: 'Geringe intersectorale coördinatie tussen welzijn, gezondheidszorg, huisvesting en scholen.',
    },
    {
      fr: 'Saturation des services : longs délais pour un rendez-vous.',
      nl: 'Verzadiging van de diensten: lange wachttijden voor afspraken.',
    },
    {
      fr: "Sentiment d'impuissance des professionnels face aux situations qui se dégradent.",
      nl: 'Gevoel van machteloosheid bij professionals in afglijdende situaties.',
    },
    {
      fr: 'Barrières multiples : financières, linguistiques, culturelles ; digitalisation des services.',
      nl: 'Meerdere barrières: financieel, taalkundig, cultureel; digitalisering van diensten.',
    },
  ],
  actions: [
    {
      track: 'referral-access',
      text: {
        fr: "Développer des outils d'orientation (carte mentale, répertoire).",
        nl: 'Ontwikkeling van verwijzingstools (mindmap, repertorium).',
      },
    },
    {
      track: 'referral-access',
      text: {
        fr: 'Diversifier l’accueil : sans rendez-vous, lieux informels, médiateurs culturels.',
        nl: 'Diversificatie van het onthaal: zonder afspraak, informele locaties, culturele bemiddelaars.',
      },
    },
    {
      track: 'professional-support',
      text: {
        fr: 'Intervision et formations communes sur la santé mentale et l’isolement.',
        nl: 'Intervisie en gezamenlijke opleidingen over geestelijke gezondheid en isolement.',
      },
    },
    {
      track: 'hard-to-reach',
      text: {
        fr: 'Aller vers : permanences dans les lieux de vie, groupes de parole, cafés papote.',
        nl: 'Outreach: permanenties op leefplekken, praatgroepen, praatcafés.',
      },
    },
  ],
  voteOptions: [
    { id: 'referral', label: { fr: 'Orientation et accès', nl: 'Verwijzing en toegang' }, weight: 5 },
    {
      id: 'training',
      label: { fr: 'Formation des professionnels', nl: 'Opleiding van professionals' },
      weight: 4,
    },
    {
      id: 'outreach',
      label: { fr: 'Publics difficiles à atteindre', nl: 'Moeilijk bereikbare groepen' },
      weight: 3,
    },
    {
      id: 'network',
      label: { fr: 'Réseau autour de la personne', nl: 'Netwerk rond de persoon' },
      weight: 2,
    },
  ],
};

const prevention: ThemeMaterial = {
  theme: 'prevention',
  venues: ['Maison médicale du quartier', 'Centre culturel', 'Antenne locale Brusano', 'Salle communale'],
  needs: [
    {
      topic: 'food',
      targetGroups: ['youth', 'single-parents'],
      note: {
        fr: 'Accès inégal à une alimentation saine (colis déséquilibrés, manque de produits frais).',
        nl: 'Ongelijke toegang tot gezonde voeding (onevenwichtige pakketten, gebrek aan verse producten).',
      },
    },
    {
      topic: 'housing',
      targetGroups: ['single-parents', 'isolated-people'],
      note: {
        fr: 'Insalubrité, mal-logement, précarité résidentielle.',
        nl: 'Onhygiënische omstandigheden, slechte huisvesting.',
      },
    },
    {
      topic: 'vaccination',
      targetGroups: ['elderly', 'chronically-ill'],
      note: {
        fr: 'Accès difficile à l’information sur les vaccinations (grippe, rougeole) et les dépistages.',
        nl: 'Moeilijke toegang tot informatie over vaccinaties (griep, mazelen) en screening.',
      },
    },
    {
      topic: 'prevention-information',
      targetGroups: ['migrant-women', 'youth'],
      note: {
        fr: 'Communication inadaptée : supports trop tardifs, messages peu clairs ou stigmatisants.',
        nl: 'Onaangepaste communicatie: materiaal te laat, onduidelijke of stigmatiserende boodschappen.',
      },
    },
    {
      topic: 'digital-divide',
      targetGroups: ['elderly', 'isolated-people'],
      note: {
        fr: 'La digitalisation des démarches complique l’accès à l’aide.',
        nl: 'De digitalisering van procedures maakt het moeilijker om hulp te krijgen.',
      },
    },
  ],
  findings: [
    {
      fr: 'Mobilisation des publics cibles difficile : horaires inadaptés, obstacles logistiques.',
      nl: 'Mobilisatie van doelgroepen moeilijk: onaangepaste openingstijden, logistieke belemmeringen.',
    },
    {
      fr: 'Manque de coordination entre acteurs : cloisonnement du social et de la santé.',
      nl: 'Gebrek aan coördinatie tussen spelers: hokjesdenken in welzijn en gezondheidszorg.',
    },
    {
      fr: 'Offre locale riche mais peu visible.',
      nl: 'Rijk lokaal aanbod, maar weinig zichtbaar.',
    },
    {
      fr: 'Le curatif domine encore : la prévention passe au second plan.',
      nl: 'Curatieve zorg domineert nog altijd: preventie komt op de tweede plaats.',
    },
    {
      fr: 'Campagnes régionales (Blue March, vaccination grippe) peu connues hors du secteur médical.',
      nl: 'Gewestelijke campagnes (Blue March, griepvaccinatie) weinig bekend buiten de medische spelers.',
    },
  ],
  actions: [
    {
      track: 'prevention-campaigns',
      text: {
        fr: 'Supports simples et multilingues, diffusés à temps par les relais de quartier.',
        nl: 'Eenvoudig en meertalig materiaal, tijdig verspreid via buurtrelais.',
      },
    },
    {
      track: 'territorial-coordination',
      text: {
        fr: 'Rencontres entre acteurs du social et de la santé autour de la vaccination et de l’isolement.',
        nl: 'Ontmoetingen tussen welzijns- en gezondheidsactoren rond vaccinatie en isolement.',
      },
    },
    {
      track: 'hard-to-reach',
      text: {
        fr: 'Actions de prévention dans les lieux fréquentés par les publics (marchés, écoles, associations).',
        nl: 'Preventieacties op plekken waar de doelgroepen komen (markten, scholen, verenigingen).',
      },
    },
  ],
  voteOptions: [
    { id: 'communication', label: { fr: 'Communication adaptée', nl: 'Aangepaste communicatie' }, weight: 5 },
    { id: 'network', label: { fr: 'Travail en réseau', nl: 'Netwerking' }, weight: 4 },
    {
      id: 'outreach',
      label: { fr: 'Publics difficiles à atteindre', nl: 'Moeilijk bereikbare groepen' },
      weight: 3,
    },
    {
      id: 'food-access',
      label: { fr: 'Accès à une alimentation saine', nl: 'Toegang tot gezonde voeding' },
      weight: 2,
    },
  ],
};

/** Meeting participants come from every sector but 'other'. */
const SECTORS = sectorIds.filter((s) => s !== 'other');

/** A weekday (Tuesday or Thursday) near the given month and day of 2025. */
const weekday2025 = (month: number, day: number, preferThursday: boolean): string => {
  const d = new Date(Date.UTC(2025, month - 1, day));
  const target = preferThursday ? 4 : 2;
  while (d.getUTCDay() !== target) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const meetingFrom = (
  material: ThemeMaterial,
  zone: string,
  sequence: number,
  date: string,
  random: Random,
): MeetingInput => {
  const language = random() < 0.55 ? 'fr' : 'nl';
  const participants = intBetween(random, 12, 45);
  const participantsBySector: Record<string, number> = {};
  let left = participants - intBetween(random, 0, 3);
  for (const sector of SECTORS) {
    const n = Math.min(left, intBetween(random, 0, Math.ceil(participants / 3)));
    if (n > 0) participantsBySector[sector] = n;
    left -= n;
  }
  const needs = weightedPick(
    random,
    material.needs.map((n) => ({ value: n, weight: 1 })),
    intBetween(random, 2, 4),
  ).map((n) => ({ topic: n.topic, targetGroups: n.targetGroups, note: n.note[language] }));
  const findings = weightedPick(
    random,
    material.findings.map((f) => ({ value: f[language], weight: 1 })),
    3,
  );
  const actions = weightedPick(
    random,
    material.actions.map((a) => ({ value: a, weight: 1 })),
    intBetween(random, 2, material.actions.length),
  ).map((a) => ({ track: a.track, text: a.text[language] }));
  const options = material.voteOptions.map((o) => ({ id: o.id, label: o.label }));
  const ballots = Array.from({ length: Math.min(participants, 12) }, () =>
    weightedPick(
      random,
      material.voteOptions.map((o) => ({ value: o.id, weight: o.weight })),
      3,
    ),
  );
  const start = random() < 0.5 ? '09:30' : '13:00';
  return {
    meetingId: demoUuid(`meeting:${material.theme}:${zone}:${sequence}`),
    zone,
    theme: material.theme,
    kind: 'thematic-consultation',
    sequence,
    date,
    startTime: start,
    endTime: start === '09:30' ? '12:00' : '15:30',
    venue: material.venues[intBetween(random, 0, material.venues.length - 1)] ?? 'Brusano',
    participants,
    participantsBySector,
    needs,
    findings,
    actions,
    votes: { options, ballots },
    language,
    links: [],
  };
};

/** The 31 demo consultations of 2025. */
export const demoMeetings = (): MeetingInput[] => {
  const random = seededRandom(2025);
  const out: MeetingInput[] = [];
  careZoneIds.forEach((zone, z) => {
    // Mental health: one consultation every four months, staggered by zone.
    [2, 6, 10].forEach((month, i) => {
      out.push(meetingFrom(mentalHealth, zone, i + 1, weekday2025(month, 3 + z * 4, i % 2 === 0), random));
    });
    // Prevention: three a year, four in the first zone.
    const months = z === 0 ? [1, 4, 7, 11] : [3, 5, 9];
    months.forEach((month, i) => {
      out.push(meetingFrom(prevention, zone, i + 1, weekday2025(month, 6 + z * 3, i % 2 === 1), random));
    });
  });
  return out;
};
