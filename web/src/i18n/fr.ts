/** French texts of the public pages. `nl.ts` must have exactly the same keys (typed and tested). */
export const fr = {
  languageName: 'Français',
  languageSwitch: 'Langue',
  siteName: 'Brusano · Enquêtes',
  skipLink: 'Aller au contenu',
  loading: 'Chargement…',
  loadFailedTitle: 'Connexion impossible',
  loadFailed: 'La page n’a pas pu être chargée. Vérifiez votre connexion et réessayez.',
  retry: 'Réessayer',
  homeTitle: 'Enquêtes ouvertes',
  homeIntro: 'Choisissez une enquête pour y répondre. Vos réponses sont anonymes.',
  homeNone: 'Aucune enquête n’est ouverte pour le moment.',
  openUntil: (date: string) => `Ouverte jusqu’au ${date}`,
  required: '(obligatoire)',
  choose: '— Choisir —',
  multipleHint: 'Cochez toutes les réponses qui conviennent.',
  multipleMaxHint: (max: number) => `Cochez au maximum ${max} réponses.`,
  rankingHint: (pick: number) => `Choisissez jusqu’à ${pick} éléments, du plus au moins important.`,
  rankLabel: (rank: number, weight: number) =>
    `${rank === 1 ? '1er' : `${rank}e`} choix (${weight} ${weight <= 1 ? 'point' : 'points'})`,
  textHint: (max: number) => `${max} caractères au maximum.`,
  numberHint: (min: number | undefined, max: number | undefined) =>
    min !== undefined && max !== undefined
      ? `Un nombre entre ${min} et ${max}.`
      : min !== undefined
        ? `Un nombre d’au moins ${min}.`
        : max !== undefined
          ? `Un nombre de ${max} au maximum.`
          : 'Un nombre.',
  draftNote: 'Vos réponses sont gardées sur cet appareil jusqu’à leur envoi.',
  submit: 'Envoyer mes réponses',
  sending: 'Envoi en cours…',
  notSentTitle: 'Vos réponses ne sont pas encore envoyées',
  notSentBody:
    'La connexion a échoué. Vos réponses restent gardées sur cet appareil : réessayez quand vous avez du réseau.',
  retrySend: 'Réessayer l’envoi',
  errorSummaryTitle: 'Il y a un problème',
  errorPrefix: 'Erreur :',
  thanksTitle: 'Merci pour votre participation',
  thanksBody:
    'Vos réponses ont bien été enregistrées. Elles sont comptées de façon anonyme dans les résultats.',
  otherSurveys: 'Voir les enquêtes ouvertes',
  unknownTitle: 'Enquête introuvable',
  unknownBody: 'Cette adresse ne correspond à aucune enquête. Vérifiez le lien que vous avez reçu.',
  closedTitle: 'Cette enquête est clôturée',
  closedBody: (date: string | undefined) =>
    date
      ? `Elle n’accepte plus de réponses depuis le ${date}. Merci de votre intérêt.`
      : 'Elle n’accepte plus de réponses. Merci de votre intérêt.',
  notYetTitle: 'Cette enquête n’est pas encore ouverte',
  notYetBody: (date: string | undefined) =>
    date ? `Elle ouvrira le ${date}. Revenez à ce moment-là.` : 'Elle ouvrira bientôt.',
  notFoundTitle: 'Page introuvable',
  notFoundBody: 'Cette page n’existe pas. Vérifiez l’adresse ou partez de la liste des enquêtes.',
  honeypotLabel: 'Ne pas remplir ce champ',
};

export type Dictionary = typeof fr;
