/**
 * Attribute names that look like direct identifiers: a value under them names or reaches a person by itself
 * (GDPR Recital 26, "directly or indirectly"; the kinds listed as direct identifiers in ISO/IEC 20889). A name
 * is split into words (`firstName`, `first_name`, `First Name` give first, name) and flagged when a word, or
 * two words joined, is one of these. A heuristic: a shop's field named otherwise is not found.
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
};

/**
 * The words of an attribute name: split at what is not a letter or digit and where the case changes
 * (`firstName`: first, name; `IPAddress`: ip, address).
 */
function wordsOf(name: string): string[] {
  return name
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
