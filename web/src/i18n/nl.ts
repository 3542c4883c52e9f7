/** Dutch texts of the public pages: the same keys as `fr.ts`. */
import type { Dictionary } from './fr.ts';

export const nl: Dictionary = {
  languageName: 'Nederlands',
  languageSwitch: 'Taal',
  siteName: 'Brusano · Enquêtes',
  skipLink: 'Naar de inhoud',
  loading: 'Laden…',
  loadFailedTitle: 'Geen verbinding',
  loadFailed: 'De pagina kon niet worden geladen. Controleer uw verbinding en probeer opnieuw.',
  retry: 'Opnieuw proberen',
  homeTitle: 'Open enquêtes',
  homeIntro: 'Kies een enquête om te beantwoorden. Uw antwoorden zijn anoniem.',
  homeNone: 'Er is momenteel geen open enquête.',
  openUntil: (date) => `Open tot ${date}`,
  required: '(verplicht)',
  choose: '— Kiezen —',
  multipleHint: 'Vink alle passende antwoorden aan.',
  multipleMaxHint: (max) => `Vink maximaal ${max} antwoorden aan.`,
  rankingHint: (pick) => `Kies tot ${pick} items, van het belangrijkste naar het minst belangrijke.`,
  rankLabel: (rank, weight) => `${rank}e keuze (${weight} ${weight === 1 ? 'punt' : 'punten'})`,
  textHint: (max) => `Maximaal ${max} tekens.`,
  numberHint: (min, max) =>
    min !== undefined && max !== undefined
      ? `Een getal tussen ${min} en ${max}.`
      : min !== undefined
        ? `Een getal van minstens ${min}.`
        : max !== undefined
          ? `Een getal van hoogstens ${max}.`
          : 'Een getal.',
  draftNote: 'Uw antwoorden worden op dit toestel bewaard tot ze verstuurd zijn.',
  submit: 'Mijn antwoorden versturen',
  sending: 'Bezig met versturen…',
  notSentTitle: 'Uw antwoorden zijn nog niet verstuurd',
  notSentBody:
    'De verbinding is mislukt. Uw antwoorden blijven bewaard op dit toestel: probeer opnieuw zodra u netwerk hebt.',
  retrySend: 'Opnieuw versturen',
  errorSummaryTitle: 'Er is een probleem',
  errorPrefix: 'Fout:',
  thanksTitle: 'Bedankt voor uw deelname',
  thanksBody: 'Uw antwoorden zijn goed ontvangen. Ze worden anoniem meegeteld in de resultaten.',
  otherSurveys: 'Open enquêtes bekijken',
  unknownTitle: 'Enquête niet gevonden',
  unknownBody: 'Dit adres hoort bij geen enkele enquête. Controleer de link die u ontving.',
  closedTitle: 'Deze enquête is afgesloten',
  closedBody: (date) =>
    date
      ? `Sinds ${date} worden geen antwoorden meer aanvaard. Bedankt voor uw interesse.`
      : 'Er worden geen antwoorden meer aanvaard. Bedankt voor uw interesse.',
  notYetTitle: 'Deze enquête is nog niet geopend',
  notYetBody: (date) => (date ? `Ze opent op ${date}. Kom dan terug.` : 'Ze opent binnenkort.'),
  notFoundTitle: 'Pagina niet gevonden',
  notFoundBody: 'Deze pagina bestaat niet. Controleer het adres of begin bij de lijst van enquêtes.',
  honeypotLabel: 'Dit veld niet invullen',
};
