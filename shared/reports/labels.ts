/** Bilingual labels of the workbooks: FR and NL in two columns, or "FR · NL" where one cell holds both. */
import type { Bilingual } from '../reference/index.ts';

const b = (fr: string, nl: string): Bilingual => ({ fr, nl });

/** The one suppression marker (the dashboard uses the same). */
export const SUPPRESSED = '[c]';

export const L = {
  title: b('Rapport RAR', 'RAR-rapport'),
  period: b('Période', 'Periode'),
  previous: b('Période précédente', 'Vorige periode'),
  change: b('Évolution', 'Verandering'),
  generatedAt: b('Généré le (heure de Bruxelles)', 'Gegenereerd op (Brusselse tijd)'),
  indicator: b('Indicateur', 'Indicator'),
  meetings: b('Réunions', 'Vergaderingen'),
  participants: b('Participants', 'Deelnemers'),
  participantsMean: b('Participants par réunion', 'Deelnemers per vergadering'),
  responses: b("Réponses à l'enquête", 'Antwoorden op de enquête'),
  zone: b('Bassin', 'Zorgzone'),
  theme: b('Thème', 'Thema'),
  kind: b('Type de réunion', 'Soort vergadering'),
  themeKind: b('Thème — type de réunion', 'Thema — soort vergadering'),
  date: b('Date', 'Datum'),
  number: b('N°', 'Nr.'),
  start: b('Début', 'Begin'),
  end: b('Fin', 'Einde'),
  venue: b('Lieu', 'Plaats'),
  language: b('Langue', 'Taal'),
  option: b('Option', 'Optie'),
  points: b('Points', 'Punten'),
  share: b('Part des points', 'Aandeel van de punten'),
  firstChoices: b('Premiers choix', 'Eerste keuzes'),
  rank: b('Rang', 'Rang'),
  changeShare: b('Évolution de la part (points de %)', 'Verandering van het aandeel (procentpunten)'),
  changeRank: b('Évolution du rang (− = monte)', 'Verandering van de rang (− = stijgt)'),
  survey: b('Enquête', 'Enquête'),
  question: b('Question', 'Vraag'),
  topic: b('Besoin', 'Behoefte'),
  targetGroup: b('Public cible', 'Doelgroep'),
  track: b("Piste d'action", 'Actiepiste'),
  count: b('Nombre', 'Aantal'),
  total: b('Total région', 'Totaal gewest'),
  noData: b('Aucune donnée pour cette période.', 'Geen gegevens voor deze periode.'),
  keyFigures: b('Chiffres clés de la région', 'Kerncijfers van het gewest'),
  zoneFigures: b('Chiffres clés du bassin', 'Kerncijfers van de zorgzone'),
  matrix: b(
    'Réunions, participants et réponses par bassin',
    'Vergaderingen, deelnemers en antwoorden per zorgzone',
  ),
  meetingsOfZone: b('Réunions du bassin', 'Vergaderingen van de zorgzone'),
  surveyPriorities: b("Priorités de l'enquête", 'Prioriteiten uit de enquête'),
  votes: b('Votes en table des réunions (3-2-1)', 'Stemmingen aan tafel in de vergaderingen (3-2-1)'),
  needs: b('Veille des besoins', 'Monitoring van de behoeften'),
  targetGroups: b('Publics cibles cités', 'Vermelde doelgroepen'),
  actions: b("Pistes d'action", 'Actiepistes'),
  footnote: b(
    `${SUPPRESSED} confidentiel : moins de 5 réponses, ou masqué pour qu'une telle case ne puisse pas être recalculée à partir des totaux. Une case vide dans une colonne « Évolution » : pas de comparaison possible.`,
    `${SUPPRESSED} vertrouwelijk: minder dan 5 antwoorden, of verborgen zodat zo'n cel niet uit de totalen kan worden herberekend. Een lege cel in een kolom "Verandering": geen vergelijking mogelijk.`,
  ),
} as const;

export const SHEETS = {
  summary: 'Synthèse - Overzicht',
  meetings: 'Réunions - Vergaderingen',
  responses: 'Réponses - Antwoorden',
  about: 'À propos - Over',
} as const;

/** "FR · NL" in one cell. */
export const both = (label: Bilingual): string =>
  label.fr === label.nl ? label.fr : `${label.fr} · ${label.nl}`;
