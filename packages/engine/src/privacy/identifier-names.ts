/**
 * Attribute names that look like direct identifiers: a value under them names or reaches a person by itself
 * (GDPR Recital 26, "directly or indirectly"; the kinds listed as direct identifiers in ISO/IEC 20889). A name
 * is split into words (`firstName`, `first_name`, `First Name` give first, name), its accents folded
 * (`prénom`: prenom, `Straße`: strasse), and flagged when a word, or two words joined, is one of these. A
 * heuristic: a shop's field named otherwise is not found. The privacy report leaves a name unflagged when
 * every value held under it says yes or no (`emailOptIn`, `hasPhone`); the fairness reports' grouping check
 * (customers/customer-groups.ts) uses the same words.
 */

/** Each word and the kind of identifier it stands for. */
export const IDENTIFIER_WORDS: Readonly<Record<string, string>> = {
  email: 'e-mail address',
  mail: 'e-mail address',
  phone: 'phone number',
  telephone: 'phone number',
  tel: 'phone number',
  mobile: 'phone number',
  name: 'name',
  firstname: 'name',
  lastname: 'name',
  surname: 'name',
  fullname: 'name',
  username: 'user name',
  login: 'user name',
  address: 'postal address',
  street: 'postal address',
  zip: 'postal address',
  zipcode: 'postal address',
  postcode: 'postal address',
  postalcode: 'postal address',
  birth: 'birth date',
  birthday: 'birth date',
  birthdate: 'birth date',
  dob: 'birth date',
  ip: 'IP address',
  iban: 'bank account',
  card: 'payment card',
  ssn: 'national id',
  passport: 'national id',
  nationalid: 'national id',
  taxid: 'national id',
  // German, French, Spanish and Dutch. Source: no reviewed multilingual list of field names was found; these
  // are the words of each language for the English kinds above (name, first name, surname, address, street,
  // postcode, phone, mobile, e-mail, birth date), compiled by hand for this list, folded to ASCII as names
  // are. Words that are common English words are left out (`portable`, `handy`, `rue`). `nombre` is kept,
  // though French for number (`nombre_commandes`): a name missed costs more than a count flagged.
  vorname: 'name',
  nachname: 'name',
  familienname: 'name',
  nom: 'name',
  prenom: 'name',
  nombre: 'name',
  apellido: 'name',
  apellidos: 'name',
  naam: 'name',
  voornaam: 'name',
  achternaam: 'name',
  anschrift: 'postal address',
  adresse: 'postal address',
  strasse: 'postal address',
  hausnummer: 'postal address',
  plz: 'postal address',
  postleitzahl: 'postal address',
  codepostal: 'postal address',
  direccion: 'postal address',
  calle: 'postal address',
  codigopostal: 'postal address',
  adres: 'postal address',
  straat: 'postal address',
  huisnummer: 'postal address',
  telefon: 'phone number',
  telefonnummer: 'phone number',
  mobilnummer: 'phone number',
  handynummer: 'phone number',
  telefono: 'phone number',
  movil: 'phone number',
  celular: 'phone number',
  telefoon: 'phone number',
  telefoonnummer: 'phone number',
  mobiel: 'phone number',
  courriel: 'e-mail address',
  correo: 'e-mail address',
  geburtsdatum: 'birth date',
  geburtstag: 'birth date',
  naissance: 'birth date',
  nacimiento: 'birth date',
  geboortedatum: 'birth date',
};

/**
 * The words of an attribute name: accents folded (`é`: e, `ß`: ss), then split at what is not a letter or
 * digit and where the case changes (`firstName`: first, name; `IPAddress`: ip, address).
 */
function wordsOf(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replaceAll('ß', 'ss')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** The kind of direct identifier `name` looks like (e.g. 'e-mail address'), or null. */
export function identifierKind(name: string): string | null {
  const words = wordsOf(name);
  for (let i = 0; i < words.length; i++) {
    const kind =
      IDENTIFIER_WORDS[words[i]!] ??
      (i + 1 < words.length ? IDENTIFIER_WORDS[words[i]! + words[i + 1]!] : undefined);
    if (kind !== undefined) return kind;
  }
  return null;
}
