/** Header names as every reader matches them (SPEC section 1): case, Unicode space, `-` and `_` alike. */

/** `Customer ID`, ` customer-id`, `CUSTOMER_ID` -> `customer_id` (NFKC, Unicode space, case, `-`/`_`/space). */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}
