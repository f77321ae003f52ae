/**
 * EMR-shaped identifiers: clusters are `j-` and steps `s-` followed by 13 upper-case
 * alphanumerics (e.g. `j-2AXXXXXXGAPLF`), the shape the EMR console and API use.
 */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const idLength = 13;

/** A uniform [0, 1) source; inject a seeded one for deterministic ids in tests. */
export type RandomSource = () => number;

function suffix(random: RandomSource): string {
  let out = '';
  for (let i = 0; i < idLength; i++) {
    out += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  }
  return out;
}

export function newClusterId(random: RandomSource = Math.random): string {
  return `j-${suffix(random)}`;
}

export function newStepId(random: RandomSource = Math.random): string {
  return `s-${suffix(random)}`;
}

export const clusterIdPattern = /^j-[A-Z0-9]{13}$/;
export const stepIdPattern = /^s-[A-Z0-9]{13}$/;
