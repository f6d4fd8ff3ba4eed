import { maskName, maskPhone } from "../../shared/identifiers";

/**
 * Masks what an applicant typed as contact: e-mail keeps its first character and domain, phones their ends.
 * @example maskContact("13812345678") // "138****5678"
 * @example maskContact("wang@example.cn") // "w***@example.cn"
 */
export function maskContact(contact: string): string {
  const at = contact.lastIndexOf("@");
  if (at > 0) return `${contact.charAt(0)}***${contact.slice(at)}`;
  return maskPhone(contact);
}

/** The applicant as shown: in full to admins and the deciding unit, masked to everyone else. */
export function applicantView(name: string, contact: string, full: boolean): { name: string; contact: string } {
  return full ? { name, contact } : { name: maskName(name), contact: maskContact(contact) };
}
