import { isValidMod37_36, mod37_36CheckChar } from '../../platform/crypto/iso7064.js';

/**
 * 电子证照标识 in the form of GB/T 36903: the e-licence arc `1.2.156.3005.2`, then the licence type,
 * the issuing body, a serial number, a version and an ISO 7064 MOD 37,36 check character over the
 * four parts before it, separated by dots. The standard's type and issuer parts are national codes
 * (a catalog code and the issuer's USCC); here they are the platform's licence type code and the
 * department code with their separators removed — alphanumeric, so the check character covers them.
 */
export const LICENCE_ARC = '1.2.156.3005.2';

export interface IdentifierParts {
  /** Licence type code as in the catalog, e.g. LIC-SPJY */
  typeCode: string;
  /** Issuing department, e.g. SCJG-411200 */
  issuerCode: string;
  serial: number;
  version: number;
}

const SERIAL_DIGITS = 7;
const VERSION_DIGITS = 3;

/** LIC-SPJY → SPJY; SCJG-411200 → SCJG411200. */
export function typeSegment(typeCode: string): string {
  return segment(typeCode.replace(/^LIC-/i, ''));
}

export function issuerSegment(departmentCode: string): string {
  return segment(departmentCode);
}

function segment(code: string): string {
  const s = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (!s) throw new RangeError(`"${code}" has no letters or digits for a licence identifier`);
  return s;
}

export function formatIdentifier(p: IdentifierParts): string {
  if (!Number.isInteger(p.serial) || p.serial < 1 || p.serial >= 10 ** SERIAL_DIGITS)
    throw new RangeError(`serial ${p.serial} out of range`);
  if (!Number.isInteger(p.version) || p.version < 1 || p.version >= 10 ** VERSION_DIGITS)
    throw new RangeError(`version ${p.version} out of range`);
  const parts = [
    typeSegment(p.typeCode),
    issuerSegment(p.issuerCode),
    String(p.serial).padStart(SERIAL_DIGITS, '0'),
    String(p.version).padStart(VERSION_DIGITS, '0'),
  ];
  return `${LICENCE_ARC}.${parts.join('.')}.${mod37_36CheckChar(parts.join(''))}`;
}

export interface ParsedIdentifier {
  type: string;
  issuer: string;
  serial: number;
  version: number;
  check: string;
}

const PATTERN = new RegExp(
  `^${LICENCE_ARC.replaceAll('.', '\\.')}\\.([0-9A-Z]+)\\.([0-9A-Z]+)\\.(\\d{${SERIAL_DIGITS}})\\.(\\d{${VERSION_DIGITS}})\\.([0-9A-Z])$`,
);

/** The parts of a well-formed identifier whose check character is right, else null. */
export function parseIdentifier(identifier: string): ParsedIdentifier | null {
  const m = PATTERN.exec(identifier);
  if (!m) return null;
  const [, type, issuer, serial, version, check] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!isValidMod37_36(type + issuer + serial + version + check)) return null;
  return { type, issuer, serial: Number(serial), version: Number(version), check };
}

/** 证照编号 printed on the licence: type, issuer's region, serial (e.g. SPJY4112000000001). */
export function licenceNumber(p: Omit<IdentifierParts, 'version'>): string {
  const region = p.issuerCode.replace(/\D/g, '');
  // A re-issued version keeps the number: it is the same licence (换发), not a new one.
  return `${typeSegment(p.typeCode)}${region}${String(p.serial).padStart(SERIAL_DIGITS, '0')}`;
}
